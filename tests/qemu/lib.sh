# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# Shared by run.sh and demo.sh: fetch the test kernel, lay out the project
# with `make install`, build initramfs images with the real dracut and the
# real mkinitramfs, boot them in QEMU (TCG) under a hard timeout.

QDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$QDIR/../.." && pwd)
OUT=${PCIBACK_QEMU_OUT:-$REPO/build/qemu}
CACHE=${PCIBACK_CACHE:-$REPO/.cache}
KROOT=$CACHE/root
# The hypervisor: Xen 4.17 from the 6.1 cache, for the 6.12 dom0 too;
# trixie's (4.20) for the 7.x dom0 (use_kernel sets it).
XEN=$CACHE/root/boot/xen
STAGE=$OUT/stage
IMG=$OUT/img
BOOT_TIMEOUT=${PCIBACK_BOOT_TIMEOUT:-240}
# Native drivers of the target devices, in every image, so that udev really
# races pciback-early for them.
NATIVE_DRIVERS="e1000 e1000e xhci_pci xhci_hcd"

mkdir -p "$OUT" "$IMG"

log() { echo "$*" >&2; }

# Sets KVER (and KVER61); downloads and unpacks once.
qemu_fetch() {
	KVER=$("$QDIR/fetch.sh") || return 1
	KVER61=$KVER
	[ -n "$KVER" ]
}

# Sets KVER612: the Debian 13 kernel, in $CACHE/trixie (fetch-trixie.sh).
qemu_fetch_612() {
	KVER612=$("$QDIR/fetch.sh" 6.12) || return 1
	[ -n "$KVER612" ]
}

# Sets KVER7: the newest kernel of trixie-backports, with trixie's Xen, in
# $CACHE/trixie-backports. Returns 3 when the archive has no 7.x kernel.
qemu_fetch_7() {
	KVER7=$("$QDIR/fetch.sh" 7) || return
	[ -n "$KVER7" ]
}

# use_kernel 6.1|6.12|7: the kernel that the image builders and boot() use
# from now on (KVER, KROOT, XEN); qemu_fetch / qemu_fetch_612 / qemu_fetch_7
# first.
use_kernel() {
	XEN=$CACHE/root/boot/xen
	case $1 in
	7) KVER=$KVER7 KROOT=$CACHE/trixie-backports/root XEN=$KROOT/boot/xen ;;
	6.12) KVER=$KVER612 KROOT=$CACHE/trixie/root ;;
	6.1 | '') KVER=$KVER61 KROOT=$CACHE/root ;;
	*) log "use_kernel: unknown kernel '$1'"; return 1 ;;
	esac
}

# `make install` into $STAGE: the tests use the layout a package would ship.
# PCIBACK_QEMU_KEEP_STAGE=1 reuses a tree already laid out in $STAGE.
qemu_stage() {
	[ "${PCIBACK_QEMU_KEEP_STAGE:-}" = 1 ] && [ -d "$STAGE" ] && return 0
	rm -rf "$STAGE"
	make -C "$REPO" install DESTDIR="$STAGE" PREFIX=/usr \
		> "$OUT/stage.log" 2>&1 || {
		log "make install failed, see $OUT/stage.log"
		return 1
	}
	[ -x "$STAGE/usr/lib/pciback-early/pciback-early" ] || {
		log "make install did not install usr/lib/pciback-early/pciback-early"
		return 1
	}
}

# A dracut base dir: the system's dracut plus this tree's module (as
# installed in $STAGE) and the test-only reporting module.
# dracut_basedir NAME [conf]: one per image, so that two builds can run at
# once; with "conf", its dracut.conf.d (which dracut always reads, as it
# reads /usr/lib/dracut/dracut.conf.d) also holds the staged tree's
# dracut.conf.d files, as when the package is installed.
dracut_basedir() {
	local base=$OUT/dracutbase${1:+-$1} e f
	rm -rf "$base"
	mkdir -p "$base/modules.d" "$base/dracut.conf.d"
	for e in /usr/lib/dracut/*; do
		case ${e##*/} in
		modules.d) ;;
		dracut.conf.d)
			for f in "$e"/*; do [ -e "$f" ] && ln -s "$f" "$base/dracut.conf.d/"; done ;;
		*) ln -s "$e" "$base/" ;;
		esac
	done
	if [ "${2:-}" = conf ]; then
		for e in "$STAGE"/usr/lib/dracut/dracut.conf.d/*; do
			[ -e "$e" ] && ln -sf "$e" "$base/dracut.conf.d/"
		done
	fi
	for e in /usr/lib/dracut/modules.d/*; do
		ln -s "$e" "$base/modules.d/"
	done
	[ -d "$STAGE/usr/lib/dracut/modules.d/90pciback-early" ] &&
		ln -s "$STAGE/usr/lib/dracut/modules.d/90pciback-early" "$base/modules.d/"
	ln -s "$QDIR/dracut/99pciback-test" "$base/modules.d/"
	mkdir -p "$OUT/dracut.conf.d"
	: > "$OUT/dracut.conf"
	echo "$base"
}

# in_modprobe_d CMD...: run CMD; with PCIBACK_TEST_MODPROBE_D=DIR, in a
# private mount namespace where DIR is /etc/modprobe.d (what the host's
# modprobe.d says at image build time, without touching the host).
in_modprobe_d() {
	if [ -n "${PCIBACK_TEST_MODPROBE_D:-}" ]; then
		unshare -m sh -ec 'mount --bind "$0" /etc/modprobe.d; exec "$@"' \
			"$PCIBACK_TEST_MODPROBE_D" "$@"
	else
		"$@"
	fi
}

# plan_root: the host the plans of the test images describe (their guards:
# root disk, keyboard, default route), not the machine running the tests;
# PCIBACK_TEST_PLAN_ROOT names another one.  Its modprobe.d is the real
# /etc/modprobe.d (or the one in_modprobe_d binds over it).  It has a /proc
# with a route table without routes: a /proc without /proc/net/route hides
# the routes, and the plan guards every NIC (unknown default-route).
plan_root() {
	local r=$OUT/plan-root
	if [ ! -e "$r/proc/net/route" ]; then
		mkdir -p "$r/proc/self" "$r/proc/net" "$r/etc" "$r/sys"
		root_in_memory > "$r/proc/self/mountinfo"
		ln -sfn /etc/modprobe.d "$r/etc/modprobe.d"
		route_header > "$r/proc/net/route"
	fi
	echo "${PCIBACK_TEST_PLAN_ROOT:-$r}"
}

# Fake hosts for `plan --root`, laid out as the kernel lays out sysfs.
# fake_host DIR: a root in memory (nothing to guard), a route table
# without routes, the real /etc/modprobe.d; prints DIR.
fake_host() {
	rm -rf "$1"
	mkdir -p "$1/proc/self" "$1/proc/net" "$1/etc" "$1/sys/bus/pci/devices" \
		"$1/sys/class/net" "$1/sys/class/input"
	root_in_memory > "$1/proc/self/mountinfo"
	route_header > "$1/proc/net/route"
	ln -s /etc/modprobe.d "$1/etc/modprobe.d"
	echo "$1"
}
# a mountinfo whose root is in memory: no disk to guard (a mountinfo
# without "/" guards every storage device, unknown root-storage)
root_in_memory() {
	echo "1 0 0:1 / / rw - tmpfs none rw"
}
route_header() {	# the first line of /proc/net/route
	printf 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n'
}
# fake_pci DIR ADDR VVVV DDDD CCCCCC: a PCI function on bus 00 with its IDs
fake_pci() {
	local d=$1/sys/devices/pci0000:00/$2
	mkdir -p "$d"
	echo "0x$3" > "$d/vendor"
	echo "0x$4" > "$d/device"
	echo "0x$5" > "$d/class"
	ln -s "../../../devices/pci0000:00/$2" "$1/sys/bus/pci/devices/$2"
}
# fake_nic DIR IFACE ADDR [CHILD]: IFACE on the PCI function ADDR (on its
# child device CHILD, e.g. virtio0); `device` links the parent
fake_nic() {
	local dev=devices/pci0000:00/$3${4:+/$4}
	mkdir -p "$1/sys/$dev/net/$2"
	ln -s "../../../${dev##*/}" "$1/sys/$dev/net/$2/device"
	ln -s "../../$dev/net/$2" "$1/sys/class/net/$2"
}
# fake_bridge DIR BRIDGE PORT...: a bridge (no device link) over the ports,
# each in brif/ and as lower_PORT; each port has brport/, master, upper_
fake_bridge() {
	local r=$1 br=$2 p port up
	mkdir -p "$r/sys/devices/virtual/net/$br/brif"
	ln -s "../../devices/virtual/net/$br" "$r/sys/class/net/$br"
	shift 2
	for p; do
		port=$(readlink "$r/sys/class/net/$p") && port=${port#../../devices/}
		up=$(echo "$port" | sed 's|[^/]*|..|g')	# from the port to sys/devices
		ln -s "../../../$port" "$r/sys/devices/virtual/net/$br/lower_$p"
		ln -s "../../../../$port/brport" "$r/sys/devices/virtual/net/$br/brif/$p"
		mkdir -p "$r/sys/devices/$port/brport"
		ln -s "../$up/virtual/net/$br" "$r/sys/devices/$port/brport/bridge"
		ln -s "$up/virtual/net/$br" "$r/sys/devices/$port/master"
		ln -s "$up/virtual/net/$br" "$r/sys/devices/$port/upper_$br"
	done
}
# fake_default_route DIR IFACE: the IPv4 default route (gateway
# 192.168.0.1) on IFACE
fake_default_route() {
	printf '%s\t00000000\t0100A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n' "$2" \
		>> "$1/proc/net/route"
}

# build_dracut OUT.img "extra dracut modules" [extra dracut args...]
build_dracut() {
	local img=$1 mods=$2 base
	shift 2
	base=$(dracut_basedir "${img##*/}")
	dracutbasedir=$base \
	PCIBACK_EARLY_BIN=$STAGE/usr/lib/pciback-early/pciback-early \
	PCIBACK_EARLY_HOST_BIN=$STAGE/usr/sbin/pciback-early \
	PCIBACK_EARLY_CONF=${PCIBACK_EARLY_CONF:-$OUT/no-such.conf} \
	PCIBACK_EARLY_PLAN_ROOT=$(plan_root) \
	in_modprobe_d dracut --force --no-hostonly --no-hostonly-cmdline \
		--conf "$OUT/dracut.conf" --confdir "$OUT/dracut.conf.d" \
		--kver "$KVER" --kmoddir "$KROOT/lib/modules/$KVER" \
		-m "base udev-rules rootfs-block $mods" \
		--add-drivers "$NATIVE_DRIVERS" --gzip "$@" "$img" \
		> "$img.log" 2>&1
}

# build_dracut_update OUT.img hostonly|no-hostonly [extra dracut args...]:
# the image a kernel update builds: plain `dracut --kver KVER`, no --add,
# no -m, the default module set, the staged dracut.conf.d read from the
# dracutbasedir. The test adds only what it needs, through a private
# --confdir standing in for /etc/dracut.conf.d: its reporting module and
# the native drivers that race the tool.
build_dracut_update() {
	local img=$1 mode=$2 base cd=$OUT/dracut-update-conf-${1##*/}
	shift 2
	base=$(dracut_basedir "${img##*/}" conf)
	rm -rf "$cd"
	mkdir -p "$cd"
	if [ "${PCIBACK_TEST_MODULE:-1}" = 1 ]; then
		printf 'add_dracutmodules+=" pciback-test "\nadd_drivers+=" %s "\n' \
			"$NATIVE_DRIVERS" > "$cd/99-pciback-test.conf"
	fi
	[ -n "${PCIBACK_TEST_DRACUT_CONF:-}" ] && cp "$PCIBACK_TEST_DRACUT_CONF" "$cd/"
	dracutbasedir=$base \
	PCIBACK_EARLY_BIN=$STAGE/usr/lib/pciback-early/pciback-early \
	PCIBACK_EARLY_HOST_BIN=$STAGE/usr/sbin/pciback-early \
	PCIBACK_EARLY_CONF=${PCIBACK_EARLY_CONF:-$OUT/no-such.conf} \
	PCIBACK_EARLY_PLAN_ROOT=$(plan_root) \
	dracut --force "--$mode" --conf "$OUT/dracut.conf" --confdir "$cd" \
		--kver "$KVER" --kmoddir "$KROOT/lib/modules/$KVER" "$@" "$img" \
		> "$img.log" 2>&1
}

# build_itools OUT.img with|without [extra modules]: mkinitramfs run in a private mount
# namespace where /lib/modules and /boot come from the cache and, "with",
# /usr/share/initramfs-tools also holds this tree's hook and script as
# installed in $STAGE.
build_itools() {
	local img=$1 with=$2 conf=$OUT/itools-conf-${1##*/}
	rm -rf "$conf"
	mkdir -p "$conf/conf.d" "$conf/scripts/init-premount" "$conf/hooks"
	cat > "$conf/initramfs.conf" <<-'EOT'
		MODULES=list
		BUSYBOX=y
		KEYMAP=n
		COMPRESS=gzip
		RESUME=none
		FSTYPE=ext4
	EOT
	# shellcheck disable=SC2086
	printf '%s\n' $NATIVE_DRIVERS ${3:-} > "$conf/modules"
	install -m 755 "$QDIR/dracut/99pciback-test/report.sh" \
		"$conf/scripts/init-premount/pciback-test"
	# pcitest.pre=MOD: load MOD before pciback-early runs (dracut has
	# rd.driver.pre for that), so the device is already bound.
	mkdir -p "$conf/scripts/init-top"
	install -m 755 "$QDIR/itools-pre.sh" "$conf/scripts/init-top/00pcitest-pre"
	# tests/qemu/vfio-open.c, as the dracut test module installs it
	if [ -x "${PCIBACK_TEST_VFIO_OPEN:-}" ]; then
		cat > "$conf/hooks/pcitest-vfio" <<-EOT
			#!/bin/sh
			[ "\$1" = prereqs ] && exit 0
			. /usr/share/initramfs-tools/hook-functions
			copy_exec "$PCIBACK_TEST_VFIO_OPEN" /sbin/vfio-open
		EOT
		chmod 755 "$conf/hooks/pcitest-vfio"
	fi
	local share=$OUT/itools-share-${img##*/}
	if [ "$with" = with ]; then
		rm -rf "$share"
		cp -a /usr/share/initramfs-tools "$share"
		cp -a "$STAGE/usr/share/initramfs-tools/." "$share/"
	fi
	# mkinitramfs only reads /lib/modules/KVER; the mount point must exist.
	[ -d /lib/modules ] || mkdir -p /lib/modules
	PCIBACK_EARLY_BIN=$STAGE/usr/lib/pciback-early/pciback-early \
	PCIBACK_EARLY_HOST_BIN=${PCIBACK_TEST_HOST_BIN:-$STAGE/usr/sbin/pciback-early} \
	PCIBACK_EARLY_CONF=${PCIBACK_EARLY_CONF:-$OUT/no-such.conf} \
	PCIBACK_EARLY_PLAN_ROOT=$(plan_root) \
	unshare -m sh -ec '
		mount --bind "$1/lib/modules" /lib/modules
		mount --bind "$1/boot" /boot
		[ "$2" = with ] && mount --bind "$3" /usr/share/initramfs-tools
		[ -n "$4" ] && mount --bind "$4" /etc/modprobe.d
		shift 4
		mkinitramfs "$@"
	' sh "$KROOT" "$with" "$share" "${PCIBACK_TEST_MODPROBE_D:-}" -d "$conf" -o "$img" "$KVER" \
		> "$img.log" 2>&1 < /dev/null
}

# boot NAME xen|bare INITRD "kernel cmdline" [qemu device args...]
# Console to $OUT/NAME.console, the guest's report (ttyS1) to $OUT/NAME.out.
# QEMU_SMP: vCPUs (1); Xen gives dom0 one vCPU per CPU it sees.
# Returns timeout's status (124 on timeout).
boot() {
	local name=$1 kind=$2 initrd=$3 cmdline=$4 vmlinuz
	shift 4
	vmlinuz=$KROOT/boot/vmlinuz-$KVER
	rm -f "$OUT/$name.console" "$OUT/$name.out"
	local common=(-machine "${QEMU_MACHINE:-pc}" -accel tcg -m 1024 -smp "${QEMU_SMP:-1}"
		-nodefaults -display none -no-reboot
		-serial "file:$OUT/$name.console" -serial "file:$OUT/$name.out")
	# no_timer_check: on a loaded host TCG is too slow for the kernel's
	# check of the IO-APIC timer, which panics with interrupt remapping
	# (intel-iommu,intremap=on): "timer doesn't work through
	# Interrupt-remapped IO-APIC"
	local kargs=(console=ttyS0 panic=-1 root=/dev/sda rd.shell=0 no_timer_check "$cmdline")
	if [ "$kind" = xen ]; then
		kargs[0]="console=hvc0 earlyprintk=xen"
		# Multiboot modules are comma separated; double commas inside.
		local mods="$vmlinuz ${kargs[*]//,/,,},$initrd"
		timeout -k 5 "$BOOT_TIMEOUT" qemu-system-x86_64 "${common[@]}" \
			-kernel "$XEN" \
			-append "console=com1 com1=115200,8n1 dom0_mem=512M,max:512M bootscrub=0" \
			-initrd "$mods" "$@" < /dev/null > "$OUT/$name.qemu.log" 2>&1 &
	else
		timeout -k 5 "$BOOT_TIMEOUT" qemu-system-x86_64 "${common[@]}" \
			-kernel "$vmlinuz" -initrd "$initrd" -append "${kargs[*]}" \
			"$@" < /dev/null > "$OUT/$name.qemu.log" 2>&1 &
	fi
	# A halted machine (dracut's die under systemd halts) stays in QEMU:
	# end it once the console says so, instead of waiting for the timeout.
	local pid=$! rc
	while kill -0 "$pid" 2> /dev/null; do
		if grep -qaE 'reboot: System halted|Dom0 (halted|shutdown)' "$OUT/$name.console" 2> /dev/null; then
			sleep 1
			pkill -P "$pid" qemu-system 2> /dev/null
			break
		fi
		sleep 1
	done
	wait "$pid"
	rc=$?
	return $rc
}

# build_rootfs OUT.img: a small ext4 real root for the switch_root test:
# busybox, tests/qemu/rootfs-init.sh as /sbin/init, e1000 and xen-pciback
# with a modules.dep, and the host build of pciback-early with the shared
# libraries it needs (ldd).
build_rootfs() {
	local img=$1 r=$OUT/rootfs m lib
	rm -rf "$r" "$img"
	mkdir -p "$r"/{bin,sbin,etc,proc,sys,dev,run,tmp,root} "$r/lib/modules/$KVER"
	cp /bin/busybox "$r/bin/busybox"
	chroot "$r" /bin/busybox --install -s /bin
	install -m 755 "$QDIR/rootfs-init.sh" "$r/sbin/init"
	echo switched > "$r/etc/pcitest-root"
	for m in e1000 xen-pciback; do
		m=$(modinfo -b "$KROOT" -k "$KVER" -n "$m") || return 1
		m=${m#"$KROOT"/}
		mkdir -p "$r/${m%/*}"
		cp "$KROOT/$m" "$r/$m"
	done
	cp "$KROOT/lib/modules/$KVER"/modules.{order,builtin}* "$r/lib/modules/$KVER/" 2>/dev/null
	depmod -b "$r" "$KVER" || return 1
	cp "$STAGE/usr/sbin/pciback-early" "$r/sbin/pciback-early"
	for lib in $(ldd "$STAGE/usr/sbin/pciback-early" | grep -o '/[^ ]*'); do
		mkdir -p "$r${lib%/*}"
		cp -L "$lib" "$r$lib"
	done
	mke2fs -q -t ext4 -d "$r" "$img" 64M
}

# Two identical e1000 NICs (00:03.0, 00:04.0) and a qemu-xhci (00:05.0).
DEVICES=(-device e1000,addr=03.0,mac=52:54:00:00:00:03
	-device e1000,addr=04.0,mac=52:54:00:00:00:04
	-device qemu-xhci,addr=05.0)

# build_vfio_open: tests/qemu/vfio-open.c as $OUT/vfio-open (static), for
# the images (PCIBACK_TEST_VFIO_OPEN).
build_vfio_open() {
	gcc -static -Os -Wall -Wextra -o "$OUT/vfio-open" "$QDIR/vfio-open.c"
}

# Reading the report: driver_of NAME 0000:00:03.0
driver_of() {
	sed -n "s/^DEV $2 .* driver=\([^ ]*\) .*/\1/p" "$OUT/$1.out" | tr -d '\r'
}
