/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * host.h - what only the host build has (system cc + libkmod): building
 * the plan from the modules directory and from what this host shows
 * (root storage, keyboards, the default route), and the host commands.
 */
#ifndef PCIBACK_HOST_H
#define PCIBACK_HOST_H

#include "cli.h"
#include "ctx.h"
#include "plan.h"

/* the load steps of every target driver for c->kver, resolved with
 * libkmod from kmoddir (NULL: ROOT/lib/modules/KVER), with modprobe.d's
 * options under the root, and the select lines of their hide= and ids=.
 * A missing target is an error (-ENOENT) only when its bit (1 << enum
 * target) is in needed, else a warning; every target found is added all
 * the same.  0 or -errno, logged */
int plan_add_modules(const struct ctx *c, const char *kmoddir, struct plan *p,
		     unsigned needed);

/* a guard for every PCI device under what the boot mounts (root-storage),
 * under an input device with repeating keys (keyboard), and under the
 * interface of a default route (default-route); 0 or -errno */
int plan_add_host_guards(const struct ctx *c, struct plan *p);

/* the plan of this host for the running kernel, as the image would carry
 * it (a session's plan source for the host commands) */
int host_plan(const struct ctx *c, struct plan *p);

/* the boot run's lock, as the udev rule, apply, assign and release take
 * it: two changes to the same devices never interleave; the descriptor
 * to close, or -1 on a dry run or when it cannot be taken (said, and the
 * command goes on, as the boot's run does) */
int host_lock(const struct ctx *c);

/* the host commands, each in the file that runs it, with its options */
extern const struct cli_command apply_command;     /* late.c */
extern const struct cli_command plan_command;      /* planner.c */
extern const struct cli_command check_command;     /* inspect.c */
extern const struct cli_command status_command;    /* inspect.c */
extern const struct cli_command assign_command;    /* runtime.c */
extern const struct cli_command release_command;   /* runtime.c */
extern const struct cli_command import_command;    /* import.c */

extern const struct cli_program host_program;

#endif
