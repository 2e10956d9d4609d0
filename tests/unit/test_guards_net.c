// SPDX-License-Identifier: GPL-2.0-or-later
/* test_guards_net.c - src/host/guards_net.c and routes.c: the NICs under
 * the default routes and under the route to a storage server, on fake
 * roots built here: the basic fixture's PCI devices with NICs added
 * (00:02.0 eth0, 00:03.0 eth1, 00:06.0 eth2, 00:07.0 eth3), stacked
 * interfaces above them, and route tables written as the kernel prints
 * them on this machine. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "hostguards.h"
#include "plan.h"

static void sh(const char *form, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *form, ...)
{
	static char cmd[8192];
	va_list ap;

	va_start(ap, form);
	vsnprintf(cmd, sizeof(cmd), form, ap);
	va_end(ap);
	CHECK(system(cmd) == 0, "%s", cmd);
}

/* the basic fixture without its interfaces and routes */
static const char *bare_host(void)
{
	const char *root = fixture("basic");

	sh("cd '%s' && rm -rf sys/class/net proc/net && mkdir -p sys/class/net proc/net "
	   "sys/devices/virtual/net", root);
	return root;
}

/* a PCI NIC at addr (0000:00:DD.F) with interface name */
static void nic(const char *root, const char *name, const char *addr)
{
	sh("cd '%s/sys' && d=devices/pci0000:00/%s && mkdir -p $d/net/%s && "
	   "echo 0x8086 > $d/vendor && echo 0x10d3 > $d/device && echo 0x020000 > $d/class && "
	   "ln -sfn ../../../$d bus/pci/devices/%s && ln -sfn ../../../%s $d/net/%s/device && "
	   "ln -s ../../$d/net/%s class/net/%s", root, addr, name, addr, addr, name, name, name);
}

/* the four NICs most tests use */
static const char *host(void)
{
	const char *root = bare_host();

	nic(root, "eth0", "0000:00:02.0");
	nic(root, "eth1", "0000:00:03.0");
	nic(root, "eth2", "0000:00:06.0");
	nic(root, "eth3", "0000:00:07.0");
	return root;
}

static void append(const char *root, const char *rel, const char *head, const char *line)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "a");
	CHECK(f != NULL, "%s", path);
	if (!f)
		return;
	if (ftell(f) == 0 && head)
		fputs(head, f);
	fputs(line, f);
	fclose(f);
}

#define ROUTE_HEAD "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"

/* a line of /proc/net/route: the kernel prints each __be32 with %08X */
static const char *line4(const char *iface, const char *dest, unsigned plen, unsigned flags)
{
	static char line[256];
	struct in_addr d;
	uint32_t mask = plen ? htonl(~0u << (32 - plen)) : 0;

	CHECK(inet_pton(AF_INET, dest, &d) == 1, "%s", dest);
	snprintf(line, sizeof(line), "%s\t%08X\t0102A8C0\t%04X\t0\t0\t100\t%08X\t0\t0\t0\n",
		 iface, d.s_addr, flags, mask);
	return line;
}

static void route4(const char *root, const char *iface, const char *dest, unsigned plen, unsigned flags)
{
	append(root, "/proc/net/route", ROUTE_HEAD, line4(iface, dest, plen, flags));
}

/* a line of /proc/net/ipv6_route: "%pi6 %02x ... %08x %8s" */
static void route6(const char *root, const char *iface, const char *dest, unsigned plen,
		   unsigned flags)
{
	static const char zero[] = "00000000000000000000000000000000";
	unsigned char d[16];
	char line[256];
	int i, n = 0;

	CHECK(inet_pton(AF_INET6, dest, d) == 1, "%s", dest);
	for (i = 0; i < 16; i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%02x", d[i]);
	snprintf(line + n, sizeof(line) - (size_t)n, " %02x %s 00 %s 00000400 00000001 00000000 %08x %8s\n",
		 plen, zero, zero, flags, iface);
	append(root, "/proc/net/ipv6_route", NULL, line);
}

/* the plan's guard lines, as the boot reads them */
static const char *plan_text(const struct plan *p)
{
	static char text[1 << 16];
	FILE *f = tmpfile();
	size_t n = 0;

	CHECK(f != NULL);
	if (!f)
		return "";
	CHECK(plan_write(p, fileno(f)) == 0);
	rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

static struct plan plan;

static struct ctx ctx_on(const char *root)
{
	struct ctx c = { .root = root, .sink = SINK_NONE };

	plan_free(&plan);
	plan_init(&plan);
	return c;
}

static const char *route_to(const char *root, const char *addr, const char *via)
{
	struct ctx c = ctx_on(root);

	CHECK(guard_route_to(&c, &plan, addr, "root-storage", via) == 0, "%s", addr);
	return plan_text(&plan);
}

#define GUARD(addr, reason, via) "guard " addr " " reason " 8086:10d3 020000 " via "\n"

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

static const struct test tests[] = {
	{ "guards_net: route_to guards every route of the longest prefix, IPv4 and IPv6",
	  route_to_longest_prefix },
	{ "guards_net: route_to a name or an address without a route: unknown class 02",
	  route_to_unknown },
};

RUN_TESTS(tests)
