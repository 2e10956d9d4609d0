// SPDX-License-Identifier: GPL-2.0-or-later
/* test_exact.c - a run whose selections all name their devices (slots
 * without a bridge path or VF, no ids or classes) reads only those, the
 * devices the plan guards and their IOMMU group mates (pciback-early(8),
 * PERFORMANCE); what it decides is what a run reading every device
 * decides.  On the basic fixture:
 *   00:02.0 e1000 8086:100e (bound)  00:03.0 e1000 (free)
 *   00:04.0 xhci 1b36:000d  00:05.0/.1 audio */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

/* an unreadable device: its vendor attribute is gone */
static const char unreadable[] = "0000:00:05.0: cannot read its sysfs attributes";

static const char *with_broken_audio(void)
{
	const char *root = setup();

	sh_in(root, "rm \"$R/sys/bus/pci/devices/0000:00:05.0/vendor\"");
	return root;
}

static void exact_slots_read_only_their_devices(void)
{
	const char *root = with_broken_audio();

	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK(count_of(kmsg(root), unreadable) == 0, "%s", kmsg(root));
	/* a wildcard slot names its devices too */
	root = with_broken_audio();
	CHECK(run(root, "rd.pciback.slots=00:02.*") == 0);
	CHECK(count_of(kmsg(root), unreadable) == 0, "%s", kmsg(root));
	/* ids, a class, a bridge path: every device is read, as before */
	root = with_broken_audio();
	CHECK(run(root, "rd.pciback.slots=00:02.0 rd.pciback.ids=1b36:000d") == 0);
	CHECK(count_of(kmsg(root), unreadable) == 1, "%s", kmsg(root));
	root = with_broken_audio();
	CHECK(run(root, "rd.pciback.class=0c03") == 0);
	CHECK(count_of(kmsg(root), unreadable) == 1, "%s", kmsg(root));
}
DEFINE_TEST(exact_slots_read_only_their_devices,
	    "slots alone read only their devices; ids or a class read every device");

/* the basic fixture with this plan */
static const char *planned(const char *plan)
{
	const char *root = setup();

	sh_in(root, "mkdir -p \"$R/etc/pciback-early\"");
	spit(root, "/etc/pciback-early/plan", plan);
	return root;
}

static void exact_slots_keep_the_plans_guards(void)
{
	static const char here[] = "guard 0000:00:04.0 keyboard 1b36:000d 0c0330 input3\n";
	static const char elsewhere[] = "guard 0000:00:04.0 keyboard 8086:1234 0c0330 input3\n";
	const char *root = planned(here);

	/* the guarded device is read: its guard is of this machine */
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK(count_of(kmsg(root), "another machine") == 0, "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	root = planned(here);
	CHECK(run(root, "rd.pciback.slots=00:04.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd");
	CHECK_STR(state(root), "0000:00:04.0 1b36:000d skipped:keyboard xhci_hcd\n");
	/* a guard recorded on another machine is still found stale */
	root = planned(elsewhere);
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK(count_of(kmsg(root), "the plan's host guards are for another machine "
		       "(0000:00:04.0 was 8086:1234 there): 1 ignored") == 1, "%s", kmsg(root));
}
DEFINE_TEST(exact_slots_keep_the_plans_guards,
	    "slots alone still read the plan's guarded devices: guards hold, stale ones are said");

/* IOMMU group g of these devices, as sysfs lays it out (the group's
 * devices/ lists its members) or, with no_list, without that directory */
static void group(const char *root, const char *g, const char *const *devs, bool no_list)
{
	for (; *devs; devs++) {
		sh_in(root, "mkdir -p \"$R/sys/kernel/iommu_groups/%s/devices\" && "
		      "ln -s \"$R/sys/kernel/iommu_groups/%s\" \"$R/sys/bus/pci/devices/%s/iommu_group\"",
		      g, g, *devs);
		if (!no_list)
			sh_in(root, "ln -s \"$(readlink -f \"$R/sys/bus/pci/devices/%s\")\" "
			      "\"$R/sys/kernel/iommu_groups/%s/devices/%s\"", *devs, g, *devs);
	}
	if (no_list)
		sh_in(root, "rmdir \"$R/sys/kernel/iommu_groups/%s/devices\"", g);
}

static void exact_slots_read_the_group_mates(void)
{
	static const char *const devs[] = { "0000:00:02.0", "0000:00:04.0", NULL };
	static const char warn[] = "IOMMU group 5 is not viable for vfio-pci: 0000:00:04.0 "
				   "[1b36:000d] stays on xhci_hcd";
	int no_list;

	for (no_list = 0; no_list < 2; no_list++) {
		const char *root = setup();

		group(root, "5", devs, no_list);
		run(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:02.0");
		CHECK(count_of(kmsg(root), warn) == 1, "no_list %d: %s", no_list, kmsg(root));
		CHECK(count_of(kmsg(root), "no IOMMU groups") == 0, "%s", kmsg(root));
		root = setup();
		group(root, "5", devs, no_list);
		CHECK(run(root, "rd.pciback.slots=00:02.0 rd.pciback.group=1") == 0);
		CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback", "no_list %d", no_list);
		CHECK(count_of(kmsg(root), "0000:00:04.0 [1b36:000d]: added: IOMMU group 5, with "
			       "0000:00:02.0") == 1, "%s", kmsg(root));
	}
}
DEFINE_TEST(exact_slots_read_the_group_mates,
	    "slots alone read their IOMMU group mates: vfio-pci's group check, group=1");

static void absent_slot_says_no_more(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:09.0") == 1);
	CHECK(count_of(kmsg(root), "00:09.0: no such PCI device") == 1, "%s", kmsg(root));
	CHECK(count_of(kmsg(root), "no IOMMU groups") == 0, "%s", kmsg(root));
}
DEFINE_TEST(absent_slot_says_no_more,
	    "an absent slot alone: no such device, and no word of IOMMU groups it never read");

/* sriov_numvfs through the fake kernel, as a user writes it */
static void make_vfs(const char *root, const char *pf, const char *n)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/sriov_numvfs", root, pf);
	CHECK(k.ops.write_attr(k.ops.priv, path, n) == 0, "sriov_numvfs %s", n);
}

static void paths_and_vfs_read_every_device(void)
{
	const char *root = setup();

	/* the device behind the bridge is found, though no slot names it */
	CHECK(run(root, "rd.pciback.slots=0000:00:1c.0/00.0") == 0, "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:01:00.0"), "pciback");
	/* a VF that exists is seized through its PF's selector */
	root = setup();
	fake_sriov(root, "0000:01:00.0", 4, 0x80, 0x80);
	spit(root, "/sys/bus/pci/devices/0000:01:00.0/sriov_drivers_autoprobe", "0\n");
	make_vfs(root, "0000:01:00.0", "2");
	CHECK(run(root, "rd.pciback.slots=01:00.0/vf1") == 0, "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:02:00.0"), "pciback", "%s", kmsg(root));
}
DEFINE_TEST(paths_and_vfs_read_every_device,
	    "a bridge path or a VF selector at boot reaches the device it names");
