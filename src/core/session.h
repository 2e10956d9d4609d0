/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * session.h - what every command works on: the configuration (conf file
 * and command line), the plan, the devices, and whether this boot is a Xen
 * dom0.  Opened and closed in one place for the boot and every host
 * command.
 */
#ifndef PCIBACK_SESSION_H
#define PCIBACK_SESSION_H

#include <stdbool.h>

#include "config.h"
#include "ctx.h"
#include "device.h"
#include "plan.h"

#define CONF_PATH "/etc/pciback-early.conf"

struct session {
	struct ctx ctx;          /* the caller's, debug from the configuration */
	struct config cfg;
	struct plan plan;
	struct device_list list;
	bool xen_dom0;
	bool own_selection;      /* the caller selects (assign): the plan's
				  * modprobe.d selections do not count */
	int plan_status;         /* what reading the plan gave; 1: not read */
	bool selected_only;      /* a run: when every selection names its
				  * devices, read only those, the plan's
				  * guarded ones and their IOMMU group mates */
};

/* where the plan comes from: plan_read (the file), or the host building
 * it; 0, -ENOENT when there is none, or -errno */
typedef int plan_source(const struct ctx *c, struct plan *p);

/* the conf file alone into cfg (a missing one is 0); an unreadable one
 * is logged and counts in cfg->errors; 0 or -errno */
int read_conf_file(const struct ctx *c, struct config *cfg);

/* read the configuration: the conf file, then the command line (NULL:
 * /proc/cmdline); sink: where log lines go.  0 or -errno (logged); bad
 * settings only count in cfg.errors */
int session_open(struct session *s, const struct ctx *c, const char *cmdline,
		 enum log_sink sink);

/* read the plan and take the devices its modprobe.d options select
 * (unless own_selection); what was wrong with it is said by session_scan.
 * 0 or -errno */
int session_plan(struct session *s, plan_source *source);

/* the plan (NULL: none, or session_plan read it), the devices, the kind
 * of boot; 0 or -errno */
int session_scan(struct session *s, plan_source *source);

void session_close(struct session *s);

#endif
