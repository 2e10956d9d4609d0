// SPDX-License-Identifier: GPL-2.0-or-later
/* test_options.c - options that come from somewhere else (issue 22): a
 * target driver's hide= and ids= from modprobe.d or the command line are
 * selections, decided with the guards and named by where they came from,
 * never passed to the module; the plan holds modprobe.d's options only,
 * never the build host's /proc/cmdline; a missing target module costs
 * the plan none of its guards.  On the basic fixture: 00:01.0 is the boot
 * VGA, 00:02.0 (8086:100e) carries the default route, 00:03.0 is its
 * unbound twin, 00:05.0 an HDA (8086:293e), 00:04.0 (1b36:000d) an xHCI
 * with a keyboard. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "config.h"
#include "fakekernel.h"
#include "harness.h"

/* the fixture's modules with the libkmod index depmod makes (its .ko
 * files are not ELF: depmod complains and indexes them, without deps) */
static const char *setup_indexed(void)
{
	const char *root = setup();

	sh_in(root, "%s", "PATH=$PATH:/usr/sbin:/sbin depmod -b \"$R\" 6.1.0-test 2>/dev/null");
	return root;
}

static int plan(const char *root)
{
	char args[512];

	snprintf(args, sizeof(args), "--kver|6.1.0-test|plan|-o|%s/plan", root);
	return run_cli(root, &k.ops, args, out, sizeof(out));
}

/* a line of the plan the last plan() wrote, whole */
static bool plan_has(const char *root, const char *line)
{
	char want[512];

	snprintf(want, sizeof(want), "\n%s\n", line);
	return strstr(slurp(root, "/plan"), want) != NULL;
}

static int boot(const char *root, const char *plan_text, const char *cmdline)
{
	sh_in(root, "%s", "mkdir -p \"$R/etc/pciback-early\"");
	spit(root, "/etc/pciback-early/plan", plan_text);
	return run_fixture(root, &k.ops, cmdline, out, sizeof(out));
}

#define PLAN_HEAD "kver 6.1.0-test\n" \
	"load xen-pciback xen_pciback kernel/drivers/xen/xen-pciback/xen-pciback.ko permissive=1\n"

/* the old Xen wiki recipe and the VFIO guides: modprobe.d's hide= and
 * ids= become select lines naming their file and line; the load lines
 * keep the other options; a file of the same name in an earlier
 * directory hides the later one, as for libkmod */
static void plan_takes_hide_and_ids_out_of_modprobe_d(void)
{
	const char *root = setup_indexed();

	sh_in(root, "%s", "mkdir -p \"$R/etc/modprobe.d\" \"$R/lib/modprobe.d\"");
	spit(root, "/etc/modprobe.d/xen.conf", "# Xen\noptions xen-pciback permissive=1 \\\n"
	     "\thide=(0000:00:03.0)(0000:00:01.0)\noptions xen_pciback passthrough=1\n");
	spit(root, "/etc/modprobe.d/vfio.conf", "options vfio_pci \"ids=8086:293e\" disable_vga=1\n");
	spit(root, "/lib/modprobe.d/vfio.conf", "options vfio-pci ids=1b36:000d\n");
	spit(root, "/lib/modprobe.d/stub.conf", "options pci_stub ids=8086:10d3\n");
	CHECK(plan(root) == 0, "%s", cli_err);
	CHECK(plan_has(root, "select hide /etc/modprobe.d/xen.conf:2 (0000:00:03.0)(0000:00:01.0)"),
	      "%s", slurp(root, "/plan"));
	CHECK(plan_has(root, "select ids /etc/modprobe.d/vfio.conf:1 8086:293e"));
	CHECK(plan_has(root, "select ids /lib/modprobe.d/stub.conf:1 8086:10d3"));
	CHECK(plan_has(root, "load xen-pciback xen_pciback kernel/drivers/xen/xen-pciback/"
		       "xen-pciback.ko permissive=1 passthrough=1"), "%s", slurp(root, "/plan"));
	CHECK(plan_has(root, "load vfio-pci vfio_pci kernel/drivers/vfio/pci/vfio-pci.ko disable_vga=1"));
	CHECK(plan_has(root, "load pci-stub pci_stub kernel/drivers/pci/pci-stub.ko"));
	CHECK(count_of(slurp(root, "/plan"), "1b36:000d") == 1, "only the keyboard guard's IDs");
	CHECK(count_of(slurp(root, "/plan"), "hide=") + count_of(slurp(root, "/plan"), "ids=") == 0);
}
DEFINE_TEST(plan_takes_hide_and_ids_out_of_modprobe_d,
	    "plan takes hide= and ids= out of modprobe.d as select lines");

/*
 * libkmod adds the build host's /proc/cmdline to what
 * kmod_module_get_options() returns, and it reads the real one, not one
 * under --root: the test plants one with a mount namespace of its own
 * where the system lets it.  --cmdline and ROOT/proc/cmdline are read by
 * pciback-early only, and must not reach the plan either.
 */
static bool plant_proc_cmdline(const char *root, const char *text)
{
	char path[512];

	spit(root, "/fake-cmdline", text);
	snprintf(path, sizeof(path), "%s/fake-cmdline", root);
	if (unshare(CLONE_NEWNS) < 0 && unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
		return false;
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
	       mount(path, "/proc/cmdline", NULL, MS_BIND, NULL) == 0;
}

static void plan_never_holds_the_command_line(void)
{
	static const char line[] = "quiet xen-pciback.hide=(0000:00:03.0) xen_pciback.permissive=1 "
		"vfio-pci.ids=8086:100e pci_stub.ids=8086:100e vfio_pci.disable_vga=1\n";
	const char *root = setup_indexed();
	char args[1024];
	bool planted;

	spit(root, "/proc/cmdline", line);
	snprintf(args, sizeof(args), "--kver|6.1.0-test|--cmdline|%s|plan|-o|%s/plan", line, root);
	planted = plant_proc_cmdline(root, line);
	if (!planted)
		fprintf(stderr, "  note: no mount namespace here: libkmod reads this system's "
			"/proc/cmdline, only --cmdline and ROOT/proc/cmdline are tested\n");
	CHECK(run_cli(root, &k.ops, args, out, sizeof(out)) == 0, "%s", cli_err);
	if (planted)
		umount("/proc/cmdline");
	CHECK(plan_has(root, "load xen-pciback xen_pciback kernel/drivers/xen/xen-pciback/xen-pciback.ko"),
	      "%s", slurp(root, "/plan"));
	CHECK(plan_has(root, "load vfio-pci vfio_pci kernel/drivers/vfio/pci/vfio-pci.ko"));
	CHECK(plan_has(root, "load pci-stub pci_stub kernel/drivers/pci/pci-stub.ko"));
	CHECK(count_of(slurp(root, "/plan"), "select") == 0);
}
DEFINE_TEST(plan_never_holds_the_command_line,
	    "the plan never holds the build host's command line");

/* at boot the plan's selections go through the guards: the boot VGA the
 * old recipe hid stays, its twin goes; the module gets no hide= */
static void boot_takes_modprobe_d_hide_with_the_guards(void)
{
	const char *root = setup();

	CHECK(boot(root, PLAN_HEAD "select hide /etc/modprobe.d/xen.conf:2 (0000:00:03.0)(0000:00:01.0)\n",
		   "quiet") == 0, "%s", slurp(root, "/dev/kmsg"));
	CHECK_STR(k.loaded, "xen-pciback(permissive=1 async_probe=0) ");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:01.0"), "bochs-drm");
	CHECK(count_of(slurp(root, "/run/pciback-early/state"), "0000:00:01.0 1234:1111 skipped:boot-vga") == 1);
}
DEFINE_TEST(boot_takes_modprobe_d_hide_with_the_guards,
	    "the boot takes modprobe.d's hide= through the guards");

/* modprobe puts the command line's options after modprobe.d's: the last
 * hide= wins, so the command line's (or the conf's) replaces the plan's;
 * ids add up with rd.pciback.ids; except and the guards hold for all */
static void command_line_hide_wins_ids_add_up(void)
{
	static const char selects[] = PLAN_HEAD
		"select hide /etc/modprobe.d/xen.conf:2 (0000:00:05.0)\n"
		"select ids /etc/modprobe.d/vfio.conf:7 8086:100e,zz\n";
	const char *root = setup();

	CHECK(boot(root, selects, "xen-pciback.hide=(0000:00:01.0) rd.pciback.ids=8086:10d3") == 1,
	      "a bad token: exit 1");
	CHECK_STR(driver_of(root, "0000:00:05.0"), "snd_hda_intel");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "/etc/modprobe.d/xen.conf:2: hide=(0000:00:05.0) "
		       "not taken") == 1, "%s", slurp(root, "/dev/kmsg"));
	CHECK(count_of(slurp(root, "/dev/kmsg"), "/etc/modprobe.d/vfio.conf:7: ids: ignoring 'zz'") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:01:00.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:01.0"), "bochs-drm");

	root = setup();
	sh_in(root, "%s", "echo 'hide = (0000:00:03.0)' >\"$R/etc/pciback-early.conf\"");
	CHECK(boot(root, selects, "rd.pciback.except=00:03.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:05.0"), "snd_hda_intel", "the conf's hide= wins");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");

	root = setup();
	CHECK(boot(root, selects, "quiet") == 1);
	CHECK_STR(driver_of(root, "0000:00:05.0"), "pciback", "no other hide=: the plan's counts");
}
DEFINE_TEST(command_line_hide_wins_ids_add_up,
	    "the command line's hide= wins over modprobe.d's, ids add up");

/* vfio-pci.ids= and pci-stub.ids= on the command line are rd.pciback.ids:
 * never passed, so except and the guards hold; what parse_id does not
 * take (vfio_pci_fill_ids' subvendor-only and class fields, PCI_ANY_ID)
 * is logged and skipped */
static void command_line_ids_are_selections(void)
{
	const char *root = setup();

	CHECK(run_fixture(root, &k.ops, "rd.pciback.driver=vfio-pci vfio-pci.ids=8086:100e "
			  "pci_stub.ids=8086:10d3 vfio_pci.ids=8086:293e:ffffffff:ffffffff:040300:ffff00 "
			  "rd.pciback.except=00:03.0 vfio-pci.disable_vga=1", out, sizeof(out)) == 1);
	CHECK(count_of(k.loaded, "ids=") == 0, "%s", k.loaded);
	CHECK(count_of(k.loaded, "vfio-pci(disable_vga=1 async_probe=0) ") == 1, "%s", k.loaded);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "", "except");
	CHECK_STR(driver_of(root, "0000:01:00.0"), "vfio-pci");
	CHECK_STR(driver_of(root, "0000:00:05.0"), "snd_hda_intel");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "vfio_pci.ids: ignoring "
		       "'8086:293e:ffffffff:ffffffff:040300:ffff00': expected VVVV:DDDD") == 1,
	      "%s", slurp(root, "/dev/kmsg"));
}
DEFINE_TEST(command_line_ids_are_selections,
	    "vfio-pci.ids= and pci-stub.ids= are selections, never passed");

/* check names where each selection came from */
static void check_names_the_source(void)
{
	const char *root = setup();

	sh_in(root, "%s", "mkdir -p \"$R/etc/modprobe.d\"");
	spit(root, "/etc/modprobe.d/vfio.conf", "\noptions vfio-pci ids=8086:10d3\n");
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.driver=vfio-pci pci-stub.ids=8086:293e|check",
		      out, sizeof(out)) == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "-> vfio-pci (selected by /etc/modprobe.d/vfio.conf:2: ids=)") == 1, "%s", out);
	CHECK(count_of(out, "-> vfio-pci (selected by pci-stub.ids)") == 1, "%s", out);
}
DEFINE_TEST(check_names_the_source, "check names where a selection came from");

/* assign seizes what it is given: modprobe.d's selections are the boot's */
static void assign_takes_only_its_arguments(void)
{
	const char *root = setup();

	sh_in(root, "%s", "mkdir -p \"$R/etc/modprobe.d\"");
	spit(root, "/etc/modprobe.d/xen.conf", "options xen-pciback hide=(0000:00:03.0)\n");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:05.0", out, sizeof(out)) == 0,
	      "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:00:05.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
}
DEFINE_TEST(assign_takes_only_its_arguments, "assign takes only its arguments");

/* a target module missing from the kernel: warned, the plan keeps every
 * guard and every other target; only the configured driver missing fails */
static void plan_without_a_target_keeps_its_guards(void)
{
	const char *root = setup_indexed();

	sh_in(root, "%s", "rm \"$R\"/lib/modules/6.1.0-test/kernel/drivers/xen/xen-pciback/xen-pciback.ko && "
	   "PATH=$PATH:/usr/sbin:/sbin depmod -b \"$R\" 6.1.0-test 2>/dev/null && "
	   "echo 'driver = vfio-pci' >\"$R/etc/pciback-early.conf\"");
	CHECK(plan(root) == 0, "%s", cli_err);
	CHECK(count_of(cli_err, "xen-pciback: no such module in ") == 1, "%s", cli_err);
	CHECK(count_of(cli_err, "the plan goes on without it") == 1);
	CHECK(plan_has(root, "load vfio-pci vfio_pci kernel/drivers/vfio/pci/vfio-pci.ko"));
	CHECK(plan_has(root, "load pci-stub pci_stub kernel/drivers/pci/pci-stub.ko"));
	CHECK(plan_has(root, "guard 0000:00:02.0 default-route 8086:100e 020000 eth0"),
	      "%s", slurp(root, "/plan"));
	sh_in(root, "%s", "echo 'driver = xen-pciback' >\"$R/etc/pciback-early.conf\"");
	CHECK(plan(root) == 1, "the configured driver is missing");
	CHECK(count_of(cli_err, "the plan lacks xen-pciback, the configured driver") == 1, "%s", cli_err);
	CHECK(plan_has(root, "load vfio-pci vfio_pci kernel/drivers/vfio/pci/vfio-pci.ko"));
	CHECK(plan_has(root, "guard 0000:00:02.0 default-route 8086:100e 020000 eth0"));
}
DEFINE_TEST(plan_without_a_target_keeps_its_guards,
	    "a missing target module costs the plan no guard");

/* the select line: FILE:LINE whole, KEY hide or ids; a bad one is a
 * malformed line (the plan is damaged, as for any) */
static void plan_select_lines(void)
{
	const char *root = setup();

	CHECK(boot(root, "select ids /etc/modprobe.d/a.conf 8086:293e\n"
		   "select force /etc/modprobe.d/a.conf:1 1\n", "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "malformed plan line starting 'select'") == 2);
	CHECK_STR(driver_of(root, "0000:00:05.0"), "snd_hda_intel");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "", "a damaged plan: left alone");
}
DEFINE_TEST(plan_select_lines, "malformed select lines");
