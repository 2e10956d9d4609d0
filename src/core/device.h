/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * device.h - one PCI device as the program sees it, and what became of it.
 */
#ifndef PCIBACK_DEVICE_H
#define PCIBACK_DEVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "selector.h"

enum outcome {
	OUT_NONE,        /* not selected */
	OUT_SELECTED,    /* selected, nothing done yet */
	OUT_PREPARED,    /* driver_override written, native driver unbound */
	OUT_ALREADY,     /* was on the target driver before we started */
	OUT_SEIZED,
	OUT_SKIPPED,     /* reason says why: except, guard, not dom0 */
	OUT_FAILED,      /* reason: errno name or a word */
};

/* how the target took a device; the later two where driver_override
 * is missing, refused or not honoured */
enum route {
	ROUTE_OVERRIDE,          /* driver_override + drivers_probe */
	ROUTE_NEW_SLOT,          /* pciback's new_slot + bind */
	ROUTE_NEW_ID,            /* new_id + bind, then remove_id */
};

struct device {
	char name[64];           /* sysfs name, "0000:00:03.0"; selector text when absent */
	struct pci_addr addr;
	bool present;
	enum route route;
	bool boot_vga;           /* the console's VGA device (boot_vga = 1) */
	int iommu_group;         /* -1: none */
	unsigned vendor, device, subvendor, subdevice, class_code;
	char driver[32];         /* current driver, "" when unbound */
	char native[32];         /* the driver we unbound, for the log */
	enum outcome outcome;
	char reason[96];         /* skipped or failed: why ("keyboard,default-route"), "" otherwise */
	const char *by;          /* what selected it: the selector text, the key
				  * (rd.pciback.ids, vfio-pci.ids) or the
				  * modprobe.d line ("FILE:LINE: hide=") */
	bool broad;              /* selected by ids or class, not by name */
	bool walked;             /* group=1: its IOMMU group was walked */
	bool hold_vfs;           /* a PF whose VFs are selected: its
				  * sriov_drivers_autoprobe goes to 0 */
};

struct device_list {
	struct device *v;
	size_t n, cap;
	bool partial;            /* only the devices exact selections name */
};

const char *outcome_name(enum outcome o);

/* set the outcome and its reason (NULL: none) */
void set_outcome(struct device *d, enum outcome o, const char *reason);

#endif
