#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Test-only /sbin/init of the small real root (tests/qemu/lib.sh
# build_rootfs), booted with pcitest.switchroot after the initramfs handed
# over. What a real root does to a device the initramfs seized: load the
# native driver, probe every device; then the admin's tool: status, release,
# assign. Everything the test asserts goes to ttyS1, a block per phase.

export PATH=/sbin:/bin
# The initramfs moved /proc, /sys, /dev and /run here; mount what is missing.
[ -e /proc/self ] || mount -t proc proc /proc
[ -d /sys/bus ] || mount -t sysfs sysfs /sys
[ -e /dev/ttyS1 ] || mount -t devtmpfs devtmpfs /dev
# The root may be mounted read-only (initramfs-tools): scratch files in RAM.
mount -t tmpfs tmpfs /tmp

devices()	# PHASE: driver and override of every PCI device
{
	local d drv
	echo "PHASE $1"
	for d in /sys/bus/pci/devices/*; do
		drv=none
		[ -L "$d/driver" ] && drv=$(readlink "$d/driver") && drv=${drv##*/}
		echo "DEV ${d##*/} $(cat "$d/vendor"):$(cat "$d/device") driver=$drv override=$(cat "$d/driver_override")"
	done
}

report()
{
	echo "BEGIN"
	echo "ROOT $(cat /etc/pcitest-root)"
	echo "HYPERVISOR $(cat /sys/hypervisor/type 2>/dev/null || echo none)"
	modprobe e1000
	for d in /sys/bus/pci/devices/*; do
		echo "${d##*/}" > /sys/bus/pci/drivers_probe 2>/dev/null
	done
	devices probed
	if [ -r /run/pciback-early/state ]; then
		while read -r line; do echo "STATE $line"; done < /run/pciback-early/state
	else
		echo "NOSTATE"
	fi
	pciback-early status > /tmp/status 2>&1
	echo "STATUSRC $?"
	while read -r line; do echo "STATUS $line"; done < /tmp/status
	pciback-early release 00:03.0 > /tmp/release 2>&1
	echo "RELEASERC $?"
	while read -r line; do echo "RELEASE $line"; done < /tmp/release
	devices released
	pciback-early assign 00:03.0 > /tmp/assign 2>&1
	echo "ASSIGNRC $?"
	while read -r line; do echo "ASSIGN $line"; done < /tmp/assign
	devices assigned
	echo "END"
}

report > /dev/ttyS1 2>&1
sync
echo o > /proc/sysrq-trigger
sleep 10
