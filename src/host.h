/*
 * host.h - the commands only the host build has (system cc + libkmod):
 * plan, check, status (table), assign, release.  Each returns an exit
 * status; argv holds the command's own arguments.
 */
#ifndef PCIBACK_HOST_H
#define PCIBACK_HOST_H

#include <stddef.h>
#include <stdio.h>

#include "ctx.h"

struct host_opts {
	const char *kmoddir;     /* plan: --kmoddir */
	const char *output;      /* plan: -o FILE, NULL: stdout */
	const char *cmdline;     /* check: --cmdline */
	int json;                /* status: --json */
	int force;               /* assign: --force */
};

int cmd_plan(const struct ctx *c, const struct host_opts *o);
int cmd_check(const struct ctx *c, const struct host_opts *o);
int cmd_status_table(const struct ctx *c, const struct host_opts *o);
int cmd_assign(const struct ctx *c, const struct host_opts *o, char **sels, int n);
int cmd_release(const struct ctx *c, const struct host_opts *o, char **sels, int n);

/* the plan text for this kernel (c->kver), modules from kmoddir (NULL:
 * ROOT/lib/modules/KVER); cmdline adds to the configuration's targets */
int write_plan(const struct ctx *c, const char *kmoddir, const char *cmdline, FILE *f);

/* sysfs names of the PCI devices under the root filesystem (controller
 * and every bridge above it), space separated; 0 or -errno */
int root_storage_devices(const struct ctx *c, char *out, size_t n);

#endif
