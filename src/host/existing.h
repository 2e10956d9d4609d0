/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * existing.h - what already binds PCI devices on this host, outside
 * pciback-early: vfio-pci.ids=, pci-stub.ids= and xen-pciback.hide= on the
 * kernel command line; modprobe.d's options (the same keys), softdeps and
 * install recipes naming a target driver; driverctl's overrides
 * (/etc/driverctl.d/pci-ADDR); Unraid's /boot/config/vfio-pci.cfg (BIND=);
 * Qubes OS dom0's rd.qubes.* keys.
 * Each line found, with the devices it binds on this host and what
 * pciback-early would do with them; `check` explains them, `import`
 * prints them as pciback-early.conf lines.
 */
#ifndef PCIBACK_EXISTING_H
#define PCIBACK_EXISTING_H

#include <stdbool.h>

#include "cli.h"
#include "config.h"
#include "device.h"
#include "session.h"

enum existing_kind {
	EXISTING_IDS,            /* vfio-pci.ids=, pci-stub.ids=: every device with the IDs */
	EXISTING_HIDE,           /* xen-pciback.hide=: by address */
	EXISTING_DRIVERCTL,      /* one device, to the driver the file names */
	EXISTING_UNRAID,         /* BIND=[DDDD:]BB:DD.F[|VVVV:DDDD] ... */
	EXISTING_SOFTDEP,        /* a target loaded before a native driver */
	EXISTING_INSTALL,        /* a recipe run instead of a module's load */
	EXISTING_QUBES,          /* rd.qubes.* of the command line: Qubes OS dom0's
				  * 90qubes-pciback, read by pciback-early too */
};

struct existing {
	enum existing_kind kind;
	char *file;              /* as on the host; NULL: the kernel command line */
	int line;
	char *text;              /* the line as written (white space squeezed) */
	enum target target;      /* the target it binds to; TARGET_NONE: another
				  * driver (driverctl), or none (softdep) */
	char *driver;            /* driverctl: the driver named; softdep and
				  * install: the module the line is for */
	bool ours;               /* pciback-early reads it as a selection too */
	int unread;              /* entries pciback-early cannot read */
	struct device_list devs; /* what it binds here (outcome SELECTED or
				  * ALREADY), or names but finds no device for
				  * (FAILED: ENODEV, id-mismatch) */
};

struct existing_list {          /* a VEC */
	struct existing *v;
	size_t n, cap;
};

/*
 * Every such line on the host (cmdline NULL: /proc/cmdline), with the
 * devices of s->list each binds; then, in `now` (a copy of s->list),
 * what pciback-early would do with every device a line hands to a target
 * driver if they were its slots (guards, this host's plan).  0 or -errno.
 */
int existing_find(struct session *s, const char *cmdline, struct existing_list *out,
		  struct device_list *now, enum target *driver);
void existing_free(struct existing_list *ex);

/* "kernel command line", or "FILE:LINE" */
const char *existing_where(const struct existing *e, char *buf, size_t n);

/* what decide() made of d for target t, in check's words */
const char *existing_verdict(const struct device *d, enum target t, char *buf, size_t n);

/*
 * `check`'s block: each line found, per device what it does now and what
 * pciback-early would do; decided is the check's own decision (what the
 * configuration selects).  A conflict (a line that hands a device a
 * lockout guard keeps to a target driver; a driverctl override to another
 * driver on a device the configuration selects) is logged as an error
 * with the file and line.  Returns the number of conflicts.
 */
int existing_report(struct session *s, const char *cmdline, const struct device_list *decided);

int cmd_import(const struct ctx *c, const struct cli_opts *o);

#endif
