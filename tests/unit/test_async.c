// SPDX-License-Identifier: GPL-2.0-or-later
/* test_async.c - a target module asked to attach asynchronously
 * (xen-pciback.async_probe=1, module.async_probe=1): its registration's
 * probes would outrun the verification, because the driver core sets the
 * driver link before the probe ends (drivers/base/dd.c really_probe) and
 * a drivers_probe write does not wait for a probe in flight
 * (drivers/base/bus.c bus_rescan_devices_helper).  The target is loaded
 * with async_probe=0 last, so finit_module waits for its probes. */
#include <stdio.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

/* after the probes in flight ended: each device is seized in the state
 * file exactly when it is on pciback, and on pciback or without override */
static void verified(const char *root, const char *what)
{
	static const char *const devs[] = { "0000:00:02.0", "0000:00:03.0" };
	const char *state;
	size_t i;

	fake_settle(&k);
	state = slurp(root, "/run/pciback-early/state");
	for (i = 0; i < 2; i++) {
		const char *line = line_with(state, devs[i]);
		const char *drv = driver_of(root, devs[i]);

		CHECK(line && (strstr(line, " seized") != NULL) == (strcmp(drv, "pciback") == 0),
		      "%s: %s on '%s', recorded '%s'", what, devs[i], drv, line ? line : "");
		CHECK(strcmp(drv, "pciback") == 0 || strcmp(override_of(root, devs[i]), "(null)") == 0,
		      "%s: %s left with an override", what, devs[i]);
	}
}

static void async_probe_does_not_outrun_verification(void)
{
	const char *root = setup();
	int status;

	k.probe_fail = "0000:00:03.0";
	k.ignore_override = false;
	status = run(root, "rd.pciback.slots=00:02.0,00:03.0 xen-pciback.async_probe=1");
	CHECK(count_of(k.loaded, "xen-pciback(async_probe=1 async_probe=0)") == 1, "%s", k.loaded);
	verified(root, "xen-pciback.async_probe=1");
	CHECK(strcmp(driver_of(root, "0000:00:02.0"), "pciback") == 0);
	CHECK(status == 1, "exit %d with a failed probe", status);

	root = setup();
	k.probe_fail = "0000:00:03.0";
	k.async_default = true;         /* module.async_probe=1 */
	run(root, "rd.pciback.slots=00:02.0,00:03.0");
	CHECK(count_of(k.loaded, "xen-pciback(async_probe=0)") == 1, "%s", k.loaded);
	verified(root, "module.async_probe=1");
}
DEFINE_TEST(async_probe_does_not_outrun_verification, "a target asked to probe asynchronously is loaded with async_probe=0 last: each device verified after its probe ended");
