#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Test-only dracut module: after udev settles, report the PCI driver links,
# the pciback-early state and log to ttyS1, then power off.

check() {
    return 255
}

depends() {
    return 0
}

install() {
    inst_multiple dmesg grep readlink sleep cat uname
    inst_hook initqueue/settled 99 "$moddir/report.sh"
    # tests/qemu/vfio-open.c, built by run.sh: pcitest.vfio=ADDR runs it
    [ -x "${PCIBACK_TEST_VFIO_OPEN:-}" ] &&
        inst_simple "$PCIBACK_TEST_VFIO_OPEN" /sbin/vfio-open
    # Under systemd, dracut-initqueue.service (which runs settled hooks)
    # only starts when a module asks for it.
    dracut_need_initqueue
}
