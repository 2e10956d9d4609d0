// SPDX-License-Identifier: GPL-2.0-or-later
/* test_guard_rules.c - the guard rules of DESIGN.md at boot, on the basic
 * fixture with a plan written by hand: several guards on one device, an
 * unknown guard over a class, guards recorded on another machine, the
 * serial console, a bad force, every way an except can be lost, group
 * expansion only from devices that will be seized, and assign's --force.
 *   00:01.0 boot VGA  00:02.0 e1000 8086:100e (bound)  00:03.0 e1000 (free)
 *   00:04.0 xhci 1b36:000d  00:05.0/.1 audio  00:1f.2 SATA 8086:2922 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

/* the basic fixture with this plan text */
static const char *with_plan(const char *plan)
{
	const char *root = fake_kernel_on(&k, "basic");
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/etc/pciback-early'", root);
	CHECK(system(cmd) == 0);
	spit(root, "/etc/pciback-early/plan", plan);
	return root;
}

/* IOMMU group g for these devices of the fixture */
static void group(const char *root, const char *g, const char *const *devs)
{
	char cmd[1024];

	for (; *devs; devs++) {
		snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/kernel/iommu_groups/%s' && "
			 "ln -s '%s/sys/kernel/iommu_groups/%s' '%s/sys/bus/pci/devices/%s/iommu_group'",
			 root, g, root, g, root, *devs);
		CHECK(system(cmd) == 0);
	}
}

static const char two_guards[] =
	"guard 0000:00:04.0 keyboard 1b36:000d 0c0330 input3\n"
	"guard 0000:00:04.0 default-route 1b36:000d 0c0330 usb0\n";

/* an xHCI with a keyboard and a USB-Ethernet default route: both must go */
static void several_guards_each_must_be_lifted(void)
{
	const char *root = with_plan(two_guards);

	CHECK(run(root, "rd.pciback.slots=00:04.0 rd.pciback.force=keyboard") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd", "default-route still holds");
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:04.0 1b36:000d skipped:default-route xhci_hcd\n");
	CHECK(count_of(kmsg(root), "lockout guard 'keyboard' lifted by rd.pciback.force") == 1);
	root = with_plan(two_guards);
	CHECK(run(root, "rd.pciback.slots=00:04.0") == 0);
	CHECK(count_of(kmsg(root), "0000:00:04.0 [1b36:000d]: left alone: a keyboard is attached "
		       "to it; it carries the default route (the network); set "
		       "rd.pciback.force=keyboard,default-route to seize it anyway") == 1,
	      "%s", kmsg(root));
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:04.0 1b36:000d skipped:keyboard,default-route xhci_hcd\n");
	root = with_plan(two_guards);
	CHECK(run(root, "rd.pciback.slots=00:04.0 rd.pciback.force=default-route,keyboard") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
}
DEFINE_TEST(several_guards_each_must_be_lifted,
	    "several on one device, each must be lifted");

/* what the plan could not see covers the whole class until lifted by name */
static void unknown_guard_covers_its_class(void)
{
	static const char plan[] = "unknown root-storage 01 root on fuse\n";
	const char *root = with_plan(plan);

	CHECK(run(root, "rd.pciback.slots=00:1f.2,00:03.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:1f.2"), "ahci", "storage held by the unknown guard");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "network is not class 01");
	CHECK(count_of(kmsg(root), "0000:00:1f.2 [8086:2922]: left alone: it carries what the "
		       "boot mounts") == 1, "%s", kmsg(root));
	root = with_plan(plan);
	CHECK(run(root, "rd.pciback.slots=00:1f.2 rd.pciback.force=root-storage") == 0);
	CHECK_STR(driver_of(root, "0000:00:1f.2"), "pciback", "lifted by its name");
	root = with_plan(plan);
	CHECK(run(root, "rd.pciback.slots=00:1f.2 rd.pciback.force=keyboard") == 0);
	CHECK_STR(driver_of(root, "0000:00:1f.2"), "ahci", "another name lifts nothing");
}
DEFINE_TEST(unknown_guard_covers_its_class, "an unknown guard covers its class");

/* a guard of a name not known here (a newer host tool's): no name lifts
 * it, so the advice is force=1, never its own name */
static void guard_of_an_unknown_name_says_force_1(void)
{
	static const char plan[] = "guard 0000:00:04.0 thunderbolt 1b36:000d 0c0330 tb0\n";
	const char *root = with_plan(plan);

	CHECK(run(root, "rd.pciback.slots=00:04.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd");
	CHECK(count_of(kmsg(root), "0000:00:04.0 [1b36:000d]: left alone: the plan guards it; "
		       "set rd.pciback.force=1 to seize it anyway") == 1, "%s", kmsg(root));
	root = with_plan(plan);
	CHECK(run(root, "rd.pciback.slots=00:04.0 rd.pciback.force=1") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback", "lifted by force=1");
}
DEFINE_TEST(guard_of_an_unknown_name_says_force_1,
	    "a guard of an unknown name: the log line advises force=1, which lifts it");

/* a guard whose device is not here with the IDs it had is from another
 * machine: ignored, said once; one that matches holds */
static void stale_guards_are_ignored_once(void)
{
	const char *root = with_plan("guard 0000:00:02.0 default-route 1af4:1000 020000 eth0\n"
				     "guard 0000:00:03.0 default-route 8086:10d3 020000 eth1\n"
				     "guard 0000:00:04.0 keyboard 1b36:000d 0c0330 input3\n"
				     "guard 0000:00:1f.2 root-storage 8086:2922 010400 /\n");

	CHECK(run(root, "rd.pciback.slots=00:02.0,00:03.0,00:04.0,00:1f.2") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback", "IDs differ: another machine's");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "device differs: another machine's");
	CHECK_STR(driver_of(root, "0000:00:1f.2"), "pciback", "class differs: another machine's");
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd", "IDs match: the guard holds");
	CHECK(count_of(kmsg(root), "host guards are for another machine") == 1, "%s", kmsg(root));
	CHECK(count_of(kmsg(root), "3 ignored") == 1, "%s", kmsg(root));
	/* a plan without IDs (an older one) holds on any machine */
	root = with_plan("guard 0000:00:02.0 default-route\n");
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK(count_of(kmsg(root), "another machine") == 0);
}
DEFINE_TEST(stale_guards_are_ignored_once,
	    "another machine's guards are ignored, said once");

/* the fixture with 00:03.0 made a PCI UART (class 0700) whose tty is ttyS4 */
static const char *with_uart(void)
{
	const char *root = with_plan("");
	char cmd[512];

	spit(root, "/sys/bus/pci/devices/0000:00:03.0/class", "0x070002\n");
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/class/tty/ttyS4' && ln -s "
		 "'%s/sys/devices/pci0000:00/0000:00:03.0' '%s/sys/class/tty/ttyS4/device'",
		 root, root, root);
	CHECK(system(cmd) == 0);
	return root;
}

/* console=ttyS4 on a PCI UART: guarded as the boot VGA is */
static void serial_console_is_guarded(void)
{
	const char *root = with_uart();

	CHECK(run(root, "console=tty0 console=ttyS4,115200n8 rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:03.0 8086:100e skipped:serial-console -\n");
	CHECK(run(root, "console=ttyS0 rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "not the console");
	root = with_uart();
	CHECK(run(root, "console=ttyS4 rd.pciback.slots=00:03.0 rd.pciback.force=serial-console") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "lifted by name");
}
DEFINE_TEST(serial_console_is_guarded, "the serial console on a PCI UART");

/* conf force = 1 and a mistyped force on the command line: nothing lifted */
static void bad_force_replaces_an_earlier_one(void)
{
	const char *root = with_plan(two_guards);

	spit(root, "/etc/pciback-early.conf", "force = 1\n");
	CHECK(run(root, "rd.pciback.slots=00:04.0 rd.pciback.force=keybaord") == 1);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd", "the typo lifted what conf lifted");
	root = with_plan(two_guards);
	CHECK(run(root, "rd.pciback.slots=00:04.0 rd.pciback.force=1 "
		  "rd.pciback.force=keyboard,nope") == 1);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd", "a list with a bad name");
}
DEFINE_TEST(bad_force_replaces_an_earlier_one,
	    "a bad force lifts nothing, not even an earlier force");

/* every way an except can be lost drops every broad selection; exact
 * slots still go (00:03.0 is the free e1000, 8086:100e; 00:02.0 its twin
 * carries no guard in an empty plan) */
static void lost_except_drops_broad_selections(void)
{
	static const struct { const char *conf, *cmdline; } lost[] = {
		{ "", "rd.pciback.excpet=00:02.0" },
		{ "excpet = 00:02.0\n", "" },
		{ "except 00:02.0\n", "" },
		{ "", "rd.pciback.except=0000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0" },
	};
	static const char *const broad[] = {
		"rd.pciback.ids=8086:100e", "rd.pciback.class=02", "rd.pciback.slots=00:03",
		"rd.pciback.slots=00:03.*", "xen-pciback.hide=(0000:00:03.*)",
		"rd.pciback.slots=00:01.0 rd.pciback.group=1",
	};
	size_t i, j;
	char cmd[512];

	for (i = 0; i < sizeof(lost) / sizeof(lost[0]); i++) {
		for (j = 0; j < sizeof(broad) / sizeof(broad[0]); j++) {
			const char *root = with_plan("");

			if (j == 5) {
				static const char *const mates[] = { "0000:00:01.0", "0000:00:03.0", NULL };

				group(root, "3", mates);
			}
			spit(root, "/etc/pciback-early.conf", lost[i].conf);
			snprintf(cmd, sizeof(cmd), "%s rd.pciback.force=boot-vga %s", lost[i].cmdline,
				 broad[j]);
			CHECK(run(root, cmd) == 1, "%s", cmd);
			CHECK_STR(driver_of(root, "0000:00:03.0"), "", "%s: seized broadly", cmd);
		}
		{
			const char *root = with_plan("");

			spit(root, "/etc/pciback-early.conf", lost[i].conf);
			snprintf(cmd, sizeof(cmd), "%s rd.pciback.slots=00:03.0", lost[i].cmdline);
			CHECK(run(root, cmd) == 1);
			CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "%s: an exact slot goes", cmd);
		}
	}
}
DEFINE_TEST(lost_except_drops_broad_selections,
	    "a lost except drops every broad selection");

/* group=1 expands only from devices that will be seized; the group mates
 * of one left alone are left alone with its reason */
static void group_expands_only_from_seized_devices(void)
{
	static const char *const mates[] = { "0000:00:02.0", "0000:00:03.0", NULL };
	const char *root = with_plan("guard 0000:00:02.0 default-route 8086:100e 020000 eth0\n");

	group(root, "5", mates);
	CHECK(run(root, "rd.pciback.slots=00:02.0 rd.pciback.group=1") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "", "a mate of a guarded device was taken");
	CHECK(count_of(slurp(root, "/run/pciback-early/state"),
		       "0000:00:03.0 8086:100e skipped:default-route -\n") == 1,
	      "%s", slurp(root, "/run/pciback-early/state"));
	root = with_plan("guard 0000:00:02.0 default-route 8086:100e 020000 eth0\n");
	group(root, "5", mates);
	CHECK(run(root, "rd.pciback.slots=00:03.0 rd.pciback.group=1") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000", "a guarded mate stays");
}
DEFINE_TEST(group_expands_only_from_seized_devices,
	    "group=1 expands only from devices that will be seized");

/* assign lifts guards only with --force, never with the boot's force */
static void assign_ignores_the_boots_force(void)
{
	const char *root = with_plan(two_guards);

	spit(root, "/etc/pciback-early.conf", "force = 1\n");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.force=1|assign|00:04.0", out,
		      sizeof(out)) == 1);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd", "assign inherited rd.pciback.force");
	CHECK(count_of(cli_err, "use --force to seize it anyway") == 1, "%s", cli_err);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.force=1|assign|--force|00:04.0", out,
		      sizeof(out)) == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
}
DEFINE_TEST(assign_ignores_the_boots_force, "assign ignores rd.pciback.force");
