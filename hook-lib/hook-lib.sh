# SPDX-License-Identifier: GPL-2.0-or-later
# pciback-early: shell shared by the dracut module and the initramfs-tools
# hook, at image build time and at boot.  POSIX sh, sourced; it defines
# functions only.  Decisions live in the C program: this is glue.

# --- image build time ------------------------------------------------------

# pciback_early_plan HOST_BIN KVER KMODDIR OUT WARN: write the plan of this
# host for KVER to OUT, once per image build (dracut calls it from install
# and installkernel).  Without a plan, OUT is removed and WARN (dwarn, or a
# function printing "W: ...") says why: the boot finds modules itself but
# knows none of the host's guards (root disk, keyboard, default route).
# Exit status 1 with a plan written is a plan without the configured
# driver's module: it still holds every guard, so it is kept (plan removes
# one it could not write whole).  PCIBACK_EARLY_PLAN_ROOT: the root whose
# devices the guards come from (default /; the boot tests use a fake one).
pciback_early_plan() {
	[ -s "$4" ] && return 0
	_pe_err=$("$1" ${PCIBACK_EARLY_PLAN_ROOT:+--root "$PCIBACK_EARLY_PLAN_ROOT"} \
		--kver "$2" --kmoddir "$3" plan -o "$4" 2>&1 < /dev/null)
	_pe_rc=$?
	if [ "$_pe_rc" -gt 1 ] || [ ! -s "$4" ]; then
		rm -f "$4"
		"$5" "pciback-early: cannot write the plan for $2 (exit status $_pe_rc): $(printf '%s' "$_pe_err" | tr '\n' ' ')"
		"$5" "pciback-early: the image has no plan: the boot will not know this host's root disk, keyboard and network guards"
		return 1
	fi
	[ -z "$_pe_err" ] || printf '%s\n' "$_pe_err" | while IFS= read -r _pe_line; do "$5" "$_pe_line"; done
	return 0
}

# pciback_early_plan_modules PLAN: the modules the plan loads, one a line
# (every target driver with its dependencies and soft dependencies); the
# three target drivers when there is no plan.
pciback_early_plan_modules() {
	if [ -s "$1" ]; then
		while read -r _pe_kw _pe_target _pe_module _pe_rest; do
			[ "$_pe_kw" = load ] && echo "$_pe_module"
		done < "$1"
	else
		echo xen-pciback
		echo vfio-pci
		echo vfio_iommu_type1
		echo pci-stub
	fi
}

# pciback_early_check HOST_BIN WARN INFO: what the host tool's `check` says
# about the configuration against this host (PCIBACK_EARLY_PLAN_ROOT, as
# for the plan): its standard error (warnings, errors) with WARN, its
# standard output (findings) with INFO; by its exit status, a line with
# WARN when it failed, or when it selects nothing (3) and nothing
# selects a device anywhere the boot loader can.  Goes by streams and
# status, never by the wording.  Never fails.
pciback_early_check() {
	[ -x "$1" ] || return 0
	_pe_err=$(mktemp "${TMPDIR:-/tmp}/pciback-early-check.XXXXXX") || return 0
	_pe_out=$("$1" ${PCIBACK_EARLY_PLAN_ROOT:+--root "$PCIBACK_EARLY_PLAN_ROOT"} check 2> "$_pe_err" < /dev/null)
	_pe_rc=$?
	while IFS= read -r _pe_line || [ -n "$_pe_line" ]; do
		[ -z "$_pe_line" ] || "$2" "pciback-early check: $_pe_line"
	done < "$_pe_err"
	rm -f "$_pe_err"
	printf '%s\n' "$_pe_out" | while IFS= read -r _pe_line; do
		[ -z "$_pe_line" ] || "$3" "pciback-early check: $_pe_line"
	done
	case $_pe_rc in
	0) ;;
	3)
		if ! cat /proc/cmdline /etc/kernel/cmdline /etc/default/grub \
			/etc/default/grub.d/*.cfg 2> /dev/null |
			grep -Eq '(rd\.pciback\.(slots|ids|class|hide)|pciback\.hide)='; then
			"$2" "pciback-early: in the image, but nothing selects a device (no rd.pciback.slots=, ids= or class= in /etc/pciback-early.conf, /proc/cmdline, /etc/default/grub or /etc/kernel/cmdline)"
		fi
		;;
	*) "$2" "pciback-early check: exit status $_pe_rc: see /etc/pciback-early.conf and the kernel command line (the image is built anyway)" ;;
	esac
	return 0
}

# --- boot time (the image carries this file as /lib/pciback-early-lib.sh) --

# pciback_early_on_error CMDLINE: "halt" when rd.pciback.on_error=halt (or
# on-error) holds as the binary reads it: the last halt or continue on the
# command line, else the last in /etc/pciback-early.conf; other values are
# ignored, as the binary ignores them.  Quotes are dropped, not honoured: a
# key inside another key's quoted value counts too, which errs towards
# stopping.  Read here because a binary that crashed cannot say.
# Neither set and an rd.qubes.* key of Qubes OS on the command line (this
# replaces its dracut module 90qubes-pciback, which dies when it cannot
# hide a device): "qubes", which stops the boot as "halt" does.
pciback_early_on_error() (
	set -f
	_pe_cmdline=$1
	_pe_conf=${PCIBACK_EARLY_ROOT-}/etc/pciback-early.conf
	_pe_v= _pe_q=
	# white space: space, tab, CR (a conf edited elsewhere), newline
	IFS=$(printf ' \t\r\n.')
	IFS=${IFS%.}
	[ -r "$_pe_conf" ] && while IFS= read -r _pe_line || [ -n "$_pe_line" ]; do
		_pe_line=${_pe_line%%#*}
		case $_pe_line in *=*) ;; *) continue ;; esac
		# shellcheck disable=SC2086 # splitting trims, as the binary does
		set -- ${_pe_line%%=*}
		case $* in on_error | on-error) ;; *) continue ;; esac
		# shellcheck disable=SC2086
		set -- ${_pe_line#*=}
		case $* in halt | continue) _pe_v=$* ;; esac
	done < "$_pe_conf"
	for _pe_arg in $_pe_cmdline; do
		_pe_arg=${_pe_arg#\"}
		case $_pe_arg in
		rd.pciback.on_error=* | rd.pciback.on-error=*)
			_pe_arg=${_pe_arg#*=}
			_pe_arg=${_pe_arg#\"}
			case ${_pe_arg%\"} in halt | continue) _pe_v=${_pe_arg%\"} ;; esac
			;;
		rd.qubes.hide_all_usb | rd.qubes.hide_all_usb=* | rd.qubes.hide_pci | rd.qubes.hide_pci=* | \
			rd.qubes.dom0_usb | rd.qubes.dom0_usb=*) _pe_q=qubes ;;
		esac
	done
	echo "${_pe_v:-$_pe_q}"
)

# pciback_early_apply CMDLINE: run the early binary.  Sets
# pciback_early_rc to its exit status and pciback_early_halt to the reason
# to stop the boot, or "".  The boot stops when the binary wrote the halt
# file, and, with rd.pciback.on_error=halt, on any exit status but 0 (a
# crash, bad usage, a failure it could not record): fail closed.
# PCIBACK_EARLY_ROOT (tests): the prefix of every path, passed as --root.
pciback_early_apply() {
	pciback_early_halt=
	"${PCIBACK_EARLY_ROOT-}/sbin/pciback-early" \
		${PCIBACK_EARLY_ROOT:+--root "$PCIBACK_EARLY_ROOT"} --cmdline "$1" apply
	pciback_early_rc=$?
	if [ -s "${PCIBACK_EARLY_ROOT-}/run/pciback-early/halt" ]; then
		read -r pciback_early_halt < "${PCIBACK_EARLY_ROOT-}/run/pciback-early/halt"
		pciback_early_halt=${pciback_early_halt#pciback-early: }
		[ -n "$pciback_early_halt" ] || pciback_early_halt="a selected device could not be seized"
	elif [ "$pciback_early_rc" -ne 0 ]; then
		case $(pciback_early_on_error "$1") in
		halt) pciback_early_halt="$(pciback_early_status); stopping the boot as rd.pciback.on_error=halt asks (see: dmesg | grep pciback-early)" ;;
		qubes) pciback_early_halt="$(pciback_early_status); stopping the boot as Qubes OS (rd.qubes.*) does, rd.pciback.on_error=continue boots on (see: dmesg | grep pciback-early)" ;;
		esac
	fi
}

# pciback_early_status: the exit status of the run, in words
pciback_early_status() {
	case $pciback_early_rc in
	1) echo "exit status 1: a device could not be seized or a setting is bad" ;;
	2) echo "exit status 2: bad usage, the hook and /sbin/pciback-early do not match" ;;
	*)
		if [ "$pciback_early_rc" -gt 128 ]; then
			echo "exit status $pciback_early_rc: killed by signal $((pciback_early_rc - 128))"
		else
			echo "exit status $pciback_early_rc: unexpected"
		fi
		;;
	esac
}

pciback_early_warning() {
	echo "pciback-early: $(pciback_early_status) (see: dmesg | grep pciback-early)"
}
