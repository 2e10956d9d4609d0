#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `pciback-early plan` against a module tree made by the test: real
# modules from the cached Debian kernel (tests/qemu/fetch.sh), indexed by
# depmod -b, with modprobe.d options (a hide= among them: a select line,
# never an option) and a softdep, and a fake root
# filesystem on a SATA controller.  Compared with expected-plan.txt.
# Prints one PASS:/FAIL:/SKIP: line per check.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=$repo/build/host/pciback-early
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
status=0

# the man pages against the code and the hooks (no test kernel needed)
sh "$here/man.sh" "$bin" || status=1
# README.md: its first block, its status example
sh "$here/readme.sh" "$bin" || status=1
# every device of fake hosts shaped like real ones against its expected table
sh "$here/shapes.sh" "$bin" || status=1
# the bash completion, sourced in bash
sh "$here/completion.sh" "$bin" || status=1
# the Qubes OS drop-in against a model of Qubes' own dracut module
python3 "$here/qubes.py" "$bin" || status=1

if ! kver=$("$repo/tests/qemu/fetch.sh" 2>"$work/fetch.log"); then
	echo "FAIL: host plan: cannot fetch the test kernel: $(tail -n 1 "$work/fetch.log")"
	exit 1
fi
cache=${PCIBACK_CACHE:-$repo/.cache}
src=$cache/root/lib/modules/$kver
root=$work/root
mods=$root/lib/modules/$kver
for m in kernel/drivers/xen/xen-pciback/xen-pciback.ko kernel/drivers/pci/pci-stub.ko \
	 kernel/drivers/vfio/vfio.ko kernel/drivers/vfio/vfio_iommu_type1.ko \
	 kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/pci/vfio-pci-core.ko \
	 kernel/drivers/vfio/pci/vfio-pci.ko kernel/virt/lib/irqbypass.ko; do
	mkdir -p "$mods/$(dirname "$m")"
	cp "$src/$m" "$mods/$m"
done
cp "$src"/modules.builtin* "$src/modules.order" "$mods/"
depmod -b "$root" "$kver"

mkdir -p "$root/etc/modprobe.d" "$root/proc/self" "$root/proc/net" "$root/sys/dev/block"
# no default route, and the host can tell: no default-route guard
printf 'Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n' >"$root/proc/net/route"
: >"$root/proc/net/ipv6_route"
cat >"$root/etc/modprobe.d/pciback.conf" <<'CONF'
options xen-pciback permissive=1 passthrough=1
softdep xen_pciback pre: pci-stub
options vfio_pci disable_vga=1
options xen-pciback hide=(0000:00:03.0)
CONF
echo "driver = pci-stub" >"$root/etc/pciback-early.conf"  # every target is planned anyway
disk=devices/pci0000:00/0000:00:1c.0/0000:02:00.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda2
mkdir -p "$root/sys/$disk"
ln -s "../../$disk" "$root/sys/dev/block/8:2"
echo "22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw" >"$root/proc/self/mountinfo"

check() { # name, then the command; its stdout is compared with expected
	name=$1 expected=$2
	shift 2
	if "$@" >"$work/out" 2>"$work/err" && sed "s/@KVER@/$kver/g" "$expected" | diff -u - "$work/out" >"$work/diff"; then
		echo "PASS: host $name"
	else
		echo "FAIL: host $name: $(head -c 300 "$work/diff" "$work/err" | tr '\n' ' ')"
		status=1
	fi
}
check "plan: libkmod order, options, softdeps, root-storage guards" "$here/expected-plan.txt" \
	"$bin" --root "$root" --kver "$kver" plan
check "plan -o FILE writes the same plan" "$here/expected-plan.txt" \
	sh -c "'$bin' --root '$root' --kver '$kver' plan -o '$work/plan' && cat '$work/plan'"
# the early binary reads what plan wrote: its dry run loads in plan order
dev=$root/sys/bus/pci/devices/0000:00:03.0
mkdir -p "$root/etc/pciback-early" "$dev"
echo 0x8086 >"$dev/vendor"; echo 0x100e >"$dev/device"; echo 0x020000 >"$dev/class"
echo "(null)" >"$dev/driver_override"	# vfio-pci needs one: without, the dry run refuses
cp "$work/plan" "$root/etc/pciback-early/plan"
"$repo/build/pciback-early" --root "$root" --kver "$kver" --dry-run \
	--cmdline "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0" >"$work/dry" 2>&1
if grep -n "would load" "$work/dry" | sed "s|$root/lib/modules/$kver/||; s/^[0-9]*://" |
	diff -u "$here/expected-dry-run.txt" - >"$work/diff"; then
	echo "PASS: host plan is what the early binary loads, in order"
else
	echo "FAIL: host plan is what the early binary loads, in order: $(head -c 300 "$work/diff" | tr '\n' ' ')"
	status=1
fi
# the man page keeps step with --help: every option and command it lists
missing=
for word in $("$bin" --help | grep -oE '^  (-o, )?--?[a-z-]+|^  [a-z]+ ' | sed 's/^ *//; s/-o, //'); do
	man_word=$(printf '%s' "$word" | sed 's/-/\\\\-/g')
	grep -q -- "$man_word" "$repo/man/pciback-early.8" || missing="$missing $word"
done
if [ -z "$missing" ]; then
	echo "PASS: host man page lists every option and command of --help"
else
	echo "FAIL: host man page lists every option and command of --help: missing$missing"
	status=1
fi
# every key of the key table (--help lists them) is in both man pages
missing=
for key in $("$bin" --help | sed -n 's/^  rd\.pciback\.\([a-z_-]*\)=.*/\1/p'); do
	grep -q -- "rd\\\.pciback\\\.$key\|rd\.pciback\.$key" "$repo/man/pciback-early.8" ||
		missing="$missing pciback-early.8:$key"
	grep -q -- "^\.B $key\|^$key\|\\fB$key\\fR\|^\.BR\? \"\?$key" "$repo/man/pciback-early.conf.5" ||
		missing="$missing pciback-early.conf.5:$key"
done
if [ -z "$missing" ]; then
	echo "PASS: host man pages name every key of --help"
else
	echo "FAIL: host man pages name every key of --help: missing$missing"
	status=1
fi
exit $status
