// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guards_net.c - the NICs that carry the network: those under every
 * default route (default-route), and those carrying the route to a
 * storage server (guard_route_to, for guards_storage.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostguards.h"
#include "routes.h"
#include "sysfs.h"
#include "vec.h"

/* guard the PCI functions under the interface a route leaves through;
 * what says which route ("default route"), via how the host got there */
static int guard_carriers(const struct ctx *c, struct plan *p, const char *reason,
			  const char *via, const char *iface)
{
	char path[PATH_MAX], real[PATH_MAX], *chain;
	int r;

	if (root_path(c, path, sizeof(path), "/sys/class/net/%s/device", iface) < 0 ||
	    !realpath(path, real))
		return 0;
	if (!via || !*via)
		return guard_path(c, p, real, reason, iface) < 0 ? -ENOMEM : 0;
	chain = malloc(strlen(via) + strlen(iface) + 5);
	if (!chain)
		return -ENOMEM;
	sprintf(chain, "%s -> %s", via, iface);
	r = guard_path(c, p, real, reason, chain);
	free(chain);
	return r < 0 ? -ENOMEM : 0;
}

/* the interfaces of every default route */
static int add_default(const struct route *rt, void *arg)
{
	return rt->plen == 0 && strset_add(arg, rt->iface) < 0 ? -ENOMEM : 0;
}

int guard_default_route(const struct ctx *c, struct plan *p)
{
	struct strset ifaces = { NULL, 0, 0 };
	struct route_scan s = { add_default, &ifaces, "" };
	size_t i;
	int r = routes_scan(c, &s);

	for (i = 0; i < ifaces.n && r == 0; i++)
		r = guard_carriers(c, p, "default-route", NULL, ifaces.v[i]);
	strset_free(&ifaces);
	return r;
}

/* the routes to one address with the longest prefix */
struct best_route {
	int family;
	unsigned char addr[16];
	bool found;
	unsigned plen;
	struct strset ifaces;    /* every route of that length: a tie is ECMP */
};

static int add_if_longest(const struct route *rt, void *arg)
{
	struct best_route *b = arg;

	if (!route_covers(rt, b->family, b->addr) || (b->found && rt->plen < b->plen))
		return 0;
	if (!b->found || rt->plen > b->plen)
		strset_free(&b->ifaces);
	b->found = true;
	b->plen = rt->plen;
	return strset_add(&b->ifaces, rt->iface) < 0 ? -ENOMEM : 0;
}

/* a numeric IPv4 or IPv6 address, "[v6]" too; an IPv4-mapped IPv6
 * address is the IPv4 address (its route is in /proc/net/route) */
static bool parse_host(const char *text, struct best_route *b)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	char buf[INET6_ADDRSTRLEN + 2];
	size_t n = strlen(text);

	if (n >= 2 && n < sizeof(buf) && text[0] == '[' && text[n - 1] == ']') {
		memcpy(buf, text + 1, n - 2);
		buf[n - 2] = '\0';
		text = buf;
	}
	if (inet_pton(AF_INET, text, b->addr) == 1) {
		b->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, b->addr) != 1)
		return false;
	b->family = AF_INET6;
	if (memcmp(b->addr, mapped, sizeof(mapped)) == 0) {
		memmove(b->addr, b->addr + 12, 4);
		b->family = AF_INET;
	}
	return true;
}

int guard_route_to(const struct ctx *c, struct plan *p, const char *host_addr,
		   const char *reason, const char *via)
{
	struct best_route b;
	struct route_scan s = { add_if_longest, &b, "" };
	size_t i;
	int r;

	memset(&b, 0, sizeof(b));
	if (!parse_host(host_addr, &b))
		return guard_unknown(c, p, reason, "02", "%s%s'%s' is not a numeric IP address",
				     via ? via : "", via && *via ? ": " : "", host_addr);
	r = routes_scan(c, &s);
	if (r == 0 && !b.found)
		r = guard_unknown(c, p, reason, "02", "%s%sno route to %s", via ? via : "",
				  via && *via ? ": " : "", host_addr);
	for (i = 0; i < b.ifaces.n && r == 0; i++)
		r = guard_carriers(c, p, reason, via, b.ifaces.v[i]);
	strset_free(&b.ifaces);
	return r;
}
