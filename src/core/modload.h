/*
 * modload.h - load a target driver's module and its dependencies with
 * finit_module, as modprobe would: from the plan when it has the target,
 * else from modules.dep; options from the plan and the command line.
 */
#ifndef PCIBACK_MODLOAD_H
#define PCIBACK_MODLOAD_H

#include "config.h"
#include "ctx.h"
#include "plan.h"

/* 0 when the target's driver is registered (loaded now, already loaded
 * or built in), else -errno, logged */
int load_target(const struct ctx *c, const struct config *cfg,
		const struct plan *plan, enum target t);

#endif
