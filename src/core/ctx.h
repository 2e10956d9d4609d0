/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ctx.h - the run context every step receives.
 *
 * It owns the root prefix (--root), the run flags and the two ways the
 * program changes the running kernel: writing a sysfs attribute and loading
 * a module.  Both go through `struct kernel_ops` so unit tests can put a
 * fake kernel behind a fake sysfs tree; the real program uses real_kernel.
 */
#ifndef PCIBACK_CTX_H
#define PCIBACK_CTX_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Text that only --help shows.  The early binary is built with
 * -DPCIBACK_EARLY and leaves it out (HELP_TEXTS 0): its --help says how
 * to call it and points to pciback-early(8), which the initramfs does not
 * need to carry.
 */
#ifdef PCIBACK_EARLY
#define HELP(text) ""
#define HELP_TEXTS 0
#else
#define HELP(text) text
#define HELP_TEXTS 1
#endif

/*
 * Whether free() gives memory back.  The early binary's allocator
 * (src/early/alloc.c) never does, so walking a session's lists to free
 * them at the end is code for nothing there.
 */
#ifdef PCIBACK_EARLY
#define FREE_RETURNS_MEMORY 0
#else
#define FREE_RETURNS_MEMORY 1
#endif

/*
 * Whether decide() works out the addresses of a PF's virtual functions
 * (PF/vfN, PF/vf*).  The early binary only turns the PF's
 * sriov_drivers_autoprobe off: at boot no VF exists yet (sriov_numvfs is
 * 0 until userspace writes it), and the udev rule's `apply --device`
 * binds each one as it appears.
 */
#ifdef PCIBACK_EARLY
#define VF_ADDRESSES 0
#else
#define VF_ADDRESSES 1
#endif

struct kernel_ops {
	/* write buf to the attribute at path (root already applied); 0 or -errno */
	int (*write_attr)(void *priv, const char *path, const char *buf);
	/* load the module open on fd with params; 0 or -errno */
	int (*load_module)(void *priv, int fd, const char *params, int flags);
	void *priv;
};

extern const struct kernel_ops real_kernel;

enum log_sink {
	SINK_KMSG,              /* /dev/kmsg, stderr when it cannot be opened */
	SINK_STDOUT,            /* --dry-run */
	SINK_STDERR,            /* host commands */
	SINK_NONE,              /* a second look at the same decisions (check) */
};

struct ctx {
	const char *root;       /* "" for the real system */
	const char *kver;       /* NULL: uname -r */
	bool dry_run;
	bool debug;
	const struct kernel_ops *ops;
	enum log_sink sink;
};

#endif
