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
#include <sys/stat.h>
#include <unistd.h>

#include "fakekernel.h"
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
	append(root, "/proc/net/route", ROUTE_HEAD, "");
	return root;
}

/* an interface without a device (bridge, bond, VLAN, tunnel...) */
static void virt(const char *root, const char *name)
{
	sh("cd '%s/sys' && mkdir devices/virtual/net/%s && ln -s ../../devices/virtual/net/%s class/net/%s",
	   root, name, name, name);
}

/* the kernel's link from an upper device to a lower one (net/core/dev.c) */
static void lower(const char *root, const char *upper, const char *low)
{
	sh("cd '%s/sys/class/net' && ln -s \"$(readlink -f %s)\" \"$(readlink -f %s)/lower_%s\"",
	   root, low, upper, low);
}

/* a bridge port as net/bridge/br_sysfs_br.c shows it: brif/PORT -> PORT/brport */
static void brif(const char *root, const char *bridge, const char *port)
{
	sh("cd '%s/sys/class/net' && b=$(readlink -f %s) && p=$(readlink -f %s) && "
	   "mkdir -p $b/brif $p/brport && ln -s $p/brport $b/brif/%s", root, bridge, port, port);
}

/* a bond's slaves as drivers/net/bonding/bond_sysfs.c shows them */
static void slaves(const char *root, const char *bond, const char *names)
{
	char rel[256];

	sh("cd '%s/sys/class/net' && mkdir -p \"$(readlink -f %s)/bonding\"", root, bond);
	snprintf(rel, sizeof(rel), "/sys/class/net/%s/bonding/slaves", bond);
	spit(root, rel, names);
	append(root, rel, NULL, "\n");
}

/* a line of /proc/net/route: the kernel prints each __be32 with %08X */
static const char *line4(const char *iface, const char *dest, unsigned plen, unsigned flags)
{
	static char line[256];
	struct in_addr d;
	uint32_t mask = plen ? htonl(~0u << (32 - plen)) : 0;
	char text[160];

	CHECK(inet_pton(AF_INET, dest, &d) == 1, "%s", dest);
	snprintf(text, sizeof(text), "%s\t%08X\t0102A8C0\t%04X\t0\t0\t100\t%08X\t0\t0\t0",
		 iface, d.s_addr, flags, mask);
	snprintf(line, sizeof(line), "%-127s\n", text);     /* seq_pad to 127 */
	return line;
}

static void route4(const char *root, const char *iface, const char *dest, unsigned plen, unsigned flags)
{
	append(root, "/proc/net/route", ROUTE_HEAD, line4(iface, dest, plen, flags));
}

/* a line of /proc/net/ipv6_route: "%pi6 %02x ... %08x %8s" */
static const char *line6(const char *iface, const char *dest, unsigned plen, unsigned flags)
{
	static const char zero[] = "00000000000000000000000000000000";
	static char line[256];
	unsigned char d[16];
	int i, n = 0;

	CHECK(inet_pton(AF_INET6, dest, d) == 1, "%s", dest);
	for (i = 0; i < 16; i++)
		n += snprintf(line + n, sizeof(line) - (size_t)n, "%02x", d[i]);
	snprintf(line + n, sizeof(line) - (size_t)n, " %02x %s 00 %s 00000400 00000001 00000000 %08x %8s\n",
		 plen, zero, zero, flags, iface);
	return line;
}

static void route6(const char *root, const char *iface, const char *dest, unsigned plen,
		   unsigned flags)
{
	append(root, "/proc/net/ipv6_route", NULL, line6(iface, dest, plen, flags));
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

static const char *default_routes(const char *root)
{
	struct ctx c = ctx_on(root);

	CHECK(guard_default_route(&c, &plan) == 0);
	return plan_text(&plan);
}

/* a Xen dom0: xenbr0 over a VLAN over a bond of eth1 and eth2, a guest's
 * vif on the bridge; sysfs as the kernel shows it: lower_ links, brif/,
 * bonding/slaves */
static const char *xen_dom0(void)
{
	const char *root = host();

	sh("cd '%s/sys' && mkdir -p devices/xen-backend/vif-1-0/net/vif1.0 && "
	   "ln -s ../../../../xen-backend/vif-1-0 devices/xen-backend/vif-1-0/net/vif1.0/device && "
	   "ln -s ../../devices/xen-backend/vif-1-0/net/vif1.0 class/net/vif1.0", root);
	virt(root, "xenbr0");
	virt(root, "bond0.100");
	virt(root, "bond0");
	brif(root, "xenbr0", "bond0.100");
	brif(root, "xenbr0", "vif1.0");
	lower(root, "xenbr0", "vif1.0");
	lower(root, "xenbr0", "bond0.100");
	lower(root, "bond0.100", "bond0");
	slaves(root, "bond0", "eth2 eth1");
	lower(root, "bond0", "eth1");
	lower(root, "bond0", "eth2");
	route4(root, "xenbr0", "0.0.0.0", 0, 3);
	route4(root, "xenbr0", "192.168.2.0", 24, 1);
	route6(root, "xenbr0", "::", 0, 3);
	return root;
}

#define DOM0_GUARDS(reason, via) \
	GUARD("0000:00:03.0", reason, via "xenbr0 -> bond0.100 -> bond0 -> eth1") \
	GUARD("0000:00:06.0", reason, via "xenbr0 -> bond0.100 -> bond0 -> eth2")

static void stacked_bridge_vlan_bond(void)
{
	const char *root = xen_dom0();
	struct fake_kernel k;
	char out[1 << 14];

	CHECK_STR(default_routes(root), DOM0_GUARDS("default-route", ""));
	CHECK_STR(route_to(root, "192.168.2.7", "nfs 192.168.2.7:/srv"),
		  DOM0_GUARDS("root-storage", "nfs 192.168.2.7:/srv -> "));
	/* check lists each with the way the host reached it */
	fake_kernel_init(&k, root);
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.class=02|check", out, sizeof(out)) == 0);
	CHECK(count_of(out, "guard 0000:00:03.0 default-route: xenbr0 -> bond0.100 -> bond0 -> eth1\n") == 1,
	      "%s", out);
	CHECK(count_of(out, "guard 0000:00:06.0 default-route: xenbr0 -> bond0.100 -> bond0 -> eth2\n") == 1,
	      "%s", out);
	CHECK(count_of(out, "Xen dom0*: left alone: default-route;") == 2, "%s", out);
}
DEFINE_TEST(stacked_bridge_vlan_bond,
	    "a bridge over a VLAN over a bond: every NIC below, with its path");

/* team, macvlan, ipvlan and VLAN show their lower devices only as lower_ */
static void stacked_lower_links_only(void)
{
	const char *root = host();

	virt(root, "mv0");
	virt(root, "team0");
	virt(root, "ipvl0");
	lower(root, "mv0", "team0");
	lower(root, "team0", "eth1");
	lower(root, "team0", "eth2");
	lower(root, "ipvl0", "eth3");
	route4(root, "mv0", "0.0.0.0", 0, 3);
	route6(root, "ipvl0", "::", 0, 3);
	CHECK_STR(default_routes(root), GUARD("0000:00:03.0", "default-route", "mv0 -> team0 -> eth1")
		  GUARD("0000:00:06.0", "default-route", "mv0 -> team0 -> eth2")
		  GUARD("0000:00:07.0", "default-route", "ipvl0 -> eth3"));
}
DEFINE_TEST(stacked_lower_links_only, "team, macvlan, ipvlan: lower_ links");

/* a bond's slaves and a bridge's ports, however many: the last one of a
 * 9 KiB slaves list still counts */
static void many_lower_devices(void)
{
	const char *root = host();
	static char names[16384];
	size_t n = 0;
	int i;

	virt(root, "br0");
	virt(root, "bond0");
	brif(root, "br0", "bond0");
	for (i = 0; i < 1500; i++)
		n += (size_t)snprintf(names + n, sizeof(names) - n, "dummy%d ", i);
	snprintf(names + n, sizeof(names) - n, "eth2");
	slaves(root, "bond0", names);
	route4(root, "br0", "0.0.0.0", 0, 3);
	CHECK_STR(default_routes(root), GUARD("0000:00:06.0", "default-route", "br0 -> bond0 -> eth2"));
}
DEFINE_TEST(many_lower_devices, "1500 bond slaves, the NIC last");

/* each interface is walked once: two VLANs over one bond, and a loop
 * (a fake tree can hold one; the kernel refuses it) */
static void loops_and_diamonds_walked_once(void)
{
	const char *root = host();

	virt(root, "br0");
	virt(root, "vlan100");
	virt(root, "vlan200");
	virt(root, "bond0");
	lower(root, "br0", "vlan100");
	lower(root, "br0", "vlan200");
	lower(root, "vlan100", "bond0");
	lower(root, "vlan200", "bond0");
	lower(root, "bond0", "eth1");
	lower(root, "bond0", "br0");
	slaves(root, "bond0", "eth1 bond0");
	route4(root, "br0", "0.0.0.0", 0, 3);
	route4(root, "vlan200", "0.0.0.0", 0, 3);
	CHECK_STR(default_routes(root), GUARD("0000:00:03.0", "default-route", "br0 -> vlan100 -> bond0 -> eth1"));
}
DEFINE_TEST(loops_and_diamonds_walked_once, "loops and diamonds walked once");

/* a default route over a tunnel is carried by what carries the tunnel:
 * not visible, so every NIC is guarded */
static void tunnel_route_is_unknown(void)
{
	const char *root = host();

	virt(root, "wg0");
	route4(root, "eth0", "0.0.0.0", 0, 3);
	route4(root, "wg0", "0.0.0.0", 0, 1);
	CHECK_STR(default_routes(root), GUARD("0000:00:02.0", "default-route", "eth0")
		  "unknown default-route 02 default route on wg0 (no device below it)\n");
	root = host();
	virt(root, "vmbr1");
	virt(root, "tap100i0");
	brif(root, "vmbr1", "tap100i0");
	route6(root, "vmbr1", "::", 0, 3);
	CHECK_STR(default_routes(root), "unknown default-route 02 default route on vmbr1 (no device below it)\n",
		  "a bridge of virtual ports only");
	root = host();
	route6(root, "ppp0", "::", 0, 3);
	CHECK_STR(default_routes(root), "unknown default-route 02 default route on ppp0 (not in /sys/class/net)\n");
	CHECK_STR(route_to(root, "2001:db8::1", "iscsi"),
		  "unknown root-storage 02 route to 2001:db8::1 on ppp0 (not in /sys/class/net)\n");
}
DEFINE_TEST(tunnel_route_is_unknown,
	    "a default route over a tunnel or virtual ports only: unknown class 02");

/* every default route counts: IPv4 ones of any metric, IPv6 ECMP
 * siblings (one line each); reject routes and routes without a device
 * leave through no NIC */
static void every_default_route(void)
{
	const char *root = host();

	route4(root, "eth0", "0.0.0.0", 0, 3);
	route4(root, "eth1", "0.0.0.0", 0, 3);
	route4(root, "*", "0.0.0.0", 0, 0x201);
	route6(root, "eth2", "::", 0, 3);
	route6(root, "eth3", "::", 0, 3);
	route6(root, "lo", "::", 0, 0x200201);
	route6(root, "", "::", 0, 0x201);
	route6(root, "eth0", "2001:db8::", 32, 1);
	CHECK_STR(default_routes(root), GUARD("0000:00:02.0", "default-route", "eth0")
		  GUARD("0000:00:03.0", "default-route", "eth1") GUARD("0000:00:06.0", "default-route", "eth2")
		  GUARD("0000:00:07.0", "default-route", "eth3"));
}
DEFINE_TEST(every_default_route, "every default route, IPv4 and IPv6 ECMP siblings");

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

/* a NIC that is an SR-IOV virtual function: its PF carries it too */
static void virtual_function_guards_its_pf(void)
{
	const char *root = host();

	nic(root, "eth4", "0000:00:08.2");
	sh("cd '%s/sys/devices/pci0000:00' && mkdir 0000:00:08.0 && cp 0000:00:08.2/vendor "
	   "0000:00:08.2/device 0000:00:08.2/class 0000:00:08.0/ && "
	   "ln -s ../0000:00:08.0 0000:00:08.2/physfn && "
	   "ln -s ../../../devices/pci0000:00/0000:00:08.0 ../../bus/pci/devices/0000:00:08.0", root);
	route4(root, "eth4", "0.0.0.0", 0, 3);
	CHECK_STR(default_routes(root), GUARD("0000:00:08.2", "default-route", "eth4")
		  GUARD("0000:00:08.0", "default-route", "eth4 -> physfn"));
}
DEFINE_TEST(virtual_function_guards_its_pf, "a virtual function's PF is guarded with it");
