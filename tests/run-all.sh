#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run the unit test binaries given as arguments, then the suites under
# tests/*/run.sh (the QEMU boot tests last, unless QEMU_TESTS=0), and count
# their PASS/FAIL/SKIP lines.
# Prints every result line and ends with "N passed, N failed, N skipped".
set -u
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

for t in "$@"; do
	rc=0
	"$t" >"$log.one" 2>"$log.err" || rc=$?
	cat "$log.one" >>"$log"
	if [ $rc -ne 0 ]; then
		status=1
		# a crash (sanitizer, signal) with no FAIL line must still count
		grep -q '^FAIL: ' "$log.one" ||
			echo "FAIL: $(basename "$t"): exited with status $rc" >>"$log"
		sed 's/^/  /' "$log.err" >&2
	fi
done
rm -f "$log.one" "$log.err"

tests/lint.sh >>"$log" 2>/dev/null || status=1

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
