// SPDX-License-Identifier: GPL-2.0-or-later
/* test_hints.c - what the host commands tell a user about this host
 * (inspect.c's check, decide's hint for assign): on a host that is not a
 * Xen dom0, what works here (--driver vfio-pci), not a key of the next
 * boot; with vfio-pci and no IOMMU group at all, that the IOMMU is off and
 * how to turn it on.  On the basic fixture with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

/* assign on a host that is not a Xen dom0 names --driver, not
 * rd.pciback.fallback (a key of the next boot, which assign ignores
 * unless the configuration has it); the boot keeps naming the key */
static void not_dom0_assign_names_driver_option(void)
{
	const char *root = setup();

	spit(root, "/sys/hypervisor/type", "kvm\n");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:03.0", out, sizeof(out)) == 1);
	CHECK(count_of(cli_err, "(--driver vfio-pci or pci-stub would hold them)") == 1, "%s", cli_err);
	CHECK(count_of(cli_err, "rd.pciback.fallback") == 0, "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|--driver|vfio-pci|00:03.0", out,
		      sizeof(out)) == 0, "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "vfio-pci");
	CHECK(run(root, "rd.pciback.slots=00:05.1") == 0);
	CHECK(count_of(kmsg(root), "(rd.pciback.fallback=pci-stub or vfio-pci would hold them)") == 1,
	      "%s", kmsg(root));
}
DEFINE_TEST(not_dom0_assign_names_driver_option, "not a Xen dom0: assign's hint is --driver vfio-pci, the boot's rd.pciback.fallback");

/* check on a host that is not a Xen dom0 says what hands devices over here */
static void not_dom0_check_names_assign(void)
{
	const char *root = setup();

	spit(root, "/sys/hypervisor/type", "kvm\n");
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.slots=00:03.0|check", out, sizeof(out)) == 0);
	CHECK(count_of(out, "* this boot: not a Xen dom0 (here, pciback-early assign --driver vfio-pci "
		       "SEL... hands devices to vfio-pci now)\n") == 1, "%s", out);
	root = setup();
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.slots=00:03.0|check", out, sizeof(out)) == 0);
	CHECK(count_of(out, "* this boot: a Xen dom0\n") == 1 && count_of(out, "--driver") == 0, "%s", out);
}
DEFINE_TEST(not_dom0_check_names_assign, "not a Xen dom0: check names assign --driver vfio-pci");

/* driver=vfio-pci (or the fallback to it) and not one IOMMU group: the
 * IOMMU is off, and check says how to turn it on; not with a group, not
 * for xen-pciback in a dom0 */
static void vfio_without_iommu(void)
{
	const char *root = setup();
	const char *on = "no IOMMU groups on this host: the IOMMU is off";
	char cmd[512];

	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0|check",
		      out, sizeof(out)) == 0);
	CHECK(count_of(cli_err, on) == 1 && count_of(cli_err, "intel_iommu=on") == 1 &&
	      count_of(cli_err, "VT-d") == 1 && count_of(cli_err, "AMD-Vi") == 1, "%s", cli_err);
	spit(root, "/sys/hypervisor/type", "kvm\n");
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.fallback=vfio-pci rd.pciback.slots=00:03.0|check",
		      out, sizeof(out)) == 0);
	CHECK(count_of(cli_err, on) == 1, "the fallback: %s", cli_err);
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.slots=00:03.0|check", out, sizeof(out)) == 0);
	CHECK(count_of(cli_err, on) == 0, "no vfio-pci: %s", cli_err);
	snprintf(cmd, sizeof(cmd), "cd '%s/sys' && mkdir -p kernel/iommu_groups/3 && "
		 "ln -s ../../../kernel/iommu_groups/3 devices/pci0000:00/0000:00:05.0/iommu_group", root);
	CHECK(system(cmd) == 0);
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0|check",
		      out, sizeof(out)) == 0);
	CHECK(count_of(cli_err, on) == 0, "a group: %s", cli_err);
}
DEFINE_TEST(vfio_without_iommu, "vfio-pci and no IOMMU group: check says the IOMMU is off and how to turn it on");
