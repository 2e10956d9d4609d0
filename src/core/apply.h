/*
 * apply.h - the boot run: configuration, decisions, binding, state file.
 */
#ifndef PCIBACK_APPLY_H
#define PCIBACK_APPLY_H

#include "cli.h"
#include "ctx.h"

/* the `apply` command of both programs; returns an exit status */
int cmd_apply(const struct ctx *c, const struct cli_opts *o);

#endif
