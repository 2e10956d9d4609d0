// SPDX-License-Identifier: GPL-2.0-or-later
/* test_xen_groups.c - in a Xen dom0 the IOMMU belongs to Xen and
 * /sys/kernel/iommu_groups is empty: rd.pciback.group=1 and the vfio-pci
 * group checks say so, in the boot log and in `check`, instead of doing
 * nothing silently; `check` predicts a dom0 boot without groups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

#define DOM0_SAYS "no IOMMU groups in a Xen dom0 (the IOMMU belongs to Xen): " \
	"rd.pciback.group=1 and the vfio-pci group checks have nothing to go by"

/* 00:02.0 and 00:03.0 in IOMMU group 2 */
static void group_2(const char *root)
{
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/kernel/iommu_groups/2' && for d in 02 03; do "
		 "ln -s '%s/sys/kernel/iommu_groups/2' '%s/sys/bus/pci/devices/0000:00:'$d'.0/iommu_group'; done",
		 root, root, root);
	CHECK(system(cmd) == 0);
}

static void boot_log_says_dom0_has_no_groups(void)
{
	/* the basic fixture is a Xen dom0 without IOMMU groups */
	const char *root = setup();

	CHECK(run(root, "rd.pciback.slots=00:03.0 rd.pciback.group=1") == 0);
	CHECK(count_of(kmsg(root), "<4>pciback-early: " DOM0_SAYS "\n") == 1, "%s", kmsg(root));
	CHECK_STR(state(root), "0000:00:03.0 8086:100e seized pciback\n");
	/* the vfio-pci group checks too, without group=1 */
	root = setup();
	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0") == 0);
	CHECK(count_of(kmsg(root), DOM0_SAYS) == 1, "%s", kmsg(root));
	/* neither: nothing to say */
	root = setup();
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK(count_of(kmsg(root), "no IOMMU groups") == 0, "%s", kmsg(root));
}
DEFINE_TEST(boot_log_says_dom0_has_no_groups,
	    "a Xen dom0 boot with group=1 or vfio-pci says it has no IOMMU groups");

static void only_when_there_are_none(void)
{
	const char *root = setup();

	group_2(root);
	CHECK(run(root, "rd.pciback.slots=00:03.0 rd.pciback.group=1") == 0);
	CHECK(count_of(kmsg(root), "no IOMMU groups") == 0, "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback", "group 2 taken whole");
	/* without Xen and without groups: the IOMMU is off, no word of Xen */
	root = setup();
	spit(root, "/sys/hypervisor/type", "kvm\n");
	CHECK(run(root, "rd.pciback.driver=pci-stub rd.pciback.slots=00:03.0 rd.pciback.group=1") == 0);
	CHECK(count_of(kmsg(root), "<4>pciback-early: no IOMMU groups: rd.pciback.group=1") == 1,
	      "%s", kmsg(root));
	CHECK(count_of(kmsg(root), "Xen") == 0, "%s", kmsg(root));
}
DEFINE_TEST(only_when_there_are_none, "the no-groups warning only when no device has a group");

static void check_says_dom0_has_no_groups(void)
{
	const char *root = setup();

	/* check run in the dom0 */
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.slots=00:03.0 rd.pciback.group=1|check",
		      out, sizeof(out)) == 0);
	CHECK(count_of(cli_err, DOM0_SAYS) == 1, "%s", cli_err);
	/* check run on the same machine booted without Xen, with groups: the
	 * dom0 column takes no group mate, and says why (00:02.0 carries the
	 * fixture's default route: without Xen, group=1 reaches its guard) */
	root = setup();
	group_2(root);
	spit(root, "/sys/hypervisor/type", "");
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.slots=00:03.0 rd.pciback.group=1 "
		      "rd.pciback.fallback=pci-stub|check", out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:00:02.0  8086:100e  network controller   e1000          "
		       "without Xen*: left alone: default-route; Xen dom0: not selected\n") == 1,
	      "%s", out);
	CHECK(count_of(out, "without Xen*: -> pci-stub (selected by 00:03.0); "
		       "Xen dom0: -> pciback (selected by 00:03.0)\n") == 1, "%s", out);
	CHECK(count_of(out, "no IOMMU groups in a Xen dom0 (the IOMMU belongs to Xen): "
		       "rd.pciback.group=1 adds nothing there\n") == 1, "%s", out);
}
DEFINE_TEST(check_says_dom0_has_no_groups,
	    "check says a Xen dom0 has no IOMMU groups and predicts its boot without them");
