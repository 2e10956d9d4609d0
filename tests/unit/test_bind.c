// SPDX-License-Identifier: GPL-2.0-or-later
/* test_bind.c - the binding steps end to end (pciback_main on the basic
 * fixture with the fake kernel): each path, each error path, the outputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "host.h"
#include "fakekernel.h"
#include "harness.h"
#include "state.h"

static struct fake_kernel k;
static char out[1 << 16];

static const char *setup(void)
{
	return fake_kernel_on(&k, "basic");
}

/* run with the fixture's kernel release and this command line */
static int run(const char *root, const char *cmdline)
{
	return run_fixture(root, &k.ops, cmdline, out, sizeof(out));
}

static const char *override_of(const char *root, const char *addr)
{
	static char buf[64];
	char rel[256];

	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/driver_override", addr);
	snprintf(buf, sizeof(buf), "%s", slurp(root, rel));
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static void rm(const char *root, const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s%s", root, rel);
	CHECK(unlink(path) == 0, "unlink %s", rel);
}

static void seizes_bound_and_unbound(void)
{
	const char *root = setup();

	CHECK(run(root, "root=/dev/sda rd.pciback.slots=00:02.0,00:03.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:01:00.0"), "e1000e");
	CHECK_STR(override_of(root, "0000:00:02.0"), "pciback");
	CHECK_STR(k.loaded, "xen-pciback() ");
	CHECK(count_of(slurp(root, "/dev/kmsg"),
		       "<6>pciback-early: 0000:00:02.0 [8086:100e] e1000 -> pciback\n") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"),
		       "pciback-early: 0000:00:03.0 [8086:100e] unbound -> pciback\n") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "pciback-early: done in ") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), " ms): 2 seized, 0 already on pciback, 0 left alone, 0 failed\n") == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:02.0 8086:100e seized pciback\n"
		  "0000:00:03.0 8086:100e seized pciback\n");
	CHECK(access(root, F_OK) == 0);
	CHECK_STR(slurp(root, "/run/pciback-early/halt"), "");
}
DEFINE_TEST(seizes_bound_and_unbound, "seizes a bound and an unbound device");

static void second_run_reports_already(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.slots=00:02.0 rd.pciback.class=0c03") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
	k.loaded[0] = '\0';
	k.writes = 0;
	CHECK(run(root, "rd.pciback.slots=00:02.0 rd.pciback.class=0c03") == 0);
	CHECK_STR(k.loaded, "");
	CHECK(k.writes == 0, "%d writes on the second run", k.writes);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:02.0 8086:100e already pciback\n"
		  "0000:00:04.0 1b36:000d already pciback\n");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "0000:00:02.0 [8086:100e]: already on pciback") == 1);
}
DEFINE_TEST(second_run_reports_already, "a second run reports already and writes nothing");

static void not_dom0_touches_nothing(void)
{
	const char *root = setup();

	rm(root, "/sys/hypervisor/type");
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(override_of(root, "0000:00:02.0"), "(null)");
	CHECK(k.writes == 0 && !k.loaded[0]);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "<4>pciback-early: this boot is not a Xen dom0: leaving every device alone") == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:02.0 8086:100e skipped:not-xen-dom0 e1000\n");
}
DEFINE_TEST(not_dom0_touches_nothing, "not a Xen dom0, default fallback: nothing touched");

static void xen_domu_is_not_dom0(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/proc/xen' && echo > '%s/proc/xen/capabilities'", root, root);
	CHECK(system(cmd) == 0);
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	spit(root, "/proc/xen/capabilities", "control_d\n");
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
}
DEFINE_TEST(xen_domu_is_not_dom0, "Xen domU (no control_d) is not a dom0");

static void fallback_pci_stub(void)
{
	const char *root = setup();

	rm(root, "/sys/hypervisor/type");
	CHECK(run(root, "rd.pciback.slots=00:02.0 rd.pciback.fallback=pci-stub") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pci-stub");
	CHECK_STR(k.loaded, "pci-stub() ");
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:02.0 8086:100e seized pci-stub\n");
}
DEFINE_TEST(fallback_pci_stub, "fallback=pci-stub");

static void vfio_with_dependencies_in_order(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.ids=8086:10d3 vfio_pci.disable_vga=1") == 0);
	CHECK_STR(driver_of(root, "0000:01:00.0"), "vfio-pci");
	CHECK_STR(k.loaded, "vfio_iommu_type1() irqbypass() vfio() vfio-pci-core() vfio-pci(disable_vga=1) ");
}
DEFINE_TEST(vfio_with_dependencies_in_order, "vfio-pci with dependencies in load order");

static void module_missing_gives_devices_back(void)
{
	const char *root = setup();

	rm(root, "/lib/modules/6.1.0-test/kernel/drivers/xen/xen-pciback/xen-pciback.ko");
	CHECK(run(root, "rd.pciback.slots=00:02.0,00:03.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(override_of(root, "0000:00:02.0"), "(null)");
	CHECK_STR(override_of(root, "0000:00:03.0"), "(null)");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "xen-pciback: cannot open") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "0000:00:02.0 [8086:100e]: not seized: "
		       "cannot load xen-pciback: ENOENT: no such file or directory") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "0000:00:02.0: given back to e1000") == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:02.0 8086:100e failed:ENOENT e1000\n"
		  "0000:00:03.0 8086:100e failed:ENOENT e1000\n");
}
DEFINE_TEST(module_missing_gives_devices_back, "module file missing: devices given back");

static void module_not_in_modules_dep(void)
{
	const char *root = setup();

	spit(root, "/lib/modules/6.1.0-test/modules.dep", "kernel/drivers/pci/pci-stub.ko:\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "xen-pciback: module not found in /lib/modules/6.1.0-test/modules.dep") == 1);
	/* given back: drivers_probe lets the loaded native driver have it */
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:03.0 8086:100e failed:ENOENT e1000\n");
	CHECK_STR(override_of(root, "0000:00:03.0"), "(null)");
}
DEFINE_TEST(module_not_in_modules_dep, "module not in modules.dep");

static void module_enodev(void)
{
	const char *root = setup();

	k.load_err = -19;
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "the kernel refused to load") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), ": ENODEV") >= 1);
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:02.0 8086:100e failed:ENODEV e1000\n");
}
DEFINE_TEST(module_enodev, "ENODEV from the module");

static void module_registers_no_driver(void)
{
	const char *root = setup();

	k.no_register = true;
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "module loaded but driver pciback did not register") == 1);
	CHECK_STR(override_of(root, "0000:00:03.0"), "(null)");
}
DEFINE_TEST(module_registers_no_driver, "module loads but registers no driver");

static void override_write_fails(void)
{
	const char *root = setup();

	k.fail_suffix = "0000:00:02.0/driver_override";
	k.fail_err = -13;
	CHECK(run(root, "rd.pciback.slots=00:02.0,00:03.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "the other device still seized");
	CHECK(count_of(slurp(root, "/dev/kmsg"),
		       "0000:00:02.0 [8086:100e]: not seized: cannot write driver_override: EACCES: permission denied") == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:02.0 8086:100e failed:EACCES e1000\n"
		  "0000:00:03.0 8086:100e seized pciback\n");
}
DEFINE_TEST(override_write_fails, "driver_override write fails");

static void unbind_fails(void)
{
	const char *root = setup();

	k.fail_suffix = "/unbind";
	k.fail_err = -5;
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(override_of(root, "0000:00:02.0"), "(null)", "override undone");
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:02.0 8086:100e failed:EIO e1000\n");
	CHECK_STR(k.loaded, "", "nothing to load for");
}
DEFINE_TEST(unbind_fails, "unbind fails");

static void registered_driver_uses_drivers_probe(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir '%s/sys/bus/pci/drivers/pciback'", root);
	CHECK(system(cmd) == 0);
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK_STR(k.loaded, "", "already registered: no load");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
}
DEFINE_TEST(registered_driver_uses_drivers_probe, "registered driver, drivers_probe binds");

static void drivers_probe_fails(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir '%s/sys/bus/pci/drivers/vfio-pci'", root);
	CHECK(system(cmd) == 0);
	k.fail_suffix = "/drivers_probe";
	k.fail_err = -22;
	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0") == 1);
	/* the give-back's re-probe fails too: recorded, not silent */
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:03.0 8086:100e failed:EINVAL,give-back:EINVAL -\n");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "0000:00:03.0 [8086:100e]: giving it back: "
		       "cannot re-probe it: EINVAL: invalid argument") == 1);
	CHECK_STR(override_of(root, "0000:00:03.0"), "(null)");
}
DEFINE_TEST(drivers_probe_fails, "drivers_probe fails");

static void legacy_new_slot_bind(void)
{
	const char *root = setup();

	rm(root, "/sys/devices/pci0000:00/0000:00:02.0/driver_override");
	CHECK(run(root, "rd.pciback.slots=00:02.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK_STR(slurp(root, "/sys/bus/pci/drivers/pciback/new_slot.slots"), "0000:00:02.0\n");
}
DEFINE_TEST(legacy_new_slot_bind, "no driver_override: legacy new_slot + bind");

static void legacy_without_pciback_is_unsupported(void)
{
	const char *root = setup();

	rm(root, "/sys/devices/pci0000:00/0000:00:02.0/driver_override");
	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:02.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:02.0 8086:100e failed:EOPNOTSUPP e1000\n");
}
DEFINE_TEST(legacy_without_pciback_is_unsupported, "no driver_override and not pciback: refused");

static void pciback_ignoring_override_falls_back(void)
{
	const char *root = setup();

	k.ignore_override = true;
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(slurp(root, "/sys/bus/pci/drivers/pciback/new_slot.slots"), "0000:00:03.0\n");
}
DEFINE_TEST(pciback_ignoring_override_falls_back,
	    "pciback ignoring driver_override: new_slot + bind");

static void device_vanishes(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir '%s/sys/bus/pci/drivers/pciback'", root);
	CHECK(system(cmd) == 0);
	k.vanish = "0000:00:03.0";
	CHECK(run(root, "rd.pciback.slots=00:03.0,00:02.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "0000:00:03.0 [8086:100e]: not seized: the device disappeared: ENODEV: no such device") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK(count_of(slurp(root, "/run/pciback-early/state"), "0000:00:03.0 8086:100e failed:ENODEV") == 1);
}
DEFINE_TEST(device_vanishes, "device vanishing during binding");

static void another_driver_takes_it(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir '%s/sys/bus/pci/drivers/pciback'", root);
	CHECK(system(cmd) == 0);
	k.steal = "0000:00:03.0";
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "not seized: e1000 took it: EBUSY: device or resource busy") == 1);
	CHECK_STR(override_of(root, "0000:00:03.0"), "(null)");
}
DEFINE_TEST(another_driver_takes_it, "another driver takes the device");

static void halt_file(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.on_error=halt rd.pciback.slots=00:03.0@1234:5678,00:02.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	CHECK_STR(slurp(root, "/run/pciback-early/halt"),
		  "pciback-early: 0000:00:03.0 could not be seized (id-mismatch); "
		  "stopping the boot as rd.pciback.on_error=halt asks\n");
	CHECK(run(root, "rd.pciback.on_error=halt rd.pciback.slots=00:02.0") == 0);
	CHECK_STR(slurp(root, "/run/pciback-early/halt"), "", "removed once it no longer holds");
	CHECK(run(root, "rd.pciback.slots=00:03.0@1234:5678") == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/halt"), "", "no halt unless asked");
	CHECK(run(root, "rd.pciback.on_error=halt rd.pciback.slots=00:02.0,bogus") == 1);
	CHECK(count_of(slurp(root, "/run/pciback-early/halt"), "1 bad setting(s)") == 1);
}
DEFINE_TEST(halt_file, "on_error=halt writes the halt reason");

static void disabled_does_nothing(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback=0 rd.pciback.slots=00:02.0") == 0);
	CHECK(k.writes == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK(access("/nonexistent", F_OK) != 0);
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "");
	CHECK_STR(slurp(root, "/dev/kmsg"), "<6>pciback-early: rd.pciback=0: doing nothing\n");
}
DEFINE_TEST(disabled_does_nothing, "rd.pciback=0 does nothing");

static void nothing_selected_is_quiet(void)
{
	const char *root = setup();

	CHECK(run(root, "root=/dev/sda quiet") == 0);
	CHECK(k.writes == 0 && !k.loaded[0]);
	CHECK_STR(slurp(root, "/dev/kmsg"), "");
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "");
}
DEFINE_TEST(nothing_selected_is_quiet, "nothing selected is quiet");

static void reads_proc_cmdline_and_conf(void)
{
	const char *root = setup();

	spit(root, "/proc/cmdline", "root=/dev/sda rd.pciback.slots=00:03.0\n");
	spit(root, "/etc/pciback-early.conf", "class = 0c03\n");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test", out, sizeof(out)) == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
}
DEFINE_TEST(reads_proc_cmdline_and_conf, "reads /proc/cmdline and the conf file");

static void dry_run_writes_nothing(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--dry-run|--kver|6.1.0-test|--cmdline|"
		      "rd.pciback.slots=00:02.0,00:01.0,zz xen-pciback.permissive=1", out, sizeof(out)) == 1);
	CHECK(k.writes == 0 && !k.loaded[0]);
	CHECK_STR(slurp(root, "/dev/kmsg"), "");
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK(count_of(out, "pciback-early: 0000:00:02.0 [8086:100e] e1000: would seize for pciback (selected by 00:02.0)\n") == 1);
	CHECK(count_of(out, "0000:00:01.0 [1234:1111]: left alone: it is the boot VGA") == 1);
	CHECK(count_of(out, "rd.pciback.slots: ignoring 'zz'") == 1);
	CHECK(count_of(out, "would load ") == 1 && count_of(out, "xen-pciback.ko permissive=1") == 1);
	CHECK(count_of(out, " ms; dry run, nothing written): 1 would be seized, 0 already on pciback, "
		       "1 left alone, 0 failed\n") == 1, "%s", out);
	CHECK(count_of(out, "done in ") == 1 && count_of(out, " ms (kernel 0 ms, own ") == 1, "%s", out);
}
DEFINE_TEST(dry_run_writes_nothing, "--dry-run prints decisions, writes nothing");

/* the last line says where the time went: a slow module load is the
 * kernel's, and own + kernel add up to the total (each in whole ms) */
static void done_line_splits_kernel_and_own_time(void)
{
	const char *root = setup();
	const char *done;
	unsigned long total, kernel, own;

	k.load_delay_ms = 40;
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	done = strstr(slurp(root, "/dev/kmsg"), "pciback-early: done in ");
	CHECK(done && sscanf(done, "pciback-early: done in %lu ms (kernel %lu ms, own %lu ms): 1 seized",
			     &total, &kernel, &own) == 3, "%s", done ? done : slurp(root, "/dev/kmsg"));
	if (!done)
		return;
	CHECK(kernel >= 40, "kernel %lu ms", kernel);
	CHECK(own < total && own + kernel == total, "total %lu, kernel %lu, own %lu", total, kernel, own);
}
DEFINE_TEST(done_line_splits_kernel_and_own_time, "the done line splits the time: kernel and own");

static void module_options_plan_and_cmdline(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/etc/pciback-early'", root);
	CHECK(system(cmd) == 0);
	spit(root, "/etc/pciback-early/plan",
	     "# made by pciback-early plan\nkver 6.1.0-test\n"
	     "load xen-pciback xen-pciback kernel/drivers/xen/xen-pciback/xen-pciback.ko passthrough=1\n"
	     "guard 0000:00:04.0 root-storage\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0,00:04.0 xen_pciback.permissive=1") == 0);
	CHECK_STR(k.loaded, "xen-pciback(passthrough=1 permissive=1) ");
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd");
	CHECK(count_of(slurp(root, "/run/pciback-early/state"), "0000:00:04.0 1b36:000d skipped:root-storage xhci_hcd") == 1);
}
DEFINE_TEST(module_options_plan_and_cmdline, "module options from the plan and the command line");

static void plan_for_another_kernel_ignored(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/etc/pciback-early'", root);
	CHECK(system(cmd) == 0);
	spit(root, "/etc/pciback-early/plan", "kver 5.10.0-other\nload xen-pciback xen-pciback /nope.ko\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(k.loaded, "xen-pciback() ");
}
DEFINE_TEST(plan_for_another_kernel_ignored, "a plan for another kernel is ignored");

static void compressed_module_flag(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "cd '%s/lib/modules/6.1.0-test/kernel/drivers/xen/xen-pciback' && "
		 "mv xen-pciback.ko xen-pciback.ko.xz", root);
	CHECK(system(cmd) == 0);
	spit(root, "/lib/modules/6.1.0-test/modules.dep", "kernel/drivers/xen/xen-pciback/xen-pciback.ko.xz:\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(k.loaded, "xen-pciback()[compressed] ");
}
DEFINE_TEST(compressed_module_flag, "compressed module passes the flag");

static void bad_tokens_do_not_stop_good_ones(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.slots=zz:1,00:03.0,0000:00:99.9x") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "ignoring 'zz:1'") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "ignoring '0000:00:99.9x'") == 1);
}
DEFINE_TEST(bad_tokens_do_not_stop_good_ones, "bad tokens do not stop good ones");

static void usage_errors(void)
{
	CHECK(run_cli(NULL, &k.ops, "--bogus", out, sizeof(out)) == 2);
	CHECK(run_cli(NULL, &k.ops, "frobnicate", out, sizeof(out)) == 2);
	CHECK(run_cli(NULL, &k.ops, "apply|extra", out, sizeof(out)) == 2);
	CHECK(run_cli(NULL, &k.ops, "--root", out, sizeof(out)) == 2);
	CHECK(run_cli(NULL, &k.ops, "--help", out, sizeof(out)) == 0);
	CHECK(count_of(out, "Usage: pciback-early") == 1);
	CHECK(run_cli(NULL, &k.ops, "--version", out, sizeof(out)) == 0);
	CHECK(count_of(out, "pciback-early ") == 1);
}
DEFINE_TEST(usage_errors, "cli: usage errors exit 2");

static void status_table_and_json(void)
{
	const char *root = setup();

	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0\nclass = 06\n");
	CHECK(run_cli(root, &k.ops, "status", out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:00:03.0  8086:100e  network controller   -              -          -     selected      -\n") == 1);
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK(run_cli(root, &k.ops, "status", out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:00:03.0  8086:100e  network controller   pciback        pciback    -     selected      seized\n") == 1);
	CHECK(count_of(out, "0000:00:1c.0  8086:2918  PCI bridge           pcieport       -          -     bridge        skipped:bridge\n") == 1, "%s", out);
	CHECK(count_of(out, "\n") == 11, "a header and 10 devices");
	CHECK(run_cli(root, &k.ops, "status|--json", out, sizeof(out)) == 0);
	CHECK(count_of(out, "{\"address\": \"0000:00:03.0\", \"vendor\": \"8086\", \"device\": \"100e\", "
		       "\"subsystem_vendor\": \"8086\", \"subsystem_device\": \"001e\", "
		       "\"class\": \"020000\", \"driver\": \"pciback\", \"override\": \"pciback\", "
		       "\"iommu_group\": null, \"target\": \"pciback\", "
		       "\"config\": \"selected\", \"boot\": \"seized\"}") == 1, "%s", out);
	CHECK(out[0] == '[' && count_of(out, "{") == 10 && count_of(out, "},") == 9);
}
DEFINE_TEST(status_table_and_json, "cli: status table and --json");

static void state_print_copies_the_file(void)
{
	const char *root = setup();
	struct ctx c = { .root = root, .ops = &k.ops };
	FILE *f = tmpfile();
	char buf[256] = "";

	CHECK(state_print(&c, fileno(f)) == -2, "no state yet: ENOENT");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK(state_print(&c, fileno(f)) == 0);
	rewind(f);
	CHECK(fread(buf, 1, sizeof(buf) - 1, f) > 0);
	CHECK_STR(buf, "0000:00:03.0 8086:100e seized pciback\n");
	fclose(f);
}
DEFINE_TEST(state_print_copies_the_file, "state: the early status prints the state file");

/* two copies at once end as one run: every device seized once, and the
 * state file whole (the lock makes the second wait and find "already") */
static void two_copies_at_once(void)
{
	const char *root = setup();
	pid_t pids[2];
	int i, status, ok = 0;
	const char *state;

	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(run(root, "rd.pciback.slots=00:02.0,00:03.0 rd.pciback.class=0c03"));
	}
	for (i = 0; i < 2; i++)
		ok += waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0;
	CHECK(ok == 2, "both runs exit 0");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
	state = slurp(root, "/run/pciback-early/state");
	CHECK_STR(state, "0000:00:02.0 8086:100e already pciback\n"
			 "0000:00:03.0 8086:100e already pciback\n"
			 "0000:00:04.0 1b36:000d already pciback\n", "the later run's record");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "e1000 -> pciback") == 1, "seized once");
}
DEFINE_TEST(two_copies_at_once, "two copies at once end as one run");

static void long_inputs(void)
{
	const char *root = setup();
	static char cmdline[4200], conf[10000 * 24];
	size_t len = 0;
	int i;

	/* 4096 bytes of selectors: the two present devices and many absent */
	len += (size_t)snprintf(cmdline, sizeof(cmdline), "rd.pciback.slots=00:02.0,00:03.0");
	for (i = 0; len < 4080; i++)
		len += (size_t)snprintf(cmdline + len, sizeof(cmdline) - len, ",%02x:%02x.%x",
					0x10 + i / 256, (i / 8) % 32, i % 8);
	for (i = 0, len = 0; i < 10000; i++)
		len += (size_t)snprintf(conf + len, sizeof(conf) - len, "except = 8086:%04x\n", i + 0x2000);
	spit(root, "/etc/pciback-early.conf", conf);
	CHECK(run(root, cmdline) == 1, "absent devices fail");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK(count_of(slurp(root, "/run/pciback-early/state"), "failed:ENODEV") > 400);
}
DEFINE_TEST(long_inputs, "limits: a 4096-byte command line and a 10000-line conf");

/*
 * Every write fails in turn, with each error: the run keeps going with the
 * other device, records both, exits 1 exactly when one failed, and no
 * device is left with driver_override set but not on pciback (a device
 * that cannot be seized is given back; there is no "pending" state).
 */
static void every_write_fails_in_turn(void)
{
	static const char *const suffixes[] = {
		"/driver_override", "/unbind", "/drivers_probe", "/new_slot", "/bind",
	};
	static const int errs[] = { -13, -19, -22, -5 };
	static const char *const devs[] = { "0000:00:02.0", "0000:00:03.0" };
	size_t s, e, i;
	int skip;

	for (s = 0; s < sizeof(suffixes) / sizeof(suffixes[0]); s++)
		for (e = 0; e < sizeof(errs) / sizeof(errs[0]); e++)
			for (skip = 0; skip < 2; skip++) {
				const char *root = setup();
				int status, failed;
				const char *state;

				k.fail_suffix = suffixes[s];
				k.fail_err = errs[e];
				k.fail_skip = skip;
				/* pciback ignoring overrides reaches new_slot and bind too */
				k.ignore_override = s >= 3;
				status = run(root, "rd.pciback.slots=00:02.0,00:03.0");
				state = slurp(root, "/run/pciback-early/state");
				failed = count_of(state, " failed:");
				CHECK(count_of(state, "\n") == 2, "%s %d skip %d: two records", suffixes[s], errs[e], skip);
				CHECK(status == (failed ? 1 : 0), "%s %d skip %d: exit %d with %d failed",
				      suffixes[s], errs[e], skip, status, failed);
				for (i = 0; i < 2; i++) {
					const char *drv = driver_of(root, devs[i]);
					const char *ovr = override_of(root, devs[i]);

					CHECK(strcmp(drv, "pciback") == 0 || strcmp(ovr, "(null)") == 0,
					      "%s %d skip %d: %s on '%s' with override '%s'",
					      suffixes[s], errs[e], skip, devs[i], drv, ovr);
				}
			}
}
DEFINE_TEST(every_write_fails_in_turn, "faults: every write fails in turn, nothing left half-done");

static void oversized_conf_does_not_stop_the_cmdline(void)
{
	const char *root = setup();
	char path[512];
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "%s/etc/pciback-early.conf", root);
	f = fopen(path, "w");
	for (i = 0; f && i < 70000; i++)
		fputs("# a comment line of some length\n", f);
	if (f)
		fclose(f);
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1, "the bad file is an error");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "cannot read /etc/pciback-early.conf: EFBIG") == 1);
}
DEFINE_TEST(oversized_conf_does_not_stop_the_cmdline,
	    "limits: a conf over 1 MiB is refused, the command line still counts");

/* status --json on a hostile tree: quotes, backslashes, control
 * characters and non-ASCII bytes in driver_override and a driver's name;
 * a real JSON parser reads it, and the fields are there */
static void status_json_hostile_tree(void)
{
	const char *root = setup();
	char cmd[2048], path[512];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "cd '%s/sys' && mkdir -p kernel/iommu_groups/7 \"bus/pci/drivers/ev\\\"il\\\\$(printf '\\001')\" && "
		 "ln -sfn \"../../../bus/pci/drivers/ev\\\"il\\\\$(printf '\\001')\" devices/pci0000:00/0000:00:00.0/driver && "
		 "ln -s ../../../kernel/iommu_groups/7 devices/pci0000:00/0000:00:03.0/iommu_group", root);
	CHECK(system(cmd) == 0);
	spit(root, "/sys/bus/pci/devices/0000:00:03.0/driver_override", "a\"b\\c\001d\t\377\n");
	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0,00:02.0@1234:5678\n");
	CHECK(run_cli(root, &k.ops, "status|--json", out, sizeof(out)) == 0);
	snprintf(path, sizeof(path), "%s/status.json", root);
	f = fopen(path, "w");
	if (f) {
		fputs(out, f);
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "python3 -c '"
		 "import json, sys\n"
		 "d = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
		 "keys = [\"address\", \"vendor\", \"device\", \"subsystem_vendor\", \"subsystem_device\", \"class\", "
		 "\"driver\", \"override\", \"iommu_group\", \"target\", \"config\", \"boot\"]\n"
		 "assert all(list(x) == keys for x in d), d[0]\n"
		 "x = {e[\"address\"]: e for e in d}\n"
		 "n = x[\"0000:00:03.0\"]\n"
		 "assert n[\"override\"] == \"a\\\"b\\\\c\\x01d\\t\\xff\", n\n"
		 "assert n[\"iommu_group\"] == 7 and n[\"target\"] == \"pciback\" and n[\"driver\"] is None, n\n"
		 "assert x[\"0000:00:00.0\"][\"driver\"] == \"ev\\\"il\\\\\\x01\", x[\"0000:00:00.0\"]\n"
		 "m = x[\"0000:00:02.0\"]\n"
		 "assert m[\"config\"] == \"id-mismatch\" and m[\"target\"] is None and m[\"iommu_group\"] is None, m\n"
		 "assert m[\"boot\"] is None and m[\"override\"] is None, m\n"
		 "' '%s'", path);
	CHECK(system(cmd) == 0, "%s", out);
}
DEFINE_TEST(status_json_hostile_tree, "cli: status --json on a hostile tree is valid JSON");

/* a selector longer than 39 characters keeps its whole text in the state */
static void long_selector_name_in_state(void)
{
	const char *root = setup();
	const char *sel = "0000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0@8086:1234";
	char cmdline[256], want[256];

	snprintf(cmdline, sizeof(cmdline), "rd.pciback.slots=%s", sel);
	snprintf(want, sizeof(want), "%s ----:---- failed:ENODEV -\n", sel);
	CHECK(run(root, cmdline) == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/state"), want);
}
DEFINE_TEST(long_selector_name_in_state, "state: a selector longer than 39 characters is not cut");

/* only bad tokens: nothing selected, yet exit 1, a log line saying so,
 * and with on_error=halt the halt file the hooks stop the boot on */
static void only_bad_tokens_exit_1(void)
{
	static const char *const lines[] = {
		"rd.pciback.slots=zz", "rd.pciback.ids=zz rd.pciback.class=0", "xen-pciback.hide=(zz)",
		"rd.pciback.except=zz", "rd.pciback.driver=bogus", "rd.pciback.ids=",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *root = setup();
		char cmdline[256];

		CHECK(run(root, lines[i]) == 1, "%s", lines[i]);
		CHECK(count_of(slurp(root, "/dev/kmsg"), "<4>pciback-early: no device selected: ") == 1,
		      "%s: %s", lines[i], slurp(root, "/dev/kmsg"));
		CHECK(k.writes == 0 && !k.loaded[0], "%s", lines[i]);
		snprintf(cmdline, sizeof(cmdline), "rd.pciback.on_error=halt %s", lines[i]);
		CHECK(run(root, cmdline) == 1, "%s", cmdline);
		CHECK(count_of(slurp(root, "/run/pciback-early/halt"), "bad setting(s)") == 1, "%s", cmdline);
	}
}
DEFINE_TEST(only_bad_tokens_exit_1, "exit: only bad tokens exit 1, log, and halt when asked");

/* the first decision about a device stands: a failed @VVVV:DDDD check is
 * not undone by another selector naming the same device */
static void repeated_selectors_first_decision_stands(void)
{
	static const char *const lines[] = {
		"rd.pciback.slots=00:02.0@1234:5678,00:02.0",
		"rd.pciback.slots=00:02.0@1234:5678 rd.pciback.ids=8086:100e",
		"rd.pciback.slots=00:02.0@1234:5678 rd.pciback.class=02",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *root = setup();

		CHECK(run(root, lines[i]) == 1, "%s", lines[i]);
		CHECK(count_of(slurp(root, "/run/pciback-early/state"),
			       "0000:00:02.0 8086:100e failed:id-mismatch e1000\n") == 1, "%s", lines[i]);
		CHECK(strcmp(driver_of(root, "0000:00:02.0"), "e1000") == 0, "%s", lines[i]);
	}
}
DEFINE_TEST(repeated_selectors_first_decision_stands,
	    "select: repeated selectors, the first decision stands");

/* except with @VVVV:DDDD takes the device only when the IDs match; except
 * also wins over a failed @ check */
static void except_and_id_check(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.slots=00:02.0,00:03.0 "
		  "rd.pciback.except=00:02.0@1234:5678,00:03.0@8086:100e") == 0);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:02.0 8086:100e seized pciback\n"
		  "0000:00:03.0 8086:100e skipped:except -\n");
	root = setup();
	CHECK(run(root, "rd.pciback.slots=00:02.0@1234:5678 rd.pciback.except=00:02.0") == 0);
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:02.0 8086:100e skipped:except e1000\n");
}
DEFINE_TEST(except_and_id_check, "select: except with @VVVV:DDDD, and over a failed @ check");

/* a bare key means on, for rd.pciback itself and for BOOL keys */
static void bare_flags_mean_on(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	root = setup();
	CHECK(run(root, "rd.pciback.force rd.pciback.debug rd.pciback.slots=00:01.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:01.0"), "pciback", "force: the boot VGA guard lifted");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "<7>pciback-early: ") > 0, "debug lines");
}
DEFINE_TEST(bare_flags_mean_on, "cli: bare flags mean on");

/* a module option's value may hold '=': the first one splits, as in the kernel */
static void module_option_value_with_equals(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.slots=00:03.0 xen-pciback.hide_opt=a=b") == 0);
	CHECK_STR(k.loaded, "xen-pciback(hide_opt=a=b) ");
	root = setup();
	CHECK(run(root, "rd.pciback.slots=00:03.0,x=y") == 1, "slots, with a bad token 'x=y'");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(module_option_value_with_equals, "cmdline: a module option value with '='");

/* fixed sizes: nine bridge-path steps (eight fit), a 64-character token
 * (63 fit), options of exactly 1024 bytes (1023 fit), device 0x20 in a
 * plan guard, a halt line for a 63-character selector */
static void fixed_size_boundaries(void)
{
	const char *root = setup();
	char cmdline[2048], opt[1100];
	const char *sel63 = "00000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0@8086:1234";

	CHECK(run(root, "rd.pciback.slots=0000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "ignoring '0000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0'") == 1);
	root = setup();
	CHECK(run(root, "rd.pciback.slots=0000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "0000:01:00.0 is not a bridge") == 1);
	root = setup();
	CHECK(run(root, "rd.pciback.slots=00:03.0@8086:100ez") == 1, "nothing may follow @VVVV:DDDD");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "ignoring '00:03.0@8086:100ez'") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	root = setup();
	CHECK(run(root, "rd.pciback.slots=00:03.0,000000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0@8086:1234") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "token too long") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	root = setup();
	memset(opt, 'x', sizeof(opt));
	snprintf(cmdline, sizeof(cmdline), "rd.pciback.slots=00:03.0 xen-pciback.o=%.1022s", opt);
	CHECK(run(root, cmdline) == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "module options longer than 1024 bytes") == 1);
	CHECK_STR(k.loaded, "");
	root = setup();
	snprintf(cmdline, sizeof(cmdline), "rd.pciback.slots=00:03.0 xen-pciback.o=%.1021s", opt);
	CHECK(run(root, cmdline) == 0, "1023 bytes of options fit");
	root = setup();
	snprintf(cmdline, sizeof(cmdline), "mkdir -p '%s/etc/pciback-early'", root);
	CHECK(system(cmdline) == 0);
	spit(root, "/etc/pciback-early/plan", "guard 0000:00:20.0 root-storage\n");
	/* a malformed guard line is a guard lost: fail closed (test_safety) */
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "malformed plan line starting 'guard'") == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:03.0 8086:100e skipped:plan-unreadable -\n");
	root = setup();
	CHECK(strlen(sel63) == 63);
	snprintf(cmdline, sizeof(cmdline), "rd.pciback.on_error=halt rd.pciback.slots=%s", sel63);
	CHECK(run(root, cmdline) == 1);
	CHECK(count_of(slurp(root, "/run/pciback-early/halt"), "stopping the boot as rd.pciback.on_error=halt asks\n") == 1,
	      "%s", slurp(root, "/run/pciback-early/halt"));
}
DEFINE_TEST(fixed_size_boundaries, "limits: fixed-size boundaries, at and one past");

/* a sibling directory that starts like the modules directory is outside */
static void module_in_sibling_directory_refused(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/etc/pciback-early' '%s/lib/modules/6.1.0-test2' && "
		 "echo > '%s/lib/modules/6.1.0-test2/outside.ko'", root, root, root);
	CHECK(system(cmd) == 0);
	spit(root, "/etc/pciback-early/plan", "kver 6.1.0-test\nload xen-pciback xen-pciback /lib/modules/6.1.0-test2/outside.ko\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "leaves the modules directory") == 1);
	CHECK_STR(k.loaded, "");
}
DEFINE_TEST(module_in_sibling_directory_refused,
	    "modload: a sibling of the modules directory is outside");

/* an unbind the kernel accepts but that leaves the driver bound is a
 * failure (EBUSY), and the device is given back */
static void unbind_leaves_it_bound(void)
{
	const char *root = setup();

	k.sticky = "0000:00:02.0";
	CHECK(run(root, "rd.pciback.slots=00:02.0,00:03.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "0000:00:02.0 [8086:100e]: not seized: "
		       "cannot unbind it from its driver: EBUSY: device or resource busy") == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:02.0 8086:100e failed:EBUSY e1000\n"
		  "0000:00:03.0 8086:100e seized pciback\n");
	CHECK_STR(override_of(root, "0000:00:02.0"), "(null)");
}
DEFINE_TEST(unbind_leaves_it_bound, "unbind accepted but the driver stays: EBUSY, given back");

/* a class alone is a selection */
static void class_alone_selects(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.class=0c03") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
}
DEFINE_TEST(class_alone_selects, "select: a class alone is a selection");
