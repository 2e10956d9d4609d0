#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# README.md against the code: it opens with the developers' two commands
# (`make demo`, `make check`), and its `status` example is what the tool
# prints for that command line on the fixture.  Called by
# tests/host/run.sh with the host binary as $1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-$repo/build/host/pciback-early}
readme=$repo/README.md
status=0

pass() { echo "PASS: host readme: $*"; }
fail() { echo "FAIL: host readme: $*"; status=1; }

if [ "$(sed -n '3,6p' "$readme")" = "$(printf '%s\n' '```sh' 'make demo' 'make check' '```')" ]; then
	pass "opens with make demo, make check"
else
	fail "the first block is no longer make demo, make check"
fi

# the block after the line that names the status command
if [ -x "$bin" ]; then
	work=$(mktemp -d)
	cp -r "$repo/tests/fixtures/basic" "$work/"
	shown=$(awk '/rd.pciback.slots=01:00.0,00:1f.2. status/ { want = 1 }
		want && /^```$/ { if (on) exit; on = 1; next }
		on' "$readme")
	real=$("$bin" --root "$work/basic" --kver 6.1.0-test \
		--cmdline 'rd.pciback.slots=01:00.0,00:1f.2' status 2>&1)
	rm -rf "$work"
	if [ -n "$shown" ] && [ "$shown" = "$real" ]; then
		pass "the status example is the tool's output"
	else
		fail "the status example differs from the tool's output"
	fi
else
	echo "SKIP: host readme: status example: no $bin (make all)"
fi

exit $status
