// SPDX-License-Identifier: GPL-2.0-or-later
/* test_promises.c - promises of DESIGN.md and the man pages that no test
 * pinned: an @VVVV:DDDD check compares the device too, except=BB:DD takes
 * every function, a damaged plan yields only to force=1, CRLF in the conf,
 * a plan without its kver line is not used for any kernel, assign seizes
 * only what it is given.  On the basic fixture:
 *   00:02.0 e1000 (bound)  00:03.0 e1000 8086:100e (free)
 *   00:04.0 xhci (keyboard)  00:05.0/.1 audio, class 04 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

static void plan(const char *root, const char *text)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/etc/pciback-early'", root);
	CHECK(system(cmd) == 0);
	spit(root, "/etc/pciback-early/plan", text);
}

/* same vendor, other device: refused, as another vendor is */
static void at_check_compares_the_device_too(void)
{
	const char *root = fake_kernel_on(&k, "basic");

	CHECK(run(root, "rd.pciback.slots=00:03.0@8086:10d3") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	CHECK_STR(state(root), "0000:00:03.0 8086:100e failed:id-mismatch -\n");
	root = fake_kernel_on(&k, "basic");
	CHECK(run(root, "rd.pciback.slots=00:03.0@1234:100e") == 1, "same device, other vendor");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	root = fake_kernel_on(&k, "basic");
	CHECK(run(root, "rd.pciback.slots=00:03.0@8086:100e") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(at_check_compares_the_device_too, "@VVVV:DDDD compares vendor and device");

/* except=00:05 keeps both functions of the audio device */
static void except_bb_dd_keeps_every_function(void)
{
	const char *root = fake_kernel_on(&k, "basic");

	CHECK(run(root, "rd.pciback.class=04 rd.pciback.slots=00:03.0 rd.pciback.except=00:05") == 0);
	CHECK(count_of(state(root), " skipped:except ") == 2, "%s", state(root));
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	root = fake_kernel_on(&k, "basic");
	CHECK(run(root, "rd.pciback.class=04 rd.pciback.except=00:05.*") == 0);
	CHECK(count_of(state(root), " skipped:except ") == 2, "%s", state(root));
}
DEFINE_TEST(except_bb_dd_keeps_every_function, "except=BB:DD keeps every function");

/* a damaged plan: a list of guard names does not lift its refusal */
static void damaged_plan_yields_only_to_force_all(void)
{
	const char *root = fake_kernel_on(&k, "basic");

	plan(root, "kver 6.1.0-test\nguard 0000:00:04.0\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0 rd.pciback.force=boot-vga,bridge,serial-console,"
		  "root-storage,keyboard,default-route") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "", "every name lifted a damaged plan");
	CHECK_STR(state(root), "0000:00:03.0 8086:100e skipped:plan-unreadable -\n");
	root = fake_kernel_on(&k, "basic");
	plan(root, "kver 6.1.0-test\nguard 0000:00:04.0\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0 rd.pciback.force=1") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(damaged_plan_yields_only_to_force_all, "a damaged plan yields only to force=1");

/* a conf written on Windows: CR LF line ends */
static void conf_with_crlf(void)
{
	const char *root = fake_kernel_on(&k, "basic");

	spit(root, "/etc/pciback-early.conf", "# from a Windows editor\r\nslots = 00:03.0\r\n"
	     "driver = xen-pciback\r\n");
	CHECK(run(root, "quiet") == 0, "%s", slurp(root, "/dev/kmsg"));
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(conf_with_crlf, "a conf with CR LF line ends");

/* the plan's modules are for the kernel it names; one that names none is
 * for no kernel in particular: modules.dep decides */
static void plan_without_kver_is_not_used(void)
{
	const char *root = fake_kernel_on(&k, "basic");

	plan(root, "load xen-pciback xen-pciback kernel/no/such/xen-pciback.ko\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0, "%s", slurp(root, "/dev/kmsg"));
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "loaded from modules.dep");
	root = fake_kernel_on(&k, "basic");
	plan(root, "kver 6.1.0-test\nload xen-pciback xen-pciback kernel/no/such/xen-pciback.ko\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1, "this kernel's plan is used");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "no/such") >= 1, "%s", slurp(root, "/dev/kmsg"));
}
DEFINE_TEST(plan_without_kver_is_not_used, "a plan without kver is not used for this kernel");

/* assign seizes what it is given, not the configured slots too */
static void assign_takes_only_its_arguments(void)
{
	const char *root = fake_kernel_on(&k, "basic");

	spit(root, "/etc/pciback-early.conf", "slots = 00:05.0\nids = 1b36:000d\n");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.class=04|assign|00:03.0",
		      out, sizeof(out)) == 0, "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK(strcmp(driver_of(root, "0000:00:05.0"), "pciback") != 0, "a configured slot was seized");
	CHECK(strcmp(driver_of(root, "0000:00:05.1"), "pciback") != 0, "a configured class was seized");
}
DEFINE_TEST(assign_takes_only_its_arguments, "assign seizes only its arguments");

/* assign and release wait for the boot run's lock */
static void assign_and_release_take_the_lock(void)
{
	static const char *const cmds[] = { "--kver|6.1.0-test|assign|00:03.0",
					     "--kver|6.1.0-test|release|00:03.0" };
	const char *root = fake_kernel_on(&k, "basic");
	char path[512];
	size_t i;

	snprintf(path, sizeof(path), "mkdir -p '%s/run/pciback-early'", root);
	CHECK(system(path) == 0);
	snprintf(path, sizeof(path), "%s/run/pciback-early/lock", root);
	for (i = 0; i < 2; i++) {
		int fd = open(path, O_WRONLY | O_CREAT, 0644), status = -1;
		pid_t pid;

		CHECK(fd >= 0 && flock(fd, LOCK_EX) == 0);
		pid = fork();
		if (pid == 0) {
			close(fd);   /* the lock stays with the parent's descriptor */
			_exit(run_cli(root, &k.ops, cmds[i], out, sizeof(out)));
		}
		usleep(300 * 1000);
		CHECK(waitpid(pid, &status, WNOHANG) == 0, "%s did not wait for the lock", cmds[i]);
		close(fd);
		CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		      WEXITSTATUS(status) == 0, "%s", cmds[i]);
	}
	CHECK_STR(driver_of(root, "0000:00:03.0"), "e1000", "assigned, then released");
}
DEFINE_TEST(assign_and_release_take_the_lock, "assign and release take the boot run's lock");
