#!/bin/sh
# Install what the boot tests need, only what is missing (Debian/Ubuntu).
# dracut-core and initramfs-tools-core install side by side (the dracut and
# initramfs-tools meta packages conflict); udev goes into both images.
set -eu

pkgs="qemu-system-x86 dracut-core initramfs-tools-core klibc-utils kmod cpio
busybox-static udev util-linux"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing:$missing (run as root, or: sudo apt-get install$missing)" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
