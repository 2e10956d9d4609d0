#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# pciback-early dracut hook (cmdline, before udev). Sourced by dracut:
# never exit. A failure is a warning; pciback_early_apply says when to stop
# the boot instead (rd.pciback.on_error=halt and any exit status but 0, or
# the binary's /run/pciback-early/halt).

command -v warn > /dev/null || . /lib/dracut-lib.sh

if [ -x /sbin/pciback-early ] && . /lib/pciback-early-lib.sh; then
    # getcmdline: /proc/cmdline plus dracut's /etc/cmdline.d (hostonly
    # settings), which the binary would not see on its own.
    pciback_early_apply "$(getcmdline)"
    if [ -n "$pciback_early_halt" ]; then
        die "pciback-early: $pciback_early_halt"
    elif [ "$pciback_early_rc" -ne 0 ]; then
        warn "$(pciback_early_warning)"
    fi
fi
