#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Test-only initramfs-tools init-top script (named to run before
# pciback-early): pcitest.pre=MOD on the command line loads MOD first, as
# dracut's rd.driver.pre= does, so pciback-early finds the device bound.
case "$1" in
prereqs)
	echo ""
	exit 0
	;;
esac
for x in $(cat /proc/cmdline); do
	case "$x" in
	pcitest.pre=*) modprobe "${x#pcitest.pre=}" ;;
	esac
done
exit 0
