/*
 * apply.h - the early boot run: read the configuration, pick the target
 * driver for this boot, select, bind, record.
 */
#ifndef PCIBACK_APPLY_H
#define PCIBACK_APPLY_H

#include "ctx.h"

/* cmdline: NULL reads /proc/cmdline.  Returns an exit status. */
int apply(const struct ctx *c, const char *cmdline);

#endif
