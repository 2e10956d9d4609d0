#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Demo: build a dracut image with `dracut --add pciback-early` from this
# tree as `make install` lays it out, boot it as a Xen dom0 in QEMU with two
# identical e1000 NICs and rd.pciback.slots=00:03.0, and show, from inside
# the guest, 00:03.0 on pciback, 00:04.0 on e1000, and the tool's log.
# Run by `make demo` after `make`. Files go to build/demo/.
set -eu
export PCIBACK_QEMU_OUT=${PCIBACK_QEMU_OUT:-$(cd "$(dirname "$0")/../.." && pwd)/build/demo}
. "$(dirname "$0")/lib.sh"

say() { echo "==> $*"; }

say "checking the tools the demo needs (tests/qemu/deps.sh)"
"$QDIR/deps.sh"

say "getting a Debian kernel and the Xen hypervisor (apt-get download, ~75 MB once; cached in $CACHE)"
qemu_fetch 2> >(sed 's/^/    /' >&2)
say "kernel $KVER, Xen 4.17"

say "make install DESTDIR=$STAGE PREFIX=/usr"
qemu_stage

say "dracut --add pciback-early (module from $STAGE/usr/lib/dracut/modules.d/90pciback-early)"
build_dracut "$IMG/demo.img" "pciback-test" --add pciback-early || {
	cat "$IMG/demo.img.log" >&2
	exit 1
}
say "image $IMG/demo.img ($(du -h "$IMG/demo.img" | cut -f1)); it also has e1000.ko, so udev races the tool"

cmdline="rd.pciback.slots=00:03.0"
say "booting Xen dom0 in QEMU (software emulation, about a minute)"
say "  devices: e1000 at 00:03.0, e1000 at 00:04.0 (identical), qemu-xhci at 00:05.0"
say "  kernel command line: $cmdline"
t0=$(date +%s)
rc=0
boot demo xen "$IMG/demo.img" "$cmdline" "${DEVICES[@]}" || rc=$?
say "guest powered off after $(($(date +%s) - t0)) s (console: $OUT/demo.console)"
if [ "$rc" = 124 ] || ! grep -q '^END' "$OUT/demo.out" 2>/dev/null; then
	echo "demo: the guest did not report (exit $rc); last console lines:" >&2
	tail -n 20 "$OUT/demo.console" >&2
	exit 1
fi

say "inside the guest, in the initramfs, after udev settled:"
sed -n 's/^SHOW /    /p' "$OUT/demo.out" | tr -d '\r'
echo
n03=$(driver_of demo 0000:00:03.0)
n04=$(driver_of demo 0000:00:04.0)
say "00:03.0 is on ${n03:-?}, its twin 00:04.0 on ${n04:-?}"
[ "$n03" = pciback ] && [ "$n04" = e1000 ]
