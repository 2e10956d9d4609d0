#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# BASELINE ONLY, never shipped. The recipe found in VFIO / Xen passthrough
# guides (Xen wiki "Xen PCI Passthrough", Arch wiki "PCI passthrough via
# OVMF", driver_override variant), written plainly in bash:
#   for each BDF: echo pciback > driver_override; unbind from its driver;
#   modprobe xen-pciback; echo BDF > drivers_probe; check with lspci -k.
# It reads the same rd.pciback.slots= (BB:DD.F, comma separated) as
# pciback-early, so both run on identical command lines. No guards, no ID
# checks, no state file: only the binding work, for a fair time figure.

log() {
	echo "xen-pciback-bind: $*" > /dev/kmsg
}

slots=
for arg in $(< /proc/cmdline); do
	case $arg in
	rd.pciback.slots=*) slots=${arg#rd.pciback.slots=} ;;
	esac
done
[ -n "$slots" ] || exit 0

IFS=, read -r -a sels <<< "$slots"
devs=()
for sel in "${sels[@]}"; do
	line=$(lspci -D -n -s "$sel")
	bdf=${line%% *}
	if [ -z "$bdf" ]; then
		log "$sel: no such device"
		continue
	fi
	devs+=("$bdf")
	sys=/sys/bus/pci/devices/$bdf
	log "$bdf: $(lspci -n -s "$bdf" | cut -d' ' -f3)"
	echo pciback > "$sys/driver_override"
	if [ -e "$sys/driver" ]; then
		echo "$bdf" > "$sys/driver/unbind"
	fi
done

modprobe xen-pciback

for bdf in "${devs[@]}"; do
	[ -e "/sys/bus/pci/devices/$bdf/driver" ] ||
		echo "$bdf" > /sys/bus/pci/drivers_probe
	if lspci -k -s "$bdf" | grep -q 'Kernel driver in use: pciback'; then
		log "$bdf -> pciback"
	else
		log "$bdf: not bound to pciback"
	fi
done
