// SPDX-License-Identifier: GPL-2.0-or-later
/* test_decide.c - enumeration, matching, bridge paths, @-checks, except
 * and the lockout guards, on the basic fixture:
 *   00:00.0 host bridge   00:01.0 boot VGA      00:02.0 e1000 (bound)
 *   00:03.0 e1000 (free)  00:04.0 xhci          00:05.0/.1 audio
 *   00:1c.0 root port -> 01:00.0 e1000e   00:1f.2 SATA (root filesystem)
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include "config.h"
#include "harness.h"
#include "decide.h"
#include "devices.h"

static struct ctx c;
static struct config cfg;
static struct plan plan;
static struct device_list list;

static struct device *dev(const char *name)
{
	size_t i;

	for (i = 0; i < list.n; i++)
		if (strcmp(list.v[i].name, name) == 0)
			return &list.v[i];
	return NULL;
}

static const char *outcome(const char *name)
{
	static char buf[64];
	struct device *d = dev(name);

	if (!d)
		return "absent";
	snprintf(buf, sizeof(buf), "%s%s%s", outcome_name(d->outcome),
		 d->reason[0] ? ":" : "", d->reason);
	return buf;
}

static int run_select_root(const char *root, const char *cmdline)
{
	char *copy = strdup(cmdline);
	int r;

	c = (struct ctx){ .root = root, .ops = &real_kernel };
	config_free(&cfg);
	device_list_free(&list);
	CHECK(config_parse_cmdline(&c, &cfg, copy) == 0);
	free(copy);
	r = enumerate_devices(&c, &list, NULL, NULL);
	CHECK(r == 0, "enumerate: %d", r);
	r = decide(&c, &cfg, &plan, true, &list);
	return r < 0 ? r : 0;
}

static int run_select(const char *cmdline)
{
	return run_select_root(fixture("basic"), cmdline);
}

static void enumerates_sorted_with_attributes(void)
{
	struct device *d;

	CHECK(run_select("") == 0);
	CHECK(list.n == 10, "%zu devices", list.n);
	CHECK_STR(list.v[0].name, "0000:00:00.0");
	CHECK_STR(list.v[9].name, "0000:01:00.0");
	d = dev("0000:00:02.0");
	CHECK(d && d->vendor == 0x8086 && d->device == 0x100e && d->class_code == 0x020000);
	CHECK(d && d->subvendor == 0x8086 && d->subdevice == 0x1e);
	CHECK_STR(d ? d->driver : NULL, "e1000");
	CHECK_STR(dev("0000:00:03.0")->driver, "");
	CHECK_STR(dev("0000:01:00.0")->driver, "e1000e");
}
DEFINE_TEST(enumerates_sorted_with_attributes,
	    "enumerates devices, sorted, with ids and drivers");

static void by_slot_ids_class(void)
{
	CHECK(run_select("rd.pciback.slots=00:03.0 rd.pciback.ids=8086:10d3 rd.pciback.class=0c03") == 0);
	CHECK_STR(outcome("0000:00:03.0"), "selected");
	CHECK_STR(outcome("0000:01:00.0"), "selected");
	CHECK_STR(outcome("0000:00:04.0"), "selected");
	CHECK_STR(outcome("0000:00:02.0"), "none");
	CHECK_STR(dev("0000:00:03.0")->by, "00:03.0");
}
DEFINE_TEST(by_slot_ids_class, "by slot, ids and class");

static void ids_with_subsystem(void)
{
	CHECK(run_select("rd.pciback.ids=8086:100e:8086:001f") == 0);
	CHECK_STR(outcome("0000:00:02.0"), "none");
	CHECK(run_select("rd.pciback.ids=8086:100e:8086:001e") == 0);
	CHECK_STR(outcome("0000:00:02.0"), "selected");
	CHECK_STR(outcome("0000:00:03.0"), "selected");
}
DEFINE_TEST(ids_with_subsystem, "ids with subsystem");

static void all_functions(void)
{
	CHECK(run_select("rd.pciback.slots=00:05") == 0);
	CHECK_STR(outcome("0000:00:05.0"), "selected");
	CHECK_STR(outcome("0000:00:05.1"), "selected");
	CHECK(run_select("rd.pciback.slots=0000:00:05.1") == 0);
	CHECK_STR(outcome("0000:00:05.0"), "none");
	CHECK_STR(outcome("0000:00:05.1"), "selected");
}
DEFINE_TEST(all_functions, "BB:DD selects every function");

static void bridge_path(void)
{
	CHECK(run_select("rd.pciback.slots=0000:00:1c.0/00.0") == 0);
	CHECK_STR(outcome("0000:01:00.0"), "selected");
	CHECK_STR(outcome("0000:00:1c.0"), "none");
}
DEFINE_TEST(bridge_path, "bridge path");

static void bridge_path_survives_renumbering(void)
{
	const char *root = fixture("basic");
	char cmd[1024];

	/* the same NIC, its bus now numbered 2 */
	snprintf(cmd, sizeof(cmd),
		 "cd '%s/sys' && mv devices/pci0000:00/0000:00:1c.0/0000:01:00.0 "
		 "devices/pci0000:00/0000:00:1c.0/0000:02:00.0 && rm bus/pci/devices/0000:01:00.0 && "
		 "ln -s ../../../devices/pci0000:00/0000:00:1c.0/0000:02:00.0 bus/pci/devices/0000:02:00.0",
		 root);
	CHECK(system(cmd) == 0);
	CHECK(run_select_root(root, "rd.pciback.slots=0000:00:1c.0/00.0@8086:10d3") == 0);
	CHECK_STR(outcome("0000:02:00.0"), "selected");
	CHECK(run_select_root(root, "rd.pciback.slots=01:00.0") == 0);
	CHECK_STR(outcome("01:00.0"), "failed:ENODEV"); /* the old number is gone */
}
DEFINE_TEST(bridge_path_survives_renumbering, "bridge path survives bus renumbering");

static void bridge_path_missing_element(void)
{
	CHECK(run_select("rd.pciback.slots=0000:00:1c.0/03.0") == 0);
	CHECK_STR(outcome("0000:00:1c.0/03.0"), "failed:ENODEV");
	CHECK(count_of(kmsg(c.root), "element 1 (03.0) not found behind the bridge") == 1);
	CHECK(run_select("rd.pciback.slots=0000:00:1d.0/00.0") == 0);
	CHECK(count_of(kmsg(c.root), "bridge path start 0000:00:1d.0 does not exist") == 1);
	/* a path through a device that is not a bridge says so */
	CHECK(run_select("rd.pciback.slots=0000:00:03.0/00.0") == 0);
	CHECK_STR(outcome("0000:00:03.0/00.0"), "failed:ENODEV");
	CHECK(count_of(kmsg(c.root), "0000:00:03.0/00.0: 0000:00:03.0 is not a bridge "
		       "[8086:100e, class 020000]: a path goes from a bridge to the device behind it") == 1);
	CHECK(run_select("rd.pciback.slots=0000:00:1c.0/00.0/00.0") == 0);
	CHECK(count_of(kmsg(c.root), "0000:00:1c.0/00.0/00.0: 0000:01:00.0 is not a bridge") == 1);
}
DEFINE_TEST(bridge_path_missing_element, "bridge path with a missing element");

static void absent_device_fails(void)
{
	CHECK(run_select("rd.pciback.slots=00:1f.0,00:07") == 0);
	CHECK_STR(outcome("00:1f.0"), "failed:ENODEV");
	CHECK_STR(outcome("00:07"), "failed:ENODEV");
	CHECK(count_of(kmsg(c.root), "00:1f.0: no such PCI device") == 1);
}
DEFINE_TEST(absent_device_fails, "a named device that is absent fails");

static void id_check(void)
{
	CHECK(run_select("rd.pciback.slots=00:03.0@8086:100e,00:02.0@1234:5678") == 0);
	CHECK_STR(outcome("0000:00:03.0"), "selected");
	CHECK_STR(outcome("0000:00:02.0"), "failed:id-mismatch");
	CHECK(count_of(kmsg(c.root),
		       "0000:00:02.0 [8086:100e]: not seized: 00:02.0@1234:5678 expects 1234:5678") == 1);
}
DEFINE_TEST(id_check, "@VVVV:DDDD mismatch refuses the device");

static void except_wins(void)
{
	CHECK(run_select("rd.pciback.ids=8086:100e rd.pciback.except=00:02.0") == 0);
	CHECK_STR(outcome("0000:00:02.0"), "skipped:except");
	CHECK_STR(outcome("0000:00:03.0"), "selected");
	CHECK(run_select("rd.pciback.class=02 rd.pciback.except=8086:100e") == 0);
	CHECK_STR(outcome("0000:00:02.0"), "skipped:except");
	CHECK_STR(outcome("0000:01:00.0"), "selected");
	CHECK(run_select("rd.pciback.class=02 rd.pciback.except=0000:00:1c.0/00.0") == 0);
	CHECK_STR(outcome("0000:01:00.0"), "skipped:except");
}
DEFINE_TEST(except_wins, "except wins over every selection");

static void lockout_guards(void)
{
	CHECK(run_select("rd.pciback.slots=00:01.0,00:00.0,00:1c.0") == 0);
	CHECK_STR(outcome("0000:00:01.0"), "skipped:boot-vga");
	CHECK_STR(outcome("0000:00:00.0"), "skipped:bridge");
	CHECK_STR(outcome("0000:00:1c.0"), "skipped:bridge");
	CHECK(count_of(kmsg(c.root), "0000:00:01.0 [1234:1111]: left alone: it is the boot VGA") == 1);
	CHECK(run_select("rd.pciback.class=06 rd.pciback.slots=00:01.0 rd.pciback.force=1") == 0);
	CHECK_STR(outcome("0000:00:01.0"), "selected");
	CHECK_STR(outcome("0000:00:1c.0"), "selected");
	CHECK(count_of(kmsg(c.root), "lockout guard 'boot-vga' lifted by rd.pciback.force") == 1);
}
DEFINE_TEST(lockout_guards, "lockout guards, and force");

static void plan_guard(void)
{
	char text[] = "guard 0000:01:00.0 root-storage\n";

	plan_init(&plan);
	CHECK(plan_parse(&c, &plan, "plan", text) == 0);
	CHECK(run_select("rd.pciback.class=02") == 0);
	CHECK_STR(outcome("0000:01:00.0"), "skipped:root-storage");
	CHECK_STR(outcome("0000:00:02.0"), "selected");
	plan_free(&plan);
}
DEFINE_TEST(plan_guard, "plan-marked root storage is guarded");

static void unreadable_device_left_alone(void)
{
	const char *root = fixture("basic");
	char path[512];

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/0000:00:03.0/vendor", root);
	CHECK(unlink(path) == 0);
	CHECK(run_select_root(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(outcome("00:03.0"), "failed:ENODEV");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "0000:00:03.0: cannot read its sysfs attributes") == 1);
}
DEFINE_TEST(unreadable_device_left_alone,
	    "device with unreadable attributes is left alone");

/* the basic fixture with IOMMU groups: 5 = 00:05.0 (snd_hda_intel) and
 * 00:05.1, 2 = 00:02.0 (e1000) and 00:03.0, 7 = 00:1c.0 (bridge), 01:00.0 */
static const char *with_groups(void)
{
	static const char *const groups[][2] = {
		{ "0000:00:05.0", "5" }, { "0000:00:05.1", "5" }, { "0000:00:02.0", "2" },
		{ "0000:00:03.0", "2" }, { "0000:00:1c.0", "7" }, { "0000:01:00.0", "7" },
	};
	const char *root = fixture("basic");
	char cmd[1024];
	size_t i;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/kernel/iommu_groups/%s' && "
			 "ln -s '%s/sys/kernel/iommu_groups/%s' '%s/sys/bus/pci/devices/%s/iommu_group'",
			 root, groups[i][1], root, groups[i][1], root, groups[i][0]);
		CHECK(system(cmd) == 0, "%s", cmd);
	}
	return root;
}

static void group_takes_the_endpoints(void)
{
	const char *root = with_groups();

	CHECK(run_select_root(root, "rd.pciback.slots=00:05.0 rd.pciback.group=1") == 0);
	CHECK_STR(outcome("0000:00:05.1"), "selected");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "0000:00:05.1 [8086:293f]: added: IOMMU group 5, "
		       "with 0000:00:05.0") == 1, "%s", slurp(root, "/dev/kmsg"));
	CHECK_STR(outcome("0000:00:03.0"), "none", "another group");
	/* never a bridge; without group=1 nothing is added */
	CHECK(run_select_root(root, "rd.pciback.slots=01:00.0 rd.pciback.group=yes") == 0);
	CHECK_STR(outcome("0000:00:1c.0"), "none");
	CHECK(run_select_root(root, "rd.pciback.slots=00:05.0") == 0);
	CHECK_STR(outcome("0000:00:05.1"), "none");
	/* guards and except still apply to what a group adds */
	CHECK(run_select_root(root, "rd.pciback.slots=00:03.0 rd.pciback.group=1") == 0);
	CHECK_STR(outcome("0000:00:02.0"), "selected", "no plan here: no default-route guard");
	CHECK(run_select_root(root, "rd.pciback.slots=00:03.0 rd.pciback.group=1 "
			      "rd.pciback.except=00:02.0") == 0);
	CHECK_STR(outcome("0000:00:02.0"), "skipped:except");
}
DEFINE_TEST(group_takes_the_endpoints,
	    "rd.pciback.group=1 takes the endpoints of the group");

static void group_viability_for_vfio(void)
{
	const char *root = with_groups();

	CHECK(run_select_root(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0") == 0);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "IOMMU group 2 is not viable for vfio-pci: "
		       "0000:00:02.0 [8086:100e] stays on e1000; select it too, or set "
		       "rd.pciback.group=1") == 1, "%s", slurp(root, "/dev/kmsg"));
	/* an unbound endpoint does not spoil a group; pciback ignores groups */
	root = with_groups();
	CHECK(run_select_root(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:05.1") == 0);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "IOMMU group 5 is not viable") == 1);
	root = with_groups();
	CHECK(run_select_root(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:05.0") == 0);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "not viable") == 0, "00:05.1 has no driver");
	root = with_groups();
	CHECK(run_select_root(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "not viable") == 0, "xen-pciback: no warning");
	root = with_groups();
	CHECK(run_select_root(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0 "
			      "rd.pciback.group=1") == 0);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "not viable") == 0, "the group is whole");
}
DEFINE_TEST(group_viability_for_vfio, "a group not viable for vfio-pci is named");
