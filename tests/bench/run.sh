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

echo "| figure | value | command |" | tee "$table"
echo "|---|---|---|" | tee -a "$table"
row "static klibc binary, stripped" "$(stat -c %s "$static") bytes (target < 32768)" "stat -c %s build/pciback-early"
cp "$host" "$work/host-stripped" && strip "$work/host-stripped"
row "host build (libkmod), stripped" "$(stat -c %s "$work/host-stripped") bytes" "strip build/host/pciback-early"

# selection and dry run on synthetic trees: linear growth expected
for n in 64 1024 4096; do
	"$here/mktree.sh" "$work/t$n" "$n"
	row "dry run, $n devices, all selected by ids" \
	    "$(best_ms 5 "$host" --root "$work/t$n" --dry-run --cmdline "rd.pciback.driver=vfio-pci rd.pciback.ids=8086:100e")" \
	    "pciback-early --root T$n --dry-run --cmdline 'rd.pciback.driver=vfio-pci rd.pciback.ids=8086:100e'"
	row "dry run, $n devices, one selected by slot" \
	    "$(best_ms 5 "$host" --root "$work/t$n" --dry-run --cmdline "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0")" \
	    "pciback-early --root T$n --dry-run --cmdline 'rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0'"
	rm -rf "$work/t$n"
done

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
