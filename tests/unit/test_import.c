// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_import.c - `import --write` (issue 26): what `import` prints goes
 * into /etc/pciback-early.conf through the editor of `assign --save` (the
 * conf keeps its lines, a second run changes nothing), the old lines that
 * can go are named, other tools' files are never edited, a dry run writes
 * nothing, and a conf that already selects devices for another driver is
 * not switched under them.  Fixture as in test_existing.c: 00:05.0
 * (8086:293e) audio, 01:00.0 (8086:10d3) an e1000e, 00:02.0 (8086:100e)
 * the default-route NIC with its unbound twin 00:03.0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

static const char proxmox[] = "# passthrough\noptions vfio-pci ids=8086:10d3,8086:293e\n"
			      "softdep e1000e pre: vfio-pci\n";

static int import(const char *root, const char *cmdline, const char *more)
{
	char args[1024];

	snprintf(args, sizeof(args), "--kver|6.1.0-test|--cmdline|%s|import|--write%s", cmdline, more);
	return run_cli(root, &k.ops, args, out, sizeof(out));
}

static const char *proxmox_host(void)
{
	const char *root = setup();

	sh_in(root, "%s", "mkdir -p \"$R/etc/modprobe.d\"");
	spit(root, "/etc/modprobe.d/vfio.conf", proxmox);
	return root;
}

/* the lines import prints are the lines it writes, after the user's own;
 * the second run finds them there and changes nothing */
static void write_adds_the_printed_lines(void)
{
	const char *root = proxmox_host();

	spit(root, "/etc/pciback-early.conf", "# mine\ndebug = 1\n");
	CHECK(import(root, "quiet", "") == 0, "%s%s", out, cli_err);
	CHECK_STR(slurp(root, "/etc/pciback-early.conf"), "# mine\ndebug = 1\ndriver = vfio-pci\n"
		  "slots = 0000:00:05.0@8086:293e\nslots = 0000:01:00.0@8086:10d3\n");
	CHECK(count_of(cli_err, "/etc/pciback-early.conf saved (3 change(s)); every initramfs "
		       "carries a copy of it: rebuild them") == 1, "%s", cli_err);
	CHECK(count_of(out, "#   /etc/modprobe.d/vfio.conf:2: options vfio_pci ids=8086:10d3,8086:293e\n"
		       "#   /etc/modprobe.d/vfio.conf:3: softdep e1000e pre: vfio-pci\n") == 1, "%s", out);
	CHECK_STR(slurp(root, "/etc/modprobe.d/vfio.conf"), proxmox, "never edits another tool's file");

	CHECK(import(root, "quiet", "") == 0, "%s%s", out, cli_err);
	CHECK(count_of(cli_err, "/etc/pciback-early.conf already says so: unchanged, no initramfs "
		       "to rebuild") == 1, "%s", cli_err);
	CHECK(count_of(slurp(root, "/etc/pciback-early.conf"), "slots =") == 2, "no line twice");
}
DEFINE_TEST(write_adds_the_printed_lines,
	    "import --write puts the printed driver and slots into the conf, once");

/* a missing conf is created; --dry-run says so and writes nothing */
static void write_creates_the_conf_and_dry_run_writes_nothing(void)
{
	const char *root = proxmox_host();

	CHECK(import(root, "quiet", "|--dry-run") == 0, "%s%s", out, cli_err);
	CHECK(count_of(cli_err, "would save to /etc/pciback-early.conf (dry run)") == 1, "%s", cli_err);
	CHECK_STR(slurp(root, "/etc/pciback-early.conf"), "", "a dry run writes nothing");
	CHECK(import(root, "quiet", "") == 0, "%s%s", out, cli_err);
	CHECK(count_of(slurp(root, "/etc/pciback-early.conf"), "driver = vfio-pci\n") == 1,
	      "%s", slurp(root, "/etc/pciback-early.conf"));
}
DEFINE_TEST(write_creates_the_conf_and_dry_run_writes_nothing,
	    "import --write creates the conf; with --dry-run it writes nothing");

/* the conf hands its slots to xen-pciback and the old lines bind to
 * vfio-pci: switching the driver would move the user's own devices, so
 * --write refuses, changes nothing and exits 1 */
static void write_never_switches_the_driver_under_selections(void)
{
	static const char mine[] = "slots = 00:05.1\n";
	const char *root = proxmox_host();

	spit(root, "/etc/pciback-early.conf", mine);
	CHECK(import(root, "quiet", "") == 1, "%s%s", out, cli_err);
	CHECK_STR(slurp(root, "/etc/pciback-early.conf"), mine);
	CHECK(count_of(cli_err, "not written: the configuration selects devices for xen-pciback "
		       "and the old lines bind to vfio-pci") == 1, "%s", cli_err);

	/* the same driver: the slots join the user's */
	spit(root, "/etc/pciback-early.conf", "driver = vfio-pci\nslots = 00:05.1\n");
	CHECK(import(root, "quiet", "") == 0, "%s%s", out, cli_err);
	CHECK_STR(slurp(root, "/etc/pciback-early.conf"), "driver = vfio-pci\nslots = 00:05.1\n"
		  "slots = 0000:00:05.0@8086:293e\nslots = 0000:01:00.0@8086:10d3\n");
}
DEFINE_TEST(write_never_switches_the_driver_under_selections,
	    "import --write never changes the driver of devices the conf already selects");

/* a guarded device stays a comment: it is not written, exit 1 as import */
static void write_leaves_guarded_devices_out(void)
{
	const char *root = setup();

	CHECK(import(root, "rd.pciback.driver=vfio-pci vfio-pci.ids=8086:100e", "") == 1, "%s%s",
	      out, cli_err);
	CHECK_STR(slurp(root, "/etc/pciback-early.conf"), "driver = vfio-pci\n"
		  "slots = 0000:00:03.0@8086:100e\n");
}
DEFINE_TEST(write_leaves_guarded_devices_out,
	    "import --write leaves out a device a lockout guard keeps");

/* a symbolic link is not written through (the editor's rule) */
static void write_refuses_a_symlinked_conf(void)
{
	const char *root = proxmox_host();

	spit(root, "/etc/real.conf", "");
	sh_in(root, "%s", "ln -s real.conf \"$R/etc/pciback-early.conf\"");
	CHECK(import(root, "quiet", "") == 1, "%s%s", out, cli_err);
	CHECK(count_of(cli_err, "cannot save to /etc/pciback-early.conf") == 1, "%s", cli_err);
	CHECK_STR(slurp(root, "/etc/real.conf"), "");
}
DEFINE_TEST(write_refuses_a_symlinked_conf, "import --write does not write through a symlink");
