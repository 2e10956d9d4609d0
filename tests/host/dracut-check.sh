#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The dracut module when its binary is missing (a broken install, a
# PCIBACK_EARLY_BIN that names nothing).  90-pciback-early.conf puts the
# module in add_dracutmodules, and dracut stops the whole image build when
# such a module's check() returns 1 (dracut-init.sh: "cannot be found or
# installed"): a kernel update would get no initramfs.  check() must warn
# and let the build go on; install() and installkernel() install nothing.
# module-setup.sh is sourced with dracut's helpers stubbed; prints
# PASS:/FAIL: lines.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT

dwarn() { echo "dwarn: $*" >>"$log"; }
dinfo() { :; }
inst_simple() { echo "inst_simple $*" >>"$log"; }
inst_hook() { echo "inst_hook $*" >>"$log"; }
instmods() { echo "instmods $*" >>"$log"; }
export PCIBACK_EARLY_BIN=/nonexistent/pciback-early
DRACUT_TMPDIR=$(dirname "$log") moddir=$repo/dracut-module/90pciback-early
# shellcheck disable=SC1091
. "$repo/dracut-module/90pciback-early/module-setup.sh"

check; rc=$?
if [ "$rc" = 1 ]; then
	echo "FAIL: dracut module without its binary: check() returns 1, dracut stops the image build"
elif ! grep -q 'dwarn: .*/nonexistent/pciback-early' "$log"; then
	echo "FAIL: dracut module without its binary: check() returns $rc but says nothing"
else
	( install ) >>"$log" 2>&1; irc=$?
	( installkernel ) >>"$log" 2>&1; krc=$?
	if [ "$irc" != 0 ] || [ "$krc" != 0 ] || grep -q '^inst' "$log"; then
		echo "FAIL: dracut module without its binary: install $irc, installkernel $krc: $(grep -v dwarn "$log" | head -n 2 | tr '\n' ' ')"
	else
		echo "PASS: dracut module without its binary: a warning, the image builds without it"
	fi
fi
