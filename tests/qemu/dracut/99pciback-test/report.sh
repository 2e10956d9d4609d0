#!/bin/sh
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
	local d drv ovr
	echo "BEGIN"
	echo "HYPERVISOR $(cat /sys/hypervisor/type 2>/dev/null || echo none)"
	echo "UPTIME $(cat /proc/uptime)"
	for d in /sys/bus/pci/devices/*; do
		drv=none
		[ -L "$d/driver" ] && drv=$(readlink "$d/driver") && drv=${drv##*/}
		ovr=$(cat "$d/driver_override" 2>/dev/null)
		echo "DEV ${d##*/} $(cat "$d/vendor"):$(cat "$d/device") $(cat "$d/class") driver=$drv override=${ovr:-(null)} boot_vga=$(cat "$d/boot_vga" 2>/dev/null || echo -)"
	done
	for d in /sys/module/xen_pciback/parameters/*; do
		[ -r "$d" ] && echo "PARAM xen_pciback.${d##*/}=$(cat "$d")"
	done
	if [ -f /run/pciback-early/state ]; then
		while read -r line; do echo "STATE $line"; done < /run/pciback-early/state
	else
		echo "NOSTATE"
	fi
	dmesg | grep 'pciback-early' | while read -r line; do echo "KMSG $line"; done
	dmesg | grep -i 'pciback' | grep -v 'pciback-early' | while read -r line; do echo "KERNEL $line"; done
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

# pcitest.switchroot: the real root reports (tests/qemu/rootfs-init.sh).
if ! grep -q 'pcitest.switchroot' /proc/cmdline; then
	pciback_test_report > /dev/ttyS1 2>&1
	sleep 1
	echo o > /proc/sysrq-trigger
	sleep 10
fi
