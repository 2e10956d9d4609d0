/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * devices.h - the PCI devices of this boot: enumerate
 * /sys/bus/pci/devices, re-read a driver link, resolve a bridge path.
 */
#ifndef PCIBACK_DEVICES_H
#define PCIBACK_DEVICES_H

#include "ctx.h"
#include "device.h"
#include "selector.h"

/* whether to read the device of that sysfs name and address */
typedef bool device_filter(const void *arg, const char *name, const struct pci_addr *a);

/* the PCI devices want takes (NULL: every one) and the IOMMU group mates
 * of those, sorted by address; a filtered list is partial.  0 or -errno */
int enumerate_devices(const struct ctx *c, struct device_list *list,
		      device_filter *want, const void *arg);

/* re-read a device's driver link */
int refresh_driver(const struct ctx *c, struct device *d);

/* resolve a bridge path selector to the sysfs name of the device at its
 * end; 0, or -ENODEV with *where set to the element that was not found */
int resolve_path(const struct ctx *c, const struct selector *s,
		 char *name, size_t n, int *where);

/* a copy of the list (for a second decision on the same devices) */
int device_list_copy(struct device_list *to, const struct device_list *from);
void device_list_free(struct device_list *list);

#endif
