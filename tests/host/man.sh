#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The man pages against the code: their sections, the hooks' PCIBACK_*
# knobs in ENVIRONMENT (read from the hook sources now, so a new knob
# without documentation fails), the synopsis line of each command holding
# the options --help gives to it, and no groff or man warning (lintian
# runs the same).  Called by tests/host/run.sh with the host binary as $1.
# Prints one PASS:/FAIL:/SKIP: line per check; exits 1 when one failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-$repo/build/host/pciback-early}
page=${MAN_PAGE:-$repo/man/pciback-early.8}
conf_page=$repo/man/pciback-early.conf.5
status=0

pass() { echo "PASS: host man: $*"; }
fail() { echo "FAIL: host man: $*"; status=1; }

# section NAME [FILE]: the lines of section NAME, its .SH line left out
section() {
	awk -v name="$1" '/^\.SH / { on = ($0 == ".SH " name || $0 == ".SH \"" name "\""); next }
		on' "${2:-$page}"
}

missing=
for s in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES TROUBLESHOOTING "SEE ALSO"; do
	grep -qx "\.SH $s\|\.SH \"$s\"" "$page" || missing="$missing '$s'"
done
if [ -z "$missing" ]; then
	pass "pciback-early.8 has its sections"
else
	fail "pciback-early.8 has no section$missing"
fi

# every knob the hooks expand, as one .TP tag in ENVIRONMENT; and no other
hooks=$(find "$repo/hook-lib" "$repo/dracut-module" "$repo/initramfs-tools-hook" -type f)
# shellcheck disable=SC2086,SC2016
knobs=$(grep -ohE '\$\{?PCIBACK_[A-Z0-9_]+' $hooks | tr -d '${' | sort -u)
env=$(section ENVIRONMENT)
documented=$(printf '%s\n' "$env" | sed -n 's/^\.B \(PCIBACK_[A-Z0-9_]*\)$/\1/p' | sort)
missing='' extra=''
for k in $knobs; do
	printf '%s\n' "$documented" | grep -qx "$k" || missing="$missing $k"
done
for k in $documented; do
	printf '%s\n' "$knobs" | grep -qx "$k" || extra="$extra $k"
done
dup=$(printf '%s\n' "$documented" | uniq -d | tr '\n' ' ')
if [ -z "$knobs" ]; then
	fail "ENVIRONMENT: no PCIBACK_* knob found in the hook sources (moved?)"
elif [ -z "$missing$extra$dup" ]; then
	pass "ENVIRONMENT documents each hook knob once:" "$(printf '%s\n' "$knobs" | tr '\n' ' ' | sed 's/ $//')"
else
	fail "ENVIRONMENT: undocumented:${missing:- none}; not read by the hooks:${extra:- none}; twice: ${dup:-none}"
fi

# each command's own options (`pciback-early CMD --help`, "Options of
# CMD:"): a synopsis entry (lines between .br/.PP) of CMD must name each
if [ -x "$bin" ]; then
	commands=$("$bin" --help | awk '/^Commands/ { on = 1; next } /^$/ { on = 0 }
		on && /^  [a-z]/ { print $1 }')
	pairs=$(for cmd in $commands; do
		"$bin" "$cmd" --help | awk -v cmd="$cmd" '/^Options of / { on = 1; next } /^$/ { on = 0 }
			on && /^  (-o, )?--[a-z-]+/ { sub(/^  (-o, )?--/, ""); print $1, cmd }'
	done)
	syn=$(section SYNOPSIS)
	bad=
	while read -r opt cmd; do
		[ -n "$opt" ] || continue
		entry=$(printf '%s\n' "$syn" | awk -v cmd="$cmd" '
			/^\.(br|PP)$/ { if (has) printf "%s", e; e = ""; has = 0; next }
			{ e = e $0 "\n" }
			$0 == ".B " cmd || $0 ~ "^\\.BR? " cmd " " { has = 1 }
			END { if (has) printf "%s", e }')
		short=
		[ "$opt" = output ] && short='\\-o'
		if [ -z "$entry" ]; then
			bad="$bad $cmd(no synopsis line)"
		elif ! printf '%s\n' "$entry" | grep -q -- "\\\\-\\\\-$opt\\b${short:+\\|$short\\b}"; then
			bad="$bad $cmd:--$opt"
		fi
	done <<EOF
$pairs
EOF
	if [ -z "$pairs" ]; then
		fail "SYNOPSIS: no COMMAND --help names an option of its own (format changed?)"
	elif [ -z "$bad" ]; then
		pass "SYNOPSIS puts each command's own options on its line:" \
			"$(printf '%s\n' "$pairs" | tr ' \n' ': ' | sed 's/ $//')"
	else
		fail "SYNOPSIS lacks$bad"
	fi
else
	echo "SKIP: host man: SYNOPSIS options: no $bin (make all)"
fi

# every key `status --json` prints (the top, a device, its config and boot
# objects, on a fixture where each kind is there) is a bold word of the
# schema under COMMANDS
if [ -x "$bin" ] && command -v python3 >/dev/null; then
	work=$(mktemp -d)
	cp -r "$repo/tests/fixtures/basic" "$work/"
	mkdir -p "$work/basic/run/pciback-early"
	echo "0000:00:04.0 1b36:000d failed:EBUSY xhci_hcd" >"$work/basic/run/pciback-early/state"
	keys=$("$bin" --root "$work/basic" --kver 6.1.0-test --cmdline 'rd.pciback.slots=00:04.0,00:03.0' \
		status --json 2>/dev/null | python3 -c '
import json, sys
keys = set()
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            keys.add(k)
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(json.load(sys.stdin))
print(" ".join(sorted(keys)))')
	rm -rf "$work"
	cmds=$(section COMMANDS)
	bad=
	for k in $keys; do
		printf '%s\n' "$cmds" | grep -Eq "^\.BR? ([^ ]+ )*\"?$k\"?( |,|\$)" || bad="$bad $k"
	done
	if [ -z "$keys" ]; then
		fail "status --json: no keys read (did it fail?)"
	elif [ -z "$bad" ]; then
		pass "COMMANDS documents every status --json key:" "$keys"
	else
		fail "COMMANDS does not document the status --json keys$bad"
	fi
else
	echo "SKIP: host man: status --json keys: no $bin or no python3"
fi

# no warnings from groff -ww nor from man --warnings, for both pages
if command -v groff >/dev/null; then
	out=$(for p in "$page" "$conf_page"; do
		groff -man -ww -z -t "$p" 2>&1
		if command -v man >/dev/null; then
			man --warnings -l "$p" 2>&1 >/dev/null
		fi
	done)
	if [ -z "$out" ]; then
		pass "groff -ww and man --warnings: no warning"
	else
		fail "warnings: $(printf '%s' "$out" | head -c 300 | tr '\n' ' ')"
	fi
else
	echo "SKIP: host man: groff warnings: groff is not installed"
fi
exit $status
