#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/host/shapes.sh [BIN [SHAPE...]]: `check` on fake roots shaped like
# real hosts (tests/fixtures/hosts/SHAPE.sh builds each into a temporary
# directory), every PCI device of the tree selected by its exact slot,
# with the host's own /proc/cmdline (a serial console, for one).  What is
# compared with tests/fixtures/hosts/SHAPE.expected:
#   - per device, its decision for a Xen dom0 boot, exactly:
#       0000:03:00.0 -> pciback (selected by 0000:03:00.0)
#       0000:02:00.0 left alone: default-route
#   - each guard check lists, as "guard ADDR REASON" only: the path a guard
#     came through (": xenbr0 -> bond0 -> eth1") is the walker's wording,
#     which the expected table cannot know in advance, so it is cut off;
#     an unknown guard keeps "guard on every class CC device: unknown: REASON".
# Both sides are sorted, and the expected file's #-comments and blank
# lines dropped, so a table is written in any order, with its reasons.
# Prints one PASS:/FAIL: line per shape; the whole diff goes to stderr.
# KEEP=1 keeps the trees and check's output (the directory is named).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-$repo/build/host/pciback-early}
hosts=$repo/tests/fixtures/hosts
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
[ -z "${KEEP:-}" ] || echo "shapes: trees and outputs kept in $work" >&2
status=0
[ $# -gt 0 ] && shift
shapes=$*
if [ -z "$shapes" ]; then
	for f in "$hosts"/*.expected; do
		f=${f##*/}
		shapes="$shapes ${f%.expected}"
	done
fi

# decisions: "ADDR DECISION" for a Xen dom0 boot, from check's table
decisions() {
	sed -n 's/^\([0-9a-f]*:[0-9a-f]*:[0-9a-f]*\.[0-9a-f]\) .*Xen dom0\*\{0,1\}: \([^;]*\).*/\1 \2/p' |
		LC_ALL=C sort
}
# guards: check's guard lines without the way the guard came
guards() {
	grep '^guard ' | sed -e 's/^\(guard on every class [^ ]* device: unknown: [^: ]*\).*/\1/' -e t \
		-e 's/^\(guard [^ ]* [^: ]*\).*\( (recorded on another machine: ignored)\)$/\1\2/' -e t \
		-e 's/^\(guard [^ ]* [^: ]*\).*/\1/' | LC_ALL=C sort -u
}

for shape in $shapes; do
	tree=$work/$shape
	if ! sh "$hosts/$shape.sh" "$tree" 2>"$work/$shape.err"; then
		echo "FAIL: host shape $shape: the tree cannot be built: $(head -c 300 "$work/$shape.err" | tr '\n' ' ')"
		status=1
		continue
	fi
	slots=
	for dev in "$tree"/sys/bus/pci/devices/*; do
		slots=$slots${slots:+,}${dev##*/}
	done
	"$bin" --root "$tree" --cmdline "$(cat "$tree/proc/cmdline") rd.pciback.slots=$slots" \
		check >"$work/$shape.out" 2>"$work/$shape.log"
	grep -v '^#' "$hosts/$shape.expected" | grep -v '^[[:space:]]*$' >"$work/$shape.table"
	{ grep -v '^guard ' "$work/$shape.table" | LC_ALL=C sort; guards <"$work/$shape.table"; } \
		>"$work/$shape.want"
	{ decisions <"$work/$shape.out"; guards <"$work/$shape.out"; } >"$work/$shape.got"
	if diff -u "$work/$shape.want" "$work/$shape.got" >"$work/$shape.diff"; then
		echo "PASS: host shape $shape: every device's decision and guard"
	else
		echo "FAIL: host shape $shape: $(grep -c '^[-+][^-+]' "$work/$shape.diff") line(s) differ from $shape.expected"
		sed -n '3,$p' "$work/$shape.diff" | sed "s/^/  $shape: /" >&2
		status=1
	fi
done
exit $status
