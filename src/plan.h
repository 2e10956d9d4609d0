/*
 * plan.h - the plan file written on the host at image build time and read
 * in the initramfs.  Plain text, one record per line, '#' comments:
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

#include <stddef.h>

#include "ctx.h"

#define PLAN_PATH "/etc/pciback-early/plan"

struct plan_load {
	char *target, *module, *path, *options;   /* options: "" when none */
};

struct plan_guard {
	char addr[16];
	char *reason;
};

struct plan {
	char kver[128];
	struct { struct plan_load *v; size_t n, cap; } loads;
	struct { struct plan_guard *v; size_t n, cap; } guards;
};

void plan_init(struct plan *p);
void plan_free(struct plan *p);

/* parse plan text (modified in place); bad lines are logged with
 * name:line and skipped.  Returns the number of bad lines or -errno. */
int plan_parse(const struct ctx *c, struct plan *p, const char *name, char *text);

/* read PLAN_PATH under the root: 0 when read, -ENOENT when there is none */
int plan_read(const struct ctx *c, struct plan *p);

const char *plan_guard_reason(const struct plan *p, const char *addr);

#endif
