// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_confedit.c - assign --save and release --save: the conf keeps its
 * comments and order, is replaced atomically, a symbolic link or a
 * read-only conf is refused; conf_edit as import --write will call it;
 * assign of a VF that does not exist yet.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confedit.h"
#include "fakekernel.h"
#include "harness.h"

#define CONF "/etc/pciback-early.conf"

static const char original[] =
	"# my devices\n"
	"driver = xen-pciback   # Xen\n"
	"\n"
	"slots = 00:03.0, 0000:00:05.1  # the NIC and the codec\n"
	"  # indented comment\n"
	"ids = 8086:293e\n";

static const char *setup_conf(void)
{
	const char *root = setup();

	spit(root, "/proc/net/route", "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n");
	spit(root, CONF, original);
	return root;
}

static ino_t inode_of(const char *root)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s" CONF, root);
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

static void assign_save_appends(void)
{
	const char *root = setup_conf();
	char want[1024], path[4096];
	struct stat st;
	ino_t before = inode_of(root);

	snprintf(path, sizeof(path), "%s" CONF, root);
	chmod(path, 0640);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|--save|0000:01:00.0", out, sizeof(out)) == 0,
	      "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:01:00.0"), "pciback");
	snprintf(want, sizeof(want), "%sslots = 0000:01:00.0\n", original);
	CHECK_STR(slurp(root, CONF), want);
	CHECK(inode_of(root) != before, "replaced by rename, not rewritten in place");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640, "mode kept: %o", st.st_mode & 07777);
	CHECK(count_of(cli_err, "rebuild them for the next boot") == 1, "%s", cli_err);
	snprintf(path, sizeof(path), "ls -a '%s/etc' | grep -q pciback-early.conf. ", root);
	CHECK(system(path) != 0, "no temporary file left");
	/* again: already there, spelled otherwise too */
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|--save|01:00.0", out, sizeof(out)) == 0);
	CHECK_STR(slurp(root, CONF), want);
	CHECK(count_of(cli_err, "already says so: unchanged, no initramfs to rebuild") == 1, "%s", cli_err);
}
DEFINE_TEST(assign_save_appends, "assign --save adds a slots line at the end, every other byte kept, by rename, mode kept; twice changes nothing and says no rebuild");

static void release_save_drops(void)
{
	const char *root = setup_conf();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|release|--save|0000:00:03.0", out, sizeof(out)) == 0,
	      "%s", cli_err);
	CHECK_STR(slurp(root, CONF), "# my devices\n"
		  "driver = xen-pciback   # Xen\n"
		  "\n"
		  "slots = 0000:00:05.1 # the NIC and the codec\n"
		  "  # indented comment\n"
		  "ids = 8086:293e\n");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|release|--save|00:05.1", out, sizeof(out)) == 0);
	CHECK_STR(slurp(root, CONF), "# my devices\n"
		  "driver = xen-pciback   # Xen\n"
		  "\n"
		  "# the NIC and the codec\n"
		  "  # indented comment\n"
		  "ids = 8086:293e\n", "the empty line goes, its comment stays");
	/* selected by ids: an except line keeps it from the next boot */
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|release|--save|00:05.0", out, sizeof(out)) == 0);
	CHECK(count_of(slurp(root, CONF), "ids = 8086:293e\nexcept = 00:05.0\n") == 1, "%s", slurp(root, CONF));
	CHECK(count_of(cli_err, "no slots entry names 00:05.0: added except = 00:05.0") == 1, "%s", cli_err);
}
DEFINE_TEST(release_save_drops, "release --save takes the device out of its slots line (any spelling), keeps the line's comment; a device no slot names gets an except line");

static void refused_confs(void)
{
	const char *root = setup_conf();
	char path[4096], target[4096];

	snprintf(path, sizeof(path), "%s" CONF, root);
	snprintf(target, sizeof(target), "%s/etc/real.conf", root);
	CHECK(rename(path, target) == 0 && symlink("real.conf", path) == 0);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|--save|0000:01:00.0", out, sizeof(out)) == 1);
	CHECK(count_of(cli_err, "cannot save to /etc/pciback-early.conf: ELOOP") == 1, "%s", cli_err);
	CHECK(count_of(cli_err, "symbolic link: edit the file it points to by hand") == 1, "%s", cli_err);
	CHECK_STR(slurp(root, "/etc/real.conf"), original);
	unlink(path);
	CHECK(rename(target, path) == 0 && chmod(path, 0444) == 0);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|release|--save|00:03.0", out, sizeof(out)) == 1);
	CHECK(count_of(cli_err, "cannot save to /etc/pciback-early.conf: EACCES") == 1, "%s", cli_err);
	CHECK(count_of(cli_err, "read-only: edit it by hand") == 1, "%s", cli_err);
	CHECK_STR(slurp(root, CONF), original);
}
DEFINE_TEST(refused_confs, "a conf that is a symbolic link or read-only is refused, said, left as it was");

static void edit_api(void)
{
	const char *root = setup_conf();
	struct ctx c = { .root = root, .ops = &real_kernel };
	struct conf_change ch[] = {
		{ CONF_SET, "driver", "vfio-pci", 0 },
		{ CONF_SET, "fallback", "pci-stub", 0 },
		{ CONF_ADD, "slots", "0000:00:05.1@8086:293f", 0 },
		{ CONF_DROP, "ids", "8086:293E", 0 },
	};

	CHECK(conf_edit(&c, ch, 4) == 3);
	CHECK(ch[0].done && ch[1].done && !ch[2].done && ch[3].done);
	CHECK_STR(slurp(root, CONF), "# my devices\n"
		  "driver = vfio-pci # Xen\n"
		  "\n"
		  "slots = 00:03.0, 0000:00:05.1  # the NIC and the codec\n"
		  "  # indented comment\n"
		  "fallback = pci-stub\n");
	unlink(strcat(strcpy((char[4096]){ 0 }, root), CONF));
	CHECK(conf_edit(&c, ch + 2, 1) == 1, "a missing conf is created");
	CHECK_STR(slurp(root, CONF), "slots = 0000:00:05.1@8086:293f\n");
}
DEFINE_TEST(edit_api, "conf_edit (for import --write): set a scalar in its last line, add to and drop from lists, create a missing conf");

static void assign_vf_not_created(void)
{
	const char *root = setup_conf();

	fake_sriov(root, "0000:01:00.0", 2, 0x80, 0x80);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|0000:01:00.0/vf1", out, sizeof(out)) == 1);
	CHECK(count_of(cli_err, "0000:02:00.0 (0000:01:00.0/vf1): VF not created yet: nothing to assign "
		       "now; with --save the udev rule binds it as it appears") == 1, "%s", cli_err);
	CHECK_STR(slurp(root, CONF), original);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|--save|0000:01:00.0/vf1", out, sizeof(out)) == 0,
	      "%s", cli_err);
	CHECK(count_of(cli_err, "VF not created yet: saved; the udev rule binds it as it appears") == 1,
	      "%s", cli_err);
	CHECK(count_of(slurp(root, CONF), "slots = 0000:01:00.0/vf1\n") == 1, "%s", slurp(root, CONF));
	CHECK_STR(slurp(root, "/sys/bus/pci/devices/0000:01:00.0/sriov_drivers_autoprobe"), "0");
}
DEFINE_TEST(assign_vf_not_created, "assign of a VF not created yet exits 1 and says so; with --save it is saved, its PF's autoprobe off, exit 0");
