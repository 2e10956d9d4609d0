#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bench-only, sourced by dracut just after the cmdline 01 hooks: mark, then
# report to ttyS1 and power off (the rest of the boot is not measured).
echo "pciback-bench: hook-end" > /dev/kmsg
{
	for _d in /sys/bus/pci/devices/*; do
		_drv=none
		[ -L "$_d/driver" ] && _drv=$(readlink "$_d/driver")
		read -r _v < "$_d/vendor"
		read -r _i < "$_d/device"
		echo "DEV ${_d##*/} $_v:$_i driver=${_drv##*/} ."
	done
	dmesg | while read -r _l; do
		case $_l in *pciback*) echo "KERNEL $_l" ;; esac
	done
	echo END
} > /dev/ttyS1 2>&1
echo o > /proc/sysrq-trigger
sleep 30
