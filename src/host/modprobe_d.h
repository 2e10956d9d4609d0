/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * modprobe_d.h - the `options` lines of modprobe.d under the root (and,
 * for `check` and `import`, its `softdep` and `install` lines), each with
 * its file and line, in the order libkmod reads them.
 */
#ifndef PCIBACK_MODPROBE_D_H
#define PCIBACK_MODPROBE_D_H

#include "ctx.h"
#include "vec.h"

/* the directories, in libkmod's order (kmod 31+); NULL-terminated.  The
 * planner gives libkmod these too, so both read the same files */
extern const char *const modprobe_dirs[];

struct modprobe_option {
	const char *command;     /* "options", or one the caller asked for */
	char *module;            /* '-' made '_', as libkmod keeps it */
	char *options;           /* the rest of the line, tabs made spaces */
	char *file;              /* "/etc/modprobe.d/xen.conf", under the root */
	int line;                /* where the line starts */
};

struct modprobe_options {        /* a VEC */
	struct modprobe_option *v;
	size_t n, cap;
};

/* every options line; a file that cannot be read is logged and skipped
 * (its options reach no module).  0 or -ENOMEM */
int modprobe_options_read(const struct ctx *c, struct modprobe_options *out);
/* the same for the lines of these commands ("options", "softdep",
 * "install"; NULL-terminated, static strings) */
int modprobe_lines_read(const struct ctx *c, const char *const *commands,
			struct modprobe_options *out);
void modprobe_options_free(struct modprobe_options *mo);

#endif
