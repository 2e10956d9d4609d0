#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench: figures, not pass/fail.  Prints a table row per figure with
# the command that produced it, and writes the table to RESULTS.md when
# BENCH_WRITE=1 (make bench sets it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
static=$repo/build/pciback-early
host=$repo/build/host/pciback-early
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
table=$work/table

row() { # figure, value, command
	printf '| %s | %s | `%s` |\n' "$1" "$2" "$3" | tee -a "$table"
}

# milliseconds per run of a command, best of N (the least disturbed)
best_ms() {
	n=$1; shift
	best=
	i=0
	while [ $i -lt "$n" ]; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		ms=$(( (t1 - t0) / 1000 ))
		[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
		i=$((i + 1))
	done
	printf '%d.%03d ms' $((best / 1000)) $((best % 1000))
}

# "met" or "NOT met": an awk condition on the figures
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo "NOT met"; fi; }
# the number in "12.345 ms"
num() { echo "${1%% *}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "| figure | value | command |" | tee "$table"
echo "|---|---|---|" | tee -a "$table"
size=$(stat -c %s "$static")
row "static klibc binary, stripped" "$size bytes (cap 36864: $(verdict "$size <= 36864"); target < 32768: $(verdict "$size < 32768"))" "stat -c %s build/pciback-early"
cp "$host" "$work/host-stripped" && strip "$work/host-stripped"
row "host build (libkmod), stripped" "$(stat -c %s "$work/host-stripped") bytes" "strip build/host/pciback-early"

# selection and dry run on synthetic trees: what is selected, not the
# machine, sets the cost of a run of exact slots
DRY="$host --root T --dry-run --cmdline"
for n in 64 1024 4096; do
	"$here/mktree.sh" "$work/t$n" "$n"
	ids=$(best_ms 5 "$host" --root "$work/t$n" --dry-run --cmdline "rd.pciback.driver=vfio-pci rd.pciback.ids=8086:100e" apply)
	slot=$(best_ms 5 "$host" --root "$work/t$n" --dry-run --cmdline "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0" apply)
	eval "ids$n='$ids' slot$n='$slot'"
	row "dry run, $n devices, all selected by ids" "$ids" \
	    "pciback-early --root T$n --dry-run --cmdline 'rd.pciback.driver=vfio-pci rd.pciback.ids=8086:100e' apply"
	row "dry run, $n devices, one selected by slot" "$slot" \
	    "pciback-early --root T$n --dry-run --cmdline 'rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0' apply"
	if command -v strace >/dev/null; then
		strace -c -f -o "$work/strace" "$host" --root "$work/t$n" --dry-run \
			--cmdline "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0" apply >/dev/null 2>&1 || true
		eval "calls$n=$(awk '$NF == "total" { print $4 }' "$work/strace")"
	fi
	[ $n = 4096 ] || rm -rf "$work/t$n"
done
row "goal: dry run over 4096 devices, one exact slot, under 50 ms" \
    "$(num "$slot4096") ms ($(verdict "$(num "$slot4096") < 50")); against 64 devices in the same run: $(ratio "$(num "$slot4096")" "$(num "$slot64")")x (target <= 1.5x: $(verdict "$(num "$slot4096") <= 1.5 * $(num "$slot64")"))" \
    "the two dry runs by slot above"
if [ -n "${calls64:-}" ]; then
	row "goal: system calls of a one-slot dry run do not grow with the machine" \
	    "$calls4096 with 4096 devices, $calls64 with 64 (target: at most 10 more: $(verdict "$calls4096 <= $calls64 + 10"))" \
	    "strace -c -f pciback-early --root T --dry-run --cmdline 'rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0' apply"
fi

# modules.softdep: a 300 KB line of unknown names over a 4000-module
# modules.dep, against one short line, on the 4096-device tree
mods=$work/t4096/lib/modules/bench
mkdir -p "$mods/kernel"
: > "$mods/kernel/pci-stub.ko"
awk 'BEGIN { print "kernel/pci-stub.ko:"; for (i = 0; i < 4000; i++) printf "kernel/m%04d.ko:\n", i }' > "$mods/modules.dep"
soft() { # CMDLINE-WORDS: milliseconds of a dry run of pci-stub, at most 120 s
	best_ms 3 timeout 120 "$host" --root "$work/t4096" --kver bench --dry-run \
		--cmdline "rd.pciback.driver=pci-stub rd.pciback.slots=00:03.0" apply
}
echo "softdep pci-stub pre: nosuch" > "$mods/modules.softdep"
short=$(soft)
awk 'BEGIN { printf "softdep pci-stub pre:"; for (i = 0; i < 30000; i++) printf " nosuch%05d", i; print "" }' > "$mods/modules.softdep"
long=$(soft)
row "goal: a 300 KB modules.softdep line is walked once" \
    "$(num "$long") ms against $(num "$short") ms for a short line: $(ratio "$(num "$long")" "$(num "$short")")x (target <= 2x: $(verdict "$(num "$long") <= 2 * $(num "$short")"))" \
    "pciback-early --kver bench --dry-run, driver pci-stub, modules.dep of 4000 modules; modules.softdep 'pre:' of 30000 unknown names against one"
rm -rf "$work/t4096"

# group=1: 16384 devices in one IOMMU group, every other one selected by
# ids, the others taken as its mates; against the same devices all
# selected by ids, without group=1
"$here/mktree.sh" "$work/tg" 16384 1
nogroup=$(best_ms 3 "$host" --root "$work/tg" --dry-run --cmdline "rd.pciback.driver=pci-stub rd.pciback.ids=8086:100e,8086:10d3" apply)
group=$(best_ms 3 "$host" --root "$work/tg" --dry-run --cmdline "rd.pciback.driver=pci-stub rd.pciback.ids=8086:100e rd.pciback.group=1" apply)
rm -rf "$work/tg"
row "goal: group=1 linear in the devices" \
    "$(num "$group") ms with group=1 against $(num "$nogroup") ms for the same devices selected by ids, 16384 devices in one group: $(ratio "$(num "$group")" "$(num "$nogroup")")x (target <= 1.5x: $(verdict "$(num "$group") <= 1.5 * $(num "$nogroup")"))" \
    "pciback-early --root T16384 --dry-run --cmdline 'rd.pciback.driver=pci-stub rd.pciback.ids=8086:100e rd.pciback.group=1' apply, against ids=8086:100e,8086:10d3 (tests/bench/mktree.sh T 16384 1)"

# optional: boot figures (image growth, hook time, shell baseline)
if [ -x "$here/boot.sh" ] && [ "${BENCH_BOOT:-1}" != 0 ]; then
	"$here/boot.sh" | tee -a "$table"
fi

if [ "${BENCH_WRITE:-0}" = 1 ]; then
	{
		echo "# Benchmark results"
		echo
		echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), no KVM (QEMU TCG); \`make bench\`."
		echo
		cat "$table"
	} >"$here/RESULTS.md"
	echo "written to tests/bench/RESULTS.md"
fi
