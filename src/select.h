/*
 * select.h - from the configuration to a list of devices with a decision
 * each: enumerate /sys/bus/pci/devices, match selectors, ids and classes,
 * resolve bridge paths, check @VVVV:DDDD, apply except and the lockout
 * guards.
 */
#ifndef PCIBACK_SELECT_H
#define PCIBACK_SELECT_H

#include "config.h"
#include "ctx.h"
#include "device.h"
#include "plan.h"

/* every PCI device, sorted by address; 0 or -errno */
int enumerate_devices(const struct ctx *c, struct device_list *list);

/* re-read a device's driver link */
int refresh_driver(const struct ctx *c, struct device *d);

/* resolve a bridge path selector to the sysfs name of the device at its
 * end; 0, or -ENODEV with *where set to the element that was not found */
int resolve_path(const struct ctx *c, const struct selector *s,
		 char *name, size_t n, int *where);

/* mark what the configuration selects; devices named but absent are
 * appended as failed.  Logs every decision. */
int select_devices(const struct ctx *c, const struct config *cfg,
		   const struct plan *plan, struct device_list *list);

void device_list_free(struct device_list *list);

#endif
