/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * routes.h - the kernel's routes as /proc shows them: /proc/net/route
 * (IPv4, main table) and /proc/net/ipv6_route (IPv6, every table; ECMP
 * siblings are one line each).  What /proc cannot show is in routes.c.
 */
#ifndef PCIBACK_ROUTES_H
#define PCIBACK_ROUTES_H

#include <stdbool.h>

#include "ctx.h"

struct route {
	int family;              /* AF_INET or AF_INET6 */
	unsigned char dest[16];  /* network byte order; IPv4 uses 4 bytes */
	unsigned plen;           /* prefix length */
	const char *iface;       /* the interface it leaves through */
};

struct route_scan {
	/* called for each route that leaves through an interface (reject
	 * routes, routes without a device and loopback are left out);
	 * 0 or -errno, which stops the scan */
	int (*route)(const struct route *rt, void *arg);
	void *arg;
	/* a table that could not be read whole: what and why; "" when none */
	char lost[160];
};

/* every route of both tables; 0 or the callback's -errno.  A table that
 * cannot be read whole is said in s->lost (the other is still read) */
int routes_scan(const struct ctx *c, struct route_scan *s);

/* does addr (family's size) fall in rt's prefix */
bool route_covers(const struct route *rt, int family, const unsigned char *addr);

#endif
