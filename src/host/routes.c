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
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
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
	int n = fields(line, f, 10);
	size_t i;

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

/* the first table not read whole, and why */
static void note_lost(struct route_scan *s, const char *path, const char *why)
{
	if (!s->lost[0])
		snprintf(s->lost, sizeof(s->lost), "%s: %s", path, why);
}

/* line by line, with no size cap: a router's table runs to many MiB.
 * 0, -ENOENT when there is no such file, or the callback's -errno; what
 * else keeps a route from being read is noted in s->lost */
static int scan_table(const struct ctx *c, const char *path, bool v6, struct route_scan *s)
{
	char full[PATH_MAX], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	struct route rt;
	struct stat st;
	bool usable;
	FILE *f;
	int fd, r;

	if ((r = root_path(c, full, sizeof(full), "%s", path)) < 0)
		return note_lost(s, path, errno_phrase(r)), 0;
	/* a FIFO or a device must not block the build */
	if ((fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return errno == ENOENT ? -ENOENT : (note_lost(s, path, errno_phrase(-errno)), 0);
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return note_lost(s, path, "not a regular file"), 0;
	}
	if (!(f = fdopen(fd, "r"))) {
		close(fd);
		return -ENOMEM;
	}
	r = 0;
	errno = 0;
	while (r == 0 && (n = getline(&line, &cap, f)) >= 0) {
		if (strlen(line) != (size_t)n)
			note_lost(s, path, "binary data in it");
		else if ((v6 ? parse_v6 : parse_v4)(line, &rt, &usable) < 0) {
			/* the header; anything else may have been a route */
			if (v6 || strncmp(line, "Iface", 5) != 0)
				note_lost(s, path, "a line that is not a route");
		} else if (usable && strcmp(rt.iface, "lo") != 0) {
			r = s->route(&rt, s->arg);
		}
	}
	if (r == 0 && ferror(f))
		note_lost(s, path, errno_phrase(errno ? -errno : -EIO));
	free(line);
	fclose(f);
	return r;
}

/*
 * /proc/net/route is there on every kernel with a network stack: when
 * /proc is mounted and it is missing or cannot be read whole, routes are
 * hidden from us, and the caller guards every NIC.  When /proc itself is
 * not mounted (a chroot, a container, a --root tree without it), this is
 * no view of a running host: the image is being built for a machine whose
 * NICs we cannot know, and there the host guards are ignored at boot
 * (their IDs do not match).  An unknown guard has no IDs to fail that
 * test: it would refuse every NIC on every machine the image boots.  So
 * that case is said once and guards nothing.  A missing ipv6_route is
 * IPv6 switched off (ipv6.disable=1, no module): no IPv6 routes.
 */
int routes_scan(const struct ctx *c, struct route_scan *s)
{
	int r;

	s->lost[0] = '\0';
	r = scan_table(c, "/proc/net/route", false, s);
	if (r == -ENOENT && path_exists(c, "/proc/self")) {
		note_lost(s, "/proc/net/route", errno_phrase(r));
		r = 0;
	} else if (r == -ENOENT) {
		log_warn(c, "/proc is not mounted: no route is known here, no NIC is guarded for one "
			 "(an image built here is for another machine)");
		r = 0;
	}
	if (r == 0 && (r = scan_table(c, "/proc/net/ipv6_route", true, s)) == -ENOENT)
		r = 0;
	return r;
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
