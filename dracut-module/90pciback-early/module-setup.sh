#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut module pciback-early: hand PCI devices to xen-pciback (or
# vfio-pci / pci-stub) before udev lets their native drivers claim them.
#
# In every image once installed: dracut.conf.d/90-pciback-early.conf adds
# it (opt out with omit_dracutmodules+=" pciback-early "); `dracut --add
# pciback-early` works too.
#
# Knobs (environment or dracut.conf.d):
#   PCIBACK_EARLY_BIN       static binary to install (default below); the
#                           shared hook shell is hook-lib.sh beside it
#   PCIBACK_EARLY_HOST_BIN  host binary that writes the plan
#   PCIBACK_EARLY_CONF      config file to install as /etc/pciback-early.conf

pciback_early_bin() {
    echo "${PCIBACK_EARLY_BIN:-/usr/lib/pciback-early/pciback-early}"
}

pciback_early_lib() {
    local bin
    bin=$(pciback_early_bin)
    echo "${bin%/*}/hook-lib.sh"
}

pciback_early_plan_file() {
    echo "$DRACUT_TMPDIR/pciback-early.plan"
}

# install and installkernel both need it (dracut runs install first, and
# only one of them with --no-kernel or --kernel-only): written once
pciback_early_make_plan() {
    local host_bin
    host_bin=${PCIBACK_EARLY_HOST_BIN:-/usr/sbin/pciback-early}
    if [[ -x $host_bin ]]; then
        pciback_early_plan "$host_bin" "$kernel" "${srcmods%/}" "$(pciback_early_plan_file)" dwarn
    elif [[ ! -e $DRACUT_TMPDIR/pciback-early.noplan ]]; then
        : > "$DRACUT_TMPDIR/pciback-early.noplan"
        dwarn "pciback-early: $host_bin not found: the image has no plan (no root disk, keyboard and network guards)"
    fi
}

# the binary and the hook shell it needs; when they are gone the module
# installs nothing
pciback_early_missing() {
    [[ ! -x $(pciback_early_bin) || ! -r $(pciback_early_lib) ]]
}

# Never 1: 90-pciback-early.conf lists the module in add_dracutmodules, and
# dracut stops the whole image build (a kernel update's too) when such a
# module cannot be installed.  A missing binary costs a warning instead.
check() {
    if pciback_early_missing; then
        dwarn "pciback-early: $(pciback_early_bin) or $(pciback_early_lib) not found: this image has no pciback-early"
    fi
    return 255
}

depends() {
    return 0
}

# The plan names every module the boot may load: the three target drivers,
# their dependencies and soft dependencies (vfio_iommu_type1), whichever
# one the command line picks at boot.
installkernel() {
    pciback_early_missing && return 0
    # shellcheck disable=SC1090
    . "$(pciback_early_lib)"
    pciback_early_make_plan
    # shellcheck disable=SC2046
    hostonly='' instmods $(pciback_early_plan_modules "$(pciback_early_plan_file)")
}

install() {
    local conf host_bin plan
    pciback_early_missing && return 0
    # shellcheck disable=SC1090
    . "$(pciback_early_lib)"
    inst_simple "$(pciback_early_bin)" /sbin/pciback-early
    inst_simple "$(pciback_early_lib)" /lib/pciback-early-lib.sh

    conf=${PCIBACK_EARLY_CONF:-/etc/pciback-early.conf}
    [[ -r $conf ]] && inst_simple "$conf" /etc/pciback-early.conf

    pciback_early_make_plan
    plan=$(pciback_early_plan_file)
    [[ -s $plan ]] && inst_simple "$plan" /etc/pciback-early/plan
    host_bin=${PCIBACK_EARLY_HOST_BIN:-/usr/sbin/pciback-early}
    pciback_early_check "$host_bin" dwarn dinfo

    # cmdline hooks run before udev starts (and, under systemd, before
    # dracut-pre-udev.service and systemd-udevd.service).
    inst_hook cmdline 01 "$moddir/pciback-early.sh"
}
