#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mktree.sh DIR N: a fake sysfs tree of N e1000-like PCI devices (N/256 buses
# of 32 devices x 8 functions), for scaling figures.
set -eu
dir=$1 n=$2
mkdir -p "$dir/sys/bus/pci/devices" "$dir/sys/bus/pci/drivers/e1000" "$dir/dev" "$dir/proc" "$dir/etc"
: >"$dir/sys/bus/pci/drivers_probe"
i=0
while [ $i -lt "$n" ]; do
	addr=$(printf '0000:%02x:%02x.%x' $((i / 256)) $((i / 8 % 32)) $((i % 8)))
	d=$dir/sys/devices/pci0000:00/$addr
	mkdir -p "$d"
	echo 0x8086 >"$d/vendor"; echo 0x100e >"$d/device"; echo 0x020000 >"$d/class"
	echo 0x8086 >"$d/subsystem_vendor"; echo 0x001e >"$d/subsystem_device"
	echo "(null)" >"$d/driver_override"
	ln -s "../../../bus/pci/drivers/e1000" "$d/driver"
	ln -s "../../../devices/pci0000:00/$addr" "$dir/sys/bus/pci/devices/$addr"
	i=$((i + 1))
done
