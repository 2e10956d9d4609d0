/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hostguards.h - the parts of plan_add_host_guards (host.h): each kind of
 * guard in its own file, and the two ways they record a guard.
 */
#ifndef PCIBACK_HOSTGUARDS_H
#define PCIBACK_HOSTGUARDS_H

#include "ctx.h"
#include "log.h"
#include "plan.h"

/* a guard for every PCI device named in a resolved sysfs path, with the
 * IDs and class it has now; via says how the host got there.  How many,
 * or -errno */
int guard_path(const struct ctx *c, struct plan *p, const char *real, const char *reason,
	       const char *via);

/* what the host cannot map to PCI devices: every device of class cls
 * ("01", "02") is guarded for reason; the formatted text says what it
 * was, and is logged.  0 or -errno */
int guard_unknown(const struct ctx *c, struct plan *p, const char *reason, const char *cls,
		  const char *form, ...) __attribute__((format(printf, 5, 6)));

/* guards_mounts.c: root-storage for everything the boot mounts */
int guard_root_storage(const struct ctx *c, struct plan *p);
/* guards_net.c: default-route for the NICs under every IPv4 and IPv6
 * default route, through bridges, bonds, VLANs... (same rules) */
int guard_default_route(const struct ctx *c, struct plan *p);

/* guards_net.c: guard for reason every NIC under each route with the
 * longest prefix covering host_addr (a numeric IPv4 or IPv6 address,
 * "[v6]" too), through bridges, bonds, VLANs...; via starts each guard's
 * path ("nfs 10.0.0.5" gives "nfs 10.0.0.5 -> br0 -> eth1"; NULL: none).
 * Not a numeric address, no route, a route with no device below it, or a
 * route table not read whole: an unknown guard over class 02.
 * 0 or -ENOMEM */
int guard_route_to(const struct ctx *c, struct plan *p, const char *host_addr,
		   const char *reason, const char *via);

#endif
