// SPDX-License-Identifier: GPL-2.0-or-later
/* test_limits.c - inputs at and past their sizes: a 4096-byte command
 * line, a 10000-line and a 1 MiB conf, every fixed-size buffer at its
 * boundary; on the basic fixture with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

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
DEFINE_TEST(long_inputs, "a 4096-byte command line and a 10000-line conf");

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
	    "a conf over 1 MiB is refused, the command line still counts");

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
	snprintf(cmdline, sizeof(cmdline), "rd.pciback.slots=00:03.0 xen-pciback.o=%.1008s", opt);
	CHECK(run(root, cmdline) == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "module options longer than 1024 bytes") == 1);
	CHECK_STR(k.loaded, "");
	root = setup();
	snprintf(cmdline, sizeof(cmdline), "rd.pciback.slots=00:03.0 xen-pciback.o=%.1007s", opt);
	/* with the " async_probe=0" every target load ends with */
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
DEFINE_TEST(fixed_size_boundaries, "fixed-size boundaries, at and one past");
