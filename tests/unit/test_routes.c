// SPDX-License-Identifier: GPL-2.0-or-later
/* test_routes.c - src/host/routes.c: the route to an address (longest
 * prefix, IPv4 and IPv6, what cannot be mapped), route tables of any size
 * read whole, and a table that cannot be read (an unknown guard), on the
 * fake networks of fakenet.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakenet.h"
#include "harness.h"

/* longest prefix wins; equal prefixes (metrics, ECMP) all count */
static void route_to_longest_prefix(void)
{
	const char *root = host(), *t;

	route4(root, "eth0", "0.0.0.0", 0, 3);
	route4(root, "eth1", "10.0.0.0", 8, 1);
	route4(root, "eth2", "10.1.0.0", 16, 1);
	route4(root, "eth3", "10.1.0.0", 16, 1);
	route4(root, "*", "10.1.2.0", 24, 0x201);          /* unreachable: leaves nowhere */
	route6(root, "eth0", "::", 0, 3);
	route6(root, "eth1", "2001:db8::", 32, 1);
	route6(root, "eth2", "2001:db8:1::", 48, 1);
	route6(root, "lo", "2001:db8:1::", 48, 0x200);

	t = route_to(root, "10.1.2.3", "nfs 10.1.2.3:/srv");
	CHECK_STR(t, GUARD("0000:00:06.0", "root-storage", "nfs 10.1.2.3:/srv -> eth2")
		     GUARD("0000:00:07.0", "root-storage", "nfs 10.1.2.3:/srv -> eth3"));
	CHECK_STR(route_to(root, "10.9.9.9", NULL), GUARD("0000:00:03.0", "root-storage", "eth1"));
	CHECK_STR(route_to(root, "192.0.2.1", ""), GUARD("0000:00:02.0", "root-storage", "eth0"),
		  "the default route");
	CHECK_STR(route_to(root, "::ffff:10.1.2.3", NULL),
		  GUARD("0000:00:06.0", "root-storage", "eth2") GUARD("0000:00:07.0", "root-storage", "eth3"),
		  "IPv4-mapped: the IPv4 route");
	CHECK_STR(route_to(root, "[2001:db8:1::5]", "iscsi"), GUARD("0000:00:06.0", "root-storage", "iscsi -> eth2"));
	CHECK_STR(route_to(root, "2001:db8:2::5", NULL), GUARD("0000:00:03.0", "root-storage", "eth1"));
	CHECK_STR(route_to(root, "2001:db9::1", NULL), GUARD("0000:00:02.0", "root-storage", "eth0"));
}
DEFINE_TEST(route_to_longest_prefix,
	    "route_to guards every route of the longest prefix, IPv4 and IPv6");

/* what cannot be mapped guards every NIC */
static void route_to_unknown(void)
{
	const char *root = host();

	route4(root, "eth1", "10.0.0.0", 8, 1);
	CHECK_STR(route_to(root, "nas.example", "nfs nas.example:/srv"),
		  "unknown root-storage 02 nfs nas.example:/srv: 'nas.example' is not a numeric IP address\n");
	CHECK_STR(route_to(root, "192.0.2.1", "nbd"), "unknown root-storage 02 nbd: no route to 192.0.2.1\n");
	CHECK_STR(route_to(root, "2001:db8::1", NULL), "unknown root-storage 02 no route to 2001:db8::1\n");
	CHECK_STR(route_to(root, "10.0.0.300", NULL),
		  "unknown root-storage 02 '10.0.0.300' is not a numeric IP address\n");
}
DEFINE_TEST(route_to_unknown, "route_to a name or an address without a route: unknown class 02");

/* n routes on eth1 the default routes must not drown in */
static void many_routes(const char *root, int n)
{
	char path[4096], dest[64];
	FILE *f4, *f6;
	int i;

	snprintf(path, sizeof(path), "%s/proc/net/route", root);
	f4 = fopen(path, "a");
	snprintf(path, sizeof(path), "%s/proc/net/ipv6_route", root);
	f6 = fopen(path, "a");
	CHECK(f4 && f6);
	for (i = 0; f4 && f6 && i < n; i++) {
		snprintf(dest, sizeof(dest), "10.%d.%d.0", i / 256 % 256, i % 256);
		fputs(line4("eth1", dest, 24, 1), f4);
		snprintf(dest, sizeof(dest), "2001:db8:%x::", i);
		fputs(line6("eth1", dest, 48, 1), f6);
	}
	if (f4)
		fclose(f4);
	if (f6)
		fclose(f6);
}

static long size_of(const char *root, const char *rel)
{
	char path[4096];
	struct stat st;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* a table of 1 MiB and more is read whole: a router's, a BGP host's */
static void big_route_tables_read_whole(void)
{
	const char *root = host();

	many_routes(root, 16000);
	route4(root, "eth2", "0.0.0.0", 0, 3);
	route6(root, "eth3", "::", 0, 3);
	CHECK(size_of(root, "/proc/net/route") > 1L << 20);
	CHECK(size_of(root, "/proc/net/ipv6_route") > 1L << 20);
	CHECK_STR(default_routes(root), GUARD("0000:00:06.0", "default-route", "eth2")
		  GUARD("0000:00:07.0", "default-route", "eth3"));
	CHECK_STR(route_to(root, "10.62.127.1", NULL), GUARD("0000:00:03.0", "root-storage", "eth1"));
}
DEFINE_TEST(big_route_tables_read_whole, "route tables over 1 MiB are read whole");

/* a table that cannot be read whole: every NIC is guarded, and what
 * could be read still counts */
static void unreadable_route_table_is_unknown(void)
{
	const char *root = host();

	sh("rm '%s/proc/net/route' && mkdir '%s/proc/net/route'", root, root);
	route6(root, "eth3", "::", 0, 3);
	CHECK_STR(default_routes(root), GUARD("0000:00:07.0", "default-route", "eth3")
		  "unknown default-route 02 the default routes: /proc/net/route: not a regular file\n");
	CHECK_STR(route_to(root, "2001:db8::1", "nfs"), GUARD("0000:00:07.0", "root-storage", "nfs -> eth3")
		  "unknown root-storage 02 nfs: the route to 2001:db8::1: /proc/net/route: not a regular file\n");
	root = host();
	route4(root, "eth0", "0.0.0.0", 0, 3);
	append(root, "/proc/net/route", NULL, "eth1\t00000000\t0102A8");
	CHECK_STR(default_routes(root), GUARD("0000:00:02.0", "default-route", "eth0")
		  "unknown default-route 02 the default routes: /proc/net/route: a line that is not a route\n",
		  "a line cut short");
	root = host();
	route4(root, "eth0", "0.0.0.0", 0, 3);
	sh("printf 'eth1\\t00000000\\000' >> '%s/proc/net/route'", root);
	CHECK_STR(default_routes(root), GUARD("0000:00:02.0", "default-route", "eth0")
		  "unknown default-route 02 the default routes: /proc/net/route: binary data in it\n");
}
DEFINE_TEST(unreadable_route_table_is_unknown, "a route table not read whole: unknown class 02");

/* /proc mounted without /proc/net/route: the routes are hidden; no /proc
 * at all: no running host is seen, nothing is guarded for the network */
static void missing_route_table(void)
{
	const char *root = host();

	sh("rm '%s/proc/net/route'", root);
	route6(root, "eth3", "::", 0, 3);
	CHECK_STR(default_routes(root), GUARD("0000:00:07.0", "default-route", "eth3")
		  "unknown default-route 02 the default routes: /proc/net/route: ENOENT: no such file or directory\n");
	root = host();
	route4(root, "eth0", "0.0.0.0", 0, 3);
	CHECK_STR(default_routes(root), GUARD("0000:00:02.0", "default-route", "eth0"),
		  "no ipv6_route: IPv6 is off");
	sh("rm -rf '%s/proc' && mkdir '%s/proc'", root, root);
	CHECK_STR(default_routes(root), "", "a chroot without /proc");
}
DEFINE_TEST(missing_route_table,
	    "no /proc/net/route: unknown when /proc is mounted, nothing in a chroot");
