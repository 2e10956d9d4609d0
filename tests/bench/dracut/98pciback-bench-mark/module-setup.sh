#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Bench-only dracut module: two cmdline hooks that bracket the hook under
# measurement (pciback-early or the shell baseline, both at cmdline 01) with
# kmsg lines. The kernel stamps each line; the second hook then writes the
# PCI driver links and the pciback kmsg lines to ttyS1 and powers off, and
# tests/bench/boot.sh takes end - start from the stamps. Never shipped.

check() {
    return 255
}

depends() {
    return 0
}

install() {
    inst_multiple dmesg readlink
    inst_hook cmdline 00 "$moddir/mark-start.sh"
    inst_hook cmdline 02 "$moddir/mark-end.sh"
}
