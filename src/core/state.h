/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * state.h - the record of a run: /run/pciback-early/state, one line per
 * considered device ("ADDR VVVV:DDDD OUTCOME[:REASON] DRIVER"), and, when
 * rd.pciback.on_error=halt and something failed, /run/pciback-early/halt
 * holding the one-line reason the hooks stop the boot with.
 */
#ifndef PCIBACK_STATE_H
#define PCIBACK_STATE_H

#include <stdbool.h>

#include "ctx.h"
#include "device.h"

/* STATE_DIR is made in RUN_DIR when missing */
#define RUN_DIR "/run"
#define STATE_DIR RUN_DIR "/pciback-early"

/* one run at a time: an exclusive lock on STATE_DIR/lock, held until the
 * returned descriptor is closed (at exit at the latest); fd or -errno */
int state_lock(const struct ctx *c);

/* halt: the reason to stop the boot, or NULL; 0 or -errno */
int state_write(const struct ctx *c, const struct device_list *list, const char *halt,
		const char *asks);

/* the line of the device named name, as one run of `apply --device`
 * leaves it: replaced by d's (NULL or not considered: dropped), the
 * others kept; 0 or -errno */
int state_update(const struct ctx *c, const char *name, const struct device *d);

/* print the state file to out; -ENOENT when there is none */
int state_print(const struct ctx *c, int out);

#endif
