#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the unit test binaries given as arguments, then the suites under
# tests/*/run.sh (the QEMU boot tests last, unless QEMU_TESTS=0), and count
# their PASS/FAIL/SKIP lines.
# Prints every result line and ends with "N passed, N failed, N skipped".
set -u
log=$(mktemp)
trap 'rm -f "$log" "$log".*' EXIT
status=0

# lint alongside the unit tests: on 2 cores neither fills the machine
tests/lint.sh >"$log.lint" 2>/dev/null &
lint=$!

# the unit test binaries, UNIT_JOBS (2) at a time, each into its own files,
# then read back in the order given
n=0
for t in "$@"; do
	n=$((n + 1))
	echo "$n $t"
done | xargs -P "${UNIT_JOBS:-2}" -L 1 sh -c \
	'rc=0; "$2" >"$0.$1.out" 2>"$0.$1.err" || rc=$?; echo $rc >"$0.$1.rc"' "$log"
n=0
for t in "$@"; do
	n=$((n + 1))
	rc=$(cat "$log.$n.rc" 2>/dev/null || echo 127)
	cat "$log.$n.out" >>"$log" 2>/dev/null
	if [ "$rc" -ne 0 ]; then
		status=1
		# a crash (sanitizer, signal) with no FAIL line must still count
		grep -q '^FAIL: ' "$log.$n.out" 2>/dev/null ||
			echo "FAIL: $(basename "$t"): exited with status $rc" >>"$log"
		sed 's/^/  /' "$log.$n.err" >&2
	fi
	rm -f "$log.$n.out" "$log.$n.err" "$log.$n.rc"
done

wait "$lint" || status=1
cat "$log.lint" >>"$log"
rm -f "$log.lint"

# the other suites each print PASS:/FAIL:/SKIP: lines; the boot tests last
for suite in fuzz hook pkg host qemu; do
	case $suite in qemu) [ "${QEMU_TESTS:-1}" = 0 ] && continue ;; esac
	if [ -x "tests/$suite/run.sh" ]; then
		"tests/$suite/run.sh" >>"$log" || status=1
	fi
done

grep -E '^(PASS|FAIL|SKIP): ' "$log"
pass=$(grep -c '^PASS: ' "$log")
fail=$(grep -c '^FAIL: ' "$log")
skip=$(grep -c '^SKIP: ' "$log")
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ $status -eq 0 ]
