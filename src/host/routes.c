// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * routes.c - read /proc/net/route and /proc/net/ipv6_route.
 *
 * What they cannot show (net/ipv4/fib_trie.c fib_route_seq_show,
 * net/ipv6/ip6_fib.c ipv6_route_native_seq_show): /proc/net/route holds
 * only the main table, and of a multipath route only the first nexthop's
 * device; a route using a nexthop group (`ip route ... nhid N`) shows only
 * the group's first member, IPv4 and IPv6 alike.  Only a netlink dump
 * sees those, and a fake root (--root) has none: the guards cover what
 * these files show.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routes.h"
#include "sysfs.h"

#define RTF_REJECT 0x0200        /* unreachable, prohibit: leaves nowhere */

/* split line into at most max whitespace-separated fields; how many */
static int fields(char *line, char **f, int max)
{
	char *save = NULL, *w;
	int n = 0;

	for (w = strtok_r(line, " \t\n", &save); w && n < max; w = strtok_r(NULL, " \t\n", &save))
		f[n++] = w;
	return n;
}

static bool hex_u32(const char *s, unsigned len, uint32_t *v)
{
	if (strlen(s) != len || strspn(s, "0123456789abcdefABCDEF") != len)
		return false;
	*v = (uint32_t)strtoul(s, NULL, 16);
	return true;
}

/* "Iface Destination Gateway Flags RefCnt Use Metric Mask ...": the kernel
 * prints each __be32 with %08X, so the value read back is the address as
 * it lies in memory */
static int parse_v4(char *line, struct route *rt, bool *usable)
{
	char *f[11];
	uint32_t dest, flags, mask;
	unsigned char m[4];
	int i;

	if (fields(line, f, 11) < 8 || !hex_u32(f[1], 8, &dest) || !hex_u32(f[7], 8, &mask) ||
	    !hex_u32(f[3], 4, &flags))
		return -EBADMSG;
	memset(rt, 0, sizeof(*rt));
	rt->family = AF_INET;
	memcpy(rt->dest, &dest, 4);
	memcpy(m, &mask, 4);
	for (i = 0; i < 32 && (m[i / 8] & (0x80 >> (i % 8))); i++)
		rt->plen++;
	rt->iface = f[0];
	*usable = strcmp(f[0], "*") != 0 && !(flags & RTF_REJECT);
	return 0;
}

/* "DEST PLEN SRC SLEN NEXTHOP METRIC REFCNT USE FLAGS IFACE", IFACE empty
 * for a route without a device */
static int parse_v6(char *line, struct route *rt, bool *usable)
{
	char *f[10], byte[3] = "";
	uint32_t plen, flags;
	int n = fields(line, f, 10), i;

	if (n < 9 || strlen(f[0]) != 32 || strspn(f[0], "0123456789abcdef") != 32 ||
	    !hex_u32(f[1], 2, &plen) || plen > 128 || !hex_u32(f[8], 8, &flags))
		return -EBADMSG;
	memset(rt, 0, sizeof(*rt));
	rt->family = AF_INET6;
	for (i = 0; i < 16; i++) {
		memcpy(byte, f[0] + 2 * i, 2);
		rt->dest[i] = (unsigned char)strtoul(byte, NULL, 16);
	}
	rt->plen = plen;
	rt->iface = n == 10 ? f[9] : "";
	*usable = n == 10 && !(flags & RTF_REJECT);
	return 0;
}

static int scan_table(const struct ctx *c, const char *path, bool v6, struct route_scan *s)
{
	char *text, *line, *next;
	struct route rt;
	bool usable;
	int r;

	if (read_file(c, path, &text, 1 << 20) < 0)
		return 0;
	r = 0;
	for (line = text; line && r == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if ((v6 ? parse_v6 : parse_v4)(line, &rt, &usable) == 0 && usable &&
		    strcmp(rt.iface, "lo") != 0)
			r = s->route(&rt, s->arg);
	}
	free(text);
	return r;
}

int routes_scan(const struct ctx *c, struct route_scan *s)
{
	int r;

	s->lost[0] = '\0';
	r = scan_table(c, "/proc/net/route", false, s);
	return r ? r : scan_table(c, "/proc/net/ipv6_route", true, s);
}

bool route_covers(const struct route *rt, int family, const unsigned char *addr)
{
	unsigned full = rt->plen / 8, bits = rt->plen % 8;

	if (rt->family != family)
		return false;
	if (memcmp(rt->dest, addr, full) != 0)
		return false;
	return !bits || ((rt->dest[full] ^ addr[full]) & (0xff00 >> bits) & 0xff) == 0;
}
