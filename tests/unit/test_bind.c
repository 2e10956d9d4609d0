// SPDX-License-Identifier: GPL-2.0-or-later
/* test_bind.c - the binding steps end to end (pciback_main on the basic
 * fixture with the fake kernel): each path, each error path, the outputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

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
	CHECK_STR(k.loaded, "xen-pciback(async_probe=0) ");
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
	CHECK_STR(k.loaded, "pci-stub(async_probe=0) ");
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:02.0 8086:100e seized pci-stub\n");
}
DEFINE_TEST(fallback_pci_stub, "fallback=pci-stub");

static void vfio_with_dependencies_in_order(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.ids=8086:10d3 vfio_pci.disable_vga=1") == 0);
	CHECK_STR(driver_of(root, "0000:01:00.0"), "vfio-pci");
	CHECK_STR(k.loaded, "vfio_iommu_type1() irqbypass() vfio() vfio-pci-core() vfio-pci(disable_vga=1 async_probe=0) ");
}
DEFINE_TEST(vfio_with_dependencies_in_order, "vfio-pci with dependencies in load order");

/* the load comes before any write: the devices stay as they were */
static void module_missing_leaves_devices(void)
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
	CHECK(count_of(slurp(root, "/dev/kmsg"), "given back") == 0 && k.writes == 0, "%d", k.writes);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:02.0 8086:100e failed:ENOENT e1000\n"
		  "0000:00:03.0 8086:100e failed:ENOENT -\n");
}
DEFINE_TEST(module_missing_leaves_devices, "module file missing: each device failed, none written");

static void module_not_in_modules_dep(void)
{
	const char *root = setup();

	spit(root, "/lib/modules/6.1.0-test/modules.dep", "kernel/drivers/pci/pci-stub.ko:\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "xen-pciback: module not found in /lib/modules/6.1.0-test/modules.dep") == 1);
	/* left as it was (unbound): udev's native module will probe it */
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:03.0 8086:100e failed:ENOENT -\n");
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
	CHECK_STR(k.loaded, "xen-pciback(async_probe=0) ", "loaded before the override");
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
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|apply", out, sizeof(out)) == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
}
DEFINE_TEST(reads_proc_cmdline_and_conf, "reads /proc/cmdline and the conf file");

static void dry_run_writes_nothing(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--dry-run|--kver|6.1.0-test|--cmdline|"
		      "rd.pciback.slots=00:02.0,00:01.0,zz xen-pciback.permissive=1|apply", out, sizeof(out)) == 1);
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
	CHECK_STR(k.loaded, "xen-pciback(passthrough=1 permissive=1 async_probe=0) ");
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
	CHECK_STR(k.loaded, "xen-pciback(async_probe=0) ");
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
	CHECK_STR(k.loaded, "xen-pciback(async_probe=0)[compressed] ");
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
