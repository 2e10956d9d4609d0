#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch the test kernel and Xen hypervisor from Debian packages into the
# cache (never into git).  Idempotent: does nothing when already cached.
#
#   tests/qemu/fetch.sh        -> prints the cache directory's KVER on stdout
#   tests/qemu/fetch.sh 6.12   -> the Debian 13 kernel instead, into
#                                 $PCIBACK_CACHE/trixie (fetch-trixie.sh)
#   tests/qemu/fetch.sh 7      -> trixie-backports' newest kernel and
#                                 trixie's Xen, into
#                                 $PCIBACK_CACHE/trixie-backports; exit 3
#                                 when it has no 7.x kernel (fetch-trixie.sh)
#
# Layout of $PCIBACK_CACHE (default: <repo>/.cache):
#   debs/*.deb                 the downloaded packages
#   root/                      both packages extracted (boot/, lib/modules/)
#   root/boot/xen              gunzipped hypervisor, for QEMU multiboot
#   kver                       the kernel version string
set -eu

here=$(cd "$(dirname "$0")" && pwd)
case ${1:-6.1} in
6.1) ;;
6.12 | 7) exec "$here/fetch-trixie.sh" "$1" ;;
*) echo "fetch: unknown kernel '$1' (6.1, 6.12 or 7)" >&2; exit 2 ;;
esac
repo=$(cd "$here/../.." && pwd)
cache=${PCIBACK_CACHE:-$repo/.cache}
root=$cache/root

say() { echo "fetch: $*" >&2; }

if [ -s "$cache/kver" ] && [ -f "$root/boot/xen" ]; then
	kver=$(cat "$cache/kver")
	if [ -f "$root/lib/modules/$kver/modules.dep" ] &&
	   [ -f "$root/boot/vmlinuz-$kver" ]; then
		echo "$kver"
		exit 0
	fi
fi

# The current ABI name (6.1.0-NN-amd64) is what linux-image-amd64 depends on.
find_kpkg() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n1
}
kpkg=$(find_kpkg)
if [ -z "$kpkg" ] || ! apt-cache show xen-hypervisor-4.17-amd64 >/dev/null 2>&1; then
	say "package lists empty, running apt-get update"
	apt-get update -qq >&2
	kpkg=$(find_kpkg)
fi
[ -n "$kpkg" ] || { say "cannot find a linux-image-6.1 package"; exit 1; }
kver=${kpkg#linux-image-}

mkdir -p "$cache/debs"
cd "$cache/debs"
for p in "$kpkg" xen-hypervisor-4.17-amd64; do
	if ! ls "${p}"_*.deb >/dev/null 2>&1; then
		say "downloading $p (apt-get download)"
		# apt drops privileges to _apt; let it write here.
		chmod 777 "$cache/debs" 2>/dev/null || true
		apt-get download -q "$p" >&2
	fi
done

say "extracting into $root"
rm -rf "$root.tmp"
mkdir -p "$root.tmp"
for d in "$kpkg"_*.deb xen-hypervisor-4.17-amd64_*.deb; do
	dpkg-deb -x "$d" "$root.tmp"
done
gunzip -c "$root.tmp"/boot/xen-4.17-amd64.gz > "$root.tmp/boot/xen"
say "depmod $kver"
depmod -b "$root.tmp" "$kver"
rm -rf "$root"
mv "$root.tmp" "$root"
echo "$kver" > "$cache/kver"
echo "$kver"
