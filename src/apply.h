/*
 * apply.h - the early boot run: read the configuration, pick the target
 * driver for this boot, select, bind, record.
 */
#ifndef PCIBACK_APPLY_H
#define PCIBACK_APPLY_H

#include <stdbool.h>

#include "config.h"
#include "ctx.h"
#include "device.h"
#include "plan.h"

/* /etc/pciback-early.conf, then the command line (NULL: /proc/cmdline) */
int read_config(const struct ctx *c, struct config *cfg, const char *cmdline);

bool is_xen_dom0(const struct ctx *c);

/* the configured driver, or the fallback when xen-pciback cannot work in
 * this boot; TARGET_NONE: touch nothing */
enum target choose_target(const struct ctx *c, const struct config *cfg);

/* read the plan, enumerate, select, bind; every device ends with an
 * outcome in list.  0 or -errno when devices cannot be listed. */
int seize(const struct ctx *c, const struct config *cfg, struct plan *plan,
	  struct device_list *list);

/* the early boot run.  cmdline: NULL reads /proc/cmdline.  Returns an
 * exit status. */
int apply(const struct ctx *c, const char *cmdline);

#endif
