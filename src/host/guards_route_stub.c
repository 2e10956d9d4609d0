// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guards_route_stub.c - TEMPORARY, until guards_net.c (branch net) brings
 * guard_route_to: the route to a storage server is not walked, so every
 * network device is guarded (fail closed).  Weak: the real one wins;
 * delete this file when it is merged.
 */
#include "hostguards.h"

__attribute__((weak)) int guard_route_to(const struct ctx *c, struct plan *p,
					 const char *host_addr, const char *reason,
					 const char *via)
{
	return guard_unknown(c, p, reason, "02", "%s: the route to %s is not walked yet", via,
			     host_addr);
}
