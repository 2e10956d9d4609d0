// SPDX-License-Identifier: GPL-2.0-or-later
/* test_fallback.c - seizing never depends on driver_override alone
 * (pciback-early(8), BINDING ROUTES): for each target, a driver core that
 * does not honour the override (the probe leaves the device unbound) and
 * a kernel that refuses the override write (EINVAL, EPERM); pci-stub's
 * twin refusal; give-back when the fallback fails too; the route in the
 * state file and in `status`. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

/* the basic fixture: 00:02.0 (e1000) and 00:03.0 (unbound) are twins,
 * 8086:100e; 00:04.0 (xhci_hcd, 1b36:000d) has no twin */

static void pciback_not_honoured_takes_new_slot(void)
{
	const char *root = setup();

	k.ignore_override = true;
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK_STR(slurp(root, "/sys/bus/pci/drivers/pciback/new_slot.slots"), "0000:00:02.0\n");
	CHECK_STR(state(root), "0000:00:02.0 8086:100e seized:new_slot pciback\n");
	CHECK(count_of(kmsg(root), "0000:00:02.0 [8086:100e]: no driver_override (ENODEV): "
		       "new_slot + bind\n") == 1, "%s", kmsg(root));
	CHECK(count_of(kmsg(root), "0000:00:02.0 [8086:100e] e1000 -> pciback\n") == 1);
}
DEFINE_TEST(pciback_not_honoured_takes_new_slot,
	    "pciback, override not honoured: new_slot + bind, state says seized:new_slot");

static void pciback_refused_takes_new_slot(void)
{
	static const int errs[] = { -EINVAL, -EPERM };
	size_t i;

	for (i = 0; i < 2; i++) {
		const char *root = setup();

		k.override_err = errs[i];
		CHECK(run(root, "rd.pciback.slots=00:02.0") == 0, "err %d", errs[i]);
		CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
		CHECK_STR(state(root), "0000:00:02.0 8086:100e seized:new_slot pciback\n");
	}
}
DEFINE_TEST(pciback_refused_takes_new_slot,
	    "pciback, override write refused (EINVAL, EPERM): new_slot + bind");

static void stub_not_honoured_takes_new_id(void)
{
	const char *root = setup();

	k.ignore_override = true;
	CHECK(run(root, "rd.pciback.driver=pci-stub rd.pciback.slots=00:04.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pci-stub");
	CHECK_STR(state(root), "0000:00:04.0 1b36:000d seized:new_id pci-stub\n");
	/* the ID is gone again: a device added later is not taken by it */
	CHECK_STR(slurp(root, "/sys/bus/pci/drivers/pci-stub/new_id.ids"), "");
	CHECK(count_of(kmsg(root), "0000:00:04.0 [1b36:000d]: no driver_override (ENODEV): "
		       "new_id + bind\n") == 1, "%s", kmsg(root));
	/* nothing else changed hands */
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
}
DEFINE_TEST(stub_not_honoured_takes_new_id,
	    "pci-stub, override not honoured, no twin: new_id + bind, then remove_id");

static void stub_refused_takes_new_id(void)
{
	static const int errs[] = { -EINVAL, -EPERM };
	size_t i;

	for (i = 0; i < 2; i++) {
		const char *root = setup();

		k.override_err = errs[i];
		CHECK(run(root, "rd.pciback.driver=pci-stub rd.pciback.slots=00:04.0") == 0);
		CHECK_STR(driver_of(root, "0000:00:04.0"), "pci-stub");
		CHECK_STR(state(root), "0000:00:04.0 1b36:000d seized:new_id pci-stub\n");
		CHECK_STR(slurp(root, "/sys/bus/pci/drivers/pci-stub/new_id.ids"), "");
	}
}
DEFINE_TEST(stub_refused_takes_new_id,
	    "pci-stub, override write refused (EINVAL, EPERM), no twin: new_id + bind");

static void stub_refuses_with_a_twin(void)
{
	const char *root = setup();

	/* the probe leaves it unbound: it is given back to e1000 */
	k.ignore_override = true;
	CHECK(run(root, "rd.pciback.driver=pci-stub rd.pciback.slots=00:02.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	CHECK_STR(override_of(root, "0000:00:02.0"), "(null)");
	CHECK_STR(slurp(root, "/sys/bus/pci/drivers/pci-stub/new_id.ids"), "", "no new_id written");
	CHECK_STR(state(root), "0000:00:02.0 8086:100e failed:ENODEV e1000\n");
	CHECK(count_of(kmsg(root), "0000:00:02.0 [8086:100e]: not seized: new_id would also take "
		       "the other device with these IDs") == 1, "%s", kmsg(root));
	/* the write refused: nothing was unbound, nothing is given back */
	root = setup();
	k.override_err = -EPERM;
	CHECK(run(root, "rd.pciback.driver=pci-stub rd.pciback.slots=00:03.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(slurp(root, "/sys/bus/pci/drivers/pci-stub/new_id.ids"), "");
	CHECK_STR(state(root), "0000:00:03.0 8086:100e failed:EPERM -\n");
}
DEFINE_TEST(stub_refuses_with_a_twin,
	    "pci-stub: no new_id when another device has the same IDs; refused, given back");

static void vfio_says_allow_driver_override(void)
{
	const char *root = setup();

	k.ignore_override = true;
	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:02.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000", "given back");
	CHECK_STR(override_of(root, "0000:00:02.0"), "(null)");
	CHECK_STR(state(root), "0000:00:02.0 8086:100e failed:ENODEV e1000\n");
	CHECK(count_of(kmsg(root), "0000:00:02.0 [8086:100e]: not seized: the kernel refuses "
		       "driver_override for vfio-pci: see the allow_driver_override kernel "
		       "parameter") == 1, "%s", kmsg(root));
	CHECK_STR(slurp(root, "/sys/bus/pci/drivers/vfio-pci/new_id.ids"), "", "no new_id for vfio-pci");
	root = setup();
	k.override_err = -EINVAL;
	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:02.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(state(root), "0000:00:02.0 8086:100e failed:EINVAL e1000\n");
	CHECK(count_of(kmsg(root), "allow_driver_override") == 1);
}
DEFINE_TEST(vfio_says_allow_driver_override,
	    "vfio-pci, override not honoured or refused: refused, names allow_driver_override");

static void failed_fallback_gives_back(void)
{
	const char *root = setup();

	k.ignore_override = true;
	k.fail_suffix = "/new_slot";
	k.fail_err = -EIO;
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(override_of(root, "0000:00:02.0"), "(null)");
	CHECK_STR(state(root), "0000:00:02.0 8086:100e failed:EIO e1000\n");
	CHECK(count_of(kmsg(root), "0000:00:02.0: given back to e1000") == 1, "%s", kmsg(root));
	/* new_slot taken, bind refused: the slot goes too, or pciback would
	 * take the device back on the re-probe */
	root = setup();
	k.ignore_override = true;
	k.fail_suffix = "/bind";
	k.fail_err = -EIO;
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(slurp(root, "/sys/bus/pci/drivers/pciback/new_slot.slots"), "");
	CHECK_STR(state(root), "0000:00:02.0 8086:100e failed:EIO e1000\n");
	/* 01:00.0 (8086:10d3) has no twin; the fake's re-probe gives every
	 * Intel device to e1000 */
	root = setup();
	k.ignore_override = true;
	k.fail_suffix = "/new_id";
	k.fail_err = -ENOMEM;
	CHECK(run(root, "rd.pciback.driver=pci-stub rd.pciback.slots=01:00.0") == 1);
	CHECK_STR(driver_of(root, "0000:01:00.0"), "e1000");
	CHECK_STR(override_of(root, "0000:01:00.0"), "(null)");
	CHECK_STR(state(root), "0000:01:00.0 8086:10d3 failed:ENOMEM e1000\n");
}
DEFINE_TEST(failed_fallback_gives_back,
	    "new_slot or new_id failing too: the device is given back to its driver");

static void remove_id_failure_is_said(void)
{
	const char *root = setup();

	k.ignore_override = true;
	k.fail_suffix = "/remove_id";
	k.fail_err = -EIO;
	CHECK(run(root, "rd.pciback.driver=pci-stub rd.pciback.slots=00:04.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pci-stub");
	CHECK(count_of(kmsg(root), "<4>pciback-early: 0000:00:04.0 [1b36:000d]: cannot remove_id: "
		       "EIO") == 1, "%s", kmsg(root));
}
DEFINE_TEST(remove_id_failure_is_said, "a remove_id that fails is logged, not silent");

static void status_shows_the_route(void)
{
	const char *root = setup();

	k.ignore_override = true;
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	k.ignore_override = false;
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	spit(root, "/run/pciback-early/state", "0000:00:02.0 8086:100e seized:new_slot pciback\n"
	     "0000:00:03.0 8086:100e seized pciback\n");
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.slots=00:02.0,00:03.0|status", out,
		      sizeof(out)) == 0);
	CHECK(count_of(out, " seized:new_slot\n") == 1, "%s", out);
	CHECK(count_of(out, " seized:driver_override\n") == 1, "%s", out);
}
DEFINE_TEST(status_shows_the_route, "status says which route each seized device took");

static void dry_run_predicts_the_route(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm '%s/sys/bus/pci/devices/0000:00:02.0/driver_override' "
		 "'%s/sys/bus/pci/devices/0000:00:04.0/driver_override'", root, root);
	CHECK(system(cmd) == 0);
	CHECK(run_cli(root, &k.ops, "--dry-run|--kver|6.1.0-test|--cmdline|rd.pciback.slots="
		      "00:02.0,00:04.0 rd.pciback.driver=pci-stub|apply", out, sizeof(out)) == 1);
	CHECK(k.writes == 0);
	CHECK(count_of(out, "0000:00:04.0 [1b36:000d]: no driver_override (EOPNOTSUPP): new_id "
		       "+ bind\n") == 1, "%s", out);
	CHECK(count_of(out, "0000:00:02.0 [8086:100e]: not seized: new_id would also take") == 1);
	CHECK(count_of(out, "1 would be seized, 0 already on pci-stub, 0 left alone, 1 failed") == 1,
	      "%s", out);
	CHECK(run_cli(root, &k.ops, "--dry-run|--kver|6.1.0-test|--cmdline|rd.pciback.slots="
		      "00:04.0 rd.pciback.driver=vfio-pci|apply", out, sizeof(out)) == 1);
	CHECK(count_of(out, "0000:00:04.0 [1b36:000d]: not seized: the kernel refuses "
		       "driver_override for vfio-pci: see the allow_driver_override kernel "
		       "parameter: EOPNOTSUPP") == 1, "%s", out);
}
DEFINE_TEST(dry_run_predicts_the_route,
	    "--dry-run predicts new_id, the twin refusal and EOPNOTSUPP without driver_override");

static void check_predicts_the_route(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm '%s/sys/bus/pci/devices/0000:00:02.0/driver_override' "
		 "'%s/sys/bus/pci/devices/0000:00:04.0/driver_override'", root, root);
	CHECK(system(cmd) == 0);
	/* check's host plan guards the fixture's keyboard and default route */
#define FORCE "rd.pciback.force=keyboard,default-route "
	/* pci-stub: new_id for 00:04.0, refused for 00:02.0 (its twin 00:03.0) */
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.slots=00:02.0,00:04.0 " FORCE
		      "rd.pciback.driver=pci-stub|check", out, sizeof(out)) == 1);
	CHECK(k.writes == 0);
	CHECK(count_of(out, "0000:00:02.0  8086:100e  network controller   e1000          "
		       "cannot be seized: EOPNOTSUPP\n") == 1, "%s", out);
	CHECK(count_of(out, "0000:00:04.0  1b36:000d  USB controller       xhci_hcd       "
		       "-> pci-stub (selected by 00:04.0)\n") == 1, "%s", out);
	CHECK(count_of(cli_err, "0000:00:04.0 [1b36:000d]: no driver_override (EOPNOTSUPP): "
		       "new_id + bind") == 1, "%s", cli_err);
	CHECK(count_of(out, "0 error(s), 1 device(s) that cannot be seized\n") == 1, "%s", out);
	/* vfio-pci: refused; xen-pciback: new_slot, in both kinds of boot */
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.slots=00:04.0 rd.pciback.driver=vfio-pci " FORCE
		      "|check", out, sizeof(out)) == 1);
	CHECK(count_of(out, "cannot be seized: EOPNOTSUPP\n") == 1, "%s", out);
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.slots=00:04.0 rd.pciback.fallback=vfio-pci " FORCE
		      "|check", out, sizeof(out)) == 0, "this boot, a Xen dom0, can");
	CHECK(count_of(out, "Xen dom0*: -> pciback (selected by 00:04.0); without Xen: cannot be "
		       "seized: EOPNOTSUPP\n") == 1, "%s", out);
}
DEFINE_TEST(check_predicts_the_route,
	    "check predicts the route or the refusal on a kernel without driver_override");
