#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Boot figures for `make bench` (called by tests/bench/run.sh): prints
# markdown rows `| figure | value | command |` on stdout, everything else on
# stderr and in build/bench/.
#
# 1. Image growth: dracut and initramfs-tools images built with and without
#    pciback-early (and a dracut image with the shell baseline of
#    tests/bench/baseline/), each unpacked and repacked the same way
#    (newc cpio, mtimes zeroed, gzip -n9) so that only content differs;
#    with and without the .ko files the module pulls in.
# 2. Hook time in a Xen dom0 (QEMU TCG): the bench-only dracut module
#    tests/bench/dracut/98pciback-bench-mark writes a kmsg line from a
#    cmdline hook just before (00) and just after (02) the hook under test
#    (cmdline 01); time = difference of the kernel's stamps. Boots with 1
#    and 8 selected e1000 NICs, pciback-early and the baseline booted side
#    by side (2 VMs at a time), BENCH_BOOTS (3) boots each.
#    2b ("flr"): the same hook time in a Xen dom0 on q35 whose 8 NICs
#    reset by FLR, as real NICs and GPUs do, 8 devices against 1.
#
# 3. VFIO host (bare kernel, QEMU q35 + intel-iommu, intel_iommu=on, the
#    same 8 NICs): pciback-early's hook (rd.pciback.driver=vfio-pci
#    rd.pciback.slots=00:03.0) against the plain recipe at the same hook
#    point, dracut's own rd.driver.pre=vfio-pci vfio-pci.ids=8086:100e
#    (parse-kernel.sh, cmdline 01): time, and how many NICs each takes; and
#    the image-size cost of carrying vfio-pci and its IOMMU backend as well
#    (all three targets, as every image does) against xen-pciback + pci-stub
#    only: the same image with the vfio modules deleted, repacked.  And all
#    8 NICs against 1 (two pciback-early boots side by side, so that both
#    see the same noise): hook time ratio, own time, and when each device
#    was verified on vfio-pci.
#
# Uses tests/qemu/lib.sh (kernel cache, staging, image builders, boot).
# Environment: BENCH_BOOTS (3), PCIBACK_BOOT_TIMEOUT (150 s per boot),
# PCIBACK_BENCH_OUT (build/bench), BENCH_PARTS ("growth xen flr vfio": which
# of 1, 2, 2b, 3 to run; "xen" alone: only the hook-time boots, with pciback-early's
# own and kernel time from its "done in" line), BENCH_SMP (1: the VMs'
# vCPUs, QEMU_SMP of lib.sh), BENCH_KARGS (nothing: more kernel command line
# for every boot, e.g. driver_async_probe=pciback to see the driver core's
# concurrent attach).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export PCIBACK_QEMU_OUT=${PCIBACK_BENCH_OUT:-$repo/build/bench}
export PCIBACK_BOOT_TIMEOUT=${PCIBACK_BOOT_TIMEOUT:-150}
export QEMU_SMP=${BENCH_SMP:-1}
KARGS=${BENCH_KARGS:+ $BENCH_KARGS}
# shellcheck source=../qemu/lib.sh
. "$repo/tests/qemu/lib.sh"

RUNS=${BENCH_BOOTS:-3}
PARTS=" ${BENCH_PARTS:-growth xen flr vfio} "
part() { [[ $PARTS == *" $1 "* ]]; }
SELF=tests/bench/boot.sh
# the vfio modules vfio-pci pulls in (deps and the softdep backend)
VFIO_KO='vfio[-_a-z0-9]*|irqbypass'

row() { # figure, value, command
	printf '| %s | %s | `%s` |\n' "$1" "$2" "$3"
}
skip() {
	row "boot figures (image growth, hook time, baseline)" "not measured: $1" "$SELF"
	exit 0
}

command -v qemu-system-x86_64 > /dev/null || skip "qemu-system-x86_64 missing"
command -v dracut > /dev/null || skip "dracut missing"
command -v mkinitramfs > /dev/null || skip "mkinitramfs missing"
command -v unmkinitramfs > /dev/null || skip "unmkinitramfs missing"
command -v lspci > /dev/null || skip "lspci missing (pciutils, for the shell baseline)"
[ "$(id -u)" = 0 ] || skip "needs root (mkinitramfs runs in a mount namespace)"
qemu_fetch 2> "$OUT/fetch.log" || skip "cannot fetch the Debian kernel/Xen (see $OUT/fetch.log)"
qemu_stage || skip "make install failed (see $OUT/stage.log)"

# The dracut base dir of lib.sh plus the baseline and the bench markers.
eval "qemu_$(declare -f dracut_basedir)"
dracut_basedir() {
	local base
	base=$(qemu_dracut_basedir) || return 1
	ln -s "$here/baseline/90pciback-baseline" "$base/modules.d/"
	ln -s "$here/dracut/98pciback-bench-mark" "$base/modules.d/"
	echo "$base"
}

# ---- 1. image growth -------------------------------------------------------
G=$OUT/growth
rm -rf "$G"
mkdir -p "$G"

# unpack IMG DIR: every cpio segment, mtimes zeroed
unpack() {
	mkdir -p "$2"
	if [ "$(head -c 6 "$1" | tr -d '\0')" = 070701 ]; then	# one uncompressed cpio
		(cd "$2" && cpio -id --quiet) < "$1" 2>> "$G/unpack.log" || return 1
	else
		unmkinitramfs "$1" "$2" 2>> "$G/unpack.log" || return 1
	fi
	find "$2" -exec touch -h -d @0 {} +
}
# sizes DIR: writes "UNCOMPRESSED GZIP" bytes of the tree as one newc cpio
# (exact: 4-byte I/O blocks, no 512-byte trailer padding) to DIR.size
sizes() {
	local u c
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --reproducible --quiet -C 4) > "$1.cpio"
	u=$(stat -c %s "$1.cpio")
	c=$(gzip -n -9 < "$1.cpio" | wc -c)
	rm -f "$1.cpio"
	echo "$u $c" > "$1.size"
}
# noko DIR NAME PATTERN: a copy of DIR without the .ko files matching
noko() {
	rm -rf "$G/${2:?}"
	cp -a "$1" "$G/$2"
	find "$G/$2" -regextype posix-extended -regex ".*/($3)\.ko(\..*)?" -delete
	find "$G/$2" -depth -type d -empty -delete
}
# files DIR: "SIZE PATH" of regular files and symlinks
files() {
	(cd "$1" && find . -type f -printf '%s %p\n' -o -type l -printf '%s %p\n') |
		LC_ALL=C sort -k2
}
# growth NAME BASE: "dU dC" of $G/NAME and $G/NAME-noko against $G/BASE
# into $G/NAME.{with,without}, the added or changed files into NAME.files
growth() {
	local bu bc u c
	read -r bu bc < "$G/$2.size"
	read -r u c < "$G/$1.size"
	echo "$((u - bu)) $((c - bc)) $bu $bc" > "$G/$1.with"
	read -r u c < "$G/$1-noko.size"
	echo "$((u - bu)) $((c - bc))" > "$G/$1.without"
	LC_ALL=C join -1 2 -2 2 -a 2 -e - -o 0,1.1,2.1 <(files "$G/$2") <(files "$G/$1") |
		awk '$2 != $3 { print }' > "$G/$1.files"
}

log "bench: building images (logs in $IMG)"
ok=1
# (size images uncompressed: they are measured repacked, see sizes)
if part growth || part vfio; then
	build_dracut "$IMG/size-dracut-ours.img" "pciback-early" --no-compress || ok=0
	build_itools "$IMG/size-itools-ours.img" with || ok=0
fi
if part growth; then
	build_dracut "$IMG/size-dracut-control.img" "" --no-compress || ok=0
	build_dracut "$IMG/size-dracut-baseline.img" "pciback-baseline" --no-compress || ok=0
	build_itools "$IMG/size-itools-control.img" without || ok=0
fi
if part xen || part flr; then
	build_dracut "$IMG/bench-ours.img" "pciback-early pciback-bench-mark" || ok=0
fi
if part xen; then
	build_dracut "$IMG/bench-baseline.img" "pciback-baseline pciback-bench-mark" || ok=0
fi
[ $ok = 1 ] || skip "an image build failed (see $IMG/*.log)"

if part growth; then

for i in dracut-control dracut-ours dracut-baseline itools-control itools-ours; do
	unpack "$IMG/size-$i.img" "$G/$i" || skip "unmkinitramfs $i failed"
done
# every image carries all three targets: without the .ko files means
# without vfio-pci's modules (VFIO_KO) too
noko "$G/dracut-ours" dracut-ours-noko "xen-pciback|pci-stub|$VFIO_KO"
noko "$G/itools-ours" itools-ours-noko "xen-pciback|pci-stub|$VFIO_KO"
noko "$G/dracut-baseline" dracut-baseline-noko 'xen-pciback'
# gzip -9 of ~30 MB trees: two at a time
for i in dracut-control dracut-ours dracut-ours-noko dracut-baseline \
	dracut-baseline-noko itools-control itools-ours itools-ours-noko; do
	while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
	sizes "$G/$i" &
done
wait
growth dracut-ours dracut-control
growth itools-ours itools-control
growth dracut-baseline dracut-control

kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
growth_rows() { # NAME LABEL KO-LABEL
	local du dc bu bc
	read -r du dc bu bc < "$G/$1.with"
	row "$2 image growth, with $3" \
		"+$du B uncompressed, +$dc B gzip ($(kib "$du"), $(kib "$dc"); image without it: $bu B, $bc B gzip)" \
		"unmkinitramfs, then cpio -o -H newc -C 4, gzip -n9 of both trees, mtimes zeroed; files: build/bench/growth/$1.files"
	read -r du dc < "$G/$1.without"
	local target=
	[ "$1" != dracut-baseline ] && {
		target=" (target < 64 KiB: "
		if [ "$du" -lt 65536 ]; then target+="met)"; else target+="NOT met)"; fi
	}
	row "$2 image growth, without the .ko files" \
		"+$du B uncompressed, +$dc B gzip ($(kib "$du"), $(kib "$dc"))$target" \
		"the same, $3 deleted from the unpacked image"
}
growth_rows dracut-ours "dracut, pciback-early:" "xen-pciback.ko + pci-stub.ko + vfio-pci.ko and its modules"
growth_rows itools-ours "initramfs-tools, pciback-early:" "xen-pciback.ko + pci-stub.ko + vfio-pci.ko and its modules"
growth_rows dracut-baseline "dracut, shell baseline:" "xen-pciback.ko"
fi

# ---- 2. hook time in a Xen dom0 --------------------------------------------
# Eight identical e1000 NICs at 00:03.0 ... 00:0a.0 on every boot.
NICS=()
SEL8=
for s in 03 04 05 06 07 08 09 0a; do
	NICS+=(-device "e1000,addr=$s.0,mac=52:54:00:00:00:$s")
	SEL8+="${SEL8:+,}00:$s.0"
done
SEL1=00:03.0
others=$(pgrep -c qemu-system-x86 || true)

# stamp FILE TEXT: kernel time stamp of the first KERNEL line with TEXT
stamp() {
	tr -d '\r' < "$1" | sed -n "s/^KERNEL \\[ *\\([0-9.]*\\)\\] .*$2.*/\\1/p" | head -n1
}
# hook_ms NAME NDEV [DEVICE-PATTERN]: prints "HOOK KERNEL" in ms: the hook time, and the part
# of it spent in xen-pciback's own init (first "seizing device" to "backend
# is", all inside finit_module, the same work for any tool); nothing if the
# boot did not report the marks or did not seize the NDEV devices
hook_ms() {
	local f=$OUT/$1.out t0 t1 k0 k1 n devs=${3:-0000:00:0[3-9a].0}
	[ -f "$f" ] || return 0
	t0=$(stamp "$f" 'pciback-bench: hook-start')
	t1=$(stamp "$f" 'pciback-bench: hook-end')
	k0=$(stamp "$f" 'xen_pciback: seizing device')
	k1=$(stamp "$f" 'xen_pciback: backend is')
	n=$(tr -d '\r' < "$f" | grep -c "^DEV $devs .* driver=pciback ")
	if [ -z "$t0" ] || [ -z "$t1" ]; then
		log "bench: $1: no hook marks (see $OUT/$1.console)"
	elif [ "$n" != "$2" ]; then
		log "bench: $1: $n devices on pciback, expected $2 (see $OUT/$1.out)"
	else
		# pciback-early probes after the init now: its "seizing device"
		# lines come after "backend is", and its init is not subtracted
		awk -v a="$t0" -v b="$t1" -v c="${k0:-0}" -v d="${k1:-0}" \
			'BEGIN { k = d > c ? d - c : 0; printf "%.1f %.1f\n", (b - a) * 1000, k * 1000 }'
	fi
}

DMETHOD="pciback-early's last kmsg line, 'done in T ms (kernel K ms, own O ms)', in the same boots: kernel = time inside finit_module and sysfs writes, own = T - K (klibc gettimeofday around each kernel call)"
# done_ms NAME NDEV: "KERNEL OWN" in ms from pciback-early's last log line
# ("done in T ms (kernel K ms, own O ms): NDEV seized, ..."), as the bench
# mark (KERNEL) or the test report (KMSG) copied it; nothing when
# the boot did not log it or did not seize the NDEV devices
done_ms() {
	local f=$OUT/$1.out
	[ -f "$f" ] || return 0
	tr -d '\r' < "$f" | sed -n "s/^[A-Z]* .*pciback-early: done in [0-9]* ms (kernel \([0-9]*\) ms, own \([0-9]*\) ms): $2 seized,.*/\1 \2/p" |
		tail -n1
}

# timeline NAME: each device's probe by xen-pciback ("seizing device"),
# in ms after the hook started, in the order the kernel logged them
timeline() {
	local f=$OUT/$1.out t0
	[ -f "$f" ] || return 0
	t0=$(stamp "$f" 'pciback-bench: hook-start')
	[ -n "$t0" ] || return 0
	tr -d '\r' < "$f" |
		sed -n 's/^KERNEL \[ *\([0-9.]*\)\] pciback \([0-9a-f:.]*\): xen_pciback: seizing device.*/\1 \2/p' |
		awk -v a="$t0" '{ printf "%s%s +%.0f ms", (NR > 1 ? ", " : ""), $2, ($1 - a) * 1000 }'
}

# stats V...: "MEDIAN MIN MAX N" in ms, of the boots that gave a value
stats() {
	printf '%s\n' "$@" | sort -n | awk '
		{ v[NR] = $1 }
		END {
			if (NR == 0) { print "none"; exit }
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.1f %.1f %.1f %d\n", m, v[1], v[NR], NR
		}'
}
# goal_8v1 LABEL MED8 MED1 COMMAND: the row of the goal "8 devices in at
# most 2x the hook time of one", when both medians are there
goal_8v1() {
	local r
	[ -n "$2" ] && [ -n "$3" ] || return 0
	r=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", a / b }')
	row "$1" "${r}x ($2 ms against $3 ms; target <= 2x: $(awk -v r="$r" 'BEGIN { print r <= 2 ? "met" : "NOT met" }'))" "$4"
}
# first_timeline FUNCTION BOOT-PREFIX LABEL COMMAND: the timeline row of the
# first of the RUNS boots PREFIX-1, PREFIX-2... that has one
first_timeline() {
	local r t
	for r in $(seq 1 "$RUNS"); do
		t=$("$1" "$2-$r")
		[ -n "$t" ] || continue
		row "$3 (boot $r)" "$t" "$4"
		return 0
	done
}
bench_boot() { # NAME IMAGE SELECTION
	boot "$1" xen "$IMG/$2" "rd.pciback.slots=$3 printk.devkmsg=on$KARGS" "${NICS[@]}"
	echo "$1 rc=$?" >> "$OUT/bench-times"
}

if part xen; then
log "bench: $((RUNS * 4)) Xen dom0 boots, 2 at a time ($others other QEMU running)"
: > "$OUT/bench-times"
t_start=$(date +%s)
for r in $(seq 1 "$RUNS"); do
	for n in 1 8; do
		sel=$SEL1
		[ $n = 8 ] && sel=$SEL8
		log "bench: boot $r, $n device(s)"
		bench_boot "bench-ours-$n-$r" bench-ours.img "$sel" &
		bench_boot "bench-baseline-$n-$r" bench-baseline.img "$sel" &
		wait
	done
done
log "bench: boots took $(($(date +%s) - t_start)) s"

METHOD="kmsg stamps of bench hooks cmdline/00 and cmdline/02 around the hook at cmdline/01 (tests/bench/dracut/98pciback-bench-mark), printk.devkmsg=on$KARGS; Xen 4.17 dom0, QEMU TCG -smp $QEMU_SMP, 8 e1000 NICs"
KMETHOD="the same minus, per boot, xen-pciback's own init (kmsg: first 'xen_pciback: seizing device' to 'xen_pciback: backend is'), which runs inside finit_module for either tool"
# ratio_row LABEL BASELINE OURS [TARGET-NOTE]
ratio_row() {
	local ratio verdict=met
	[ -n "$2" ] && [ -n "$3" ] || return 0
	ratio=$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.1f", a / b }')
	awk -v r="$ratio" 'BEGIN { exit !(r < 10) }' && verdict="NOT met"
	row "$1" "${ratio}x (target >= 10x: $verdict)" "ratio of the medians above"
}
for n in 1 8; do
	sel=$SEL1
	[ $n = 8 ] && sel=$SEL8
	declare -A med medu
	for who in ours baseline; do
		vals=() user=()
		for r in $(seq 1 "$RUNS"); do
			read -r h k <<< "$(hook_ms "bench-$who-$n-$r" "$n")"
			[ -n "$h" ] || continue
			vals+=("$h")
			user+=("$(awk -v h="$h" -v k="$k" 'BEGIN { printf "%.1f", h - k }')")
		done
		label="pciback-early"
		[ $who = baseline ] && label="shell baseline"
		med[$who]=''
		medu[$who]=''
		if [ ${#vals[@]} -eq 0 ]; then
			row "hook time, $label, $n device(s)" "no valid boot of $RUNS" "$METHOD"
			continue
		fi
		read -r m lo hi k <<< "$(stats "${vals[@]}")"
		med[$who]=$m
		row "hook time, $label, $n device(s), dracut, Xen dom0" \
			"median $m ms (range $lo-$hi ms; $k of $RUNS boots valid: ${vals[*]})" \
			"rd.pciback.slots=$sel; $METHOD"
		read -r m lo hi k <<< "$(stats "${user[@]}")"
		medu[$who]=$m
		row "hook time outside xen-pciback's init, $label, $n device(s)" \
			"median $m ms (range $lo-$hi ms: ${user[*]})" "$KMETHOD"
	done
	# where pciback-early's own run went, by its own account
	kern=() own=()
	for r in $(seq 1 "$RUNS"); do
		read -r k o <<< "$(done_ms "bench-ours-$n-$r" "$n")"
		[ -n "$o" ] || { log "bench: bench-ours-$n-$r: no 'done in' line with $n seized"; continue; }
		kern+=("$k") own+=("$o")
	done
	if [ ${#own[@]} -eq 0 ]; then
		row "pciback-early own and kernel time, $n device(s)" "no boot logged its done line" "$DMETHOD"
	else
		read -r mo lo hi k <<< "$(stats "${own[@]}")"
		row "pciback-early own time (its done line), $n device(s)" \
			"median $mo ms (range $lo-$hi ms; $k of $RUNS boots: ${own[*]})" "$DMETHOD"
		read -r mk lo hi k <<< "$(stats "${kern[@]}")"
		row "time inside the kernel (pciback-early's done line), $n device(s)" \
			"median $mk ms (range $lo-$hi ms; $k of $RUNS boots: ${kern[*]})" "$DMETHOD"
		row "own / kernel time, pciback-early, $n device(s)" \
			"$(awk -v o="$mo" -v k="$mk" 'BEGIN { if (k > 0) printf "%.3f", o / k; else print "kernel 0 ms" }')" \
			"ratio of the two medians above"
	fi
	[ $n = 1 ] && ours1=${med[ours]} own1=${mo:-}
	[ $n = 8 ] && ours8=${med[ours]}
	ratio_row "hook time ratio, shell baseline / pciback-early, $n device(s)" "${med[baseline]}" "${med[ours]}"
	ratio_row "hook time ratio outside xen-pciback's init, baseline / pciback-early, $n device(s)" "${medu[baseline]}" "${medu[ours]}"
	unset med medu
done
goal_8v1 "goal: 8 devices in the hook time of at most 2 one-device runs, pciback-early" \
	"${ours8:-}" "${ours1:-}" "ratio of the medians above"
if [ -n "${own1:-}" ]; then
	row "goal: pciback-early's own time for one device at most 10 ms under TCG" \
		"$own1 ms ($(awk -v o="$own1" 'BEGIN { print o <= 10 ? "met" : "NOT met" }'))" \
		"median of its done lines above"
fi
first_timeline timeline bench-ours-8 "probe timeline, 8 devices, pciback-early" \
	"kmsg stamps of 'pciback ADDR: xen_pciback: seizing device' less the hook's start; printk.devkmsg=on"
row "noise" "$others other QEMU VMs were running when the boots started; my boots ran 2 at a time (ours and the baseline side by side)" "pgrep -c qemu-system-x86"
fi

# ---- 2b. Xen dom0, NICs that reset by FLR ----------------------------------
# xen-pciback resets each device it seizes; an e1000 on the PC machine has
# no reset method, so its probe is CPU work that one vCPU cannot overlap.
# Real NICs and GPUs reset by FLR, and an FLR waits 100 ms (drivers/pci
# pcie_flr): here 8 virtio-net NICs, each behind its own PCIe root port of a
# q35 machine (QEMU's x-pcie-flr-init, on by default), 8 against 1 booted
# side by side.
if part flr; then
FLR_DEVS=()
FSEL8=
for i in 1 2 3 4 5 6 7 8; do
	FLR_DEVS+=(-device "pcie-root-port,id=rp$i,bus=pcie.0,chassis=$i,addr=$(printf %x $((i + 2))).0"
		-device "virtio-net-pci,bus=rp$i,mac=52:54:00:00:01:0$i")
	FSEL8+="${FSEL8:+,}0$i:00.0"
done
FSEL1=01:00.0
FLR_PAT='0000:0[1-8]:00.0'
flr_boot() {	# NAME SELECTION
	QEMU_MACHINE=q35 boot "$1" xen "$IMG/bench-ours.img" "rd.pciback.slots=$2 printk.devkmsg=on$KARGS" "${FLR_DEVS[@]}"
	echo "$1 rc=$?" >> "$OUT/bench-times"
}
others=$(pgrep -c qemu-system-x86 || true)
log "bench: $((RUNS * 2)) Xen dom0 boots with FLR NICs, 2 at a time ($others other QEMU running)"
for r in $(seq 1 "$RUNS"); do
	flr_boot "bench-flr-8-$r" "$FSEL8" &
	flr_boot "bench-flr-1-$r" "$FSEL1" &
	wait
done
FMETHOD="kmsg stamps of bench hooks cmdline/00 and cmdline/02 around the hook at cmdline/01, printk.devkmsg=on$KARGS; Xen 4.17 dom0, QEMU TCG -smp $QEMU_SMP q35, 8 virtio-net NICs (1af4:1041) each behind a pcie-root-port, FLR capable; the 1- and 8-device boots side by side"
declare -A fmed
for n in 1 8; do
	vals=() own=()
	for r in $(seq 1 "$RUNS"); do
		read -r h _ <<< "$(hook_ms "bench-flr-$n-$r" "$n" "$FLR_PAT")"
		[ -n "$h" ] || continue
		vals+=("$h")
		read -r _ o <<< "$(done_ms "bench-flr-$n-$r" "$n")"
		[ -n "$o" ] && own+=("$o")
	done
	sel=$FSEL1
	[ $n = 8 ] && sel=$FSEL8
	fmed[$n]=
	if [ ${#vals[@]} -eq 0 ]; then
		row "hook time, FLR NICs, pciback-early, $n device(s)" "no valid boot of $RUNS" "rd.pciback.slots=$sel; $FMETHOD"
		continue
	fi
	read -r m lo hi k <<< "$(stats "${vals[@]}")"
	fmed[$n]=$m
	ownrow=
	if [ ${#own[@]} -gt 0 ]; then
		read -r mo _ <<< "$(stats "${own[@]}")"
		ownrow="; own time median $mo ms (${own[*]})"
	fi
	row "hook time, FLR NICs, pciback-early, $n device(s)" \
		"median $m ms (range $lo-$hi ms; $k of $RUNS boots valid: ${vals[*]})$ownrow" \
		"rd.pciback.slots=$sel; $FMETHOD"
done
goal_8v1 "goal: 8 FLR NICs in the hook time of at most 2 one-device runs, Xen dom0, pciback-early" \
	"${fmed[8]}" "${fmed[1]}" "ratio of the medians above"
first_timeline timeline bench-flr-8 "probe timeline, 8 FLR NICs, pciback-early" \
	"kmsg stamps of 'pciback ADDR: xen_pciback: seizing device' less the hook's start; printk.devkmsg=on"
fi

# ---- 3. VFIO host: hook time against the plain recipe; size of all targets --
part vfio || exit 0
declare -F kib > /dev/null || kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
VFIO_MODS="vfio-pci vfio_iommu_type1"
log "bench: building the VFIO images"
ok=1
build_dracut "$IMG/bench-vfio-ours.img" "pciback-early pciback-bench-mark" || ok=0
# the recipe: dracut's kernel-modules reads rd.driver.pre in a cmdline 01 hook
build_dracut "$IMG/bench-vfio-recipe.img" "kernel-modules pciback-bench-mark" \
	--add-drivers "$VFIO_MODS" || ok=0
[ $ok = 1 ] || skip "a VFIO image build failed (see $IMG/*.log)"

for g in dracut itools; do
	[ -d "$G/$g-ours" ] || unpack "$IMG/size-$g-ours.img" "$G/$g-ours" || skip "unmkinitramfs $g failed"
	[ -s "$G/$g-ours.size" ] || sizes "$G/$g-ours"
	noko "$G/$g-ours" "$g-novfio" "$VFIO_KO"
	sizes "$G/$g-novfio"
	read -r bu bc < "$G/$g-novfio.size"
	read -r u c < "$G/$g-ours.size"
	LC_ALL=C join -1 2 -2 2 -a 2 -e - -o 0,1.1,2.1 <(files "$G/$g-novfio") <(files "$G/$g-ours") |
		awk '$2 != $3 { print }' > "$G/$g-vfio.files"
	row "$g: image cost of the vfio target (vfio-pci, its deps and vfio_iommu_type1) on top of xen-pciback + pci-stub" \
		"+$((u - bu)) B uncompressed, +$((c - bc)) B gzip ($(kib $((u - bu))), $(kib $((c - bc)))); modules: $(grep -c '\.ko' "$G/$g-vfio.files")" \
		"the pciback-early image against the same tree with $VFIO_KO .ko deleted (modules.dep etc. left as they are), both repacked as above; files: build/bench/growth/$g-vfio.files"
done

# vfio_hook NAME: "HOOK-MS NVFIO" from the report, nothing if no marks
vfio_hook() {
	local f=$OUT/$1.out t0 t1 n
	[ -f "$f" ] || return 0
	t0=$(stamp "$f" 'pciback-bench: hook-start')
	t1=$(stamp "$f" 'pciback-bench: hook-end')
	n=$(tr -d '\r' < "$f" | grep -c '^DEV 0000:00:0[3-9a].0 .* driver=vfio-pci ')
	if [ -z "$t0" ] || [ -z "$t1" ]; then
		log "bench: $1: no hook marks (see $OUT/$1.console)"
	else
		awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN { printf "%.1f %d\n", (b - a) * 1000, n }'
	fi
}
vfio_boot() {	# NAME IMAGE CMDLINE
	QEMU_MACHINE=q35,kernel-irqchip=split boot "$1" bare "$IMG/$2" \
		"intel_iommu=on printk.devkmsg=on $3$KARGS" -device intel-iommu,intremap=on "${NICS[@]}"
	echo "$1 rc=$?" >> "$OUT/bench-times"
}
OURS_CMD="rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0"
RECIPE_CMD="rd.driver.pre=vfio-pci vfio-pci.ids=8086:100e"
OURS8_CMD="rd.pciback.driver=vfio-pci rd.pciback.slots=$SEL8"
others=$(pgrep -c qemu-system-x86 || true)
log "bench: $((RUNS * 4)) VFIO boots, 2 at a time ($others other QEMU running)"
for r in $(seq 1 "$RUNS"); do
	vfio_boot "bench-vfio-ours-$r" bench-vfio-ours.img "$OURS_CMD" &
	vfio_boot "bench-vfio-recipe-$r" bench-vfio-recipe.img "$RECIPE_CMD" &
	wait
	# 8 devices against 1, side by side: the same noise for both
	vfio_boot "bench-vfio-ours8-$r" bench-vfio-ours.img "$OURS8_CMD" &
	vfio_boot "bench-vfio-ours1-$r" bench-vfio-ours.img "$OURS_CMD" &
	wait
done
VMETHOD="kmsg stamps of bench hooks cmdline/00 and cmdline/02 (tests/bench/dracut/98pciback-bench-mark), printk.devkmsg=on$KARGS; bare 6.1 kernel, QEMU TCG -smp $QEMU_SMP q35 + intel-iommu, intel_iommu=on, 8 identical e1000 NICs (8086:100e) at 00:03.0-00:0a.0"
declare -A vmed
for who in ours recipe; do
	vals=() taken=()
	for r in $(seq 1 "$RUNS"); do
		read -r h n <<< "$(vfio_hook "bench-vfio-$who-$r")"
		[ -n "$h" ] || continue
		vals+=("$h")
		taken+=("$n")
	done
	if [ $who = ours ]; then
		label="pciback-early" cmd=$OURS_CMD
	else
		label="recipe rd.driver.pre + vfio-pci.ids" cmd=$RECIPE_CMD
	fi
	vmed[$who]=
	if [ ${#vals[@]} -eq 0 ]; then
		row "VFIO hook time, $label" "no valid boot of $RUNS" "$cmd; $VMETHOD"
		continue
	fi
	read -r m lo hi k <<< "$(stats "${vals[@]}")"
	vmed[$who]=$m
	row "VFIO hook time, $label, 1 NIC wanted" \
		"median $m ms (range $lo-$hi ms; $k of $RUNS boots: ${vals[*]}); NICs on vfio-pci after the hook: ${taken[*]} (of 8)" \
		"$cmd; $VMETHOD"
done
if [ -n "${vmed[ours]}" ] && [ -n "${vmed[recipe]}" ]; then
	row "VFIO hook time ratio, recipe / pciback-early" \
		"$(awk -v a="${vmed[recipe]}" -v b="${vmed[ours]}" 'BEGIN { printf "%.1fx", a / b }')" \
		"ratio of the medians above; the recipe takes every NIC with these IDs, the twins too"
fi
# 8 NICs against 1 on vfio-pci, booted in pairs (ours8-R beside ours1-R)
# vfio_timeline NAME: each device's verified seizure (pciback-early's
# "-> vfio-pci" line) in ms after the hook started: vfio-pci logs nothing
# of its own probe
vfio_timeline() {
	local f=$OUT/$1.out t0
	[ -f "$f" ] || return 0
	t0=$(stamp "$f" 'pciback-bench: hook-start')
	[ -n "$t0" ] || return 0
	tr -d '\r' < "$f" |
		sed -n 's/^KERNEL \[ *\([0-9.]*\)\] pciback-early: \([0-9a-f:.]*\) \[.*-> vfio-pci$/\1 \2/p' |
		awk -v a="$t0" '{ printf "%s%s +%.0f ms", (NR > 1 ? ", " : ""), $2, ($1 - a) * 1000 }'
}
declare -A v8
for n in 1 8; do
	vals=() taken=() own=() kern=()
	for r in $(seq 1 "$RUNS"); do
		read -r h k <<< "$(vfio_hook "bench-vfio-ours$n-$r")"
		[ -n "$h" ] || continue
		if [ "$k" != "$n" ]; then
			log "bench: bench-vfio-ours$n-$r: $k NICs on vfio-pci, expected $n"
			continue
		fi
		vals+=("$h")
		read -r k o <<< "$(done_ms "bench-vfio-ours$n-$r" "$n")"
		[ -n "$o" ] && own+=("$o") kern+=("$k")
	done
	sel=$OURS_CMD
	[ $n = 8 ] && sel=$OURS8_CMD
	v8[$n]=
	if [ ${#vals[@]} -eq 0 ]; then
		row "VFIO hook time, pciback-early, $n NIC(s), beside the other count" "no valid boot of $RUNS" "$sel; $VMETHOD"
		continue
	fi
	read -r m lo hi k <<< "$(stats "${vals[@]}")"
	v8[$n]=$m
	row "VFIO hook time, pciback-early, $n NIC(s), booted beside the $((9 - n))-NIC boot" \
		"median $m ms (range $lo-$hi ms; $k of $RUNS boots valid: ${vals[*]})" "$sel; $VMETHOD"
	if [ ${#own[@]} -gt 0 ]; then
		read -r mo lo hi k <<< "$(stats "${own[@]}")"
		read -r mk _ <<< "$(stats "${kern[@]}")"
		row "VFIO: pciback-early's own time (its done line), $n NIC(s)" \
			"median $mo ms (range $lo-$hi ms: ${own[*]}); kernel median $mk ms" "$DMETHOD"
	fi
done
goal_8v1 "goal: VFIO, 8 devices in the hook time of at most 2 one-device runs, pciback-early" \
	"${v8[8]}" "${v8[1]}" "ratio of the two medians above"
first_timeline vfio_timeline bench-vfio-ours8 "VFIO timeline, 8 devices, pciback-early" \
	"kmsg stamps of pciback-early's 'ADDR [VVVV:DDDD] ... -> vfio-pci' lines less the hook's start; printk.devkmsg=on"
row "noise (VFIO boots)" "$others other QEMU VMs were running when the VFIO boots started; 2 at a time" "pgrep -c qemu-system-x86"
