// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guards_net.c - the NICs under each default route.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostguards.h"
#include "sysfs.h"

static int guard_iface(const struct ctx *c, struct plan *p, const char *iface)
{
	char path[PATH_MAX], real[PATH_MAX];

	if (root_path(c, path, sizeof(path), "/sys/class/net/%s/device", iface) < 0 ||
	    !realpath(path, real))
		return 0;
	return guard_path(c, p, real, "default-route", iface) < 0 ? -ENOMEM : 0;
}

/* the interfaces of the IPv4 and IPv6 default routes */
int guard_default_route(const struct ctx *c, struct plan *p)
{
	char *text, *line, *next, iface[64], dest[40];
	unsigned d4, mask, plen;
	int r = 0;

	if (read_file(c, "/proc/net/route", &text, 1 << 20) >= 0) {
		for (line = text; line && r == 0; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (sscanf(line, "%63s %x %*x %*x %*d %*d %*d %x", iface, &d4, &mask) == 3 &&
			    d4 == 0 && mask == 0)
				r = guard_iface(c, p, iface);
		}
		free(text);
	}
	if (r == 0 && read_file(c, "/proc/net/ipv6_route", &text, 1 << 20) >= 0) {
		/* "DEST PLEN SRC SLEN NEXTHOP METRIC REFCNT USE FLAGS IFACE" */
		for (line = text; line && r == 0; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (sscanf(line, "%39s %x %*s %*s %*s %*s %*s %*s %*s %63s", dest, &plen,
				   iface) == 3 && plen == 0 &&
			    strspn(dest, "0") == strlen(dest) && strcmp(iface, "lo") != 0)
				r = guard_iface(c, p, iface);
		}
		free(text);
	}
	return r;
}

