#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install, when missing, the Debian packages the build, the tests and the
# demo need.  Run as root (or with sudo available) on Debian 12.
set -eu
pkgs="build-essential klibc-utils libklibc-dev libkmod-dev kmod pkg-config clang
libclang-rt-14-dev clang-tidy cppcheck
qemu-system-x86 dracut-core initramfs-tools-core udev cpio busybox-static e2fsprogs
util-linux pciutils file xz-utils zstd debhelper lintian rpm rpmlint musl-tools autopkgtest"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
