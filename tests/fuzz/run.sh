#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fuzz/run.sh [--long]: build the libFuzzer harnesses (clang, ASan,
# UBSan) into build/fuzz/ and run each for a set time.
#
#   default   FUZZ_SHORT_SECONDS per harness (7: about 30 s in all), for
#             make check
#   --long    FUZZ_SECONDS per harness (300), for make fuzz
#
# Prints one line per harness, "PASS: fuzz NAME: N runs, exec/s E, cov C" or
# "FAIL: fuzz NAME: REASON (CRASH FILE)"; libFuzzer's own output goes to
# build/fuzz/NAME.log.  Exits 1 on any crash, leak, hang or failed invariant.
#
# Each harness starts from its checked-in seeds (tests/fuzz/corpus/NAME,
# read only; crash inputs are kept there as regressions) plus what earlier
# runs found (build/fuzz/corpus/NAME).
set -u
cd "$(dirname "$0")/../.." || exit 2

case ${1:-} in
'') secs=${FUZZ_SHORT_SECONDS:-7} ;;
--long) secs=${FUZZ_SECONDS:-300} ;;
*) echo "usage: $0 [--long]" >&2; exit 2 ;;
esac

harnesses="cmdline config plan selector split"
out=build/fuzz
cc=${FUZZ_CC:-clang}
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
warn="-Wall -Wextra -Werror -Wno-unused-parameter"
mkdir -p "$out/obj" "$out/artifacts" || exit 2

# one run at a time: two would rebuild the same objects and write the same
# logs and corpus (make check in two shells of one tree)
exec 9>"$out/lock"
if command -v flock >/dev/null && ! flock -n 9; then
	echo "fuzz: waiting for another tests/fuzz/run.sh in this tree" >&2
	flock 9
fi

# the longest input worth trying: a kernel command line is at most 4096
# bytes on any architecture; one token fits in 64
max_len() {
	case $1 in selector) echo 128 ;; *) echo 4096 ;; esac
}

fail_all() {
	for h in $harnesses; do echo "FAIL: fuzz $h: $1"; done
	exit 1
}

if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
	$cc $flags -x c -o "$out/probe" - >"$out/build.log" 2>&1; then
	for h in $harnesses; do echo "SKIP: fuzz $h: clang with libFuzzer not installed"; done
	exit 0
fi

# The core library (src/core).  Every object is rebuilt when a header or
# the flags change; each only when stale.
stamp="$out/obj/flags"
[ "$(cat "$stamp" 2>/dev/null)" = "$cc $flags" ] || rm -f "$out"/obj/*.o
newest_hdr=$(ls -t src/core/*.h tests/fuzz/*.h | head -n 1)
pids=""
objs=""
for src in src/core/*.c tests/fuzz/*.c; do
	obj="$out/obj/$(basename "$src" .c).o"
	objs="$objs $obj"
	# shellcheck disable=SC3013 # -nt: dash, bash and busybox sh have it
	if [ "$obj" -nt "$src" ] && [ "$obj" -nt "$newest_hdr" ]; then
		continue
	fi
	$cc $flags $warn -Isrc/core -Itests/fuzz -c -o "$obj" "$src" \
		>"$obj.log" 2>&1 &
	pids="$pids $!"
done
ok=1
for p in $pids; do wait "$p" || ok=0; done
cat "$out"/obj/*.log >"$out/build.log" 2>/dev/null
[ $ok = 1 ] || fail_all "build failed (see $out/build.log)"
echo "$cc $flags" >"$stamp"

lib=""
for o in $objs; do
	case $o in */fuzz_*.o) ;; *) lib="$lib $o" ;; esac
done
for h in $harnesses; do
	bin="$out/fuzz_$h"
	[ -z "$(find "$out/obj" -name '*.o' -newer "$bin" 2>/dev/null)" ] && [ -x "$bin" ] &&
		continue
	$cc $flags -o "$bin" "$out/obj/fuzz_$h.o" $lib >>"$out/build.log" 2>&1 ||
		fail_all "link of fuzz_$h failed (see $out/build.log)"
done

status=0
for h in $harnesses; do
	log="$out/$h.log"
	work="$out/corpus/$h"
	mkdir -p "$work"
	# what earlier runs found grows without bound: keep a minimal set
	if [ "$(ls "$work" | wc -l)" -gt 2000 ]; then
		rm -rf "$work.min" && mkdir "$work.min" &&
			"$out/fuzz_$h" -merge=1 "$work.min" "$work" >"$log" 2>&1 &&
			rm -rf "$work" && mv "$work.min" "$work"
	fi
	rc=0
	"$out/fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
		-max_len="$(max_len "$h")" -dict="tests/fuzz/dict/$h.dict" \
		-artifact_prefix="$out/artifacts/$h-" -print_final_stats=1 \
		"$work" "tests/fuzz/corpus/$h" >"$log" 2>&1 || rc=$?
	if [ $rc -eq 0 ]; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
		cov=$(grep -ao 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
		echo "PASS: fuzz $h: ${runs:-?} runs, exec/s ${eps:-?}, cov ${cov:-?}"
	else
		status=1
		# our invariant, else the sanitizer's summary, else libFuzzer's
		why=$(grep -a -m1 -o 'invariant failed: .*' "$log" ||
			sed -n 's/^SUMMARY: //p' "$log" | head -n 1)
		[ -n "$why" ] || why=$(grep -a -m1 -E '^==[0-9]+== ?ERROR: ' "$log" | sed 's/^==[0-9]*== //')
		[ -n "$why" ] || why="exited with status $rc"
		file=$(sed -n 's/.*Test unit written to \([^ ]*\).*/\1/p' "$log" | head -n 1)
		echo "FAIL: fuzz $h: $why (${file:-no crash file; see $log})"
	fi
done
exit $status
