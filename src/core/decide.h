/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * decide.h - the one function that decides what happens to each device:
 * selection (slots, ids, class, @VVVV:DDDD checks), except, the lockout
 * guards, the target driver for this boot, already there.  The boot,
 * --dry-run, `check`, `status` and `assign` all call it, so what `check`
 * predicts is what the boot does.
 */
#ifndef PCIBACK_DECIDE_H
#define PCIBACK_DECIDE_H

#include <stdbool.h>

#include "config.h"
#include "ctx.h"
#include "device.h"
#include "plan.h"

/*
 * Mark each device of list (fresh from enumerate_devices): OUT_NONE,
 * OUT_SELECTED (to seize), OUT_ALREADY (on the target), OUT_SKIPPED or
 * OUT_FAILED with a reason; selected devices that do not exist are
 * appended as failed.  xen_dom0 says which boot this is.  Logs each
 * decision.  Returns the target driver, TARGET_NONE when this boot
 * touches nothing, or -errno.
 */
/* a guard of the plan recorded on another machine: its device is not
 * among the first n of list with the IDs and class it had there (a guard
 * without IDs, from an older plan, is never stale) */
bool guard_stale(const struct plan_guard *g, const struct device_list *list, size_t n);

int decide(const struct ctx *c, const struct config *cfg, const struct plan *plan,
	   bool xen_dom0, struct device_list *list);

#endif
