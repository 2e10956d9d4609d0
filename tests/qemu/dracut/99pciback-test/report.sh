#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Test-only, runs inside the guest after udev has settled (dracut:
# initqueue/settled hook, sourced; initramfs-tools: init-premount script).
# Writes what the test asserts to the second serial port, a channel nothing
# else writes to, then powers the machine off. Never part of the product.

case "$1" in
prereqs)
	echo ""
	exit 0
	;;
esac

pciback_test_report()
{
	local d drv ovr x
	echo "BEGIN"
	echo "HYPERVISOR $(cat /sys/hypervisor/type 2>/dev/null || echo none)"
	echo "UPTIME $(cat /proc/uptime)"
	for d in /sys/bus/pci/devices/*; do
		drv=none
		[ -L "$d/driver" ] && drv=$(readlink "$d/driver") && drv=${drv##*/}
		ovr=$(cat "$d/driver_override" 2>/dev/null)
		echo "DEV ${d##*/} $(cat "$d/vendor"):$(cat "$d/device") $(cat "$d/class") driver=$drv override=${ovr:-(null)} boot_vga=$(cat "$d/boot_vga" 2>/dev/null || echo -) group=$(g=$(readlink "$d/iommu_group" 2>/dev/null) && echo "${g##*/}" || echo -)"
	done
	for d in /sys/module/xen_pciback/parameters/*; do
		[ -r "$d" ] && echo "PARAM xen_pciback.${d##*/}=$(cat "$d")"
	done
	if [ -f /run/pciback-early/state ]; then
		while read -r line; do echo "STATE $line"; done < /run/pciback-early/state
	else
		echo "NOSTATE"
	fi
	# pcitest.vfio=ADDR: take ADDR through VFIO as QEMU would (vfio-open.c)
	for x in $(cat /proc/cmdline); do
		case "$x" in
		pcitest.vfio=*)
			echo "VFIODEV ${x#pcitest.vfio=}"
			if [ -x /sbin/vfio-open ]; then
				/sbin/vfio-open "${x#pcitest.vfio=}" 2>&1
			else
				echo "VFIO FAIL vfio-open: not in the image"
			fi
			for d in /sys/module/vfio*; do
				[ -d "$d" ] && echo "MODULE ${d##*/}"
			done
			;;
		esac
	done
	dmesg | grep 'pciback-early' | while read -r line; do echo "KMSG $line"; done
	dmesg | grep -i 'pciback' | grep -v 'pciback-early' | while read -r line; do echo "KERNEL $line"; done
	dmesg | grep -iE 'vfio|module' | grep -v 'pciback' | while read -r line; do echo "KERNEL $line"; done
	# The same facts as a transcript of commands, for demo.sh to show.
	echo "SHOW \$ uname -r; cat /sys/hypervisor/type"
	echo "SHOW $(uname -r)"
	echo "SHOW $(cat /sys/hypervisor/type 2>/dev/null || echo 'no hypervisor')"
	echo "SHOW \$ for d in /sys/bus/pci/devices/*; do echo \"\${d##*/} -> \$(readlink \$d/driver)\"; done"
	for d in /sys/bus/pci/devices/*; do
		echo "SHOW ${d##*/} -> $(readlink "$d/driver")"
	done
	echo "SHOW \$ cat /run/pciback-early/state"
	cat /run/pciback-early/state 2>&1 | while read -r line; do echo "SHOW $line"; done
	echo "SHOW \$ dmesg | grep pciback"
	dmesg | grep pciback | while read -r line; do echo "SHOW $line"; done
	echo "END"
}

# pcitest.late: devices that arrive after boot.  READY tells the host to
# hot-plug two NICs (QMP device_add, tests/qemu/run.sh); once both are
# here and udev (with pciback-early's rule) has settled, three VFs of the
# NVMe PF behind the root port at 00:04.0 are created; then the report.
pciback_test_late()
{
	local pf i=0
	echo "READY"
	while [ $i -lt 240 ] && ! { [ -e /sys/bus/pci/devices/0000:02:00.0 ] &&
		[ -e /sys/bus/pci/devices/0000:03:00.0 ]; }; do
		sleep 0.5
		i=$((i + 1))
	done
	udevadm settle --timeout=60
	for pf in /sys/bus/pci/devices/*; do
		[ -e "$pf/sriov_totalvfs" ] || continue
		echo "PF ${pf##*/} totalvfs=$(cat "$pf/sriov_totalvfs") autoprobe=$(cat "$pf/sriov_drivers_autoprobe") offset=$(cat "$pf/sriov_offset") stride=$(cat "$pf/sriov_stride")"
		echo 3 > "$pf/sriov_numvfs"
		echo "NUMVFS ${pf##*/} $? $(cat "$pf/sriov_numvfs")"
	done
	udevadm settle --timeout=60
	sleep 2
}

if grep -q 'pcitest.late' /proc/cmdline; then
	pciback_test_late > /dev/ttyS1 2>&1
fi

# pcitest.switchroot: the real root reports (tests/qemu/rootfs-init.sh).
if ! grep -q 'pcitest.switchroot' /proc/cmdline; then
	pciback_test_report > /dev/ttyS1 2>&1
	sleep 1
	echo o > /proc/sysrq-trigger
	sleep 10
fi
