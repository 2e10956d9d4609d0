#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/hook/run.sh: the boot half of hook-lib/hook-lib.sh, without a boot.
# pciback_early_apply runs a fake /sbin/pciback-early (under
# PCIBACK_EARLY_ROOT) that crashes, fails or succeeds, with
# rd.pciback.on_error=halt on the command line, in the conf, both or
# neither; each case asserts whether pciback_early_halt is set (the hooks
# then stop the boot with dracut's die or initramfs-tools' panic), what it
# and the warning say, the binary's arguments, and that the library writes
# nothing to stderr with no PATH (shell builtins only).  Each case runs in
# every shell an initramfs may source the file with that is installed:
# dash, busybox sh, klibc's sh, bash.
#
# The image build half: pciback_early_plan keeps or removes the plan by the
# host tool's exit status, in the same shells.
#
# One line per case: "PASS: hook NAME (SHELLS)" or "FAIL: hook NAME: SHELL:
# WHY"; "SKIP: hook SHELL: not installed".  Exits 1 if any case failed.
# HOOK_LIB=FILE tests another copy of the library.
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib=${HOOK_LIB:-$here/../../hook-lib/hook-lib.sh}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC3045 # dash, bash and busybox have it
ulimit -c 0 2> /dev/null   # the fake's SIGSEGV leaves no core file
failed=0

shells=
add_shell() {	# NAME COMMAND [OPTION]: a shell to run each case with
	if path=$(command -v "$2" 2> /dev/null); then
		shells="$shells${shells:+
}$1 $path${3:+ $3}"
	else
		echo "SKIP: hook $1: not installed"
	fi
}
add_shell dash dash
add_shell busybox-sh busybox sh
add_shell klibc-sh /usr/lib/klibc/bin/sh
add_shell bash bash --posix
[ -n "$shells" ] || { echo "FAIL: hook: no shell to run the cases with"; exit 1; }

# fake BEHAVIOUR: the early binary at $root/sbin/pciback-early, logging its
# arguments to $root/args.  segv: killed by SIGSEGV (exit status 139);
# fail: exit 1 without a halt file (as when /run cannot be written);
# usage: exit 2; ok: exit 0; halt: writes the halt file, exit 1.
fake() {
	mkdir -p "$root/sbin" "$root/run" || exit 2
	{
		echo '#!/bin/sh'
		printf '%s\n' "echo \"\$*\" > '$root/args'"
		case $1 in
		segv) echo 'kill -SEGV $$' ;;
		fail) echo 'exit 1' ;;
		usage) echo 'exit 2' ;;
		ok) echo 'exit 0' ;;
		halt)
			echo "/bin/mkdir -p '$root/run/pciback-early'"
			echo "echo 'pciback-early: 0000:00:03.0 could not be seized (ENODEV); stopping the boot as rd.pciback.on_error=halt asks' > '$root/run/pciback-early/halt'"
			echo 'exit 1'
			;;
		esac
	} > "$root/sbin/pciback-early"
	chmod +x "$root/sbin/pciback-early"
}

# run SHELL... : pciback_early_apply "$cmdline" with the library, in
# $root (where a glob could match) and with no PATH (an initramfs may have
# no printf or cat but the shell's own); prints rc=, halt=, warning= lines
run() {
	# shellcheck disable=SC2016 # expanded by the shell under test
	(cd "$root" && PCIBACK_EARLY_ROOT=$root PATH=/nonexistent "$@" -c '
		. "$1" || exit 99
		pciback_early_apply "$2"
		echo "rc=$pciback_early_rc"
		echo "halt=$pciback_early_halt"
		echo "warning=$(pciback_early_warning)"' sh "$lib" "$cmdline" 2> "$root/err")
}

# report NAME: one PASS or FAIL line from $why and $ran, as set by a case
report() {
	if [ -z "$why" ]; then
		echo "PASS: hook $1 ($ran)"
	else
		echo "FAIL: hook $1: $why"
		failed=1
	fi
}

# each_shell NAME BODY: BODY SH_NAME SH_CMD for every shell, in an empty
# $root of its own, until one sets $why; then one report line
each_shell() {
	why='' ran=''
	while read -r sh_name sh_cmd; do
		root=$tmp/$sh_name
		rm -rf "$root"
		mkdir -p "$root" || exit 2
		"$2" "$sh_name" "$sh_cmd"
		[ -z "$why" ] || break
		ran="$ran${ran:+, }$sh_name"
	done <<-EOF
		$shells
	EOF
	report "$1"
}

# check NAME BEHAVIOUR CMDLINE CONF EXPECT [TEXT]: EXPECT is halt (the
# boot stops, and the reason holds TEXT) or boot (no reason; the warning
# holds TEXT); CONF "" means no conf file
check() {
	name=$1 behaviour=$2 cmdline=$3 conf=$4 expect=$5 text=${6-}
	case $behaviour in
	segv) rc=139 ;; fail | halt) rc=1 ;; usage) rc=2 ;; ok) rc=0 ;;
	esac
	each_shell "$name" check_in
}
check_in() {
	sh_name=$1 sh_cmd=$2
	fake "$behaviour"
	: > "$root/rd.pciback.on_error=continue"
	if [ -n "$conf" ]; then
		mkdir -p "$root/etc"
		printf '%b' "$conf" > "$root/etc/pciback-early.conf"
	fi
	# shellcheck disable=SC2086 # the shell's command and options
	out=$(run $sh_cmd)
	got_rc=$(printf '%s\n' "$out" | sed -n 's/^rc=//p')
	halt=$(printf '%s\n' "$out" | sed -n 's/^halt=//p')
	warning=$(printf '%s\n' "$out" | sed -n 's/^warning=//p')
	# the shells' own word for the fake's crash is no error of the library
	if grep -qvE 'Segmentation fault|Segment violation' "$root/err"; then
		why="$sh_name: the library wrote to stderr: $(head -c 200 "$root/err")"
	elif [ "$got_rc" != "$rc" ]; then
		why="$sh_name: exit status '$got_rc', not $rc ($(head -c 200 "$root/err"))"
	elif [ "$(cat "$root/args" 2> /dev/null)" != "--root $root --cmdline $cmdline apply" ]; then
		why="$sh_name: the binary got '$(cat "$root/args" 2> /dev/null)'"
	elif [ "$expect" = halt ] && [ -z "$halt" ]; then
		why="$sh_name: the boot goes on (no pciback_early_halt)"
	elif [ "$expect" = boot ] && [ -n "$halt" ]; then
		why="$sh_name: the boot stops: $halt"
	elif [ "$expect" = halt ] && [ -n "$text" ] && case $halt in *"$text"*) false ;; esac; then
		why="$sh_name: the reason does not say '$text': $halt"
	elif [ "$expect" = boot ] && [ -n "$text" ] && case $warning in *"$text"*) false ;; esac; then
		why="$sh_name: the warning does not say '$text': $warning"
	fi
}

sel=rd.pciback.slots=00:03.0
halt_conf='slots = 00:03.0\non_error = halt\n'

# (a) a crash: the binary could not write the halt file
check "segv, no on_error: a warning" segv "$sel" "" boot "killed by signal 11"
check "segv, on_error=halt on the command line: stops" segv "$sel rd.pciback.on_error=halt" "" halt "killed by signal 11"
check "segv, on_error = halt in the conf: stops" segv "$sel" "$halt_conf" halt "killed by signal 11"
check "segv, conf halt, command line continue: a warning" segv "$sel rd.pciback.on_error=continue" "$halt_conf" boot
check "segv, conf continue, command line halt: stops" segv "$sel rd.pciback.on-error=halt" 'on-error = continue\n' halt
check "segv, halt then continue on the command line: the last wins" segv "rd.pciback.on_error=halt $sel rd.pciback.on-error=continue" "" boot
check "segv, continue then halt on the command line: the last wins" segv "rd.pciback.on_error=continue rd.pciback.on_error=halt" "" halt
check "segv, a bad on_error value is ignored, as the binary does" segv "rd.pciback.on_error=halt rd.pciback.on_error=HALT" "" halt
check "segv, quoted on_error values" segv "rd.pciback.on_error=\"halt\" \"rd.pciback.foo=1\"" "" halt
check "segv, conf with a comment and CRLF" segv "$sel" '# stop on error\r\n  on_error =  halt  # stop\r\n' halt
check "segv, conf: the last on_error line wins" segv "$sel" 'on_error = halt\non-error = continue\n' boot
check "segv, conf: a line without = sets nothing" segv "$sel" 'on_error halt\n' boot
# a file in the current directory that an expanded glob would match
check "segv, a glob on the command line is not expanded" segv "rd.pciback.on_error=halt rd.pciback.on_error=c*" "" halt

# Qubes OS: with any rd.qubes.* key (the drop-in for 90qubes-pciback),
# stopping is the default, as Qubes' own module dies; on_error decides
check "segv, rd.qubes.hide_all_usb: stops, as Qubes" segv "rd.qubes.hide_all_usb" "" halt "killed by signal 11"
check "exit 1, rd.qubes.hide_pci=: stops, as Qubes" fail "rd.qubes.hide_pci= quiet" "" halt "exit status 1"
check "segv, rd.qubes.dom0_usb: stops, as Qubes" segv "rd.qubes.dom0_usb=00:14.0" "" halt
check "segv, rd.qubes.* and on_error=continue on the command line: a warning" segv "rd.qubes.hide_all_usb rd.pciback.on_error=continue" "" boot
check "segv, rd.qubes.* and on_error = continue in the conf: a warning" segv "rd.qubes.hide_all_usb" 'on_error = continue\n' boot
check "segv, rd.qubes in another key's name is no Qubes key" segv "rd.qubes.other=1 xrd.qubes.hide_pci=" "" boot
check "segv, usbcore.authorized_default alone is no Qubes key" segv "usbcore.authorized_default=0" "" boot

# (b) a failure the binary could not record (/run not writable)
check "exit 1 without halt file, no on_error: a warning" fail "$sel" "" boot "exit status 1"
check "exit 1 without halt file, on_error=halt on the command line: stops" fail "$sel rd.pciback.on_error=halt" "" halt "exit status 1"
check "exit 1 without halt file, on_error = halt in the conf: stops" fail "$sel" "$halt_conf" halt "exit status 1"
check "exit 1 without halt file, conf halt, command line continue: a warning" fail "$sel rd.pciback.on_error=continue" "$halt_conf" boot

# (c) success
check "exit 0, no on_error: boots" ok "$sel" "" boot
check "exit 0, on_error=halt on the command line: boots" ok "$sel rd.pciback.on_error=halt" "" boot
check "exit 0, on_error = halt in the conf: boots" ok "$sel" "$halt_conf" boot

# bad usage: the hook and the binary do not match, nothing was seized
check "exit 2, no on_error: a warning" usage "$sel" "" boot "bad usage"
check "exit 2, on_error=halt: stops" usage "$sel rd.pciback.on_error=halt" "" halt "bad usage"

# the binary's own halt file: its reason, whatever the shell reads
check "halt file: stops with the binary's reason" halt "$sel rd.pciback.on_error=halt" "" halt "0000:00:03.0 could not be seized (ENODEV)"
check "halt file without on_error in the shell's reach: stops" halt "$sel" "" halt "0000:00:03.0 could not be seized"

# (d) image build: pciback_early_plan keeps the plan the host tool wrote
# with exit status 0 or 1 (1: the configured driver's module is missing,
# the plan still holds every guard), and removes it on any other status.
# plan_case NAME EXIT WRITES EXPECT: the fake host tool writes the plan
# (yes/no) and exits EXIT (segv: killed); EXPECT is kept or none
plan_case() {
	exit=$2 writes=$3 expect=$4
	each_shell "$1" plan_in
}
plan_in() {
	sh_name=$1 sh_cmd=$2
	# shellcheck disable=SC2016 # the fake's own $#, $1 and $$
	{
		echo '#!/bin/sh'
		echo 'while [ $# -gt 1 ]; do shift; done'   # -o OUT comes last
		[ "$writes" = no ] || echo 'echo "guard 0000:00:02.0 default-route" > "$1"'
		echo "echo 'pciback-early: xen-pciback: no such module' >&2"
		if [ "$exit" = segv ]; then echo 'kill -SEGV $$'; else echo "exit $exit"; fi
	} > "$root/host"
	chmod +x "$root/host"
	# shellcheck disable=SC2016,SC2086 # expanded by the shell under test
	out=$($sh_cmd -c '. "$1"; warn() { echo "W: $*"; }
		pciback_early_plan "$2/host" 6.1.0 "$2" "$2/plan" warn; echo "rc=$?"' \
		sh "$lib" "$root" 2>&1)
	case $expect in
	kept) [ -s "$root/plan" ] && case $out in *"W: pciback-early: xen-pciback: no such module"*"rc=0") true ;; *) false ;; esac ||
		why="$sh_name: the plan is not kept: $out" ;;
	none) [ ! -e "$root/plan" ] && case $out in *"the image has no plan"*"rc=1") true ;; *) false ;; esac ||
		why="$sh_name: a plan is left, or nothing said: $out" ;;
	esac
}

plan_case "plan: exit 0, kept" 0 yes kept
plan_case "plan: exit 1 with a plan (the configured driver's module missing), kept with its guards" 1 yes kept
plan_case "plan: exit 1 without a plan: none, said" 1 no none
plan_case "plan: exit 2: removed" 2 yes none
plan_case "plan: killed while writing: removed" segv yes none

# (e) image build: pciback_early_check passes the host tool's standard
# error to WARN and its standard output to INFO, whatever they say, and
# goes by the exit status alone: 3 (nothing selected) gives the "nothing
# selects a device" warning, any other non-zero status an exit-status one.
# check_case NAME EXIT EXPECT...: each EXPECT is a shell pattern the output
# must match; a leading ! one it must not
check_case() {
	exit=$2 name=$1
	shift 2
	wants=$(printf '%s\n' "*W: pciback-early check: something odd*" \
		"*I: pciback-early check: no device selected (a finding, not a warning)*" "*rc=0" "$@")
	each_shell "$name" check_case_in
}
check_case_in() {
	sh_name=$1 sh_cmd=$2
	{
		echo '#!/bin/sh'
		echo 'echo "no device selected (a finding, not a warning)"'
		echo 'echo "something odd" >&2'
		echo "exit $exit"
	} > "$root/host"
	chmod +x "$root/host"
	# shellcheck disable=SC2016,SC2086 # expanded by the shell under test
	out=$($sh_cmd -c '. "$1"; warn() { echo "W: $*"; }; info() { echo "I: $*"; }
		pciback_early_check "$2/host" warn info; echo "rc=$?"' \
		sh "$lib" "$root" 2>&1)
	while IFS= read -r want; do
		case $want in
		!*) case $out in ${want#!}) why="$sh_name: has ${want#!}: $out" ;; esac ;;
		*) case $out in $want) ;; *) why="$sh_name: lacks $want: $out" ;; esac ;;
		esac
	done <<-EOF
		$wants
	EOF
}

check_case "check: exit 0, streams to WARN and INFO, no warning from the wording" 0 \
	'!*nothing selects*' '!*exit status*'
check_case "check: exit 3, nothing selected: a warning" 3 \
	'*W: pciback-early: in the image, but nothing selects a device*' '!*exit status*'
check_case "check: exit 1: a warning with the status" 1 \
	'*W: pciback-early check: exit status 1*' '!*nothing selects*'

exit $failed
