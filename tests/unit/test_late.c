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

/* sriov_numvfs through the fake kernel, as a user writes it */
static void make_vfs(const char *root, const char *n)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s" NUMVFS, root);
	CHECK((k.ops.write_attr)(k.ops.priv, path, n) == 0, "sriov_numvfs %s", n);
}

static void vfs_bound_as_they_appear(void)
{
	const char *root = setup_sriov();

	spit(root, "/etc/pciback-early.conf", "slots = 01:00.0/vf1\n");
	CHECK(run(root, "quiet") == 0, "%s", kmsg(root));
	CHECK_STR(slurp(root, AUTOPROBE), "0");
	make_vfs(root, "4");
	CHECK_STR(driver_of(root, "0000:02:00.0"), "", "autoprobe 0: nobody took VF 1");
	CHECK_STR(driver_of(root, "0000:01:10.0"), "");
	/* the udev rule, once per VF added */
	CHECK(apply_device(root, "0000:01:10.0") == 0, "%s", cli_err);
	CHECK(apply_device(root, "0000:02:00.0") == 0, "%s", cli_err);
	CHECK(apply_device(root, "0000:02:10.0") == 0, "%s", cli_err);
	CHECK(apply_device(root, "0000:03:00.0") == 0, "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:02:00.0"), "pciback", "%s", kmsg(root));
	CHECK_STR(override_of(root, "0000:02:00.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:01:10.0"), "e1000", "not selected: probed, %s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:02:10.0"), "e1000");
	CHECK_STR(driver_of(root, "0000:03:00.0"), "e1000");
	CHECK(count_of(kmsg(root), "0000:02:00.0 [8086:10ca] unbound -> pciback") == 1, "%s", kmsg(root));
	CHECK(count_of(kmsg(root), "0000:01:10.0 [8086:10ca]: a VF not selected: probed for its "
		       "native driver (0000:01:00.0's sriov_drivers_autoprobe is 0)") == 1, "%s", kmsg(root));
	CHECK(count_of(state(root), "0000:02:00.0 8086:10ca seized pciback\n") == 1, "%s", state(root));
	CHECK(count_of(state(root), "0000:02:00.0 ") == 1, "one line: %s", state(root));
	CHECK(count_of(state(root), "0000:01:10.0") == 0, "%s", state(root));
	/* idempotent: the same event again changes nothing */
	k.writes = 0;
	CHECK(apply_device(root, "0000:02:00.0") == 0, "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:02:00.0"), "pciback");
	CHECK(count_of(state(root), "0000:02:00.0 8086:10ca already pciback\n") == 1, "%s", state(root));
	/* check and status see it */
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|status|0000:02:00.0", out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:02:00.0") >= 1 && count_of(out, "pciback") >= 1, "%s", out);
}
DEFINE_TEST(vfs_bound_as_they_appear, "VFs created after boot: apply --device binds the selected one, probes the others for their native driver; its state line is replaced");

static void pf_added_after_boot(void)
{
	const char *root = setup_sriov();

	spit(root, "/etc/pciback-early.conf", "slots = 01:00.0/vf*\n");
	CHECK(apply_device(root, PF) == 0, "%s", cli_err);
	CHECK_STR(slurp(root, AUTOPROBE), "0", "%s", kmsg(root));
	CHECK_STR(driver_of(root, PF), "e1000e", "the PF stays");
	make_vfs(root, "2");
	CHECK(apply_device(root, "0000:01:10.0") == 0, "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:01:10.0"), "pciback", "%s", kmsg(root));
}
DEFINE_TEST(pf_added_after_boot, "a PF added after boot whose VFs are selected gets sriov_drivers_autoprobe 0 at its own add event");

static void hotplugged_devices(void)
{
	const char *root = setup_sriov();

	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0,00:1f.2\n");
	/* selected: seized; the target module loaded for it */
	CHECK(apply_device(root, "0000:00:03.0") == 0, "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "%s", kmsg(root));
	CHECK(count_of(k.loaded, "xen-pciback") == 1, "%s", k.loaded);
	/* not selected: nothing written, no state line */
	k.writes = 0;
	CHECK(apply_device(root, "0000:00:05.1") == 0, "%s", cli_err);
	CHECK(k.writes == 0, "%d writes", k.writes);
	CHECK(count_of(state(root), "0000:00:05.1") == 0, "%s", state(root));
	/* guarded (the root file system's controller): left alone, said */
	CHECK(apply_device(root, "0000:00:1f.2") == 0, "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:00:1f.2"), "ahci");
	CHECK(count_of(kmsg(root), "0000:00:1f.2 [8086:2922]: left alone: root-storage") == 1,
	      "%s", kmsg(root));
	CHECK(count_of(state(root), "0000:00:1f.2 8086:2922 skipped:root-storage ahci\n") == 1,
	      "%s", state(root));
	CHECK(count_of(state(root), "0000:00:03.0 8086:100e seized pciback\n") == 1, "%s", state(root));
	/* a bad address is bad usage */
	CHECK(apply_device(root, "00:03.0") == 2);
	CHECK(count_of(cli_err, "--device '00:03.0' is not a PCI address as sysfs names it") == 1,
	      "%s", cli_err);
}
DEFINE_TEST(hotplugged_devices, "apply --device: a selected device added after boot is seized (module loaded), an unselected one untouched, a guarded one left alone and recorded; a bad address is usage");

static void removed_device_forgotten(void)
{
	const char *root = setup_sriov();
	char cmd[4096];

	spit(root, "/etc/pciback-early.conf", "slots = 01:00.0/vf0\n");
	CHECK(run(root, "quiet") == 0, "%s", kmsg(root));
	make_vfs(root, "1");
	CHECK(apply_device(root, "0000:01:10.0") == 0, "%s", cli_err);
	CHECK(count_of(state(root), "0000:01:10.0 8086:10ca seized pciback\n") == 1, "%s", state(root));
	make_vfs(root, "0");
	snprintf(cmd, sizeof(cmd), "test -e '%s/sys/bus/pci/devices/0000:01:10.0'", root);
	CHECK(system(cmd) != 0, "VF removed");
	CHECK(apply_device(root, "0000:01:10.0") == 0, "%s", cli_err);
	CHECK(count_of(state(root), "0000:01:10.0 ") == 0, "%s", state(root));
	CHECK(count_of(state(root), "0000:02:00.0") == 0 && state(root)[0] == '\0', "%s", state(root));
}
DEFINE_TEST(removed_device_forgotten, "a remove event: apply --device of a device no longer there drops its state line");

/* the boot run's lock: apply --device waits while another run holds it */
static void waits_for_the_boot_lock(void)
{
	const char *root = setup_sriov();
	char path[4096];
	int fd, status;
	pid_t pid;

	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0\n");
	snprintf(path, sizeof(path), "%s/run", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/run/pciback-early", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/run/pciback-early/lock", root);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0 && flock(fd, LOCK_EX) == 0);
	pid = fork();
	if (pid == 0) {
		close(fd);   /* the lock belongs to the parent's open file */
		_exit(apply_device(root, "0000:00:03.0"));
	}
	usleep(300 * 1000);
	CHECK(waitpid(pid, &status, WNOHANG) == 0, "it did not wait for the lock");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "", "nothing done under another run's lock");
	close(fd);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(waits_for_the_boot_lock, "apply --device takes the boot run's lock: it waits while another run holds it");
