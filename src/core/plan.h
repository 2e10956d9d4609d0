/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plan.h - what the host saw at image build time, for the initramfs:
 * the modules of each target driver in load order with their modprobe.d
 * options, and the devices the boot must not take (guards).
 *
 * Built in memory through this API (the host's `plan` command, `check`,
 * `assign`); text only at the file boundary, one record per line, '#'
 * comments:
 *
 *   kver KVER
 *   load TARGET MODULE PATH [OPTIONS...]   (in load order, per target)
 *   guard DDDD:BB:DD.F REASON
 *
 * TARGET is the target driver's module (xen-pciback, vfio-pci, pci-stub),
 * PATH is relative to /lib/modules/KVER unless it starts with '/'.
 */
#ifndef PCIBACK_PLAN_H
#define PCIBACK_PLAN_H

#include <stdbool.h>

#include "ctx.h"
#include "vec.h"

#define PLAN_PATH "/etc/pciback-early/plan"

struct plan_load {
	char *target, *module, *path, *options;   /* options: "" when none */
};

struct plan_guard {
	char *addr;              /* sysfs name */
	char *reason;            /* root-storage, keyboard, default-route */
};

struct plan {
	bool damaged;            /* a line or a part lost: a guard may be missing */
	char kver[128];
	VEC(struct plan_load) loads;
	VEC(struct plan_guard) guards;
};

void plan_init(struct plan *p);
void plan_free(struct plan *p);

/* 0 or -ENOMEM; options NULL means none */
int plan_add_load(struct plan *p, const char *target, const char *module,
		  const char *path, const char *options);
/* a device the boot must leave alone; once per address and reason.
 * 0, -EINVAL for a malformed address, -ENOMEM */
int plan_add_guard(struct plan *p, const char *addr, const char *reason);

/* the guard's reason for this device, NULL when none */
const char *plan_guard_reason(const struct plan *p, const char *addr);

/* the file: parse text (modified in place), bad lines logged with
 * name:line and skipped; returns the number of bad lines or -errno */
int plan_parse(const struct ctx *c, struct plan *p, const char *name, char *text);
/* read PLAN_PATH under the root: 0 when read, -ENOENT when there is none */
int plan_read(const struct ctx *c, struct plan *p);
/* write the text plan_parse reads; 0 or -EIO */
int plan_write(const struct plan *p, int fd);

#endif
