/*
 * bind.h - DESIGN.md's binding steps for every selected device:
 * driver_override, unbind, load the target, drivers_probe, verify, with
 * the legacy new_slot + bind path for pciback.  A device that cannot be
 * seized is given back to its native driver, never left half-done.
 */
#ifndef PCIBACK_BIND_H
#define PCIBACK_BIND_H

#include "config.h"
#include "ctx.h"
#include "device.h"
#include "plan.h"

/* every selected device ends seized, already, or failed (and given back) */
void bind_devices(const struct ctx *c, const struct config *cfg,
		 const struct plan *plan, struct device_list *list, enum target t);

#endif
