// SPDX-License-Identifier: GPL-2.0-or-later
/* test_guards_storage.c - the root-storage guards `plan` records, on the
 * basic fixture (/ on sda1 behind the AHCI controller 0000:00:1f.2) with
 * more storage added by each test: what the boot mounts besides /, the
 * stacks under it (md partitions, btrfs, ZFS, NVMe multipath, bcache),
 * and what cannot be mapped (an unknown guard, never nothing).  Network
 * storage: test_guards_netstore.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "fakenet.h"
#include "harness.h"

static const char *root;

static void storage_host(void)
{
	root = fake_kernel_on(&k, "basic");
}

/* a shell command in the fake root */
#define in_root(...) sh_in(root, __VA_ARGS__)

/* an NVMe controller nvmeN, PCI function 0000:00:SLOT.0 */
static void nvme_ctrl(int slot, int n)
{
	in_root("d=sys/devices/pci0000:00/0000:00:%02x.0 && mkdir -p $d/nvme/nvme%d && "
		"echo 0x144d >$d/vendor && echo 0xa808 >$d/device && echo 0x010802 >$d/class && "
		"echo pcie >$d/nvme/nvme%d/transport && "
		"ln -s ../../../devices/pci0000:00/0000:00:%02x.0 sys/bus/pci/devices/",
		slot, n, n, slot);
}

/* a block device whose sysfs directory is sys/devices/DIR, in
 * /sys/class/block and (with a MAJ:MIN) /sys/dev/block */
static void block(const char *dir, const char *majmin)
{
	in_root("mkdir -p sys/devices/%s && ln -s ../../devices/%s sys/class/block/ && "
		"{ [ -z '%s' ] || ln -s ../../devices/%s sys/dev/block/%s; }",
		dir, dir, majmin, dir, majmin);
}

/* a partition: a block device with a partition file, in its disk's dir */
static void partition(const char *dir, const char *majmin)
{
	block(dir, majmin);
	in_root("echo 1 >sys/devices/%s/partition", dir);
}

/* NAME is under the block device in DIR (dm, md, bcache: slaves/) */
static void slave(const char *dir, const char *name)
{
	in_root("mkdir -p sys/devices/%s/slaves && touch sys/devices/%s/slaves/%s", dir, dir, name);
}

/* controller nvmeN at SLOT with namespace nvmeNn1 and its partition P */
static void nvme_part(int slot, int n, int part, const char *majmin)
{
	char dir[256];

	nvme_ctrl(slot, n);
	snprintf(dir, sizeof(dir), "pci0000:00/0000:00:%02x.0/nvme/nvme%d/nvme%dn1", slot, n, n);
	block(dir, "");
	snprintf(dir + strlen(dir), sizeof(dir) - strlen(dir), "/nvme%dn1p%d", n, part);
	partition(dir, majmin);
}

/* a native NVMe multipath head nvme0n1 (subsystem nvme-subsys0) with the
 * partition nvme0n1p1 (MAJ:MIN), a path on each controller in ctrls (their
 * slots; controller i is nvme<i>), and the head's multipath/ directory
 * (kernel 6.15 on) when links is set */
static void nvme_multipath(const int *slots, int n, const char *majmin, int links)
{
	const char *sub = "virtual/nvme-subsystem/nvme-subsys0";
	char dir[256];
	int i;

	snprintf(dir, sizeof(dir), "%s/nvme0n1", sub);
	block(dir, "");
	snprintf(dir, sizeof(dir), "%s/nvme0n1/nvme0n1p1", sub);
	partition(dir, majmin);
	for (i = 0; i < n; i++) {
		nvme_ctrl(slots[i], i);
		snprintf(dir, sizeof(dir), "pci0000:00/0000:00:%02x.0/nvme/nvme%d/nvme0c%dn1",
			 slots[i], i, i);
		block(dir, "");
		in_root("ln -sr sys/devices/pci0000:00/0000:00:%02x.0/nvme/nvme%d sys/devices/%s/",
			slots[i], i, sub);
		if (links)
			in_root("mkdir -p sys/devices/%s/nvme0n1/multipath && "
				"ln -sr sys/devices/%s sys/devices/%s/nvme0n1/multipath/", sub, dir, sub);
	}
}

/* bcache0 over the backing device in sysfs dir BACKING (named back) and
 * the cache device in sysfs dir CACHE */
static void bcache(const char *backing, const char *back, const char *cache, const char *majmin)
{
	block("virtual/block/bcache0", majmin);
	slave("virtual/block/bcache0", back);
	in_root("set -e; s=sys/fs/bcache/5c1e5c1e; mkdir -p $s sys/devices/%s/bcache "
		"sys/devices/%s/bcache; ln -sr $s sys/devices/%s/bcache/cache; "
		"ln -sr sys/devices/%s/bcache sys/devices/virtual/block/bcache0/bcache; "
		"ln -sr sys/devices/%s/bcache $s/cache0; ln -sr sys/devices/%s/bcache $s/bdev0",
		backing, cache, backing, backing, cache, backing);
}

/* the plan `plan` writes for the fake root, and the line of it that
 * holds a needle ("" when none) */
#define plan() plan_of(root)
#define plan_line(needle) line_with(out, needle)

/* how the host reached the root-storage guard on addr (the text after its
 * IDs in the plan), NULL when addr has none */
static const char *via(const char *addr)
{
	char needle[64];
	const char *line;

	snprintf(needle, sizeof(needle), "guard %s root-storage ", addr);
	line = plan_line(needle);
	if (!*line)
		return NULL;
	/* "guard ADDR root-storage VVVV:DDDD CCCCCC VIA" */
	line += strlen(needle);
	line = strchr(line, ' ');
	line = line ? strchr(line + 1, ' ') : NULL;
	return line ? line + 1 : "";
}

/* the root-storage guard on addr came the way want says */
#define CHECK_VIA(addr, want) \
	CHECK(via(addr) && strcmp(via(addr), want) == 0, "%s: got '%s', want '%s' in\n%s", \
	      addr, via(addr) ? via(addr) : "(no guard)", want, out)

static void boot_mounts_not_only_root(void)
{
	storage_host();
	nvme_part(0x0a, 0, 1, "259:1");    /* /usr, mounted, not in fstab */
	nvme_part(0x0b, 1, 1, "259:3");    /* /boot/efi, in fstab by UUID, not mounted */
	nvme_part(0x0c, 2, 1, "259:5");    /* /var, in fstab by LABEL, mounted */
	nvme_part(0x0d, 3, 1, "259:7");    /* /home, nofail */
	nvme_part(0x0e, 4, 1, "259:9");    /* /mnt/backup, noauto */
	nvme_part(0x0f, 5, 2, "259:11");   /* swap in fstab by PARTUUID */
	nvme_part(0x10, 6, 2, "259:13");   /* swap in /proc/swaps */
	in_root("mkdir -p dev/disk/by-uuid dev/disk/by-partuuid && "
		"ln -s ../../nvme1n1p1 dev/disk/by-uuid/ABCD-1234 && "
		"ln -s ../../nvme4n1p1 dev/disk/by-uuid/eeee && "
		"ln -s ../../nvme5n1p2 dev/disk/by-partuuid/5678-02");
	spit(root, "/proc/self/mountinfo",
	     "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	     "23 22 259:1 / /usr rw,relatime shared:2 - ext4 /dev/nvme0n1p1 rw\n"
	     "24 22 259:5 / /var rw,relatime shared:3 - xfs /dev/nvme2n1p1 rw\n"
	     "25 22 259:7 / /home rw,relatime shared:4 - ext4 /dev/nvme3n1p1 rw\n"
	     "26 22 0:30 / /tmp rw shared:5 - tmpfs tmpfs rw\n"
	     "27 22 0:5 / /proc rw shared:6 - proc proc rw\n");
	spit(root, "/etc/fstab",
	     "# /etc/fstab: static file system information.\n"
	     "UUID=0a0a /               ext4    errors=remount-ro 0 1\n"
	     "\n"
	     "UUID=ABCD-1234  /boot/efi  vfat  umask=0077  0 1\n"
	     "LABEL=var /var xfs defaults 0 2\n"
	     "/dev/nvme3n1p1 /home ext4 defaults,nofail 0 2\n"
	     "UUID=eeee /mnt/backup ext4 noauto,user 0 0\n"
	     "PARTUUID=5678-02 none swap sw 0 0\n"
	     "proc /proc proc defaults 0 0\n"
	     "tmpfs /tmp tmpfs defaults,size=1G 0 0\n");
	spit(root, "/proc/swaps",
	     "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
	     "/dev/nvme6n1p2                          partition\t8388604\t\t0\t\t-2\n");
	plan();
	CHECK_VIA("0000:00:1f.2", "/ -> sda1");
	CHECK_VIA("0000:00:0a.0", "/usr -> nvme0n1p1");
	CHECK_VIA("0000:00:0b.0", "/boot/efi -> nvme1n1p1");
	CHECK_VIA("0000:00:0c.0", "/var -> nvme2n1p1");
	CHECK_VIA("0000:00:0f.0", "swap -> nvme5n1p2");
	CHECK_VIA("0000:00:10.0", "swap -> nvme6n1p2");
	CHECK(via("0000:00:0d.0") == NULL, "nofail: the boot goes on without it: %s", out);
	CHECK(via("0000:00:0e.0") == NULL, "noauto: not mounted at boot: %s", out);
	CHECK(count_of(out, "unknown ") == 0, "%s", out);
}
DEFINE_TEST(boot_mounts_not_only_root, "/usr, fstab entries the boot mounts, and swap");

/* what cannot be mapped to a block device guards every storage device */
static void unmappable_fstab_entry_is_unknown(void)
{
	storage_host();
	spit(root, "/etc/fstab", "UUID=dead-beef /srv xfs defaults 0 0\n"
	     "/dev/sdz9\n"
	     "UUID=f00d /opt ext4 defaults 0 0\n");
	plan();
	/* each is recorded and said: check lists every one */
	CHECK(count_of(out, "unknown root-storage 01 ") == 3, "%s", out);
	CHECK(count_of(out, "unknown root-storage 01 /srv (UUID=dead-beef)") == 1, "%s", out);
	CHECK(count_of(out, "unknown root-storage 01 /opt (UUID=f00d)") == 1, "%s", out);
	CHECK(count_of(cli_err, "UUID=f00d") == 1, "%s", cli_err);
	CHECK(count_of(cli_err, "/etc/fstab:2") == 1, "%s", cli_err);
	CHECK_VIA("0000:00:1f.2", "/ -> sda1");
	run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.slots=00:1f.2|check", out,
		sizeof(out));
	CHECK(count_of(out, "guard on every class 01 device: unknown: root-storage: /srv") == 1,
	      "%s", out);
}
DEFINE_TEST(unmappable_fstab_entry_is_unknown,
	    "an fstab entry with no block device is an unknown guard");

/* filesystems without a block device: fuse is unknown, tmpfs needs
 * nothing, overlay is on the mounts of its directories */
static void filesystems_without_block_device(void)
{
	storage_host();
	spit(root, "/proc/self/mountinfo", "22 1 0:40 / / rw - fuse.sshfs me@192.0.2.1:/ rw\n");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "fuse.sshfs") == 1, "%s", out);
	CHECK(via("0000:00:1f.2") == NULL, "%s", out);

	storage_host();
	spit(root, "/proc/self/mountinfo", "1 0 0:2 / / rw - tmpfs none rw\n");
	plan();
	CHECK(count_of(out, "root-storage") == 0, "a root in memory needs no disk: %s", out);

	storage_host();
	spit(root, "/proc/self/mountinfo",
	     "1 0 0:2 / / rw - overlay overlay rw,lowerdir=/run/rootfs/ro,"
	     "upperdir=/run/rootfs/rw/upper,workdir=/run/rootfs/rw/work\n"
	     "2 1 8:1 / /run/rootfs/ro ro - ext4 /dev/sda1 ro\n"
	     "3 1 0:30 / /run/rootfs/rw rw - tmpfs tmpfs rw\n");
	plan();
	CHECK_VIA("0000:00:1f.2", "/ overlay /run/rootfs/ro -> sda1");
	CHECK(count_of(out, "unknown ") == 0, "%s", out);
}
DEFINE_TEST(filesystems_without_block_device,
	    "fuse is unknown, tmpfs needs nothing, overlay its directories' mounts");

/* no size cap or read error drops a guard */
static void big_or_unreadable_files(void)
{
	storage_host();
	in_root("awk 'BEGIN { for (i = 0; i < 12000; i++) printf \"%%d 22 0:%%d / /run/user/%%d "
		"rw,nosuid,nodev,relatime shared:%%d - tmpfs tmpfs rw,size=3275588k,mode=700\\n\", "
		"100 + i, 100 + i, i, 100 + i }' >proc/self/mountinfo && "
		"echo '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw' >>proc/self/mountinfo && "
		"[ $(wc -c <proc/self/mountinfo) -gt 1100000 ]");
	plan();
	CHECK_VIA("0000:00:1f.2", "/ -> sda1");

	storage_host();
	in_root("rm proc/self/mountinfo && mkdir proc/self/mountinfo");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "/proc/self/mountinfo") == 1, "%s", out);

	storage_host();
	spit(root, "/proc/self/mountinfo", "19 22 0:18 / /sys rw,nosuid shared:7 - sysfs sysfs rw\n");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "/ is not mounted") == 1, "%s", out);

	storage_host();
	in_root("mkdir etc/fstab");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "/etc/fstab") == 1, "%s", out);
	CHECK_VIA("0000:00:1f.2", "/ -> sda1");

	storage_host();
	in_root("mkdir proc/swaps");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "/proc/swaps") == 1, "%s", out);
}
DEFINE_TEST(big_or_unreadable_files,
	    "a 1.1 MiB mountinfo, unreadable files: never no guard");

/* / on md126p2: from the partition to its array, then the members */
static void md_partition(void)
{
	storage_host();
	nvme_part(0x0a, 0, 1, "259:1");
	nvme_part(0x0b, 1, 1, "259:3");
	block("virtual/block/md126", "9:126");
	partition("virtual/block/md126/md126p2", "259:20");
	slave("virtual/block/md126", "nvme0n1p1");
	slave("virtual/block/md126", "nvme1n1p1");
	spit(root, "/proc/self/mountinfo", "22 1 259:20 / / rw - ext4 /dev/md126p2 rw\n");
	plan();
	CHECK_VIA("0000:00:0a.0", "/ -> md126p2 -> md126 -> nvme0n1p1");
	CHECK_VIA("0000:00:0b.0", "/ -> md126p2 -> md126 -> nvme1n1p1");
}
DEFINE_TEST(md_partition, "a partition of an md array guards its members");

/* btrfs over two devices: every member, found from the mount source */
static void btrfs_members(void)
{
	storage_host();
	nvme_part(0x0a, 0, 2, "259:2");
	nvme_part(0x0b, 1, 2, "259:4");
	nvme_part(0x0c, 2, 1, "259:6");
	in_root("f=sys/fs/btrfs/0d5b5f3e-0000-4000-8000-000000000001/devices && mkdir -p $f && "
		"ln -sr sys/class/block/nvme0n1p2 sys/class/block/nvme1n1p2 $f/ && "
		"g=sys/fs/btrfs/0d5b5f3e-0000-4000-8000-000000000002/devices && mkdir -p $g && "
		"ln -sr sys/class/block/nvme2n1p1 $g/");
	spit(root, "/proc/self/mountinfo", "22 1 0:35 /@ / rw,relatime shared:1 - btrfs "
	     "/dev/nvme0n1p2 rw,ssd,space_cache=v2,subvolid=256,subvol=/@\n");
	plan();
	CHECK_VIA("0000:00:0a.0", "/ btrfs -> nvme0n1p2");
	CHECK_VIA("0000:00:0b.0", "/ btrfs -> nvme1n1p2");
	CHECK(via("0000:00:0c.0") == NULL, "another btrfs: %s", out);
	CHECK(count_of(out, "unknown ") == 0, "%s", out);
}
DEFINE_TEST(btrfs_members, "btrfs over two devices guards both");

/* root on ZFS: the pool's members from the udev database */
static void zfs_pool_members(void)
{
	storage_host();
	nvme_part(0x0a, 0, 3, "259:3");
	nvme_part(0x0b, 1, 3, "259:6");
	nvme_part(0x0c, 2, 1, "259:9");
	in_root("mkdir -p run/udev/data && "
		"printf 'S:disk/by-id/nvme-a-part3\\nE:ID_FS_TYPE=zfs_member\\nE:ID_FS_LABEL=rpool\\n' "
		">run/udev/data/b259:3 && "
		"printf 'E:ID_FS_LABEL=rpool\\nE:ID_FS_TYPE=zfs_member\\n' >run/udev/data/b259:6 && "
		"printf 'E:ID_FS_TYPE=zfs_member\\nE:ID_FS_LABEL=tank\\n' >run/udev/data/b259:9 && "
		"printf 'E:ID_FS_TYPE=zfs_member\\nE:ID_FS_LABEL=rpool\\n' >run/udev/data/c259:3");
	spit(root, "/proc/self/mountinfo",
	     "22 1 0:25 / / rw,relatime shared:1 - zfs rpool/ROOT/pve-1 rw,xattr,noacl\n");
	plan();
	CHECK_VIA("0000:00:0a.0", "/ zfs rpool -> nvme0n1p3");
	CHECK_VIA("0000:00:0b.0", "/ zfs rpool -> nvme1n1p3");
	CHECK(via("0000:00:0c.0") == NULL, "a member of another pool: %s", out);
	CHECK(count_of(out, "unknown ") == 0, "%s", out);

	in_root("rm -r run/udev");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "zfs rpool") == 1, "%s", out);
}
DEFINE_TEST(zfs_pool_members, "root on ZFS guards the pool's members");

/* native NVMe multipath: every path of the head, with the head's
 * multipath/ links (6.15 on) or, before, every controller of the subsystem */
static void nvme_multipath_paths(void)
{
	static const int slots[] = { 0x0a, 0x0b };

	storage_host();
	nvme_multipath(slots, 2, "259:1", 1);
	nvme_ctrl(0x0c, 2);  /* in the subsystem, without this namespace */
	in_root("ln -sr sys/devices/pci0000:00/0000:00:0c.0/nvme/nvme2 "
		"sys/devices/virtual/nvme-subsystem/nvme-subsys0/");
	spit(root, "/proc/self/mountinfo", "22 1 259:1 / / rw - ext4 /dev/nvme0n1p1 rw\n");
	plan();
	CHECK_VIA("0000:00:0a.0", "/ -> nvme0n1p1 -> nvme0n1 -> nvme0c0n1");
	CHECK_VIA("0000:00:0b.0", "/ -> nvme0n1p1 -> nvme0n1 -> nvme0c1n1");
	CHECK(via("0000:00:0c.0") == NULL, "%s", out);

	storage_host();
	nvme_multipath(slots, 2, "259:1", 0);
	spit(root, "/proc/self/mountinfo", "22 1 259:1 / / rw - ext4 /dev/nvme0n1p1 rw\n");
	plan();
	CHECK_VIA("0000:00:0a.0", "/ -> nvme0n1p1 -> nvme0n1 -> nvme0");
	CHECK_VIA("0000:00:0b.0", "/ -> nvme0n1p1 -> nvme0n1 -> nvme1");
}
DEFINE_TEST(nvme_multipath_paths, "native NVMe multipath guards every path");

/* bcache: the backing device (slaves/) and the cache set's cache device */
static void bcache_backing_and_cache(void)
{
	storage_host();
	nvme_part(0x0a, 0, 1, "259:1");
	nvme_part(0x0b, 1, 1, "259:3");
	bcache("pci0000:00/0000:00:0a.0/nvme/nvme0/nvme0n1/nvme0n1p1", "nvme0n1p1",
	       "pci0000:00/0000:00:0b.0/nvme/nvme1/nvme1n1/nvme1n1p1", "252:0");
	spit(root, "/proc/self/mountinfo", "22 1 252:0 / / rw - ext4 /dev/bcache0 rw\n");
	plan();
	CHECK_VIA("0000:00:0a.0", "/ -> bcache0 -> nvme0n1p1");
	CHECK_VIA("0000:00:0b.0", "/ -> bcache0 -> nvme1n1p1");
}
DEFINE_TEST(bcache_backing_and_cache, "bcache guards its backing and its cache device");

/* LVM on LUKS on a partition of md over a multipath NVMe partition and a
 * bcache device */
#define STACK "/ -> dm-1 -> dm-0 -> md126p1 -> md126 -> "
static void stacks_of_these(void)
{
	static const int slots[] = { 0x0a, 0x0b };

	storage_host();
	nvme_multipath(slots, 2, "259:1", 1);
	nvme_ctrl(0x0c, 2);
	block("pci0000:00/0000:00:0c.0/nvme/nvme2/nvme2n1", "259:10");
	nvme_part(0x0d, 3, 1, "259:12");
	bcache("pci0000:00/0000:00:0c.0/nvme/nvme2/nvme2n1", "nvme2n1",
	       "pci0000:00/0000:00:0d.0/nvme/nvme3/nvme3n1/nvme3n1p1", "252:0");
	block("virtual/block/md126", "9:126");
	partition("virtual/block/md126/md126p1", "259:20");
	slave("virtual/block/md126", "nvme0n1p1");
	slave("virtual/block/md126", "bcache0");
	block("virtual/block/dm-0", "254:0");
	slave("virtual/block/dm-0", "md126p1");
	block("virtual/block/dm-1", "254:1");
	slave("virtual/block/dm-1", "dm-0");
	spit(root, "/proc/self/mountinfo", "22 1 254:1 / / rw - ext4 /dev/mapper/vg-root rw\n");
	plan();
	CHECK_VIA("0000:00:0a.0", STACK "nvme0n1p1 -> nvme0n1 -> nvme0c0n1");
	CHECK_VIA("0000:00:0b.0", STACK "nvme0n1p1 -> nvme0n1 -> nvme0c1n1");
	CHECK_VIA("0000:00:0c.0", STACK "bcache0 -> nvme2n1");
	CHECK_VIA("0000:00:0d.0", STACK "bcache0 -> nvme3n1p1");
}
DEFINE_TEST(stacks_of_these, "LVM on LUKS on md over multipath NVMe and bcache");
