#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch the Debian 13 (trixie) kernel, linux-image-6.12.*+deb13-amd64 (the
# one trixie's linux-image-amd64 depends on), into $PCIBACK_CACHE/trixie
# (never into git). Called by `fetch.sh 6.12`. Idempotent.
#
#   tests/qemu/fetch-trixie.sh   -> prints the 6.12 KVER on stdout
#
# apt runs with a PRIVATE state: a sources list written into the cache that
# names the trixie suite of the archive this machine's apt already uses (the
# URI is read at run time from /etc/apt/sources.list and
# /etc/apt/sources.list.d/*: the entry whose suites include this host's own
# codename), and private lists and cache directories. The machine's own apt
# sources and lists are never changed.
#
# Layout of $PCIBACK_CACHE/trixie:
#   apt/sources.list, apt/lists/, apt/cache/   the private apt state
#   debs/*.deb                                 the downloaded package
#   root/                 extracted; root/lib -> usr/lib (the package ships
#                         usr/lib/modules only), depmod run
#   kver                  the kernel version string
# Xen: the boot tests use the 4.17 hypervisor of the 6.1 cache (fetch.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${PCIBACK_CACHE:-$repo/.cache}/trixie
root=$cache/root
suite=${PCIBACK_TRIXIE_SUITE:-trixie}

say() { echo "fetch-trixie: $*" >&2; }

if [ -s "$cache/kver" ]; then
	kver=$(cat "$cache/kver")
	if [ -f "$root/lib/modules/$kver/modules.dep" ] &&
	   [ -f "$root/boot/vmlinuz-$kver" ]; then
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
echo "deb [signed-by=$keyring] $uri $suite main" > "$cache/apt/sources.list"
say "private apt source: $(cat "$cache/apt/sources.list")"

papt() {	# apt-get with the private state
	"$@" -o Dir::Etc::sourcelist="$cache/apt/sources.list" \
		-o Dir::Etc::sourceparts=- \
		-o Dir::State::Lists="$cache/apt/lists" \
		-o Dir::Cache="$cache/apt/cache" \
		-o Dir::Cache::pkgcache="$cache/apt/cache/pkgcache.bin" \
		-o Dir::Cache::srcpkgcache="$cache/apt/cache/srcpkgcache.bin" \
		-o APT::Get::List-Cleanup=0
}
find_kpkg() {
	papt apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-6\.12\.[^ ]*+deb13-amd64\)$/\1/p' | head -n1
}

kpkg=$(find_kpkg)
if [ -z "$kpkg" ]; then
	say "apt-get update (private lists in $cache/apt/lists)"
	# apt drops privileges to _apt for downloads
	chmod 777 "$cache/apt/lists/partial" "$cache/apt/cache/archives/partial" "$cache/debs" 2>/dev/null || true
	papt apt-get -q update >&2
	kpkg=$(find_kpkg)
fi
[ -n "$kpkg" ] || { say "no linux-image-6.12.*+deb13-amd64 in $suite"; exit 1; }
kver=${kpkg#linux-image-}

cd "$cache/debs"
if ! ls "${kpkg}"_*.deb >/dev/null 2>&1; then
	say "downloading $kpkg (apt-get download)"
	chmod 777 "$cache/debs" 2>/dev/null || true
	papt apt-get download -q "$kpkg" >&2
fi

say "extracting into $root"
rm -rf "$root.tmp"
mkdir -p "$root.tmp"
dpkg-deb -x "$kpkg"_*.deb "$root.tmp"
# Merged /usr: dracut --kmoddir, modinfo -b and the /lib/modules bind mount
# of build_itools all look under lib/modules.
[ -e "$root.tmp/lib" ] || ln -s usr/lib "$root.tmp/lib"
say "depmod $kver"
depmod -b "$root.tmp" "$kver"
rm -rf "$root"
mv "$root.tmp" "$root"
echo "$kver" > "$cache/kver"
echo "$kver"
