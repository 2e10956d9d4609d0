#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# mktree.sh DIR N [GROUP]: a fake sysfs tree of N e1000-like PCI devices
# 8086:100e (N/256 buses of 32 devices x 8 functions), for scaling
# figures.  GROUP=1 puts every device in IOMMU group 0, listed in
# /sys/kernel/iommu_groups/0/devices as sysfs does, and makes every other
# one 8086:10d3 (the group mates of the others).  Written by python3: a shell loop took minutes for 50000 devices.
set -eu
exec python3 - "$1" "$2" "${3:-0}" <<'EOF'
import os, sys

root, n, group = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
bus = f"{root}/sys/bus/pci"
for d in (f"{bus}/devices", f"{bus}/drivers/e1000", f"{root}/dev", f"{root}/proc",
          f"{root}/etc", f"{root}/sys/kernel/iommu_groups/0/devices"):
    os.makedirs(d, exist_ok=True)
open(f"{bus}/drivers_probe", "w").close()
for i in range(n):
    addr = f"0000:{i // 256:02x}:{i // 8 % 32:02x}.{i % 8:x}"
    d = f"{root}/sys/devices/pci0000:00/{addr}"
    os.makedirs(d)
    for name, value in (("vendor", "0x8086"), ("device", "0x10d3" if group and i % 2 else "0x100e"),
                        ("class", "0x020000"), ("subsystem_vendor", "0x8086"),
                        ("subsystem_device", "0x001e"), ("driver_override", "(null)")):
        with open(f"{d}/{name}", "w") as f:
            f.write(value + "\n")
    os.symlink("../../../bus/pci/drivers/e1000", f"{d}/driver")
    os.symlink(f"../../../devices/pci0000:00/{addr}", f"{bus}/devices/{addr}")
    if group:
        os.symlink("../../../kernel/iommu_groups/0", f"{d}/iommu_group")
        os.symlink(f"../../../../devices/pci0000:00/{addr}",
                   f"{root}/sys/kernel/iommu_groups/0/devices/{addr}")
EOF
