// SPDX-License-Identifier: GPL-2.0-or-later
/* test_contract.c - promises of DESIGN.md and pciback-early(8) that the
 * mutants of tests/mutate.sh (the held-out style ones, by promise) found
 * unpinned: the state directory and its lock are never reached through a
 * planted link; PF/vf* is a wildcard.  On the basic fixture:
 *   00:02.0 e1000 (bound)  00:03.0 e1000 8086:100e (free) */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

/* a lock link to a file that does not exist: opening it must not create
 * the file where the link points (the planted-link test's victims exist
 * already, and opening the lock writes nothing to them) */
static void lock_link_creates_nothing(void)
{
	const char *root = setup_planned();
	char victim[512];

	sh_in(root, "mkdir -p run/pciback-early && ln -s \"$R/victim\" run/pciback-early/lock");
	run(root, "rd.pciback.slots=00:03.0");
	snprintf(victim, sizeof(victim), "%s/victim", root);
	CHECK(access(victim, F_OK) < 0, "the lock was opened through the link");
}
DEFINE_TEST(lock_link_creates_nothing, "a planted lock link to a missing file: nothing created there");

/* /run/pciback-early itself a link to a directory of ours: refused, the
 * state is not written through it */
static void state_dir_link_refused(void)
{
	const char *root = setup_planned();
	char where[512];

	sh_in(root, "mkdir -p run elsewhere && ln -s \"$R/elsewhere\" run/pciback-early");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1, "the state cannot be written");
	snprintf(where, sizeof(where), "%s/elsewhere/state", root);
	CHECK(access(where, F_OK) < 0, "the state went through the link");
}
DEFINE_TEST(state_dir_link_refused, "a planted /run/pciback-early link is refused");

/* VFs there at boot (autoprobe on: e1000 has them); except unreadable */
static const char *with_vfs(void)
{
	const char *root = setup();
	char path[4096];

	fake_sriov(root, "0000:01:00.0", 2, 0x80, 0x80);
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/0000:01:00.0/sriov_numvfs", root);
	CHECK((k.ops.write_attr)(k.ops.priv, path, "2") == 0);
	return root;
}

/* PF/vf* is a wildcard: dropped when except may have lost a token, as
 * ids and class are; PF/vf1 names one device and still goes */
static void vf_wildcard_dropped_by_a_bad_except(void)
{
	const char *root = with_vfs();

	CHECK(run(root, "rd.pciback.slots=01:00.0/vf* rd.pciback.except=zz") == 1);
	CHECK_STR(driver_of(root, "0000:01:10.0"), "e1000", "%s", kmsg(root));
	CHECK(count_of(state(root), "0000:01:10.0 8086:10ca skipped:except-unreadable e1000\n") == 1,
	      "%s", state(root));
	root = with_vfs();
	CHECK(run(root, "rd.pciback.slots=01:00.0/vf1 rd.pciback.except=zz") == 1);
	CHECK_STR(driver_of(root, "0000:02:00.0"), "pciback", "VF 1 (VF 0 is 01:10.0)");
	root = setup();
	CHECK(run(root, "rd.pciback.slots=00:03.0 rd.pciback.except=zz") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "an exact slot still goes");
}
DEFINE_TEST(vf_wildcard_dropped_by_a_bad_except,
	    "a bad except drops PF/vf* (a wildcard), not PF/vf1 or an exact slot");

/* a remove event drops the device's line, whatever the configuration
 * selects now (here: nothing) */
static void remove_event_drops_the_line(void)
{
	const char *root = setup();

	sh_in(root, "mkdir -p run/pciback-early");
	spit(root, "/run/pciback-early/state", "0000:00:09.0 8086:100e seized pciback\n"
	     "0000:00:03.0 8086:100e seized pciback\n");
	CHECK(apply_device(root, "0000:00:09.0") == 0, "%s", cli_err);
	CHECK_STR(state(root), "0000:00:03.0 8086:100e seized pciback\n");
}
DEFINE_TEST(remove_event_drops_the_line, "a remove event drops the state line even when nothing is selected");

/* the exit status of the udev rule's run: 1 when its device failed */
static void late_failure_exits_1(void)
{
	const char *root = setup();

	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0@1234:5678\n");
	CHECK(apply_device(root, "0000:00:03.0") == 1, "%s", cli_err);
	CHECK_STR(state(root), "0000:00:03.0 8086:100e failed:id-mismatch -\n");
}
DEFINE_TEST(late_failure_exits_1, "apply --device: a device that cannot be seized exits 1");

/* driverctl names a driver as sysfs does: "pciback" is xen-pciback, the
 * configuration's own target, so check finds no conflict */
static void driverctl_pciback_is_xen_pciback(void)
{
	const char *root = setup();

	sh_in(root, "mkdir -p etc/driverctl.d");
	spit(root, "/etc/driverctl.d/pci-0000:00:03.0", "pciback\n");
	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0\n");
	run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|quiet|check", out, sizeof(out));
	CHECK(count_of(out, "driverctl") >= 1, "%s", out);
	CHECK(count_of(cli_err, "driverctl overrides") == 0, "%s", cli_err);
}
DEFINE_TEST(driverctl_pciback_is_xen_pciback, "check: driverctl's \"pciback\" is xen-pciback");
