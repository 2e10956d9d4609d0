#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot tests: real Debian kernel + Xen from Debian packages, initramfs images
# built by the real dracut and mkinitramfs from `make install` of this tree,
# booted in QEMU (TCG). One line per test on stdout:
#   PASS: name | FAIL: name: reason | SKIP: name: reason
# Logs, consoles and guest reports go to build/qemu/. Exit 1 if any failed.
#
#   tests/qemu/run.sh [NAME-PATTERN...]     e.g. run.sh 'slots-*' '*-itools'
# Environment: PCIBACK_CACHE (kernel cache, default .cache),
#   PCIBACK_BOOT_TIMEOUT (seconds per boot, default 240), PCIBACK_JOBS (2),
#   PCIBACK_QEMU_KEEP_STAGE=1 (test build/qemu/stage as it is, no make install).
set -u
. "$(dirname "$0")/lib.sh"

JOBS=${PCIBACK_JOBS:-2}
# Good and bad tokens side by side: the good ones are seized, each bad one
# is logged once, the boot goes on.
SLOTS="rd.pciback.slots=zz:1,00:03.0,0000:00:99.9x rd.pciback.class=0c03"
HALT="rd.pciback.slots=00:03.0@1234:5678,00:04.0 rd.pciback.on_error=halt"
VFIO="intel_iommu=on rd.pciback.driver=vfio-pci rd.pciback.group=1 rd.pciback.slots=00:03.0,00:06.0 pcitest.vfio=0000:00:03.0 pcitest.vfio=0000:00:06.0"

# name | xen/bare | image | kernel command line | check function [| builders
# | machine | kernel]
# Image "control" has no pciback-early; "with" and "conf" are built from the
# installed dracut module / initramfs-tools hook, "conf" with a config file
# (slots = 00:04.0) that the module and hook copy into the image.
# Several promises share a boot where they cannot interfere (slots: good
# and bad tokens; confbare: no fallback; guards: three guards of one plan;
# vfio: a single device and a group): each boot costs 30-60 s of TCG.
# The longest boots first: a run without build/qemu/times runs them in
# this order.
SCENARIOS=(
	"switchroot|xen|full|rd.pciback.slots=00:03.0 pcitest.switchroot|check_switchroot|dracut|rootdisk"
	# An image built as a kernel update builds it: no --add, no -m.
	# (--no-hostonly: module-default-dracut and module-drivers-dracut)
	"update-hostonly|xen|update-hostonly|rd.pciback.slots=00:03.0|check_update|dracut"
	"halt|xen|with|$HALT|check_halt|dracut itools"
	# the systemd flavour (dracut-*.service units) on the update image
	"halt-update|xen|update-hostonly|$HALT|check_halt|dracut"
	# trixie-backports' newest kernel (7.x: driver_override in the driver
	# core) as the dom0 of trixie's Xen (4.20), and as a VFIO host
	"vfio-k7|bare|with|$VFIO|check_vfio|dracut itools|iommumultifn|7"
	"slots-k7|xen|with|$SLOTS|check_slots|||7"
	# VFIO hosts: q35 + intel-iommu, bare kernel; vfio-open takes the devices
	"vfio|bare|with|$VFIO|check_vfio|dracut itools|iommumultifn"
	"control|xen|control|$SLOTS|check_control"
	"slots|xen|with|$SLOTS|check_slots"
	"stubfallback|bare|with|rd.pciback.slots=00:03.0 rd.pciback.fallback=pci-stub|check_stubfallback|dracut"
	"disabled|xen|with|rd.pciback=off $SLOTS|check_disabled|itools"
	"conf|xen|conf||check_conf|dracut"
	# the "conf" image (slots = 00:04.0) and slots=00:03.0 without Xen,
	# fallback none
	"confbare|bare|conf|rd.pciback.slots=00:03.0|check_confbare|dracut"
	"multifn|xen|full|rd.pciback.slots=00:06,00:03.0 rd.driver.pre=e1000 pcitest.pre=e1000 xen-pciback.permissive=1|check_multifn|dracut|multifn"
	# the image's plan (guards_plan_root): a keyboard on the xHCI at
	# 00:05.0, the default route on xenbr0 over the e1000 at 00:03.0, and a
	# keyboard on 00:04.0 of another machine (a 1b36:000d there)
	"guards|xen|guards|rd.pciback.class=0c03 rd.pciback.slots=00:03.0,00:04.0|check_guards|dracut"
	"guardsforce|xen|guards|rd.pciback.class=0c03 rd.pciback.slots=00:03.0,00:04.0 rd.pciback.force=keyboard,default-route|check_guardsforce|dracut"
	"vga|xen|full|rd.pciback.slots=00:02.0,00:03.0|check_vga|dracut|vga"
	"vgaforce|xen|full|rd.pciback.slots=00:02.0 rd.pciback.force=1|check_vgaforce|dracut|vga"
	"bridge|xen|full|rd.pciback.slots=0000:00:1c.0/00.0|check_bridge|dracut|bridge"
	# Qubes OS dom0's own keys, no rd.pciback.* key: the NICs (one behind
	# a root port), the xHCI and the audio device named by a path id
	"qubes|xen|with|rd.qubes.hide_all_usb rd.qubes.hide_pci=00_1c.0-00_00.0|check_qubes|dracut|qubes"
	"bridgeshift|xen|full|rd.pciback.slots=0000:00:1c.0/00.0|check_bridgeshift|dracut|bridgeshift"
	# Debian 13's kernel (6.12, modules .ko.xz) as Xen 4.17's dom0
	"slots-k612|xen|with|$SLOTS|check_slots|||6.12"
	# devices that arrive after boot, through the image's udev and the
	# rule (one boot: two hot-plugged NICs, then an NVMe PF's VFs)
	"late|bare|late|pcitest.late|check_late|dracut|late"
	"vfiofallback|bare|with|intel_iommu=on rd.pciback.fallback=vfio-pci rd.pciback.slots=00:03.0 pcitest.vfio=0000:00:03.0|check_vfiofallback|dracut|iommu"
)
# Field 7 names the machine: default (DEVICES on -machine pc) or a
# setup_NAME function below that sets QEMU_MACHINE and QARGS. Field 8 the
# kernel: 6.1 (default, Debian 12), 6.12 (Debian 13, $CACHE/trixie) or 7
# (trixie-backports' newest, $CACHE/trixie-backports, with Xen 4.20); the
# images of 6.12 and 7 are built apart, img/BUILDER-VARIANT-k612.img,
# img/BUILDER-VARIANT-k7.img.
# Images "with" also carry vfio-open (tests/qemu/vfio-open.c) for the
# vfio tests; the product puts all three targets into every image.
# Image "update-hostonly" (dracut only): plain `dracut --hostonly --kver
# KVER` with the staged dracut.conf.d, as a kernel update builds it
# (build_dracut_update).
# Image "full": also rd.driver.pre (dracut kernel-modules), the root disk
# drivers (ata_piix, sd_mod, ext4), and `options xen-pciback passthrough=1`
# in the /etc/modprobe.d seen at build time (tests/qemu/modprobe.d).
# dracut: no systemd in the image (init.sh runs the hooks), except in
# "update-hostonly": systemd + dracut-systemd, the hooks run as
# dracut-*.service units.
BUILDERS="dracut itools"

# ---- assertions: each appends to $why; the test passes when $why is empty
why=
fail() { why="${why:+$why; }$*"; }

report_ok() {	# the guest ran the report hook to its end
	grep -q '^END' "$OUT/$name.out" 2>/dev/null && return 0
	fail "no guest report (boot did not reach the test hook, see build/qemu/$name.console)"
	return 1
}
expect_driver() {	# ADDR DRIVER
	local got
	got=$(driver_of "$name" "$1")
	[ "$got" = "$2" ] || fail "$1 on ${got:-?}, expected $2"
}
expect_no_override() {	# ADDR
	grep -q "^DEV $1 .* override=(null)" "$OUT/$name.out" ||
		fail "$1 has a driver_override"
}
kmsg() { grep '^KMSG' "$OUT/$name.out" | tr -d '\r'; }
expect_kmsg_once() {	# FIXED-STRING
	local n
	n=$(kmsg | grep -cF -- "$1")
	[ "$n" = 1 ] || fail "'$1' logged $n times, expected once"
}
expect_state() {	# ADDR OUTCOME-PREFIX
	grep -q "^STATE $1 [0-9a-f:]* $2" "$OUT/$name.out" ||
		fail "state file has no '$1 ... $2' line"
}

check_control() {
	report_ok || return
	expect_driver 0000:00:03.0 e1000
	expect_driver 0000:00:04.0 e1000
	expect_driver 0000:00:05.0 xhci_hcd
}
check_slots() {	# $SLOTS: good and bad tokens, a class
	report_ok || return
	expect_driver 0000:00:03.0 pciback
	expect_driver 0000:00:04.0 e1000
	expect_driver 0000:00:05.0 pciback
	expect_state 0000:00:03.0 seized
	expect_state 0000:00:05.0 seized
	kmsg | grep -q '0000:00:03.0.*pciback' || fail "no kmsg line for 0000:00:03.0"
	expect_kmsg_once 'zz:1'
	expect_kmsg_once '0000:00:99.9x'
}
check_stubfallback() {
	report_ok || return
	expect_driver 0000:00:03.0 pci-stub
	expect_driver 0000:00:04.0 e1000
}
check_disabled() {
	report_ok || return
	expect_driver 0000:00:03.0 e1000
	expect_driver 0000:00:05.0 xhci_hcd
	expect_no_override 0000:00:03.0
	expect_no_override 0000:00:05.0
}
check_conf() {
	report_ok || return
	expect_driver 0000:00:03.0 e1000
	expect_driver 0000:00:04.0 pciback
}
check_halt() {
	if grep -q '^END' "$OUT/$name.out" 2>/dev/null; then
		fail "the boot went on past the failed selector"
		return
	fi
	[ "$rc" = 124 ] && fail "the boot hung instead of stopping (timeout)"
	# The stop message (dracut die / initramfs-tools panic, not the
	# tool's own kmsg line) names the device and the reason.
	local stop
	stop=$(tr -d '\r' < "$OUT/$name.console" | grep -E "$halt_re")
	if [ -z "$stop" ]; then
		fail "no stop message naming 0000:00:03.0 on the console"
	elif ! echo "$stop" | grep -qiE 'id-mismatch|1234:5678|ids? '; then
		fail "the stop message does not say why: $(echo "$stop" | head -n1)"
	fi
}

check_guards() {	# the plan's guards, enforced at boot, each on its own device
	report_ok || return
	# keyboard
	expect_driver 0000:00:05.0 xhci_hcd
	expect_no_override 0000:00:05.0
	expect_state 0000:00:05.0 skipped:keyboard
	expect_kmsg_once "0000:00:05.0 [1b36:000d]: left alone: a keyboard is attached to it; set rd.pciback.force=keyboard to seize it anyway"
	# default route, through the bridge
	expect_driver 0000:00:03.0 e1000
	expect_no_override 0000:00:03.0
	expect_state 0000:00:03.0 skipped:default-route
	expect_kmsg_once "0000:00:03.0 [8086:100e]: left alone: it carries the default route (the network); set rd.pciback.force=default-route to seize it anyway"
	# another machine's guard: ignored, said once; the guarded 00:03.0's
	# twin is seized
	expect_driver 0000:00:04.0 pciback
	expect_state 0000:00:04.0 seized
	expect_kmsg_once "the plan's host guards are for another machine (0000:00:04.0 was 1b36:000d there): 1 ignored"
}
check_guardsforce() {	# the same, force=keyboard,default-route
	report_ok || return
	expect_driver 0000:00:05.0 pciback
	expect_driver 0000:00:03.0 pciback
	expect_driver 0000:00:04.0 pciback
	expect_state 0000:00:05.0 seized
	expect_state 0000:00:03.0 seized
	expect_kmsg_once "lockout guard 'keyboard' lifted by rd.pciback.force"
	expect_kmsg_once "lockout guard 'default-route' lifted by rd.pciback.force"
}
check_update() {	# an image built as a kernel update builds it
	report_ok || return
	expect_driver 0000:00:03.0 pciback
	expect_driver 0000:00:04.0 e1000
	expect_state 0000:00:03.0 seized
}
expect_vfio_ok() {	# ADDR IDS: vfio-open took ADDR through every VFIO step
	local res
	grep -q "^VFIODEV $1" "$OUT/$name.out" || { fail "vfio-open did not run for $1"; return; }
	# its result: the first VFIO OK/FAIL line after "VFIODEV ADDR"
	res=$(tr -d '\r' < "$OUT/$name.out" | awk -v a="$1" '
		$1 == "VFIODEV" { in_a = ($2 == a); next }
		in_a && $1 == "VFIO" && ($2 == "OK" || $2 == "FAIL") { print; exit }')
	[ "$res" = "VFIO OK $2" ] || fail "VFIO $1: ${res:-no result}"
}
group_of() {	# ADDR -> its IOMMU group in the report
	sed -n "s/^DEV $1 .* group=\([^ ]*\).*/\1/p" "$OUT/$name.out" | tr -d '\r'
}
check_vfio() {	# $VFIO: 00:03.0 alone in its group; 00:06.0 shares one with 00:06.1
	report_ok || return
	expect_driver 0000:00:03.0 vfio-pci
	expect_driver 0000:00:04.0 e1000
	expect_vfio_ok 0000:00:03.0 8086:100e
	local g0 g1
	g0=$(group_of 0000:00:06.0) g1=$(group_of 0000:00:06.1)
	[ -n "$g0" ] && [ "$g0" != - ] && [ "$g0" = "$g1" ] ||
		fail "0000:00:06.0 (group ${g0:-?}) and 0000:00:06.1 (group ${g1:-?}) do not share an IOMMU group"
	[ "$(group_of 0000:00:03.0)" = "$g0" ] && fail "0000:00:03.0 is in the group of 00:06 too"
	[ "$(group_of 0000:00:04.0)" = "$(group_of 0000:00:03.0)" ] && fail "0000:00:04.0 is in the group of 00:03.0"
	# group=1 took 00:06.1 too, though only 00:06.0 is named
	expect_driver 0000:00:06.0 vfio-pci
	expect_driver 0000:00:06.1 vfio-pci
	expect_vfio_ok 0000:00:06.0 8086:100e
}
check_vfiofallback() {
	report_ok || return
	expect_driver 0000:00:03.0 vfio-pci
	expect_driver 0000:00:04.0 e1000
	expect_vfio_ok 0000:00:03.0 8086:100e
}
check_confbare() {	# the "conf" image (slots = 00:04.0) + slots=00:03.0, no Xen
	report_ok || return
	expect_driver 0000:00:03.0 e1000
	expect_driver 0000:00:04.0 e1000
	expect_no_override 0000:00:03.0
	expect_no_override 0000:00:04.0
	kmsg | grep -qi 'xen' || fail "no warning about the missing Xen dom0 in kmsg"
}
expect_param() {	# NAME VALUE
	grep -q "^PARAM xen_pciback.$1=$2" "$OUT/$name.out" ||
		fail "xen_pciback.$1 is '$(sed -n "s/^PARAM xen_pciback.$1=//p" "$OUT/$name.out" | tr -d '\r')', expected $2"
}
check_multifn() {
	report_ok || return
	expect_driver 0000:00:06.0 pciback
	expect_driver 0000:00:06.1 pciback
	expect_driver 0000:00:03.0 pciback
	expect_driver 0000:00:04.0 e1000
	expect_driver 0000:00:05.0 xhci_hcd
	# rd.driver.pre / pcitest.pre bound it first: the tool took it from e1000
	kmsg | grep -q '0000:00:03.0 .*e1000 -> pciback' ||
		fail "no 'e1000 -> pciback' kmsg line for 0000:00:03.0 (was it bound before?)"
	expect_param permissive Y	# kernel command line
	expect_param passthrough Y	# modprobe.d at image build time
}
check_vga() {
	report_ok || return
	grep -q '^DEV 0000:00:02.0 .*boot_vga=1' "$OUT/$name.out" ||
		fail "0000:00:02.0 is not the boot VGA device in the guest"
	local got
	got=$(driver_of "$name" 0000:00:02.0)
	[ "$got" = pciback ] && fail "the boot VGA device was seized"
	expect_no_override 0000:00:02.0
	expect_driver 0000:00:03.0 pciback
	kmsg | grep '0000:00:02.0' | grep -qi 'vga' ||
		fail "no kmsg line saying why 0000:00:02.0 was left alone"
}
check_vgaforce() {
	report_ok || return
	grep -q '^DEV 0000:00:02.0 .*boot_vga=1' "$OUT/$name.out" ||
		fail "0000:00:02.0 is not the boot VGA device in the guest"
	expect_driver 0000:00:02.0 pciback
}
addr_of() {	# VENDOR:DEVICE -> the address of that device in the report
	sed -n "s/^DEV \([^ ]*\) $1 .*/\1/p" "$OUT/$name.out" | tr -d '\r'
}
check_bridge() {	# the e1000e (8086:10d3) behind the root port at 00:1c.0
	report_ok || return
	local nic
	nic=$(addr_of 0x8086:0x10d3)
	[ "$nic" = 0000:01:00.0 ] || fail "the e1000e is at '$nic', expected 0000:01:00.0"
	[ -n "$nic" ] && expect_driver "$nic" pciback
}
check_bridgeshift() {	# a root port at 00:1b.0 took bus 01: the e1000e moved
	report_ok || return
	local nic other
	nic=$(addr_of 0x8086:0x10d3)
	other=$(addr_of 0x8086:0x100e)
	[ "$nic" = 0000:02:00.0 ] || fail "the e1000e is at '$nic', expected 0000:02:00.0"
	[ -n "$nic" ] && expect_driver "$nic" pciback
	[ -n "$other" ] && expect_driver "$other" e1000
	[ "$other" = 0000:01:00.0 ] || fail "the e1000 is at '$other', expected 0000:01:00.0"
}
check_qubes() {	# every NIC, the xHCI and 00_1c.0-00_00.0 on pciback, the rest not
	report_ok || return
	local nic audio
	nic=$(addr_of 0x8086:0x10d3)
	audio=$(addr_of 0x8086:0x293e)
	expect_driver 0000:00:03.0 pciback
	expect_driver 0000:00:04.0 pciback
	expect_driver 0000:00:05.0 pciback
	[ "$nic" = 0000:01:00.0 ] || fail "the e1000e is at '$nic', expected 0000:01:00.0"
	[ -n "$nic" ] && expect_driver "$nic" pciback
	# 00:1c.0's secondary bus is 2: the path id's offset 00 lands there
	[ "$audio" = 0000:02:00.0 ] || fail "the audio device is at '$audio', expected 0000:02:00.0"
	[ -n "$audio" ] && expect_driver "$audio" pciback && expect_state "$audio" seized
	expect_driver 0000:00:1b.0 pcieport
	expect_driver 0000:00:1c.0 pcieport
	local other
	for other in 0000:00:1f.0 0000:00:1f.2 0000:00:1f.3; do
		[ "$(driver_of "$name" "$other")" != pciback ] || fail "$other on pciback"
		expect_no_override "$other"
	done
	kmsg | grep -q 'USB in dom0 is not restricted' && fail "Qubes' USB warning with hide_all_usb"
	true
}
phase_driver() {	# PHASE ADDR: driver in that block of the real root's report
	tr -d '\r' < "$OUT/$name.out" |
		awk -v p="$1" -v a="$2" '$1 == "PHASE" { in_p = ($2 == p) }
			in_p && $1 == "DEV" && $2 == a { sub(/^driver=/, "", $4); print $4 }'
}
expect_phase() {	# PHASE ADDR DRIVER
	local got
	got=$(phase_driver "$1" "$2")
	[ "$got" = "$3" ] || fail "$1: $2 on ${got:-?}, expected $3"
}
check_switchroot() {
	if ! grep -q '^ROOT switched' "$OUT/$name.out" 2>/dev/null; then
		fail "the real root's init did not run (see build/qemu/$name.console)"
		return
	fi
	grep -q '^END' "$OUT/$name.out" || fail "the real root's report is incomplete"
	expect_phase probed 0000:00:03.0 pciback
	expect_phase probed 0000:00:04.0 e1000
	grep -q '^STATE 0000:00:03.0 [0-9a-f:]* seized' "$OUT/$name.out" ||
		fail "/run/pciback-early/state did not carry over to the real root"
	grep -q '^STATUSRC 0' "$OUT/$name.out" || fail "pciback-early status failed"
	grep -q '^STATUS .*0000:00:03.0.*seized' "$OUT/$name.out" ||
		fail "pciback-early status does not show the boot's outcome for 0000:00:03.0"
	# release must beat xen-pciback's own slot list (remove_slot) or the
	# re-probe hands the device straight back to pciback
	grep -q '^RELEASERC 0' "$OUT/$name.out" ||
		fail "pciback-early release 00:03.0 failed: $(grep '^RELEASE ' "$OUT/$name.out" | tr -d '\r' | head -n1)"
	expect_phase released 0000:00:03.0 e1000
	grep -q '^ASSIGNRC 0' "$OUT/$name.out" || fail "pciback-early assign 00:03.0 failed"
	grep -q '^ASSIGN .*0000:00:03.0.* e1000 -> pciback' "$OUT/$name.out" ||
		fail "assign did not take 0000:00:03.0 from e1000"
	expect_phase assigned 0000:00:03.0 pciback
	expect_phase assigned 0000:00:04.0 e1000
}

check_late() {	# devices added after boot: the rule's decision for each
	report_ok || return
	grep -q '^READY' "$OUT/$name.out" || fail "the guest never asked for the hot-plug"
	# the selected hot-plugged NIC on the target, the other on e1000e
	expect_driver 0000:02:00.0 pci-stub
	expect_driver 0000:03:00.0 e1000e
	expect_no_override 0000:03:00.0
	expect_state 0000:02:00.0 seized
	# the PF held its VFs: autoprobe 0 from the boot's run
	grep -q '^PF 0000:01:00.0 totalvfs=3 autoprobe=0' "$OUT/$name.out" ||
		fail "the NVMe PF's sriov_drivers_autoprobe was not 0 before the VFs: $(grep '^PF' "$OUT/$name.out" | tr -d '\r')"
	grep -q '^NUMVFS 0000:01:00.0 0 3' "$OUT/$name.out" || fail "no VFs were created"
	# VF 1 (01:00.2, offset 1 stride 1) on the target; VFs 0 and 2 probed
	# for nvme (which may give up on a VF without resources: no driver)
	expect_driver 0000:01:00.2 pci-stub
	expect_state 0000:01:00.2 seized
	local vf got
	for vf in 0000:01:00.1 0000:01:00.3; do
		got=$(driver_of "$name" "$vf")
		case $got in nvme | none) ;; *) fail "$vf on ${got:-?}, expected nvme or none" ;; esac
		expect_kmsg_once "$vf [1b36:0010]: a VF not selected: probed for its native driver"
	done
}

# ---- machines other than the default
setup_multifn() {	# a two-function e1000 at 00:06
	QARGS+=(-device e1000,addr=06.0,multifunction=on,mac=52:54:00:00:00:06
		-device e1000,addr=06.1,mac=52:54:00:00:00:16)
}
setup_vga() {	# the only VGA device: the boot VGA
	QARGS+=(-device VGA,addr=02.0)
}
setup_bridge() {	# q35: an e1000e behind the root port at 00:1c.0 (bus 01)
	QEMU_MACHINE=q35
	QARGS=(-device pcie-root-port,id=rp1,bus=pcie.0,addr=1c.0,chassis=1
		-device e1000e,bus=rp1,mac=52:54:00:00:01:1c)
}
setup_bridgeshift() {	# the same, plus a root port at 00:1b.0 with an e1000
	QEMU_MACHINE=q35
	QARGS=(-device pcie-root-port,id=rp0,bus=pcie.0,addr=1b.0,chassis=2
		-device e1000,bus=rp0,mac=52:54:00:00:01:1b
		-device pcie-root-port,id=rp1,bus=pcie.0,addr=1c.0,chassis=1
		-device e1000e,bus=rp1,mac=52:54:00:00:01:1c)
}
setup_qubes() {	# q35: the default devices, an e1000e behind the root port at
	# 00:1b.0 (bus 01), an HD audio device behind the one at 00:1c.0 (bus 02)
	QEMU_MACHINE=q35
	QARGS=("${DEVICES[@]}"
		-device pcie-root-port,id=rp0,bus=pcie.0,addr=1b.0,chassis=2
		-device e1000e,bus=rp0,mac=52:54:00:00:01:1b
		-device pcie-root-port,id=rp1,bus=pcie.0,addr=1c.0,chassis=1
		-device ich9-intel-hda,bus=rp1)
}
setup_iommu() {	# q35 with an emulated Intel IOMMU; the default devices
	QEMU_MACHINE=q35,kernel-irqchip=split
	QARGS=(-device intel-iommu,intremap=on "${DEVICES[@]}")
}
setup_iommumultifn() {	# the same, plus the two-function e1000 at 00:06
	setup_iommu
	setup_multifn
}
setup_late() {	# q35: an SR-IOV NVMe behind 00:04.0 (bus 01), two empty root
	# ports (00:05.0, bus 02; 00:06.0, bus 03) that get an e1000e each
	# through QMP once the guest says READY (hotplug_when_ready)
	QEMU_MACHINE=q35
	QARGS=(-device pcie-root-port,id=rp1,bus=pcie.0,addr=04.0,chassis=1
		-device nvme-subsys,id=subsys0
		-device nvme,serial=pcitest,bus=rp1,subsys=subsys0,sriov_max_vfs=3,sriov_vq_flexible=6,sriov_vi_flexible=3
		-device pcie-root-port,id=rp2,bus=pcie.0,addr=05.0,chassis=2
		-device pcie-root-port,id=rp3,bus=pcie.0,addr=06.0,chassis=3
		-qmp "unix:$OUT/$name.qmp,server=on,wait=off")
	rm -f "$OUT/$name.out" "$OUT/$name.qmp"
	hotplug_when_ready "$OUT/$name.out" "$OUT/$name.qmp" > "$OUT/$name.qmp.log" 2>&1 &
}
hotplug_when_ready() {	# OUT QMP: wait for READY, then device_add two e1000e
	local i=0
	while ! grep -qa '^READY' "$1" 2> /dev/null; do
		sleep 1
		i=$((i + 1))
		[ $i -lt "$BOOT_TIMEOUT" ] || return 1
	done
	python3 - "$2" <<-'EOT'
		import json, socket, sys
		s = socket.socket(socket.AF_UNIX)
		s.connect(sys.argv[1])
		f = s.makefile("rw")
		f.readline()
		def cmd(name, **args):
		    f.write(json.dumps({"execute": name, "arguments": args}) + "\n")
		    f.flush()
		    while True:
		        r = json.loads(f.readline())
		        if "return" in r or "error" in r:
		            print(name, args, r)
		            return r
		cmd("qmp_capabilities")
		cmd("device_add", driver="e1000e", bus="rp2", id="hp1", mac="52:54:00:00:02:00")
		cmd("device_add", driver="e1000e", bus="rp3", id="hp2", mac="52:54:00:00:03:00")
	EOT
}
setup_rootdisk() {	# the real root (build_rootfs) as /dev/sda, read-only
	QARGS+=(-drive "file=$IMG/root.img,format=raw,if=ide,index=0,snapshot=on")
}

# ---- tests without a boot: the dracut module's check/installkernel, and
# the initramfs-tools hook adding vfio-pci when the conf asks for it.
# Each prints its own result line.
STATIC_TESTS=(module-check-dracut module-drivers-dracut module-drivers-itools
	hostcheck-dracut hostcheck-itools module-default-dracut)

module_setup() {	# HOSTONLY CONF BIN FUNCTION: run it like dracut would
	(
		hostonly=$1 PCIBACK_EARLY_CONF=$2 PCIBACK_EARLY_BIN=$3
		PCIBACK_EARLY_HOST_BIN=${PCIBACK_TEST_HOST_BIN:-$STAGE/usr/sbin/pciback-early}
		kernel=$KVER srcmods=$KROOT/lib/modules/$KVER DRACUT_TMPDIR=$c
		dwarn() { echo "dwarn $*"; }
		dinfo() { echo "dinfo $*"; }
		instmods() { echo "instmods $*"; }
		# shellcheck disable=SC1090,SC1091
		. "$STAGE/usr/lib/dracut/modules.d/90pciback-early/module-setup.sh"
		# shellcheck disable=SC1090,SC1091
		. "$STAGE/usr/lib/pciback-early/hook-lib.sh"
		"$4" "${@:5}"
		echo "rc=$?"
	)
}

module_setup_rc() {	# the same, only the function's return code
	module_setup "$@" | grep '^rc='
}

static_module_check_dracut() {	# BIN CONFDIR: in every image: dracut.conf.d asks for it
	local bin=$1 c=$2 out f
	[ "$(module_setup_rc 1 "$c/slots.conf" "$bin" check)" = rc=255 ] ||
		fail "hostonly: check should return 255 (included when asked)"
	[ "$(module_setup_rc '' "$c/none.conf" "$bin" check)" = rc=255 ] ||
		fail "not hostonly: check should return 255"
	# without the binary: a warning, never 1 (dracut would stop the
	# whole image build for a module of add_dracutmodules), and
	# install/installkernel install nothing
	out=$(module_setup 1 "$c/slots.conf" "$c/no-such-bin" check 2>&1)
	case $out in
	*"dwarn pciback-early: $c/no-such-bin"*"not found"*rc=255) ;;
	*) fail "without the binary: check should warn and return 255: $out" ;;
	esac
	for f in install installkernel; do
		out=$(module_setup 1 "$c/slots.conf" "$c/no-such-bin" $f 2>&1)
		[ "$out" = rc=0 ] || fail "without the binary: $f should install nothing: $out"
	done
}

static_module_drivers_dracut() {	# BIN CONFDIR: the plan's modules: all three targets, whatever the conf says
	local bin=$1 c=$2 out
	rm -f "$c/pciback-early.plan" "$c/pciback-early.noplan"
	out=$(module_setup '' "$c/no-such.conf" "$bin" installkernel)
	for m in xen_pciback pci_stub vfio_pci vfio_iommu_type1; do
		echo "$out" | grep -q "^instmods.* $m\( \|\$\)" || fail "$m not installed: $out"
	done
	grep -q '^load vfio-pci vfio_iommu_type1 ' "$c/pciback-early.plan" ||
		fail "the plan does not load vfio_iommu_type1 for vfio-pci"
	rm -f "$c/pciback-early.plan"
	out=$(PCIBACK_TEST_HOST_BIN=$c/no-such-bin module_setup '' "$c/no-such.conf" "$bin" installkernel)
	echo "$out" | grep -q '^dwarn pciback-early: .* not found: the image has no plan' ||
		fail "no host tool: no loud warning: $out"
	echo "$out" | grep -q '^instmods.* vfio-pci' || fail "no plan: vfio-pci not installed: $out"
}

static_module_drivers_itools() {	# BIN CONFDIR
	local bin=$1 c=$2 out f
	if ! PCIBACK_EARLY_CONF=$c/vfio.conf build_itools "$IMG/itools-vfioconf.img" with; then
		fail "mkinitramfs failed (see build/qemu/img/itools-vfioconf.img.log)"
	else
		out=$(lsinitramfs "$IMG/itools-vfioconf.img" 2> /dev/null)
		for f in xen-pciback.ko pci-stub.ko vfio-pci.ko vfio_iommu_type1.ko \
			etc/pciback-early.conf etc/pciback-early/plan sbin/pciback-early \
			lib/pciback-early-lib.sh; do
			echo "$out" | grep -q "$f\$" || fail "$f missing from the image"
		done
	fi
}

static_hostcheck_dracut() {	# BIN CONFDIR: install() calls it after writing the plan
	local bin=$1 c=$2 out
	out=$(module_setup '' "$c/no-such.conf" "$bin" pciback_early_check "$c/host-bin" dwarn dinfo)
	echo "$out" | grep -q '^dwarn pciback-early check: warning: 0000:00:03.0 carries the default route' ||
		fail "check's warning not shown with dwarn: $out"
	echo "$out" | grep -q "^dwarn pciback-early check: pciback-early: rd.pciback.slots: ignoring 'zz:1'" ||
		fail "check's error not shown with dwarn: $out"
	echo "$out" | grep -q '^dwarn pciback-early check: exit status 1' ||
		fail "check's exit status not reported: $out"
	echo "$out" | grep -q '^rc=0$' || fail "a failing check fails the module: $out"
	out=$(module_setup '' "$c/no-such.conf" "$bin" pciback_early_check "$STAGE/usr/sbin/pciback-early" dwarn dinfo)
	echo "$out" | grep -q '^rc=0$' || fail "the real check on this host fails the module: $out"
	# check looks at the tree the plan's guards come from
	out=$(PCIBACK_EARLY_PLAN_ROOT=$c/fakeroot module_setup '' "$c/no-such.conf" "$bin" \
		pciback_early_check "$c/host-bin" dwarn dinfo)
	echo "$out" | grep -q "^dinfo pciback-early check: args: --root $c/fakeroot check\$" ||
		fail "check does not get PCIBACK_EARLY_PLAN_ROOT as --root: $out"
}

static_module_default_dracut() {	# BIN CONFDIR: dracut.conf.d: in every image, unless omitted
	local bin=$1 c=$2 out
	# Plain `dracut --no-hostonly --kver KVER`, the staged dracut.conf.d
	# read from the dracutbasedir, nothing added by the test;
	# --no-kernel only to save time (no module is chosen by it).
	if ! PCIBACK_TEST_MODULE=0 build_dracut_update "$IMG/dracut-plain.img" \
		no-hostonly --no-kernel; then
		fail "dracut failed (see build/qemu/img/dracut-plain.img.log)"
	else
		lsinitrd "$IMG/dracut-plain.img" 2> /dev/null | grep -q 'sbin/pciback-early$' ||
			fail "a plain dracut image has no /sbin/pciback-early"
	fi
	# the opt-out the snippet documents, in /etc/dracut.conf.d
	printf 'omit_dracutmodules+=" pciback-early "\n' > "$c/90-no-pciback-early.conf"
	if ! PCIBACK_TEST_MODULE=0 PCIBACK_TEST_DRACUT_CONF=$c/90-no-pciback-early.conf \
		build_dracut_update "$IMG/dracut-omit.img" no-hostonly --no-kernel; then
		fail "dracut with omit_dracutmodules failed (see build/qemu/img/dracut-omit.img.log)"
	elif lsinitrd "$IMG/dracut-omit.img" 2> /dev/null | grep -q 'pciback-early'; then
		fail "omit_dracutmodules+=\" pciback-early \" in the confdir did not leave it out"
	fi
}

static_hostcheck_itools() {	# BIN CONFDIR
	local bin=$1 c=$2 out
	if ! PCIBACK_TEST_HOST_BIN=$c/host-bin build_itools "$IMG/itools-hostcheck.img" with; then
		fail "mkinitramfs failed when check found problems (see build/qemu/img/itools-hostcheck.img.log)"
	else
		grep -q '^W: pciback-early check: warning: 0000:00:03.0 carries the default route' \
			"$IMG/itools-hostcheck.img.log" || fail "check's warning not printed"
		grep -q "^W: pciback-early check: pciback-early: rd.pciback.slots: ignoring 'zz:1'" \
			"$IMG/itools-hostcheck.img.log" || fail "check's error not printed"
		grep -q '^W: pciback-early check: exit status 1' \
			"$IMG/itools-hostcheck.img.log" || fail "check's exit status not reported"
		lsinitramfs "$IMG/itools-hostcheck.img" 2> /dev/null | grep -q 'sbin/pciback-early$' ||
			fail "sbin/pciback-early missing from the image"
	fi
}

static_test() {	# NAME
	local bin=$STAGE/usr/lib/pciback-early/pciback-early c=$OUT/static-conf-$1 out
	why=
	mkdir -p "$c"
	printf 'slots = 00:03.0  # one NIC\n' > "$c/slots.conf"
	printf '# nothing selected\ndebug = 1\n' > "$c/none.conf"
	printf 'driver = vfio-pci\nids = 8086:100e\n' > "$c/vfio.conf"
	# A host tool whose `check` finds a warning and an error (exit 1, both
	# on stderr, as the real one prints them), and that writes no plan:
	# the image must still be built.
	cat > "$c/host-bin" <<-'EOT'
		#!/bin/sh
		case " $* " in *" check "*)
			echo "args: $*"
			echo "0000:00:03.0  8086:100e  network controller   e1000  -> pciback (selected by 00:03.0)"
			echo "warning: 0000:00:03.0 carries the default route (eth0): seizing it takes this host off the network" >&2
			echo "pciback-early: rd.pciback.slots: ignoring 'zz:1': expected DDDD:BB:DD.F" >&2
			echo "1 error(s), 0 device(s) that cannot be seized"
		esac
		exit 1
	EOT
	chmod +x "$c/host-bin"
	if declare -F "static_${1//-/_}" > /dev/null; then
		"static_${1//-/_}" "$bin" "$c"
	else
		fail "harness error: no function static_${1//-/_}"
	fi
	if [ -n "$why" ]; then echo "FAIL: $1: $why"; else echo "PASS: $1"; fi
}

# ---- one test: boot, then check; writes $OUT/NAME.result
# run_one TEST: the fields of TEST come from the T_* arrays (main)
run_one() {
	local t=$1 t0 rc halt_re
	local QEMU_MACHINE=pc QARGS=("${DEVICES[@]}")
	name=$t
	use_kernel "${T_KERNEL[$t]}" || return
	[ -n "${T_MACHINE[$t]}" ] && "setup_${T_MACHINE[$t]}"
	if [ "${T_BUILDER[$t]}" != itools ]; then
		halt_re='dracut: FATAL: pciback-early: .*0000:00:03\.0'
	else	# panic() echoes to the console, no kernel timestamp
		halt_re='^pciback-early: .*0000:00:03\.0'
	fi
	t0=$(date +%s)
	boot "$t" "${T_KIND[$t]}" "$IMG/${T_IMG[$t]}.img" "${T_CMDLINE[$t]}" "${QARGS[@]}"
	rc=$?
	why=
	"${T_CHECK[$t]}"
	echo "$t $(($(date +%s) - t0))s rc=$rc" >> "$OUT/times"
	if [ -n "$why" ]; then
		echo "FAIL: $t: $why"
	else
		echo "PASS: $t"
	fi > "$OUT/$t.result"
}

# ---- the run: which tests, the kernels, the images, then the jobs
# Each boot test's fields, by test name (SCENARIO-BUILDER)
declare -A T_KIND T_IMG T_CMDLINE T_CHECK T_BUILDER T_MACHINE T_KERNEL T_VARIANT
declare -A WANTK	# kernels the selected tests boot
declare -A COST	# the last run's seconds per job, "KIND:NAME"
declare -A KSKIP	# kernel -> why its tests are skipped
declare -A IMGWANT	# image -> "BUILDER VARIANT KERNEL"
PATTERNS=() TESTS=() PENDING=() NEEDROOT='' KVER612='' KVER7=''

selected() {	# NAME: matches one of the patterns given (or none given)
	[ ${#PATTERNS[@]} -eq 0 ] && return 0
	local p
	for p in "${PATTERNS[@]}"; do
		# shellcheck disable=SC2053
		[[ $1 == $p ]] && return 0
	done
	return 1
}

imgkey() {	# BUILDER VARIANT KERNEL -> the image's name
	local k=${3:-}
	echo "$1-$2${k:+-k${k//./}}"
}
select_tests() {	# PATTERN...: TESTS, and the T_* fields of each boot test
	local s sname kind img cmdline check builders machine kernel b t
	PATTERNS=("$@")
	for s in "${SCENARIOS[@]}"; do
		IFS='|' read -r sname kind img cmdline check builders machine kernel <<< "$s"
		for b in ${builders:-$BUILDERS}; do
			t=$sname-$b
			selected "$t" || continue
			TESTS+=("$t")
			T_KIND[$t]=$kind T_VARIANT[$t]=$img T_CMDLINE[$t]=$cmdline T_CHECK[$t]=$check
			T_BUILDER[$t]=$b T_MACHINE[$t]=$machine T_KERNEL[$t]=$kernel
			T_IMG[$t]=$(imgkey "$b" "$img" "$kernel")
			[ -n "$kernel" ] && WANTK[$kernel]=1
		done
	done

	for t in "${STATIC_TESTS[@]}"; do
		selected "$t" && TESTS+=("$t")
	done
}

skip_all() {
	for t in "${TESTS[@]}"; do echo "SKIP: $t: $1"; done
	exit 0
}

read_costs() {	# COST from the last run's build/qemu/times; a fresh times file
	local a b c
	# The last run's times order this one's jobs, longest first.
	if [ -f "$OUT/times" ]; then
		while read -r a b c _; do
			case $a in
			image | static) COST[$a:$b]=${c%s} ;;
			*) COST[boot:$a]=${b%s} ;;
			esac
		done < "$OUT/times"
	fi
	: > "$OUT/times"
}

check_tools() {	# what the boots need, or every test is skipped
	command -v qemu-system-x86_64 > /dev/null ||
		skip_all "qemu-system-x86_64 missing (run tests/qemu/deps.sh)"
	command -v dracut > /dev/null || skip_all "dracut missing (run tests/qemu/deps.sh)"
	command -v mkinitramfs > /dev/null || skip_all "mkinitramfs missing (run tests/qemu/deps.sh)"
	# Without udev in the images nothing races the tool and the tests prove nothing.
	command -v udevadm > /dev/null || skip_all "udev missing (run tests/qemu/deps.sh)"
	[ "$(id -u)" = 0 ] || skip_all "needs root (mkinitramfs runs in a private mount namespace)"
}

fetch_kernels() {	# the kernels the tests boot; KSKIP for those not fetched
	local k
	log "qemu: fetching the test kernel and Xen (cached in $CACHE)"
	qemu_fetch 2> "$OUT/fetch.log" ||
		skip_all "cannot fetch the Debian kernel/Xen packages (see build/qemu/fetch.log)"
	if [ -n "${WANTK[6.12]:-}" ]; then
		log "qemu: fetching the Debian 13 kernel (cached in $CACHE/trixie)"
		qemu_fetch_612 2> "$OUT/fetch-612.log" ||
			KSKIP[6.12]="cannot fetch the Debian 13 kernel (see build/qemu/fetch-612.log)"
	fi
	if [ -n "${WANTK[7]:-}" ]; then
		log "qemu: fetching trixie-backports' newest kernel and trixie's Xen (cached in $CACHE/trixie-backports)"
		qemu_fetch_7 2> "$OUT/fetch-7.log"
		case $? in
		0) ;;
		3) KSKIP[7]="no 7.x kernel in trixie-backports" ;;
		*) KSKIP[7]="cannot fetch the trixie-backports kernel (see build/qemu/fetch-7.log)" ;;
		esac
	fi
	for k in "${!KSKIP[@]}"; do log "qemu: kernel $k: ${KSKIP[$k]}: its tests are skipped"; done
}

plan_images() {	# IMGWANT and NEEDROOT from the tests (a skipped kernel: SKIP)
	local t k
	# The images the selected tests need (a failed build fails its tests), the
	# root disk, the tests without a boot.
	for t in "${!T_IMG[@]}"; do
		rm -f "$OUT/$t.result"
		k=${T_KERNEL[$t]}
		if [ -n "$k" ] && [ -n "${KSKIP[$k]:-}" ]; then
			echo "SKIP: $t: ${KSKIP[$k]}" > "$OUT/$t.result"
			unset "T_IMG[$t]"
			continue
		fi
		IMGWANT[${T_IMG[$t]}]="${T_BUILDER[$t]} ${T_VARIANT[$t]} $k"
		[ "${T_MACHINE[$t]}" = rootdisk ] && NEEDROOT=1
	done
}

write_inputs() {	# vfio-open and the conf files the images carry
	if printf '%s\n' "${!IMGWANT[@]}" | grep -q -- '-with\($\|-\)'; then
		build_vfio_open > "$OUT/vfio-open.log" 2>&1 ||
			log "qemu: building tests/qemu/vfio-open.c failed (see build/qemu/vfio-open.log)"
	fi
	printf '# selected by the "conf" scenario, nothing on the command line\nslots = 00:04.0\n' \
		> "$OUT/pciback-early.conf"
	# late: the NIC hot-plugged behind the root port at 00:05.0 (not there at
	# boot), VF 1 of the NVMe PF behind 00:04.0 (none at boot); a boot
	# without Xen holds them with pci-stub
	printf 'driver = pci-stub\nslots = 0000:00:05.0/00.0, 0000:00:04.0/00.0/vf1\n' > "$OUT/late.conf"
}

# A host as `plan --root` reads it (fake_host in lib.sh), three guards:
# a USB keyboard (an input device with EV_KEY and EV_REP) on the xHCI at
# 00:05.0 and, a Xen dom0's network, the default route on the bridge xenbr0
# over eth0, the e1000 at 00:03.0, both with the guests' IDs; and a
# keyboard on an xHCI (1b36:000d) at 00:04.0, where the guests have an
# e1000: that guard is from another machine.
fake_keyboard() {	# ROOT ADDR N: keyboard inputN on the USB controller at ADDR
	local dev=sys/devices/pci0000:00/$2/usb$3/$3-1/$3-1:1.0/0003:046D:C31C.000$3/input/input$3
	mkdir -p "$1/$dev/capabilities"
	echo 120013 > "$1/$dev/capabilities/ev"
	echo "Logitech USB Keyboard" > "$1/$dev/name"
	ln -s "../../${dev#sys/}" "$1/sys/class/input/input$3"
}
guards_plan_root() {
	local r
	r=$(fake_host "$OUT/plan-root-guards")
	fake_pci "$r" 0000:00:05.0 1b36 000d 0c0330
	fake_keyboard "$r" 0000:00:05.0 1
	fake_pci "$r" 0000:00:03.0 8086 100e 020000
	fake_nic "$r" eth0 0000:00:03.0
	fake_bridge "$r" xenbr0 eth0
	fake_default_route "$r" xenbr0
	fake_pci "$r" 0000:00:04.0 1b36 000d 0c0330
	fake_keyboard "$r" 0000:00:04.0 2
	echo "$r"
}

build_image() {	# BUILDER VARIANT IMAGE
	local img=$3 conf=
	[ "$2" = conf ] && conf=$OUT/pciback-early.conf
	case $1-$2 in
	dracut-update-hostonly) build_dracut_update "$img" hostonly ;;
	dracut-guards) PCIBACK_TEST_PLAN_ROOT=$(guards_plan_root) \
		build_dracut "$img" "pciback-early pciback-test" ;;
	dracut-with) PCIBACK_TEST_VFIO_OPEN=$OUT/vfio-open \
		build_dracut "$img" "pciback-early pciback-test" ;;
	itools-with) PCIBACK_TEST_VFIO_OPEN=$OUT/vfio-open build_itools "$img" with ;;
	dracut-control) build_dracut "$img" "pciback-test" ;;
	dracut-late) PCIBACK_EARLY_CONF=$OUT/late.conf PCIBACK_TEST_LATE_STAGE=$STAGE \
		build_dracut "$img" "pciback-early pciback-test" --add-drivers nvme ;;
	dracut-full) PCIBACK_TEST_MODPROBE_D=$QDIR/modprobe.d build_dracut "$img" \
		"kernel-modules pciback-early pciback-test" --drivers "ata_piix sd_mod ext4" ;;
	dracut-*) PCIBACK_EARLY_CONF=$conf build_dracut "$img" "pciback-early pciback-test" ;;
	itools-full) PCIBACK_TEST_MODPROBE_D=$QDIR/modprobe.d build_itools "$img" with \
		"ata_piix sd_mod ext4" ;;
	itools-control) build_itools "$img" without ;;
	itools-*) PCIBACK_EARLY_CONF=$conf build_itools "$img" with ;;
	esac
}
# ---- the jobs, $JOBS at a time: builds first (static tests, images, the
# root disk), then boots, each group longest first by the last run's
# times; a boot starts as soon as its image is done, not after all builds.
build_job() {	# KEY: the image, then KEY.ok (built) and KEY.done
	local b v kernel t0
	read -r b v kernel <<< "${IMGWANT[$1]}"
	log "qemu: building $b image ($v${kernel:+, kernel $kernel})"
	use_kernel "$kernel" && t0=$(date +%s) &&
		build_image "$b" "$v" "$IMG/$1.img" && touch "$IMG/$1.ok" &&
		echo "image $1 $(($(date +%s) - t0))s" >> "$OUT/times"
	touch "$IMG/$1.done"
}
rootfs_job() {
	log "qemu: building the real root disk"
	use_kernel 6.1
	build_rootfs "$IMG/root.img" > "$IMG/root.img.log" 2>&1 ||
		log "qemu: building the root disk failed (see build/qemu/img/root.img.log)"
	touch "$IMG/root.img.done"
}
static_job() {	# NAME
	local t0
	log "qemu: $1"
	t0=$(date +%s)
	static_test "$1" > "$OUT/$1.result"
	echo "static $1 $(($(date +%s) - t0))s" >> "$OUT/times"
}
boot_job() {	# TEST
	local t=$1
	if [ ! -e "$IMG/${T_IMG[$t]}.ok" ]; then
		echo "FAIL: $t: building the ${T_BUILDER[$t]} image failed (see build/qemu/img/${T_IMG[$t]}.img.log)" > "$OUT/$t.result"
		return
	fi
	log "qemu: booting $t"
	run_one "$t"
}
ready() {	# JOB: can start now (a boot: its image and root disk are done)
	case $1 in
	boot:*)
		local t=${1#boot:}
		[ -e "$IMG/${T_IMG[$t]}.done" ] &&
			{ [ "${T_MACHINE[$t]}" != rootdisk ] || [ -e "$IMG/root.img.done" ]; } ;;
	*) return 0 ;;
	esac
}
by_cost() {	# KIND NAME...: the names, longest first (unknown: first, in
	# order; of the images, dracut's default module set first)
	local kind=$1 n i=0 d
	shift
	for n; do
		d=999998
		case $n in *-update-*) d=999999 ;; esac
		echo "${COST[$kind:$n]:-$d} $((i++)) $n"
	done | sort -k1,1nr -k2,2n | cut -d' ' -f3
}
run_jobs() {
	local t k i next
	PENDING=()
	for t in "${STATIC_TESTS[@]}"; do selected "$t" && PENDING+=("static:$t"); done
	for k in $(by_cost image "${!IMGWANT[@]}"); do PENDING+=("image:$k"); done
	[ -n "$NEEDROOT" ] && PENDING+=(rootfs:)
	for t in $(by_cost boot "${TESTS[@]}"); do
		[ -n "${T_IMG[$t]:-}" ] && PENDING+=("boot:$t")
	done
	while [ ${#PENDING[@]} -gt 0 ]; do
		while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
		next=
		for i in "${!PENDING[@]}"; do
			ready "${PENDING[$i]}" && { next=${PENDING[$i]}; unset "PENDING[$i]"; break; }
		done
		if [ -z "$next" ]; then	# every pending boot waits for a build
			[ -n "$(jobs -rp)" ] || { log "qemu: harness error: nothing to wait for"; break; }
			wait -n
			continue
		fi
		PENDING=("${PENDING[@]}")
		case $next in
		static:*) static_job "${next#static:}" & ;;
		image:*) build_job "${next#image:}" & ;;
		rootfs:) rootfs_job & ;;
		boot:*) boot_job "${next#boot:}" & ;;
		esac
	done
	wait
}

report() {	# every test's result line; exit 1 when one failed
	local t failed
	failed=0
	for t in "${TESTS[@]}"; do
		if [ -s "$OUT/$t.result" ]; then
			cat "$OUT/$t.result"
		else
			echo "FAIL: $t: no result (harness error)"
		fi
		grep -q '^FAIL' "$OUT/$t.result" 2>/dev/null && failed=1
	done
	log "qemu: ${#TESTS[@]} tests in $(($(date +%s) - start))s (per boot: build/qemu/times)"
	exit $failed
}

main() {	# PATTERN...
	select_tests "$@"
	start=$(date +%s)
	read_costs
	[ ${#TESTS[@]} -gt 0 ] || { log "no test matches: $*"; exit 2; }
	check_tools
	fetch_kernels
	use_kernel 6.1
	log "qemu: kernels $KVER${KVER612:+, $KVER612}${KVER7:+, $KVER7}; make install into $STAGE"
	if ! qemu_stage; then
		for t in "${TESTS[@]}"; do echo "FAIL: $t: make install failed (see build/qemu/stage.log)"; done
		exit 1
	fi
	plan_images
	write_inputs
	rm -f "$IMG"/*.done "$IMG"/*.ok
	run_jobs
	report
}

main "$@"
