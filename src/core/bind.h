/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bind.h - the binding steps of pciback-early(8) for every device decide() selected:
 * load the target, driver_override, unbind, drivers_probe (the devices'
 * probes side by side, each from a child process), verify; where
 * the kernel has no override, refuses it or does not honour it, pciback's
 * new_slot or pci-stub's new_id (pciback-early(8), BINDING ROUTES); and the
 * one way back, give_back, used when a device cannot be seized and by
 * `release` (never in a dry run).
 */
#ifndef PCIBACK_BIND_H
#define PCIBACK_BIND_H

#include "config.h"
#include "ctx.h"
#include "device.h"
#include "plan.h"

/* every selected device ends seized or failed (and given back; when the
 * target cannot be loaded, failed and left as it was); devices already
 * on the target keep it through their driver_override */
void bind_devices(const struct ctx *c, const struct config *cfg,
		  const struct plan *plan, struct device_list *list, enum target t);

/* every PF whose VFs are selected (hold_vfs): sriov_drivers_autoprobe to
 * 0, so that no driver takes a VF as it is created (the udev rule binds
 * the selected ones and probes the others); 0 or the first -errno */
int hold_vfs(const struct ctx *c, const struct device_list *list);

/* the VFs not selected of a PF that hold_vfs holds, still without a
 * driver (only: that one alone, NULL: all): drivers_probe, as the kernel
 * would have done (host build only: at boot no VF exists yet) */
void probe_vfs(const struct ctx *c, const struct device_list *list,
	       const struct device *only);

/* what a dry run sees before any write: each selected device of a
 * kernel without driver_override gets its route, or is refused (failed) */
void bind_predict(const struct ctx *c, struct device_list *list, enum target t);
/* the target's module could not be loaded (err), before anything was
 * written: each selected device fails as it is (in a dry run: would fail) */
void fail_load(const struct ctx *c, struct device_list *list, enum target t, int err);

/*
 * Give a device back to its native driver: clear driver_override, take it
 * out of pciback's slot list, unbind it from a target driver, re-probe,
 * verify.  A write that fails is logged and added to d->reason; returns 0,
 * or the first -errno (-EBUSY when a target driver still holds it).
 */
int give_back(const struct ctx *c, struct device *d);

/* is name one of the target drivers (sysfs name) */
bool is_target_driver(const char *name);

#endif
