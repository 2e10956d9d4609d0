#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/pkg/run.sh: build the Debian package from a copy of this tree
# (the checkout is never touched) and check that every file
# lands where dracut and initramfs-tools look for it; run its autopkgtest
# (debian/tests/initramfs) directly, in a private mount namespace; check
# `make install` / `make uninstall` with the default PREFIX; check the RPM
# spec.
#
# One line per check on stdout: "PASS: pkg NAME", "FAIL: pkg NAME: REASON"
# or "SKIP: pkg NAME: REASON" (a tool is not installed).  Build logs go to
# build/pkg/.  Exits 1 if any check failed.
#
# Tools: dpkg-dev, debhelper, file and the package's Build-Depends (no
# fakeroot: Rules-Requires-Root: no); each missing one turns its checks into
# SKIP: lintian, rpm (rpmspec, rpmbuild), rpmlint, musl-tools (musl-gcc, for
# the spec's static build), autopkgtest (its parser of debian/tests/control),
# dracut-core and initramfs-tools-core (the autopkgtest's image builds).
#
# The autopkgtest needs root (unshare -m, overlay mounts) and a kernel: the
# one tests/qemu/fetch.sh downloads once and unpacks into
# ${PCIBACK_CACHE:-.cache}/root (the boot tests' kernel).  By default it is
# not run by autopkgtest's runners: the null runner would install the
# package and a kernel on this machine, and the others need a testbed.
# PCIBACK_PKG_AUTOPKGTEST_CHROOT=DIR runs autopkgtest with its chroot runner
# in DIR (a Debian chroot; minutes, mostly downloads).
# PCIBACK_PKG_RPM_CHECK=1 also runs the spec's %check (the unit tests,
# about a minute) in rpmbuild.
set -u
cd "$(dirname "$0")/../.." || exit 2
# everything below copies "." : make sure it is this tree
if [ ! -f debian/control ] || [ ! -f pciback-early.spec ] || [ ! -f Makefile ]; then
	echo "FAIL: pkg setup: $(pwd) is not the pciback-early tree"
	exit 2
fi
root=$(pwd)
logs=$root/build/pkg
mkdir -p "$logs" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# a `make check -jN VAR=...` above us must not leak into the package build
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
# nor the Makefile's variables from the environment (`make install` is
# tested with its defaults)
unset PREFIX SBINDIR LIBDIR PKGLIBDIR MANDIR SYSCONFDIR DRACUTDIR ITOOLSDIR \
	DESTDIR STRIP STATIC_CFLAGS STATIC_LDFLAGS

failed=0
pass() { echo "PASS: pkg $1"; }
fail() { echo "FAIL: pkg $1: $2"; failed=1; }
skip() { echo "SKIP: pkg $1: $2"; }
have() { command -v "$1" >/dev/null 2>&1; }

DEB_CHECKS="dracut-module initramfs-hook initramfs-init-top static-binary
host-binary hooks-find-binary man-pages bash-completion readme-doc conffile initramfs-trigger
control-fields autopkgtest-initramfs-tools autopkgtest-dracut autopkgtest-host-tool
autopkgtest-chroot"
skip_deb() { for c in $DEB_CHECKS lintian; do skip "$c" "$1"; done; }

# The working tree as git sees it: tracked files with their uncommitted
# edits, and new files not yet added (a Makefile edit naming a new source
# file must not fail here only because the file is not added yet); ignored
# files (build/, .cache/) stay out.  Symlinks in tests/fixtures stay
# symlinks; deleted files are skipped.
copy_tree() {
	mkdir -p "$1" || return 1
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -z --cached --others --exclude-standard |
			tar --null -T - --ignore-failed-read -cf - 2>/dev/null
	else
		tar --exclude=./build --exclude=./.cache -cf - .
	fi | tar -xf - -C "$1"
}

# debian/tests/initramfs as autopkgtest would run it after installing the
# package, but directly: in a private mount namespace where the unpacked
# .deb ($tmp/root) lies over /usr and /etc (read-only overlays) and the
# cached Debian kernel is /lib/modules/KVER and /boot.  Its "PASS: NAME"
# lines become "PASS: pkg autopkgtest-NAME: ...".
autopkgtest_direct() {
	how="debian/tests/initramfs run directly in a private mount namespace, the .deb unpacked over /usr and /etc, not by autopkgtest"
	kroot=${PCIBACK_CACHE:-$root/.cache}/root
	kver="" why=""
	[ "$(id -u)" = 0 ] || why="needs root (unshare -m, overlay mounts)"
	for t in unshare mkinitramfs lsinitramfs dracut lsinitrd; do
		[ -n "$why" ] || have $t || why="$t not installed (apt-get install util-linux initramfs-tools-core dracut-core)"
	done
	# the boot tests' kernel: downloaded once into the cache, as
	# tests/host/run.sh does
	if [ -z "$why" ] && ! kver=$(tests/qemu/fetch.sh 2>"$logs/fetch.log"); then
		why="could not fetch the test kernel (tests/qemu/fetch.sh): $(tail -n 1 "$logs/fetch.log")"
	fi
	[ -n "$why" ] || [ -f "$kroot/lib/modules/$kver/modules.dep" ] ||
		why="no $kroot/lib/modules/$kver/modules.dep"
	if [ -n "$why" ]; then
		skip autopkgtest-initramfs-tools "$why"
		skip autopkgtest-dracut "$why"
		skip autopkgtest-host-tool "$why"
		return
	fi
	rc=0
	mkdir -p "$tmp/layer/usr/lib/modules/$kver" "$tmp/autopkgtest"
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare -m sh -ec '
		mount -t overlay overlay -o "lowerdir=$1/usr:$2/usr:/usr" /usr
		mount -t overlay overlay -o "lowerdir=$2/etc:/etc" /etc
		mount --bind "$3/lib/modules/$4" "/usr/lib/modules/$4"
		mount --bind "$3/boot" /boot
		AUTOPKGTEST_TMP=$5 KVER=$4 exec "$6"
	' sh "$tmp/layer" "$tmp/root" "$kroot" "$kver" "$tmp/autopkgtest" \
		"$debs/src/debian/tests/initramfs" >"$logs/autopkgtest.log" 2>&1 || rc=$?
	for t in "$tmp"/autopkgtest/*.log; do
		[ -f "$t" ] && cp "$t" "$logs/autopkgtest-${t##*/}"
	done
	for c in initramfs-tools dracut host-tool; do
		line=$(grep -E "^(PASS|FAIL): $c(:|\$)" "$logs/autopkgtest.log")
		case $line in
		PASS:*) pass "autopkgtest-$c: $how, kernel $kver" ;;
		FAIL:*) fail "autopkgtest-$c" "${line#FAIL: "$c": } ($how, see build/pkg/autopkgtest.log)" ;;
		*) if [ $rc = 77 ]; then skip "autopkgtest-$c" "$(tail -n 1 "$logs/autopkgtest.log")"
		   else fail "autopkgtest-$c" "exit status $rc, see build/pkg/autopkgtest.log: $(tail -n 1 "$logs/autopkgtest.log")"; fi ;;
		esac
	done
}

# --- the Debian package ------------------------------------------------------

debs=$tmp/debs
deb=""
if ! have dpkg-buildpackage || ! have dh; then
	skip build "dpkg-buildpackage or dh not installed (apt-get install dpkg-dev debhelper)"
	skip_deb "the package was not built"
elif ! copy_tree "$debs/src"; then
	fail build "could not copy the tree"
	skip_deb "the package did not build"
else
	missing=$(cd "$debs/src" && dpkg-checkbuilddeps 2>&1 | sed -n 's/.*Unmet build dependencies: //p')
	if [ -n "$missing" ]; then
		skip build "unmet build dependencies: $missing"
		skip_deb "the package did not build"
	elif (cd "$debs/src" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
		dpkg-buildpackage -us -uc -b) >"$logs/dpkg-buildpackage.log" 2>&1; then
		pass build
		for f in "$debs"/pciback-early_*.deb; do [ -f "$f" ] && deb=$f; done
		[ -n "$deb" ] || { fail build "no pciback-early_*.deb"; skip_deb "no .deb"; }
	else
		fail build "dpkg-buildpackage failed, see build/pkg/dpkg-buildpackage.log: $(tail -n 1 "$logs/dpkg-buildpackage.log")"
		skip_deb "the package did not build"
	fi
fi

if [ -n "$deb" ]; then
	dpkg-deb -c "$deb" | awk '{ sub(/^\./, "", $6); print $1, $6 }' >"$tmp/list"
	dpkg-deb -x "$deb" "$tmp/root"
	dpkg-deb -e "$deb" "$tmp/control"

	# "executable PATH..." / "file PATH...": each must be in the package, as
	# a regular file, executable or not.
	expect() {
		name=$1 mode=$2
		shift 2
		for p in "$@"; do
			perm=$(awk -v p="$p" '$2 == p { print $1 }' "$tmp/list")
			case $mode:$perm in
			executable:-rwx*) ;;
			file:-rw*) ;;
			*:) fail "$name" "$p is not in the package"; return ;;
			*) fail "$name" "$p is $perm, expected a $mode file"; return ;;
			esac
		done
		pass "$name"
	}
	dracut=/usr/lib/dracut/modules.d/90pciback-early
	itools=/usr/share/initramfs-tools
	expect dracut-module executable $dracut/module-setup.sh $dracut/pciback-early.sh
	expect initramfs-hook executable $itools/hooks/pciback-early
	expect initramfs-init-top executable $itools/scripts/init-top/pciback-early
	expect host-binary executable /usr/sbin/pciback-early
	expect man-pages file /usr/share/man/man8/pciback-early.8.gz \
		/usr/share/man/man5/pciback-early.conf.5.gz
	# where bash-completion loads it on demand, named as the command
	expect bash-completion file /usr/share/bash-completion/completions/pciback-early
	# the udev rule for devices added after boot, where udev reads rules,
	# running the host tool where the package puts it
	rules=$(awk '$2 ~ /^(\/usr)?\/lib\/udev\/rules\.d\/79-pciback-early\.rules$/ { print $2 }' "$tmp/list")
	if [ -z "$rules" ]; then
		fail udev-rule "no /usr/lib/udev/rules.d/79-pciback-early.rules (or /lib/udev/...)"
	elif ! grep -q 'RUN+="/usr/sbin/pciback-early apply --device $kernel"' "$tmp/root$rules"; then
		fail udev-rule "$rules does not run /usr/sbin/pciback-early apply --device"
	else
		pass udev-rule
	fi
	# debian/docs: the user's path (README.md, compressed when large)
	if grep -qE ' /usr/share/doc/pciback-early/README\.md(\.gz)?$' "$tmp/list"; then
		pass readme-doc
	else
		fail readme-doc "no /usr/share/doc/pciback-early/README.md[.gz]"
	fi

	static=$tmp/root/usr/lib/pciback-early/pciback-early
	if [ ! -f "$static" ]; then
		fail static-binary "/usr/lib/pciback-early/pciback-early is not in the package"
	elif ! have file; then
		skip static-binary "file not installed"
	else
		case $(file -b "$static") in
		*"statically linked"*) pass static-binary ;;
		*) fail static-binary "/usr/lib/pciback-early/pciback-early: $(file -b "$static")" ;;
		esac
	fi

	# the hooks' default binary paths (PCIBACK_EARLY_BIN, _HOST_BIN) are in
	# the package
	bad=""
	for f in $dracut/module-setup.sh $itools/hooks/pciback-early; do
		paths=$(grep -o 'PCIBACK_EARLY_[A-Z_]*BIN:-[^}]*' "$tmp/root$f" | sed 's/.*:-//')
		[ -n "$paths" ] || bad="$bad $f names no binary;"
		for p in $paths; do
			[ -x "$tmp/root$p" ] || bad="$bad $f wants $p;"
		done
	done
	if [ -z "$bad" ]; then pass hooks-find-binary; else fail hooks-find-binary "$(echo "${bad%;}" | sed "s/^ *//")"; fi

	# /etc/pciback-early.conf: a conffile that selects nothing
	conf=$tmp/root/etc/pciback-early.conf
	if ! grep -qx /etc/pciback-early.conf "$tmp/control/conffiles" 2>/dev/null; then
		fail conffile "/etc/pciback-early.conf is not a conffile"
	elif grep -Eq '^[[:space:]]*(slots|ids|class|hide)[[:space:]]*=' "$conf"; then
		fail conffile "the shipped /etc/pciback-early.conf selects devices"
	else
		pass conffile
	fi

	# dh_installinitramfs: installing or removing the package rebuilds the
	# initramfs through initramfs-tools' update-initramfs trigger
	if grep -qx 'activate-noawait update-initramfs' "$tmp/control/triggers" 2>/dev/null; then
		pass initramfs-trigger
	else
		fail initramfs-trigger "no 'activate-noawait update-initramfs' in DEBIAN/triggers"
	fi

	# Recommends any initramfs generator, as linux-image-* do; names the
	# klibc linked into the early binary
	rec=$(dpkg-deb -f "$deb" Recommends)
	sbu=$(dpkg-deb -f "$deb" Static-Built-Using)
	klibc=$(dpkg-query -W -f='${source:Package} (= ${source:Version})' libklibc-dev 2>/dev/null)
	if [ "$rec" != "initramfs-tools | linux-initramfs-tool" ]; then
		fail control-fields "Recommends: $rec"
	elif [ -z "$sbu" ] || [ "$sbu" != "$klibc" ]; then
		fail control-fields "Static-Built-Using: '$sbu', expected '$klibc'"
	else
		pass control-fields
	fi

	autopkgtest_direct

	# autopkgtest itself, on demand: its chroot runner on a Debian chroot
	# (mmdebstrap --variant=apt bookworm DIR); it installs the test's
	# dependencies there (a kernel among them): minutes, mostly downloads
	ch=${PCIBACK_PKG_AUTOPKGTEST_CHROOT:-}
	if [ -z "$ch" ]; then
		skip autopkgtest-chroot "set PCIBACK_PKG_AUTOPKGTEST_CHROOT=DIR (a Debian chroot, e.g. mmdebstrap --variant=apt bookworm DIR) to run autopkgtest itself"
	elif ! have autopkgtest; then
		skip autopkgtest-chroot "autopkgtest not installed"
	elif autopkgtest -U --output-dir "$tmp/autopkgtest-out" "$deb" "$debs/src/" \
		-- chroot "$ch" >"$logs/autopkgtest-chroot.log" 2>&1; then
		pass "autopkgtest-chroot: autopkgtest's chroot runner in $ch"
	else
		fail autopkgtest-chroot "$(grep -E '^(initramfs|autopkgtest.*ERROR)' "$logs/autopkgtest-chroot.log" | tail -n 1), see build/pkg/autopkgtest-chroot.log"
	fi

	# every .deb built (the -dbgsym one too), pedantic tags included
	if ! have lintian; then
		skip lintian "lintian not installed"
	elif lintian --pedantic --fail-on error,warning,pedantic "$debs"/*.deb >"$logs/lintian.log" 2>&1; then
		pass "lintian (--pedantic, every .deb)"
	else
		fail lintian "$(grep -E '^[EWP]: ' "$logs/lintian.log" | head -n 3 | tr '\n' ' ')"
	fi
fi

# --- debian/tests/control, the source package --------------------------------

# autopkgtest's own parser reads debian/tests/control (on each architecture
# the kernel dependency is written for) and finds the test and its script
atlib=/usr/share/autopkgtest/lib
if [ ! -f "$atlib/testdesc.py" ] || [ ! -x /usr/bin/python3 ]; then
	skip autopkgtest-control "autopkgtest not installed (apt-get install autopkgtest)"
elif out=$(/usr/bin/python3 - "$atlib" 2>&1 <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
import adtlog, testdesc
adtlog.verbosity = 0
for arch in ('amd64', 'arm64', 'ppc64el'):
    tests, skipped = testdesc.parse_debian_source(
        '.', ['root-on-testbed', 'isolation-machine', 'revert'], arch)
    names = [t.name for t in tests]
    if skipped or names != ['initramfs']:
        sys.exit('%s: tests %s, skipped %s' % (arch, names, skipped))
PY
); then
	if [ -x debian/tests/initramfs ]; then pass autopkgtest-control
	else fail autopkgtest-control "debian/tests/initramfs is not executable"; fi
else
	fail autopkgtest-control "$(echo "$out" | tail -n 1)"
fi

# lintian on the source package (debian/copyright, debian/tests, ...)
if ! have dpkg-source || ! have lintian; then
	skip lintian-source "dpkg-source or lintian not installed"
else
	srcpkg=$tmp/srcpkg
	version=$(dpkg-parsechangelog -S Version 2>/dev/null)
	if ! copy_tree "$srcpkg/pciback-early-$version" ||
		! (cd "$srcpkg" && dpkg-source -b "pciback-early-$version") >"$logs/dpkg-source.log" 2>&1; then
		fail lintian-source "dpkg-source -b failed, see build/pkg/dpkg-source.log"
	elif lintian --pedantic --fail-on error,warning,pedantic "$srcpkg/pciback-early_$version.dsc" \
		>"$logs/lintian-source.log" 2>&1; then
		pass "lintian-source (--pedantic)"
	else
		fail lintian-source "$(grep -E '^[EWP]: ' "$logs/lintian-source.log" | head -n 3 | tr '\n' ' ')"
	fi
fi

# --- make install / uninstall -------------------------------------------------

# With the default PREFIX=/usr/local: the dracut module and the
# initramfs-tools hooks still go where the generators read them, and name
# the binaries where they were installed; the sample conf is installed once
# and never over an edited one; uninstall leaves nothing it installed (an
# edited conf is the user's).  With PREFIX=/usr (debian/rules, tests/qemu)
# the hooks are installed as they are in the tree.
INSTALL_CHECKS="install-generator-dirs install-hooks-find-binary install-conf
install-conf-kept install-completion install-udev-rule uninstall install-prefix-usr"
inst=$tmp/inst
files() { (cd "$1" && find . \( -type f -o -type l \) | sed 's/^\.//' | sort); }
if ! copy_tree "$inst/src"; then
	for c in $INSTALL_CHECKS; do fail "$c" "could not copy the tree"; done
elif ! make -C "$inst/src" all >"$logs/make-all.log" 2>&1; then
	for c in $INSTALL_CHECKS; do fail "$c" "make all failed, see build/pkg/make-all.log"; done
elif ! make -C "$inst/src" install DESTDIR="$inst/d" >"$logs/make-install.log" 2>&1; then
	for c in $INSTALL_CHECKS; do
		fail "$c" "make install failed, see build/pkg/make-install.log: $(tail -n 1 "$logs/make-install.log")"
	done
else
	d=$inst/d
	dracut=/usr/lib/dracut/modules.d/90pciback-early
	itools=/usr/share/initramfs-tools
	bad=""
	for p in $dracut/module-setup.sh $dracut/pciback-early.sh $itools/hooks/pciback-early \
		$itools/scripts/init-top/pciback-early; do
		[ -x "$d$p" ] || bad="$bad $p"
	done
	if [ -z "$bad" ]; then pass install-generator-dirs
	else fail install-generator-dirs "not installed:$bad"; fi

	bad=""
	for f in $dracut/module-setup.sh $itools/hooks/pciback-early; do
		[ -f "$d$f" ] || continue
		paths=$(grep -o 'PCIBACK_EARLY_[A-Z_]*BIN:-[^}]*' "$d$f" | sed 's/.*:-//')
		[ -n "$paths" ] || bad="$bad $f names no binary;"
		for p in $paths; do
			case $p in
			/usr/local/*) [ -x "$d$p" ] || bad="$bad $f wants $p, not installed;" ;;
			*) bad="$bad $f wants $p, not under PREFIX=/usr/local;" ;;
			esac
		done
	done
	if [ -z "$bad" ]; then pass install-hooks-find-binary
	else fail install-hooks-find-binary "$(echo "${bad%;}" | sed "s/^ *//")"; fi

	conf=$d/etc/pciback-early.conf
	if cmp -s "$conf" "$inst/src/pciback-early.conf"; then pass install-conf
	else fail install-conf "/etc/pciback-early.conf is not the sample pciback-early.conf"; fi

	# where bash-completion looks, whatever PREFIX (as the generator dirs)
	compdir=$(pkg-config --variable=completionsdir bash-completion 2>/dev/null)
	compdir=${compdir:-/usr/share/bash-completion/completions}
	if cmp -s "$d$compdir/pciback-early" "$inst/src/completion/pciback-early"; then
		pass "install-completion: $compdir/pciback-early"
	else
		fail install-completion "no $compdir/pciback-early"
	fi

	# where udev reads rules, whatever PREFIX, running the binary installed
	udevdir=$(pkg-config --variable=udevdir udev 2>/dev/null)
	rule=${udevdir:-/usr/lib/udev}/rules.d/79-pciback-early.rules
	if grep -q 'RUN+="/usr/local/sbin/pciback-early apply --device $kernel"' "$d$rule" 2>/dev/null; then
		pass "install-udev-rule: $rule"
	else
		fail install-udev-rule "no $rule running /usr/local/sbin/pciback-early apply --device"
	fi

	files "$d" >"$tmp/installed"
	echo 'slots = 0000:03:00.0' >>"$conf"
	if ! make -C "$inst/src" install DESTDIR="$d" >"$logs/make-install-again.log" 2>&1; then
		fail install-conf-kept "a second make install failed, see build/pkg/make-install-again.log"
	elif grep -qx 'slots = 0000:03:00.0' "$conf"; then pass install-conf-kept
	else fail install-conf-kept "a second make install overwrote the edited /etc/pciback-early.conf"; fi

	# uninstall with the edited conf (kept), then with the sample (removed)
	make -C "$inst/src" uninstall DESTDIR="$d" >"$logs/make-uninstall.log" 2>&1
	left=$(files "$d" | tr '\n' ' ')
	[ -f "$conf" ] && cp "$inst/src/pciback-early.conf" "$conf"
	make -C "$inst/src" uninstall DESTDIR="$d" >>"$logs/make-uninstall.log" 2>&1
	left2=$(files "$d" | tr '\n' ' ')
	if [ "$(wc -l <"$tmp/installed")" -lt 9 ]; then
		fail uninstall "make install installed only: $(tr '\n' ' ' <"$tmp/installed")"
	elif [ "$left" != "/etc/pciback-early.conf " ]; then
		fail uninstall "left with an edited conf: ${left:-nothing, the edited conf included}"
	elif [ -n "$left2" ]; then
		fail uninstall "left: $left2"
	else
		pass uninstall
	fi

	d=$inst/usr
	if ! make -C "$inst/src" install DESTDIR="$d" PREFIX=/usr >"$logs/make-install-usr.log" 2>&1; then
		fail install-prefix-usr "make install PREFIX=/usr failed, see build/pkg/make-install-usr.log"
	elif ! cmp -s "$d$dracut/module-setup.sh" "$inst/src/dracut-module/90pciback-early/module-setup.sh" ||
		! cmp -s "$d$itools/hooks/pciback-early" "$inst/src/initramfs-tools-hook/hooks/pciback-early"; then
		fail install-prefix-usr "the hooks installed with PREFIX=/usr differ from the tree's"
	elif [ ! -x "$d/usr/lib/pciback-early/pciback-early" ] || [ ! -x "$d/usr/sbin/pciback-early" ]; then
		fail install-prefix-usr "no /usr/lib/pciback-early/pciback-early or /usr/sbin/pciback-early"
	else
		pass install-prefix-usr
	fi
fi

# --- the RPM spec ------------------------------------------------------------

spec=pciback-early.spec
if ! have rpmspec; then
	skip rpmspec "rpmspec not installed (apt-get install rpm)"
elif ! rpmspec -P "$spec" >"$tmp/spec.P" 2>"$logs/rpmspec.log"; then
	fail rpmspec "rpmspec -P failed: $(head -n 1 "$logs/rpmspec.log")"
elif ! grep -q '^/usr/lib/dracut/modules.d/90pciback-early/module-setup.sh$' "$tmp/spec.P"; then
	fail rpmspec "%files does not list /usr/lib/dracut/modules.d/90pciback-early/module-setup.sh"
elif ! grep -qx 'License: *GPL-2.0-or-later' "$tmp/spec.P" || ! grep -qx '%license COPYING' "$tmp/spec.P"; then
	fail rpmspec "no License: GPL-2.0-or-later or no %license COPYING"
elif ! sed -n '/^%check/,/^%files/p' "$tmp/spec.P" | grep -q 'make.* unit-tests'; then
	fail rpmspec "%check does not run make unit-tests"
elif ! make -n unit-tests >/dev/null 2>&1; then
	fail rpmspec "%check runs make unit-tests, which the Makefile does not have"
else
	pass rpmspec
fi

if ! have rpmlint; then
	skip rpmlint "rpmlint not installed"
else
	# the spec alone: nothing but the filters only the RPM needs (the run
	# with the built RPM below checks that every filter is used)
	rpmlint -r pciback-early.rpmlintrc "$spec" >"$logs/rpmlint.log" 2>&1
	found=$(grep -E ': [EW]: ' "$logs/rpmlint.log" | grep -v ': E: unused-rpmlintrc-filter ')
	if [ -z "$found" ] && grep -q ' specfiles\{0,1\} checked' "$logs/rpmlint.log"; then
		pass "rpmlint (the spec, with pciback-early.rpmlintrc)"
	else
		fail rpmlint "$(printf '%s\n' "$found" | head -n 3 | tr '\n' ' ')"
	fi
fi

# rpmbuild --nodeps on Debian: %build, %install and %files really work (the
# static binary with musl-gcc, as on Fedora)
if ! have rpmbuild || ! have musl-gcc; then
	skip rpmbuild "rpmbuild or musl-gcc not installed (apt-get install rpm musl-tools)"
else
	version=$(sed -n 's/^Version:[[:space:]]*//p' "$spec")
	nocheck=--nocheck
	[ "${PCIBACK_PKG_RPM_CHECK:-}" = 1 ] && nocheck=""
	top=$tmp/rpm
	mkdir -p "$top/SOURCES"
	if ! copy_tree "$top/tree/pciback-early-$version" ||
		! tar -czf "$top/SOURCES/pciback-early-$version.tar.gz" -C "$top/tree" "pciback-early-$version"; then
		fail rpmbuild "could not make the source tarball"
	elif ! rpmbuild -bb --nodeps $nocheck --define "_topdir $top" "$spec" >"$logs/rpmbuild.log" 2>&1; then
		fail rpmbuild "rpmbuild failed, see build/pkg/rpmbuild.log: $(tail -n 1 "$logs/rpmbuild.log")"
	elif grep -q 'Missing build-id' "$logs/rpmbuild.log"; then
		fail rpmbuild "$(grep -m 1 'Missing build-id' "$logs/rpmbuild.log")"
	else
		rpm=""
		for f in "$top"/RPMS/*/pciback-early-*.rpm; do [ -f "$f" ] && rpm=$f; done
		files=$(rpm -qlp "$rpm" 2>/dev/null)
		bad=""
		for p in /usr/lib/dracut/modules.d/90pciback-early/module-setup.sh \
			/usr/lib/dracut/modules.d/90pciback-early/pciback-early.sh \
			/usr/lib/pciback-early/pciback-early /usr/sbin/pciback-early \
			/etc/pciback-early.conf /usr/share/bash-completion/completions/pciback-early; do
			echo "$files" | grep -qx "$p" || bad="$bad $p"
		done
		echo "$files" | grep -q '^/usr/share/licenses/.*/COPYING$' || bad="$bad %license COPYING"
		if [ -n "$bad" ]; then fail rpmbuild "not in the RPM:$bad"
		elif [ -z "$nocheck" ]; then pass "rpmbuild (with %check)"
		else pass "rpmbuild (--nocheck; PCIBACK_PKG_RPM_CHECK=1 runs %check)"; fi
		# the spec and the binary package in one run (a filter only one of
		# them needs is not "unused"), with the rpmlintrc the spec ships and
		# the filters of this build host (rpmlint-debian-host.rpmlintrc)
		cat pciback-early.rpmlintrc tests/pkg/rpmlint-debian-host.rpmlintrc >"$tmp/rpmlintrc"
		if ! have rpmlint; then
			skip rpmlint-rpm "rpmlint not installed"
		elif [ -n "$rpm" ] && rpmlint -r "$tmp/rpmlintrc" "$spec" "$rpm" >"$logs/rpmlint-rpm.log" 2>&1 &&
			grep -q ' 0 errors, 0 warnings' "$logs/rpmlint-rpm.log"; then
			pass "rpmlint-rpm (the spec and the built RPM, with pciback-early.rpmlintrc)"
		else
			fail rpmlint-rpm "$(grep -E ': [EW]: ' "$logs/rpmlint-rpm.log" | head -n 3 | tr '\n' ' '), see build/pkg/rpmlint-rpm.log"
		fi
	fi
fi

exit $failed
