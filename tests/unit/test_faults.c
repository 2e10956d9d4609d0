// SPDX-License-Identifier: GPL-2.0-or-later
/* test_faults.c - injected faults: every sysfs write fails in turn, with
 * each error; on the basic fixture with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

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
DEFINE_TEST(every_write_fails_in_turn, "every write fails in turn, nothing left half-done");
