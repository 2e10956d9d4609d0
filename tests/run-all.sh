#!/bin/sh
# Run the unit test binaries given as arguments, then (unless QEMU_TESTS=0)
# the QEMU boot tests, and count their PASS/FAIL/SKIP lines.
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

if [ "${QEMU_TESTS:-1}" != 0 ]; then
	if [ -x tests/qemu/run.sh ]; then
		tests/qemu/run.sh >>"$log" || status=1
	else
		echo "SKIP: qemu boot tests: tests/qemu/run.sh not present" >>"$log"
	fi
fi

grep -E '^(PASS|FAIL|SKIP): ' "$log"
pass=$(grep -c '^PASS: ' "$log")
fail=$(grep -c '^FAIL: ' "$log")
skip=$(grep -c '^SKIP: ' "$log")
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ $status -eq 0 ]
