#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pciback-early dracut hook (cmdline, before udev). Sourced by dracut:
# never exit. A failure is a warning, unless rd.pciback.on_error=halt made
# the binary write /run/pciback-early/halt: then stop the boot.

command -v warn > /dev/null || . /lib/dracut-lib.sh

if [ -x /sbin/pciback-early ]; then
    # getcmdline: /proc/cmdline plus dracut's /etc/cmdline.d (hostonly
    # settings), which the binary would not see on its own.
    /sbin/pciback-early --cmdline "$(getcmdline)" apply
    _pciback_early_rc=$?
    if [ -s /run/pciback-early/halt ]; then
        read -r _pciback_early_why < /run/pciback-early/halt
        _pciback_early_why=${_pciback_early_why#pciback-early: }
        die "pciback-early: ${_pciback_early_why:-a selected device could not be seized}"
    elif [ "$_pciback_early_rc" -ne 0 ]; then
        warn "pciback-early: exit status $_pciback_early_rc, some devices were not seized (see: dmesg | grep pciback-early)"
    fi
    unset _pciback_early_rc _pciback_early_why
fi
