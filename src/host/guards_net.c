// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guards_net.c - the NICs that carry the network: those under every
 * default route (default-route), and those carrying the route to a
 * storage server (guard_route_to, for guards_storage.c).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostguards.h"
#include "routes.h"
#include "sysfs.h"
#include "vec.h"

/*
 * The walk from the interface a route leaves through down to the devices
 * that carry it.  An upper device links each lower one in its own sysfs
 * directory as lower_NAME (net/core/dev.c netdev_adjacent_sysfs_add: a
 * bridge's ports, a bond's or team's slaves, the device under a VLAN,
 * macvlan or ipvlan); a bridge also lists its ports in brif/
 * (net/bridge/br_sysfs_br.c) and a bond its slaves in bonding/slaves
 * (drivers/net/bonding/bond_sysfs.c; cut with "++more++" past a page,
 * lower_ has them all).  Every interface with a device link is a physical
 * device: each PCI function on its path is guarded.
 */
struct net_walk {
	const struct ctx *c;
	struct plan *plan;
	const char *reason;
	const char *what;        /* "default route", "route to 10.0.0.5" */
	struct strset seen;      /* interfaces walked: loops and diamonds once */
	int devices;             /* interfaces with a device below the route */
};

/* a name the kernel could have given (dev_valid_name) */
static bool ifname_ok(const char *s)
{
	return *s && strcmp(s, ".") != 0 && strcmp(s, "..") != 0 && !strchr(s, '/');
}

/* add to set the names in dir /sys/class/net/IFACE/SUB that start with
 * prefix (the rest is the name); a missing dir has none.  0 or -errno */
static int lowers_in_dir(const struct ctx *c, const char *iface, const char *sub,
			 const char *prefix, struct strset *set)
{
	char path[PATH_MAX];
	struct dirent *de;
	size_t n = strlen(prefix);
	DIR *dir;
	int r = root_path(c, path, sizeof(path), "/sys/class/net/%s%s", iface, sub);

	if (r < 0)
		return r;
	if (!(dir = opendir(path)))
		return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
	while (r >= 0 && (de = readdir(dir)))
		if (strncmp(de->d_name, prefix, n) == 0 && ifname_ok(de->d_name + n))
			r = strset_add(set, de->d_name + n);
	closedir(dir);
	return r < 0 ? r : 0;
}

static int lowers_of_bond(const struct ctx *c, const char *iface, struct strset *set)
{
	char path[PATH_MAX], *text, *save = NULL, *name;
	int r = snprintf(path, sizeof(path), "/sys/class/net/%s/bonding/slaves", iface);

	if (r < 0 || (size_t)r >= sizeof(path))
		return -ENAMETOOLONG;
	r = read_file(c, path, &text, 1 << 20);
	if (r < 0)
		return r == -ENOENT || r == -ENOTDIR ? 0 : r;
	r = 0;
	for (name = strtok_r(text, " \t\n", &save); name && r >= 0; name = strtok_r(NULL, " \t\n", &save))
		if (ifname_ok(name) && strcmp(name, "++more++") != 0)
			r = strset_add(set, name);
	free(text);
	return r < 0 ? r : 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the interfaces right below iface; 0 or the first -errno (the others
 * are still listed) */
static int lowers_of(const struct ctx *c, const char *iface, struct strset *set)
{
	int r = lowers_in_dir(c, iface, "", "lower_", set), e;

	if ((e = lowers_in_dir(c, iface, "/brif", "", set)) < 0 && r == 0)
		r = e;
	if ((e = lowers_of_bond(c, iface, set)) < 0 && r == 0)
		r = e;
	/* in name order: the same host gives the same plan */
	if (set->n > 1)
		qsort(set->v, set->n, sizeof(set->v[0]), by_name);
	return r;
}

/* "via -> name", or name when there is no via; NULL when out of memory */
static char *chain(const char *via, const char *name)
{
	char *s = malloc((via ? strlen(via) : 0) + strlen(name) + 5);

	if (s)
		sprintf(s, "%s%s%s", via && *via ? via : "", via && *via ? " -> " : "", name);
	return s;
}

static int guard_physfn(struct net_walk *w, const char *here, const char *real)
{
	char *via = chain(here, "physfn");
	int r = via ? guard_path(w->c, w->plan, real, w->reason, via) : -ENOMEM;

	free(via);
	return r < 0 ? -ENOMEM : 0;
}

static int walk_iface(struct net_walk *w, const char *via, const char *iface)
{
	struct strset lowers = { NULL, 0, 0 };
	char path[PATH_MAX], real[PATH_MAX], fn[PATH_MAX + 8], *here;
	size_t i;
	int r = strset_add(&w->seen, iface);

	if (r <= 0)
		return r;
	if (!(here = chain(via, iface)))
		return -ENOMEM;
	r = lowers_of(w->c, iface, &lowers);
	if (r < 0 && r != -ENOMEM)
		r = guard_unknown(w->c, w->plan, w->reason, "02", "%s on %s: cannot list the "
				  "devices below it: %s", w->what, here, errno_phrase(r));
	for (i = 0; i < lowers.n && r == 0; i++)
		r = walk_iface(w, here, lowers.v[i]);
	if (r == 0 && root_path(w->c, path, sizeof(path), "/sys/class/net/%s/device", iface) == 0 &&
	    realpath(path, real)) {
		w->devices++;
		r = guard_path(w->c, w->plan, real, w->reason, here) < 0 ? -ENOMEM : 0;
		/* an SR-IOV virtual function lives only while its PF has a driver */
		snprintf(fn, sizeof(fn), "%s/physfn", real);
		if (r == 0 && realpath(fn, real))
			r = guard_physfn(w, here, real);
	}
	strset_free(&lowers);
	free(here);
	return r;
}

/* guard every PCI function under the interface a route leaves through.
 * A route with no device anywhere below it (a VPN, a tunnel, PPP, a
 * bridge of virtual ports only) is carried by whatever carries the
 * tunnel's far end, which sysfs does not show: an unknown guard */
static int guard_carriers(const struct ctx *c, struct plan *p, const char *reason,
			  const char *via, const char *what, const char *iface)
{
	struct net_walk w = { c, p, reason, what, { NULL, 0, 0 }, 0 };
	int r = walk_iface(&w, via, iface);

	if (r == 0 && w.devices == 0)
		r = guard_unknown(c, p, reason, "02", "%s on %s (%s)", what, iface,
				  path_exists(c, "/sys/class/net/%s", iface) ?
				  "no device below it" : "not in /sys/class/net");
	strset_free(&w.seen);
	return r;
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
		r = guard_carriers(c, p, "default-route", NULL, "default route", ifaces.v[i]);
	if (r == 0 && s.lost[0])
		r = guard_unknown(c, p, "default-route", "02", "the default routes: %s", s.lost);
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
	const char *lead = via ? via : "", *sep = *lead ? ": " : "";
	struct best_route b;
	struct route_scan s = { add_if_longest, &b, "" };
	char what[80];
	size_t i;
	int r;

	memset(&b, 0, sizeof(b));
	if (!parse_host(host_addr, &b))
		return guard_unknown(c, p, reason, "02", "%s%s'%s' is not a numeric IP address",
				     lead, sep, host_addr);
	r = routes_scan(c, &s);
	snprintf(what, sizeof(what), "route to %s", host_addr);
	for (i = 0; i < b.ifaces.n && r == 0; i++)
		r = guard_carriers(c, p, reason, via, what, b.ifaces.v[i]);
	/* a longer prefix may be in what was lost */
	if (r == 0 && s.lost[0])
		r = guard_unknown(c, p, reason, "02", "%s%sthe route to %s: %s", lead, sep,
				  host_addr, s.lost);
	else if (r == 0 && !b.found)
		r = guard_unknown(c, p, reason, "02", "%s%sno route to %s", lead, sep, host_addr);
	strset_free(&b.ifaces);
	return r;
}
