// SPDX-License-Identifier: GPL-2.0-or-later
/* test_guards_storage.c - the root-storage guards `plan` records, on the
 * basic fixture (/ on sda1 behind the AHCI controller 0000:00:1f.2) with
 * more storage added by each test: what the boot mounts besides /, and
 * what cannot be mapped (an unknown guard, never nothing). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

static struct fake_kernel k;
static char out[1 << 20];
static const char *root;

static void host(void)
{
	root = fake_kernel_on(&k, "basic");
}

/* run a shell command in the fake root */
static void in_root(const char *form, ...)
{
	char cmd[8192];
	va_list ap;
	int n = snprintf(cmd, sizeof(cmd), "cd '%s' && ", root);

	va_start(ap, form);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, form, ap);
	va_end(ap);
	CHECK(system(cmd) == 0, "%s", cmd);
}

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

/* the plan `plan` writes for the fake root */
static const char *plan(void)
{
	run_cli(root, &k.ops, "--kver|6.1.0-test|plan", out, sizeof(out));
	return out;
}

/* the line of the last plan that holds needle, "" when none */
static const char *plan_line(const char *needle)
{
	static char line[1024];
	const char *at = strstr(out, needle), *start, *end;

	line[0] = '\0';
	if (!at)
		return line;
	for (start = at; start > out && start[-1] != '\n'; start--)
		;
	end = strchr(at, '\n');
	snprintf(line, sizeof(line), "%.*s", (int)(end ? end - start : (long)strlen(start)), start);
	return line;
}

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
	host();
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

/* what cannot be mapped to a block device guards every storage device */
static void unmappable_fstab_entry_is_unknown(void)
{
	host();
	spit(root, "/etc/fstab", "UUID=dead-beef /srv xfs defaults 0 0\n"
	     "/dev/sdz9\n"
	     "UUID=f00d /opt ext4 defaults 0 0\n");
	plan();
	CHECK(count_of(out, "unknown root-storage 01 ") == 1, "%s", out);
	CHECK(count_of(plan_line("unknown root-storage 01 "), "/srv") == 1, "%s", out);
	CHECK(count_of(plan_line("unknown root-storage 01 "), "UUID=dead-beef") == 1, "%s", out);
	/* each is said, though the plan keeps one unknown guard per class */
	CHECK(count_of(cli_err, "UUID=f00d") == 1, "%s", cli_err);
	CHECK(count_of(cli_err, "/etc/fstab:2") == 1, "%s", cli_err);
	CHECK_VIA("0000:00:1f.2", "/ -> sda1");
	run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.slots=00:1f.2|check", out,
		sizeof(out));
	CHECK(count_of(out, "guard on every class 01 device: unknown: root-storage: /srv") == 1,
	      "%s", out);
}

/* filesystems without a block device: fuse is unknown, tmpfs needs
 * nothing, overlay is on the mounts of its directories */
static void filesystems_without_block_device(void)
{
	host();
	spit(root, "/proc/self/mountinfo", "22 1 0:40 / / rw - fuse.sshfs me@192.0.2.1:/ rw\n");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "fuse.sshfs") == 1, "%s", out);
	CHECK(via("0000:00:1f.2") == NULL, "%s", out);

	host();
	spit(root, "/proc/self/mountinfo", "1 0 0:2 / / rw - tmpfs none rw\n");
	plan();
	CHECK(count_of(out, "root-storage") == 0, "a root in memory needs no disk: %s", out);

	host();
	spit(root, "/proc/self/mountinfo",
	     "1 0 0:2 / / rw - overlay overlay rw,lowerdir=/run/rootfs/ro,"
	     "upperdir=/run/rootfs/rw/upper,workdir=/run/rootfs/rw/work\n"
	     "2 1 8:1 / /run/rootfs/ro ro - ext4 /dev/sda1 ro\n"
	     "3 1 0:30 / /run/rootfs/rw rw - tmpfs tmpfs rw\n");
	plan();
	CHECK_VIA("0000:00:1f.2", "/ overlay /run/rootfs/ro -> sda1");
	CHECK(count_of(out, "unknown ") == 0, "%s", out);
}

/* no size cap or read error drops a guard */
static void big_or_unreadable_files(void)
{
	host();
	in_root("awk 'BEGIN { for (i = 0; i < 12000; i++) printf \"%%d 22 0:%%d / /run/user/%%d "
		"rw,nosuid,nodev,relatime shared:%%d - tmpfs tmpfs rw,size=3275588k,mode=700\\n\", "
		"100 + i, 100 + i, i, 100 + i }' >proc/self/mountinfo && "
		"echo '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw' >>proc/self/mountinfo && "
		"[ $(wc -c <proc/self/mountinfo) -gt 1100000 ]");
	plan();
	CHECK_VIA("0000:00:1f.2", "/ -> sda1");

	host();
	in_root("rm proc/self/mountinfo && mkdir proc/self/mountinfo");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "/proc/self/mountinfo") == 1, "%s", out);

	host();
	spit(root, "/proc/self/mountinfo", "19 22 0:18 / /sys rw,nosuid shared:7 - sysfs sysfs rw\n");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "/ is not mounted") == 1, "%s", out);

	host();
	in_root("mkdir etc/fstab");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "/etc/fstab") == 1, "%s", out);
	CHECK_VIA("0000:00:1f.2", "/ -> sda1");

	host();
	in_root("mkdir proc/swaps");
	plan();
	CHECK(count_of(plan_line("unknown root-storage 01 "), "/proc/swaps") == 1, "%s", out);
}

static const struct test tests[] = {
	{ "storage: /usr, fstab entries the boot mounts, and swap", boot_mounts_not_only_root },
	{ "storage: an fstab entry with no block device is an unknown guard",
	  unmappable_fstab_entry_is_unknown },
	{ "storage: fuse is unknown, tmpfs needs nothing, overlay its directories' mounts",
	  filesystems_without_block_device },
	{ "storage: a 1.1 MiB mountinfo, unreadable files: never no guard", big_or_unreadable_files },
};

RUN_TESTS(tests)
