#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/pkg/run.sh: build the Debian package from a copy of this tree
# (the checkout is never touched) and check that every file
# lands where dracut and initramfs-tools look for it; check the RPM spec.
#
# One line per check on stdout: "PASS: pkg NAME", "FAIL: pkg NAME: REASON"
# or "SKIP: pkg NAME: REASON" (a tool is not installed).  Build logs go to
# build/pkg/.  Exits 1 if any check failed.
#
# Tools: dpkg-dev, debhelper, file and the package's Build-Depends (no
# fakeroot: Rules-Requires-Root: no); each missing one turns its checks into
# SKIP: lintian, rpm (rpmspec, rpmbuild), rpmlint, musl-tools (musl-gcc, for
# the spec's static build).
set -u
cd "$(dirname "$0")/../.." || exit 2
root=$(pwd)
logs=$root/build/pkg
mkdir -p "$logs" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# a `make check -jN VAR=...` above us must not leak into the package build
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

failed=0
pass() { echo "PASS: pkg $1"; }
fail() { echo "FAIL: pkg $1: $2"; failed=1; }
skip() { echo "SKIP: pkg $1: $2"; }
have() { command -v "$1" >/dev/null 2>&1; }

DEB_CHECKS="dracut-module initramfs-hook initramfs-init-top static-binary
host-binary hooks-find-binary man-pages conffile initramfs-trigger"
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
	if [ -z "$bad" ]; then pass hooks-find-binary; else fail hooks-find-binary "${bad% ;}"; fi

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

	if ! have lintian; then
		skip lintian "lintian not installed"
	elif lintian --fail-on error,warning "$deb" >"$logs/lintian.log" 2>&1; then
		pass lintian
	else
		fail lintian "$(grep -E '^[EW]: ' "$logs/lintian.log" | head -n 3 | tr '\n' ' ')"
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
else
	pass rpmspec
fi

if ! have rpmlint; then
	skip rpmlint "rpmlint not installed"
elif rpmlint -r pciback-early.rpmlintrc "$spec" >"$logs/rpmlint.log" 2>&1 &&
	grep -q ' 0 errors' "$logs/rpmlint.log"; then
	pass rpmlint
else
	fail rpmlint "$(grep -E ': E: ' "$logs/rpmlint.log" | head -n 3 | tr '\n' ' ')"
fi

# rpmbuild --nodeps on Debian: %build, %install and %files really work (the
# static binary with musl-gcc, as on Fedora)
if ! have rpmbuild || ! have musl-gcc; then
	skip rpmbuild "rpmbuild or musl-gcc not installed (apt-get install rpm musl-tools)"
else
	version=$(sed -n 's/^Version:[[:space:]]*//p' "$spec")
	top=$tmp/rpm
	mkdir -p "$top/SOURCES"
	if ! copy_tree "$top/tree/pciback-early-$version" ||
		! tar -czf "$top/SOURCES/pciback-early-$version.tar.gz" -C "$top/tree" "pciback-early-$version"; then
		fail rpmbuild "could not make the source tarball"
	elif ! rpmbuild -bb --nodeps --define "_topdir $top" "$spec" >"$logs/rpmbuild.log" 2>&1; then
		fail rpmbuild "rpmbuild failed, see build/pkg/rpmbuild.log: $(tail -n 1 "$logs/rpmbuild.log")"
	else
		rpm=""
		for f in "$top"/RPMS/*/pciback-early-*.rpm; do [ -f "$f" ] && rpm=$f; done
		files=$(rpm -qlp "$rpm" 2>/dev/null)
		bad=""
		for p in /usr/lib/dracut/modules.d/90pciback-early/module-setup.sh \
			/usr/lib/dracut/modules.d/90pciback-early/pciback-early.sh \
			/usr/lib/pciback-early/pciback-early /usr/sbin/pciback-early \
			/etc/pciback-early.conf; do
			echo "$files" | grep -qx "$p" || bad="$bad $p"
		done
		if [ -z "$bad" ]; then pass rpmbuild; else fail rpmbuild "not in the RPM:$bad"; fi
	fi
fi

exit $failed
