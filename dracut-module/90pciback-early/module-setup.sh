#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut module pciback-early: hand PCI devices to xen-pciback (or
# vfio-pci / pci-stub) before udev lets their native drivers claim them.
#
# Included when asked (`dracut --add pciback-early`), or by default on a
# hostonly build when /etc/pciback-early.conf selects devices.
#
# Knobs (environment or dracut.conf.d):
#   PCIBACK_EARLY_BIN       static binary to install (default below)
#   PCIBACK_EARLY_HOST_BIN  host binary used to write the plan
#   PCIBACK_EARLY_CONF      config file to install as /etc/pciback-early.conf
#   pciback_early_drivers   extra target drivers to add (e.g. "vfio-pci")

pciback_early_bin() {
    echo "${PCIBACK_EARLY_BIN:-/usr/lib/pciback-early/pciback-early}"
}

pciback_early_conf() {
    echo "${PCIBACK_EARLY_CONF:-/etc/pciback-early.conf}"
}

# Values of a key in the conf file ("key = value", '#' comments), one a line.
pciback_early_conf_values() {
    local conf
    conf=$(pciback_early_conf)
    [[ -r $conf ]] || return 0
    sed -n -e 's/#.*//' \
        -e "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*\([^[:space:]]\{1,\}\).*/\1/p" \
        "$conf"
}

pciback_early_conf_selects() {
    local key
    for key in slots ids class; do
        [[ -n $(pciback_early_conf_values "$key") ]] && return 0
    done
    return 1
}

check() {
    [[ -x $(pciback_early_bin) ]] || {
        dwarn "pciback-early: $(pciback_early_bin) not found"
        return 1
    }
    [[ $hostonly ]] && pciback_early_conf_selects && return 0
    return 255
}

depends() {
    return 0
}

installkernel() {
    local d mods="xen-pciback pci-stub"
    # pci-stub is tiny and is the usual rd.pciback.fallback= on a boot
    # without Xen, so it is always there; vfio-pci only when configured.
    for d in $(pciback_early_conf_values driver) \
             $(pciback_early_conf_values fallback) \
             ${pciback_early_drivers-}; do
        case $d in
            vfio-pci | vfio_pci) mods+=" vfio-pci vfio_iommu_type1" ;;
            pci-stub | pci_stub | xen-pciback | xen_pciback | none) ;;
            *) mods+=" $d" ;;
        esac
    done
    # shellcheck disable=SC2086
    hostonly='' instmods $mods
}

# What the host tool's `check` says about /etc/pciback-early.conf and this
# host's command line against this host's devices: warnings and errors as
# dracut warnings, the rest as info. Never fails the image build.
pciback_early_check() {
    local host_bin=$1 out rc line
    [[ -x $host_bin ]] || return 0
    out=$("$host_bin" check 2>&1 < /dev/null)
    rc=$?
    while IFS= read -r line; do
        case $line in
            '') ;;
            warning:* | pciback-early:*) dwarn "pciback-early check: $line" ;;
            *) dinfo "pciback-early check: $line" ;;
        esac
    done <<< "$out"
    ((rc == 0)) || dwarn "pciback-early check: exit status $rc: see /etc/pciback-early.conf and the kernel command line (the image is built anyway)"
    return 0
}

install() {
    local conf host_bin plan
    inst_simple "$(pciback_early_bin)" /sbin/pciback-early

    conf=$(pciback_early_conf)
    [[ -r $conf ]] && inst_simple "$conf" /etc/pciback-early.conf

    # The plan (module paths, deps, modprobe.d options, guards) is optional:
    # without it the early binary parses modules.dep itself.
    host_bin=${PCIBACK_EARLY_HOST_BIN:-/usr/sbin/pciback-early}
    plan="$DRACUT_TMPDIR/pciback-early.plan"
    if [[ -x $host_bin ]] &&
        "$host_bin" --kver "$kernel" --kmoddir "${srcmods%/}" plan \
            > "$plan" 2> /dev/null && [[ -s $plan ]]; then
        inst_simple "$plan" /etc/pciback-early/plan
    fi
    pciback_early_check "$host_bin"

    # cmdline hooks run before udev starts (and, under systemd, before
    # dracut-pre-udev.service and systemd-udevd.service).
    inst_hook cmdline 01 "$moddir/pciback-early.sh"
}
