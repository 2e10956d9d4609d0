/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plan.h - what the host saw at image build time, for the initramfs:
 * the modules of each target driver in load order with their modprobe.d
 * options, the devices modprobe.d's options of a target driver select,
 * and the devices the boot must not take (guards).
 *
 * Built in memory through this API (the host's `plan` command, `check`,
 * `assign`); text only at the file boundary, one record per line, '#'
 * comments:
 *
 *   kver KVER
 *   load TARGET MODULE PATH [OPTIONS...]   (in load order, per target)
 *   select KEY FILE:LINE [VALUE...]
 *   guard DDDD:BB:DD.F REASON [VVVV:DDDD CCCCCC [VIA...]]
 *   unknown REASON CC[SS[PP]] WHY...
 *
 * A select line is a target driver's option in modprobe.d that would take
 * devices past every guard (options xen-pciback hide=..., options vfio-pci
 * ids=...): KEY is hide or ids, FILE:LINE the modprobe.d line (FILE
 * without blanks), VALUE the option's value, quotes stripped.  It is
 * never in a load line's OPTIONS: the boot takes it as a selection, with
 * the guards and except (a hide= of the conf or the command line wins).
 * The plan holds modprobe.d's options only: the command line is read at
 * boot, never frozen here.
 *
 * A guard names a device and the IDs and class it had on the build host
 * (a guard whose device is not there with them at boot is from another
 * machine); VIA says how the host reached it ("xenbr0 -> bond0 -> eth1").
 * An unknown guard is what the host could not map to PCI devices: it
 * covers every device of that class (01 storage, 02 network).  A device
 * may carry several guards, one line each.
 *
 * TARGET is the target driver's module (xen-pciback, vfio-pci, pci-stub),
 * PATH is relative to /lib/modules/KVER unless it starts with '/'.
 */
#ifndef PCIBACK_PLAN_H
#define PCIBACK_PLAN_H

#include <stdbool.h>

#include "ctx.h"
#include "selector.h"
#include "vec.h"

#define PLAN_PATH "/etc/pciback-early/plan"

struct plan_load {
	char *target, *module, *path, *options;   /* options: "" when none */
};

struct plan_guard {                /* strings owned by the plan (freed there) */
	const char *addr;             /* sysfs name; NULL for an unknown guard */
	const char *reason;      /* root-storage, keyboard, default-route */
	bool has_ids;            /* IDs recorded (older plans have none) */
	unsigned vendor, device, class_code;
	struct class_match kind; /* unknown: the devices it covers */
	const char *via;         /* how the host got there; "" when not said */
};

struct plan_select {
	bool hide;               /* hide=, else ids= */
	int line;
	char *by;                /* "FILE:LINE: hide=": what check and the log
				  * name; the block file and value live in */
	char *file, *value;
};

struct plan {
	bool damaged;            /* a line or a part lost: a guard may be missing */
	char kver[128];
	VEC(struct plan_load) loads;
	VEC(struct plan_select) selects;
	VEC(struct plan_guard) guards;
};

void plan_init(struct plan *p);
void plan_free(struct plan *p);

/*
 * The plan_add functions copy their strings; the early binary's, which
 * only adds what plan_parse reads, keeps them (FREE_RETURNS_MEMORY 0: its
 * memory is never given back, the plan's text stays).
 */
/* 0 or -ENOMEM; options NULL means none */
int plan_add_load(struct plan *p, const char *target, const char *module,
		  const char *path, const char *options);
/* key "hide" or "ids" (else -EINVAL), from FILE:LINE; 0 or -ENOMEM */
int plan_add_select(struct plan *p, const char *key, const char *file, int line,
		    const char *value);
/* a copy of g; 0, -EINVAL for a malformed address or reason, -ENOMEM.
 * The boot reads a guard twice as once; the host records each once
 * (guard_path, guard_unknown) */
int plan_add_guard(struct plan *p, const struct plan_guard *g);

/* "01", "0c03": the class prefix as written */
const char *class_text(const struct class_match *m, char buf[8]);

/* the file: parse text (modified in place), bad lines logged with
 * name:line and skipped; returns the number of bad lines or -errno */
int plan_parse(const struct ctx *c, struct plan *p, const char *name, char *text);
/* read PLAN_PATH under the root: 0 when read, -ENOENT when there is none */
int plan_read(const struct ctx *c, struct plan *p);
/* write the text plan_parse reads; 0 or -EIO */
int plan_write(const struct plan *p, int fd);

#endif
