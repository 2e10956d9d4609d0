#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# BASELINE ONLY, never shipped: the usual recipe of VFIO / Xen passthrough
# guides packed as a dracut module, so that tests/bench/boot.sh can compare
# pciback-early with it (image growth, hook time). It pulls in what such
# guides use: bash, lspci (pciutils, libpci), modprobe (kmod), cut, grep and the
# xen-pciback module.

check() {
    return 255
}

depends() {
    return 0
}

installkernel() {
    instmods xen-pciback
}

install() {
    inst_multiple bash lspci modprobe cut grep
    inst_script "$moddir/xen-pciback-bind.sh" /usr/sbin/xen-pciback-bind
    # Same slot as pciback-early: cmdline hooks run before udev.
    inst_hook cmdline 01 "$moddir/pciback-baseline.sh"
}
