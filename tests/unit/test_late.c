// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * test_late.c - devices that arrive after boot: the PF/vfN and PF/vf*
 * selectors, the VF address arithmetic, sriov_drivers_autoprobe, and
 * `apply --device` as the udev rule runs it.  The basic fixture's
 * 0000:01:00.0 (e1000e) is made an SR-IOV PF with 4 VFs at offset 0x80,
 * stride 0x80: VF 0 at 01:10.0, VF 1 at 02:00.0 (the carry into the
 * bus), VF 2 at 02:10.0, VF 3 at 03:00.0.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"
#include "selector.h"

#define PF "0000:01:00.0"
#define AUTOPROBE "/sys/bus/pci/devices/" PF "/sriov_drivers_autoprobe"
#define NUMVFS "/sys/bus/pci/devices/" PF "/sriov_numvfs"

static const char *setup_sriov(void)
{
	const char *root = setup();

	fake_sriov(root, PF, 4, 0x80, 0x80);
	/* the fixture's default route is on 00:02.0: none here */
	spit(root, "/proc/net/route", "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n");
	return root;
}

static void vf_selectors(void)
{
	struct selector s;

	CHECK(parse_selector("0000:03:00.0/vf2", &s) == 0);
	CHECK(s.addr.bus == 3 && s.addr.fn == 0 && s.depth == 0 && s.vf == 3, "vf %u", s.vf);
	CHECK(parse_selector("03:00.0/VF0", &s) == 0 && s.vf == 1);
	CHECK(parse_selector("03:00.0/vf*", &s) == 0 && s.vf == VF_ANY);
	CHECK(parse_selector("0000:00:1c.0/00.0/vf12@8086:10ca", &s) == 0);
	CHECK(s.depth == 1 && s.vf == 13 && s.check_id && s.device == 0x10ca);
	CHECK(parse_selector("03:00.0/vf65534", &s) == 0 && s.vf == 65535);
	CHECK(parse_selector("03:00.0/vf", &s) < 0, "no number");
	CHECK(parse_selector("03:00.0/vfx", &s) < 0);
	CHECK(parse_selector("03:00.0/vf1/00.0", &s) < 0, "a VF is the last element");
	CHECK(parse_selector("03:00.0/vf1/vf2", &s) < 0);
	CHECK(parse_selector("03:00/vf1", &s) < 0, "the PF is one function");
	CHECK(parse_selector("03:00.*/vf1", &s) < 0);
	CHECK(parse_selector("03:00.0/vf99999999999", &s) < 0, "too large");
	CHECK(parse_selector("03:00.0/vf-1", &s) < 0);
}
DEFINE_TEST(vf_selectors, "PF/vfN and PF/vf* parse; the VF is the last element, of one PF");

static void check_shows_vfs_before_they_exist(void)
{
	const char *root = setup_sriov();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.slots=01:00.0/vf*|check",
		      out, sizeof(out)) == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "VF not created yet: -> pciback as it appears (selected by 01:00.0/vf*)") == 4,
	      "%s", out);
	CHECK(count_of(out, "0000:01:10.0  -") == 1, "%s", out);
	CHECK(count_of(out, "0000:02:00.0  -") == 1, "VF 1: the carry into the bus\n%s", out);
	CHECK(count_of(out, "0000:02:10.0  -") == 1, "%s", out);
	CHECK(count_of(out, "0000:03:00.0  -") == 1, "%s", out);
	CHECK(count_of(out, "0000:03:10.0") == 0, "only 4 VFs\n%s", out);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.slots=01:00.0/vf2|check",
		      out, sizeof(out)) == 0);
	CHECK(count_of(out, "VF not created yet") == 1 && count_of(out, "0000:02:10.0  -") == 1,
	      "%s", out);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.slots=01:00.0/vf2|status",
		      out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:02:10.0  -          (VF not created)     -              -          -     "
		       "vf-not-created -\n") == 1, "%s", out);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.slots=01:00.0/vf4|check",
		      out, sizeof(out)) == 1);
	CHECK(count_of(cli_err, "01:00.0/vf4: 0000:01:00.0 has 4 VFs (sriov_totalvfs), numbered from 0") == 1,
	      "%s", cli_err);
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.slots=00:03.0/vf0|check",
		      out, sizeof(out)) == 1);
	CHECK(count_of(cli_err, "00:03.0/vf0: 0000:00:03.0 is not an SR-IOV physical function") == 1,
	      "%s", cli_err);
}
DEFINE_TEST(check_shows_vfs_before_they_exist, "check and status list a PF's VFs at their addresses (offset, stride, bus carry) before they exist; too high a VF, a PF without SR-IOV are errors");

static void boot_turns_autoprobe_off(void)
{
	const char *root = setup_sriov();

	CHECK(run(root, "rd.pciback.slots=01:00.0/vf1") == 0, "%s", kmsg(root));
	CHECK_STR(slurp(root, AUTOPROBE), "0");
	CHECK(count_of(kmsg(root), PF " [8086:10d3]: sriov_drivers_autoprobe 0: its selected VFs "
		       "are bound as they appear") == 1, "%s", kmsg(root));
	CHECK_STR(driver_of(root, PF), "e1000e", "the PF itself is not selected");
	CHECK(count_of(state(root), "0000:02:00.0 ----:---- skipped:vf-not-created -\n") == 1,
	      "%s", state(root));
	/* without Xen and no fallback the boot touches nothing */
	spit(root, AUTOPROBE, "1\n");
	spit(root, "/sys/hypervisor/type", "kvm\n");
	CHECK(run(root, "rd.pciback.slots=01:00.0/vf1") == 0, "%s", kmsg(root));
	CHECK_STR(slurp(root, AUTOPROBE), "1\n");
	/* a VF selector whose PF cannot hold them fails */
	spit(root, "/sys/hypervisor/type", "xen\n");
	k.fail_suffix = "/sriov_drivers_autoprobe";
	k.fail_err = -EACCES;
	CHECK(run(root, "rd.pciback.slots=01:00.0/vf1") == 1, "%s", kmsg(root));
	CHECK(count_of(kmsg(root), "cannot set sriov_drivers_autoprobe to 0 (EACCES") == 1,
	      "%s", kmsg(root));
}
DEFINE_TEST(boot_turns_autoprobe_off, "the boot sets the PF's sriov_drivers_autoprobe to 0 when a VF of it is selected, records the VFs not created yet; a failed write is an error");

