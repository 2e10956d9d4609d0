#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# completion/pciback-early sourced in bash, as bash-completion loads it:
# its answers for commands, each command's options, driver names, kernel
# releases and the PCI addresses under --root, against the built host
# binary and the basic fixture.  Called by tests/host/run.sh with the host
# binary as $1.  Prints one PASS:/FAIL:/SKIP: line per check.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=${1:-$repo/build/host/pciback-early}
fixture=$repo/tests/fixtures/basic

if ! command -v bash >/dev/null; then
	echo "SKIP: host completion: bash is not installed"
	exit 0
fi
if [ ! -x "$bin" ]; then
	echo "SKIP: host completion: no $bin (make all)"
	exit 0
fi

# each case: the words of the line, the last one the word under the
# cursor, "|", what the completion must offer, in its order
bash -s "$repo/completion/pciback-early" "$bin" "$fixture" <<'BASH'
. "$1" || exit 1
bin=$2 fx=$3 status=0
check() {
	local words=() want="" seen=0 w
	for w in "$@"; do
		if [ "$seen" = 1 ]; then want+=${want:+ }$w
		elif [ "$w" = "|" ]; then seen=1
		else words+=("$w"); fi
	done
	COMP_WORDS=("$bin" "${words[@]}")
	COMP_CWORD=${#words[@]}
	COMPREPLY=()
	_pciback_early
	if [ "${COMPREPLY[*]}" = "$want" ]; then
		echo "PASS: host completion: pciback-early ${words[*]}<TAB> -> ${want:-nothing}"
	else
		echo "FAIL: host completion: pciback-early ${words[*]}<TAB> -> '${COMPREPLY[*]}', expected '$want'"
		status=1
	fi
}
complete -p pciback-early | grep -q -- '-F _pciback_early pciback-early$' ||
	{ echo "FAIL: host completion: not registered for pciback-early"; status=1; }
common="--root --cmdline --kver --dry-run --debug --help --version"
check "" "|" apply status plan check assign release import
check "st" "|" status
check "--dry-run" "a" "|" apply assign
check "status" "--" "|" --json --selected $common
check "plan" "--" "|" --kmoddir --output $common
check "assign" "--" "|" --force --driver --save $common
check "release" "--" "|" --save $common
check "apply" "--" "|" --device $common
check "check" "--" "|" $common
check "release" "--f" "|"
check "assign" "--driver" "" "|" xen-pciback vfio-pci pci-stub
check "assign" "--driver" "=" "v" "|" vfio-pci
check "--root" "$fx" "assign" "0000:00:1" "|" 0000:00:1c.0 0000:00:1f.2
check "--root" "=" "$fx" "status" "--json" "0000:00:05" "|" 0000:00:05.0 0000:00:05.1
check "--root" "$fx" "release" "--dry-run" "0000:01" "|" 0000:01:00.0
check "--root" "$fx" "--kver" "" "|" 6.1.0-test
check "--root" "$fx" "check" "0000" "|"
check "-o" "/dev/nul" "|" /dev/null
check "--cmdline" "rd.pciback.slots=00:03.0" "pl" "|" plan
exit $status
BASH
