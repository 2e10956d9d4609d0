#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/lint.sh: static checks of src/ (make lint; tests/run-all.sh may call
# it too).  One line per tool, "PASS: lint TOOL" or "FAIL: lint TOOL: WHY",
# SKIP when the tool is missing; the findings go to stderr and to
# build/lint/TOOL.log.  Exits 1 when any tool fails.
#
#   gcc, clang   every file with the Makefile's WARN (-Wall -Wextra -Werror
#                and its stated exceptions), at -O2 so gcc's flow-based
#                warnings run: src/core, src/early, src/host
#   klcc         the static klibc binary, as the Makefile builds it
#   cppcheck     warning, style, performance, portability; tests/lint/
#                holds its suppressions and its view of <libkmod.h>
#   clang-tidy   .clang-tidy at the top; a file that passed is not checked
#                again until it, a header or the configuration changes
set -u
cd "$(dirname "$0")/.." || exit 2
out=build/lint
mkdir -p "$out/tidy" || exit 2
status=0

mk() { sed -n "s/^$1 *:= *//p" Makefile; }
warn=$(mk WARN)
case " $warn " in
*" -Wall "*" -Wextra "*" -Werror "* | *" -Wall -Wextra -Werror "*) ;;
*) warn="-Wall -Wextra -Werror" ;;
esac
core=$(ls src/core/*.c)
early=$(ls src/early/*.c)
host=$(ls src/host/*.c)
inc="-Isrc/core -Isrc/host"

# report TOOL LOG [FINDINGS]: PASS when LOG is empty, else FAIL; the
# findings (LOG itself by default) go to stderr
report() {
	if [ -s "$2" ]; then
		status=1
		n=$(grep -cE '(^|: )(error|warning|style|performance|portability):' "${3:-$2}")
		echo "FAIL: lint $1: $n findings (see $2)"
		head -n 40 "${3:-$2}" >&2
	else
		echo "PASS: lint $1"
	fi
}

# cc_check CC [FLAGS]: every file on its own
cc_check() {
	cc=$1 log="$out/$1.log"
	shift
	: >"$log"
	if ! command -v "$cc" >/dev/null; then
		echo "SKIP: lint $cc: not installed"
		return
	fi
	for f in $core $early $host; do
		$cc -std=gnu11 -O2 $warn "$@" $inc -c -o /dev/null "$f" >>"$log" 2>&1
	done
	report "$cc" "$log"
}
cc_check gcc
# WARN may turn off a warning only gcc has (-Wno-format-truncation)
cc_check clang -Wno-unknown-warning-option

if command -v klcc >/dev/null; then
	klcc -static -Os $warn -Isrc/core -o "$out/pciback-early.klibc" $core $early \
		>"$out/klcc.log" 2>&1 || [ -s "$out/klcc.log" ] || echo "klcc failed" >"$out/klcc.log"
	report klcc "$out/klcc.log"
else
	echo "SKIP: lint klcc: not installed"
fi

if command -v cppcheck >/dev/null; then
	cppcheck -q --std=c11 --enable=warning,style,performance,portability \
		--inline-suppr --suppressions-list=tests/lint/cppcheck.supp \
		--library=tests/lint/libkmod.cfg $inc \
		--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
		$core $early $host >"$out/cppcheck.log" 2>&1
	report cppcheck "$out/cppcheck.log"
else
	echo "SKIP: lint cppcheck: not installed"
fi

if command -v clang-tidy >/dev/null; then
	: >"$out/clang-tidy.log"
	hdrs=$(cat .clang-tidy src/*/*.h | sha256sum | cut -c1-16)
	for f in $core $early $host; do
		key=$(cat "$f" | sha256sum | cut -c1-16)
		echo "$f $out/tidy/$(echo "$f" | tr / _)-$hdrs-$key"
	done | xargs -P 2 -L 1 sh -c '
		f=$1 stamp=$2
		[ -e "$stamp" ] && exit 0
		if clang-tidy -quiet "$f" -- -std=gnu11 -Isrc/core -Isrc/host \
			>"$stamp.log" 2>&1; then
			rm -f "$stamp.log"; : >"$stamp"
		else
			cat "$stamp.log"; rm -f "$stamp.log"
		fi' sh >"$out/clang-tidy.log" 2>&1
	# the diagnostics without their notes and the "N warnings generated"
	grep -E '^[^ ]+:[0-9]+:[0-9]+: (error|warning):' "$out/clang-tidy.log" \
		>"$out/clang-tidy.findings"
	report clang-tidy "$out/clang-tidy.log" "$out/clang-tidy.findings"
else
	echo "SKIP: lint clang-tidy: not installed"
fi
exit $status
