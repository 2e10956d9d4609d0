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
    # the late scenario: the host tool and its udev rule, as installed
    # (the rule's path changed: the image's /sbin/pciback-early is the
    # static binary), so that the image's udevd runs it for the devices
    # added after boot
    if [ -n "${PCIBACK_TEST_LATE_STAGE:-}" ]; then
        inst_binary "$PCIBACK_TEST_LATE_STAGE/usr/sbin/pciback-early" /usr/lib/pciback-test/pciback-early
        mkdir -p "$initdir/etc/udev/rules.d"
        sed 's|/usr/sbin/pciback-early|/usr/lib/pciback-test/pciback-early|' \
            "$(find "$PCIBACK_TEST_LATE_STAGE" -name 79-pciback-early.rules | head -n 1)" \
            > "$initdir/etc/udev/rules.d/79-pciback-early.rules"
        inst_multiple udevadm
    fi
    # Under systemd, dracut-initqueue.service (which runs settled hooks)
    # only starts when a module asks for it.
    dracut_need_initqueue
}
