// SPDX-License-Identifier: GPL-2.0-or-later
/* test_concurrent.c - the probes of several devices run at the same time
 * (bind.c's probe_all): the target module loads before any
 * driver_override is written (a load that fails writes nothing), then the
 * drivers_probe writes run side by side, at most 16 at once; every device
 * is verified after its own probe ended, a failing probe is given back
 * while the others are seized, and the log and the state file keep
 * device order.  The fake kernel's probes take probe_delay_ms and count,
 * across processes, how many run together (fakeprobe.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

#define FIVE "rd.pciback.slots=00:02.0,00:03.0,00:04.0,00:05.0,00:05.1"

static const char *const five[] = {
	"0000:00:02.0", "0000:00:03.0", "0000:00:04.0", "0000:00:05.0", "0000:00:05.1",
};

/* where needle is in the text, -1 when it is not */
static long at(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);

	return p ? p - text : -1;
}

/* five probes of 300 ms each: together, not one after another.  Shown by
 * the fake kernel's count of probes in flight and the order of starts and
 * ends, not by a time bound (time goals live in make bench) */
static void probes_run_at_once(void)
{
	const char *root = setup();
	const char *log;
	size_t i;

	k.probe_delay_ms = 300;
	CHECK(run(root, FIVE) == 0, "%s", kmsg(root));
	for (i = 0; i < 5; i++)
		CHECK_STR(driver_of(root, five[i]), "pciback", "each device seized");
	CHECK(k.probes->most >= 2, "at most %d probe(s) at once", k.probes->most);
	CHECK(k.probes->same_device == 0);
	log = slurp(root, "/probes.log");
	CHECK(count_of(log, "start ") == 5, "%s", log);
	CHECK(strncmp(log, "start ", 6) == 0 && strncmp(strchr(log, '\n') + 1, "start ", 6) == 0,
	      "the second probe starts before the first ends: %s", log);
	CHECK(count_of(kmsg(root), " -> pciback") == 5, "%s", kmsg(root));
}
DEFINE_TEST(probes_run_at_once, "five probes run at the same time");

/* the first device's probe is the slowest (600 ms) and the second one's
 * fails while it runs: each device is verified only after its own probe
 * ended, the failed one is given back, the others are seized; kmsg and
 * the state file in device order */
static void one_probe_fails_while_others_succeed(void)
{
	const char *root = setup();
	const char *log;
	long a, b, c;
	size_t i;

	k.probe_delay_ms = 200;
	k.slow = "0000:00:02.0";
	k.probe_fail = "0000:00:03.0";
	k.probe_err = -EIO;
	CHECK(run(root, FIVE) == 1, "%s", kmsg(root));
	log = slurp(root, "/probes.log");
	CHECK(at(log, "start 0000:00:03.0") >= 0 &&
	      at(log, "start 0000:00:03.0") < at(log, "end 0000:00:02.0"),
	      "the failing probe runs while the slow one does: %s", log);
	for (i = 0; i < 5; i++)
		if (i != 1)
			CHECK_STR(driver_of(root, five[i]), "pciback", "the others seized");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "e1000", "given back to its native driver");
	CHECK_STR(override_of(root, "0000:00:03.0"), "(null)");
	/* "seized" with no route: 00:02.0 was verified after its probe, not
	 * found unbound and taken by new_slot */
	CHECK_STR(state(root),
		  "0000:00:02.0 8086:100e seized pciback\n"
		  "0000:00:03.0 8086:100e failed:EIO e1000\n"
		  "0000:00:04.0 1b36:000d seized pciback\n"
		  "0000:00:05.0 8086:293e seized pciback\n"
		  "0000:00:05.1 8086:293f seized pciback\n");
	log = kmsg(root);
	a = at(log, "0000:00:02.0 [8086:100e] e1000 -> pciback");
	b = at(log, "0000:00:03.0 [8086:100e]: not seized: binding failed: EIO");
	c = at(log, "0000:00:04.0 [1b36:000d] xhci_hcd -> pciback");
	CHECK(a >= 0 && a < b && b < at(log, "0000:00:03.0: given back to e1000") &&
	      at(log, "0000:00:03.0: given back to e1000") < c, "device order: %s", log);
	CHECK(count_of(log, "given back to ") == 1, "%s", log);
	CHECK(k.probes->same_device == 0, "the give-back's probe after the device's own");
}
DEFINE_TEST(one_probe_fails_while_others_succeed,
	    "a failing probe among running ones: given back, the others seized, device order kept");

/* 24 devices: never more than 16 probes at once, all seized */
static void at_most_sixteen_at_once(void)
{
	const char *root = setup();
	char cmdline[1024];
	size_t len;
	int i;

	sh_in(root, "cd sys && for i in $(seq 0 23); do a=$(printf '0000:02:%%02x.0' $i); "
	      "cp -a devices/pci0000:00/0000:00:03.0 devices/pci0000:00/$a && "
	      "ln -s ../../../devices/pci0000:00/$a bus/pci/devices/$a || exit 1; done");
	len = (size_t)snprintf(cmdline, sizeof(cmdline), "rd.pciback.slots=02:00.0");
	for (i = 1; i < 24; i++)
		len += (size_t)snprintf(cmdline + len, sizeof(cmdline) - len, ",02:%02x.0", i);
	k.probe_delay_ms = 300;
	CHECK(run(root, cmdline) == 0, "%s", kmsg(root));
	CHECK(k.probes->most >= 2 && k.probes->most <= 16, "%d at once", k.probes->most);
	CHECK(count_of(state(root), " seized pciback\n") == 24, "%s", state(root));
	CHECK(count_of(slurp(root, "/probes.log"), "end ") == 24);
}
DEFINE_TEST(at_most_sixteen_at_once, "24 devices: at most 16 probes at once, all seized");

/* the module first: its registration finds no override and seizes
 * nothing, every device is taken by its own drivers_probe */
static void module_loads_before_any_override(void)
{
	const char *root = setup();

	CHECK(run(root, FIVE) == 0, "%s", kmsg(root));
	CHECK_STR(k.loaded, "xen-pciback(async_probe=0) ");
	CHECK(k.overrides_before_load == 0, "%d overrides written before the load",
	      k.overrides_before_load);
	CHECK(count_of(slurp(root, "/probes.log"), "start ") == 5, "%s", slurp(root, "/probes.log"));
	CHECK(count_of(state(root), " seized pciback\n") == 5, "%s", state(root));
}
DEFINE_TEST(module_loads_before_any_override, "the module loads before any driver_override");

/* a load that fails: nothing was written, nothing is; each device failed
 * and left as it was, recorded in device order */
static void failed_load_writes_nothing(void)
{
	const char *root = setup();
	size_t i;

	k.load_err = -ENOEXEC;
	CHECK(run(root, FIVE) == 1, "%s", kmsg(root));
	CHECK(k.writes == 0, "%d writes", k.writes);
	for (i = 0; i < 5; i++)
		CHECK_STR(override_of(root, five[i]), "(null)");
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd");
	CHECK_STR(driver_of(root, "0000:00:05.1"), "", "still unbound");
	CHECK_STR(state(root),
		  "0000:00:02.0 8086:100e failed:ENOEXEC e1000\n"
		  "0000:00:03.0 8086:100e failed:ENOEXEC -\n"
		  "0000:00:04.0 1b36:000d failed:ENOEXEC xhci_hcd\n"
		  "0000:00:05.0 8086:293e failed:ENOEXEC snd_hda_intel\n"
		  "0000:00:05.1 8086:293f failed:ENOEXEC -\n");
	CHECK(count_of(kmsg(root), ": not seized: cannot load xen-pciback: ENOEXEC") == 5,
	      "%s", kmsg(root));
	CHECK(!slurp(root, "/probes.log")[0]);
}
DEFINE_TEST(failed_load_writes_nothing, "a module that cannot be loaded: nothing written");
