#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch Debian 13 (trixie) kernels into the cache (never into git).
# Called by `fetch.sh 6.12` and `fetch.sh 7`. Idempotent.
#
#   tests/qemu/fetch-trixie.sh       -> prints the 6.12 KVER on stdout:
#       linux-image-6.12.*+deb13-amd64 (the one trixie's linux-image-amd64
#       depends on), into $PCIBACK_CACHE/trixie
#   tests/qemu/fetch-trixie.sh 7     -> prints the 7.x KVER on stdout:
#       the newest linux-image-N.N.N+debNN-amd64 of trixie-backports and
#       trixie's Xen hypervisor (the one xen-system-amd64 depends on), into
#       $PCIBACK_CACHE/trixie-backports. Exit 3 (nothing downloaded) when
#       the newest kernel there is older than 7.
#
# No version and no mirror are written here: both are found at run time.
# apt runs with a PRIVATE state: a sources list written into the cache that
# names the trixie suites of the archive this machine's apt already uses (the
# URI is read at run time from /etc/apt/sources.list and
# /etc/apt/sources.list.d/*: the entry whose suites include this host's own
# codename), and private lists and cache directories. The machine's own apt
# sources and lists are never changed.
#
# Two package layouts: up to 6.x linux-image-KVER holds boot/vmlinuz-KVER
# and the modules; from 6.19/7.x it is a metapackage over
# linux-binary(-unsigned)-KVER (usr/lib/modules/KVER/vmlinuz[.unsigned]),
# linux-modules-KVER and linux-base-KVER, and /boot is left to
# kernel-install: the fetch links boot/vmlinuz-KVER and boot/config-KVER
# (mkinitramfs reads /boot/config-KVER) to what the packages ship.
#
# Layout of $PCIBACK_CACHE/trixie and $PCIBACK_CACHE/trixie-backports:
#   apt/sources.list, apt/lists/, apt/cache/   the private apt state
#   debs/*.deb                                 the downloaded packages
#   root/                 extracted; root/lib -> usr/lib (the packages ship
#                         usr/lib/modules only), boot/vmlinuz-KVER, depmod run
#   root/boot/xen         (trixie-backports) the gunzipped hypervisor
#   kver                  the kernel version string
# Xen for 6.12: the boot tests use the 4.17 hypervisor of the 6.1 cache.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
mode=${1:-6.12}
case $mode in
6.12)
	cache=${PCIBACK_CACHE:-$repo/.cache}/trixie
	suites=${PCIBACK_TRIXIE_SUITE:-trixie} ;;
7)
	cache=${PCIBACK_CACHE:-$repo/.cache}/trixie-backports
	# backports for the kernel, trixie itself for Xen
	suites="${PCIBACK_BACKPORTS_SUITE:-trixie-backports} ${PCIBACK_TRIXIE_SUITE:-trixie}" ;;
*) echo "fetch-trixie: unknown kernel '$mode' (6.12 or 7)" >&2; exit 2 ;;
esac
root=$cache/root

say() { echo "fetch-trixie: $*" >&2; }

if [ -s "$cache/kver" ]; then
	kver=$(cat "$cache/kver")
	if [ -f "$root/lib/modules/$kver/modules.dep" ] &&
	   [ -f "$root/boot/vmlinuz-$kver" ] &&
	   { [ "$mode" != 7 ] || [ -f "$root/boot/xen" ]; }; then
		echo "$kver"
		exit 0
	fi
fi

# The Debian archive this machine's apt uses: the first URI whose suites
# include the host's codename exactly (not -security, not -updates, not a
# third-party repository).
host_codename() {
	. /etc/os-release
	echo "${VERSION_CODENAME:-}"
}
archive_uri() {
	local_codename=$1
	{
		# one-line style: deb [opts] URI SUITE COMPONENTS...
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			sed -e 's/#.*//' -e 's/\[[^]]*\]//' |
			awk -v c="$local_codename" '$1 == "deb" && $3 == c { print $2 }'
		# deb822 style: stanzas of URIs:/Suites:
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -r "$f" ] || continue
			awk -v c="$local_codename" '
				/^[ \t]*#/ { next }
				/^[ \t]*$/ { if (u != "" && s ~ "(^| )" c "( |$)") print u; u = ""; s = ""; next }
				tolower($1) == "uris:" { u = $2 }
				tolower($1) == "suites:" { $1 = ""; s = $0 " " }
				END { if (u != "" && s ~ "(^| )" c "( |$)") print u }
			' "$f"
		done
	} | head -n1
}

codename=$(host_codename)
[ -n "$codename" ] || { say "cannot read VERSION_CODENAME from /etc/os-release"; exit 1; }
uri=$(archive_uri "$codename")
[ -n "$uri" ] || { say "no apt source for suite $codename in /etc/apt"; exit 1; }

mkdir -p "$cache/apt/lists/partial" "$cache/apt/cache/archives/partial" "$cache/debs"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
for s in $suites; do
	echo "deb [signed-by=$keyring] $uri $s main"
done > "$cache/apt/sources.list"
say "private apt sources: $(cat "$cache/apt/sources.list")"

papt() {	# apt-get with the private state
	"$@" -o Dir::Etc::sourcelist="$cache/apt/sources.list" \
		-o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$cache/apt/lists" \
		-o Dir::Cache="$cache/apt/cache" \
		-o Dir::Cache::pkgcache="$cache/apt/cache/pkgcache.bin" \
		-o Dir::Cache::srcpkgcache="$cache/apt/cache/srcpkgcache.bin" \
		-o APT::Get::List-Cleanup=0
}
depends_of() {	# PACKAGE -> the packages it depends on, one a line
	papt apt-cache depends "$1" 2>/dev/null |
		sed -n 's/^ *|\{0,1\}Depends: \([^< ][^ ]*\)$/\1/p'
}
find_kpkg() {
	case $mode in
	6.12)
		depends_of linux-image-amd64 |
			grep -E '^linux-image-6\.12\.[^ ]*\+deb13-amd64$' | head -n1 ;;
	7)	# the newest flavourless kernel, any Debian release suffix
		papt apt-cache pkgnames linux-image- 2>/dev/null |
			grep -E '^linux-image-[0-9]+\.[0-9]+\.[0-9]+\+deb[0-9]+-amd64$' |
			sort -V | tail -n1 ;;
	esac
}
# The hypervisor trixie's xen-system-amd64 depends on (7 only).
find_xen() {
	depends_of xen-system-amd64 | grep -E '^xen-hypervisor-[0-9.]+-amd64$' | head -n1
}

kpkg=$(find_kpkg)
if [ -z "$kpkg" ] || { [ "$mode" = 7 ] && [ -z "$(find_xen)" ]; }; then
	say "apt-get update (private lists in $cache/apt/lists)"
	# apt drops privileges to _apt for downloads
	chmod 777 "$cache/apt/lists/partial" "$cache/apt/cache/archives/partial" "$cache/debs" 2>/dev/null || true
	papt apt-get -q update >&2
	kpkg=$(find_kpkg)
fi
[ -n "$kpkg" ] || { say "no kernel package for $mode in $suites"; exit 1; }
kver=${kpkg#linux-image-}
if [ "$mode" = 7 ] && [ "${kver%%.*}" -lt 7 ]; then
	say "the newest kernel in $suites is $kver: no 7.x kernel"
	exit 3
fi

# The packages that hold the kernel: linux-image-KVER itself (old layout)
# or the ones it depends on (split layout); the unsigned binary when there
# is one (the same vmlinuz without the signature).
pkgs=$kpkg
deps=$(depends_of "$kpkg")
if echo "$deps" | grep -qx "linux-modules-$kver"; then
	bin=linux-binary-unsigned-$kver
	papt apt-cache show "$bin" >/dev/null 2>&1 || bin=linux-binary-$kver
	pkgs="$bin linux-modules-$kver"
	echo "$deps" | grep -qx "linux-base-$kver" && pkgs="$pkgs linux-base-$kver"
fi
xpkg=
if [ "$mode" = 7 ]; then
	xpkg=$(find_xen)
	[ -n "$xpkg" ] || { say "no xen-hypervisor package that xen-system-amd64 depends on"; exit 1; }
	pkgs="$pkgs $xpkg"
fi

cd "$cache/debs"
for p in $pkgs; do
	ls "${p}"_*.deb >/dev/null 2>&1 && continue
	say "downloading $p (apt-get download)"
	chmod 777 "$cache/debs" 2>/dev/null || true
	papt apt-get download -q "$p" >&2
done

say "extracting $pkgs into $root"
rm -rf "$root.tmp"
mkdir -p "$root.tmp"
for p in $pkgs; do
	dpkg-deb -x "$p"_*.deb "$root.tmp"
done
# Merged /usr: dracut --kmoddir, modinfo -b and the /lib/modules bind mount
# of build_itools all look under lib/modules.
[ -e "$root.tmp/lib" ] || ln -s usr/lib "$root.tmp/lib"
mkdir -p "$root.tmp/boot"
mdir=$root.tmp/usr/lib/modules/$kver
if [ ! -e "$root.tmp/boot/vmlinuz-$kver" ]; then
	for f in vmlinuz vmlinuz.unsigned; do
		[ -f "$mdir/$f" ] && ln -s "../usr/lib/modules/$kver/$f" "$root.tmp/boot/vmlinuz-$kver" && break
	done
fi
[ -e "$root.tmp/boot/vmlinuz-$kver" ] || { say "no vmlinuz in $pkgs"; exit 1; }
if [ ! -e "$root.tmp/boot/config-$kver" ] && [ -f "$mdir/config" ]; then
	ln -s "../usr/lib/modules/$kver/config" "$root.tmp/boot/config-$kver"
fi
if [ -n "$xpkg" ]; then
	xgz=$(ls "$root.tmp"/boot/xen-*.gz | head -n1)
	gunzip -c "$xgz" > "$root.tmp/boot/xen"
fi
say "depmod $kver"
depmod -b "$root.tmp" "$kver"
rm -rf "$root"
mv "$root.tmp" "$root"
echo "$kver" > "$cache/kver"
echo "$kver"
