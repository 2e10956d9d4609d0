// SPDX-License-Identifier: GPL-2.0-or-later
/* fakenet.c - fake networks for the guard tests (test_guards_net,
 * test_routes): NICs on the basic fixture's PCI devices, stacked
 * interfaces as the kernel shows them in sysfs, route tables as it prints
 * them, and the plan the guards write. */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "fakenet.h"
#include "harness.h"
#include "hostguards.h"

void sh(const char *form, ...)
{
	static char cmd[8192];
	va_list ap;

	va_start(ap, form);
	vsnprintf(cmd, sizeof(cmd), form, ap);
	va_end(ap);
	CHECK(system(cmd) == 0, "%s", cmd);
}

const char *plan_of(const char *root)
{
	run_cli(root, &k.ops, "--kver|6.1.0-test|plan", out, sizeof(out));
	return out;
}

void append(const char *root, const char *rel, const char *head, const char *line)
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


/* the basic fixture without its interfaces and routes */
const char *bare_host(void)
{
	const char *root = fixture("basic");

	sh("cd '%s' && rm -rf sys/class/net proc/net && mkdir -p sys/class/net proc/net "
	   "sys/devices/virtual/net", root);
	return root;
}

/* a PCI NIC at addr (0000:00:DD.F) with interface name */
void nic(const char *root, const char *name, const char *addr)
{
	sh("cd '%s/sys' && d=devices/pci0000:00/%s && mkdir -p $d/net/%s && "
	   "echo 0x8086 > $d/vendor && echo 0x10d3 > $d/device && echo 0x020000 > $d/class && "
	   "ln -sfn ../../../$d bus/pci/devices/%s && ln -sfn ../../../%s $d/net/%s/device && "
	   "ln -s ../../$d/net/%s class/net/%s", root, addr, name, addr, addr, name, name, name);
}

/* the four NICs most tests use */
const char *host(void)
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
void virt(const char *root, const char *name)
{
	sh("cd '%s/sys' && mkdir devices/virtual/net/%s && ln -s ../../devices/virtual/net/%s class/net/%s",
	   root, name, name, name);
}

/* the kernel's link from an upper device to a lower one (net/core/dev.c) */
void lower(const char *root, const char *upper, const char *low)
{
	sh("cd '%s/sys/class/net' && ln -s \"$(readlink -f %s)\" \"$(readlink -f %s)/lower_%s\"",
	   root, low, upper, low);
}

/* a bridge port as net/bridge/br_sysfs_br.c shows it: brif/PORT -> PORT/brport */
void brif(const char *root, const char *bridge, const char *port)
{
	sh("cd '%s/sys/class/net' && b=$(readlink -f %s) && p=$(readlink -f %s) && "
	   "mkdir -p $b/brif $p/brport && ln -s $p/brport $b/brif/%s", root, bridge, port, port);
}

/* a bond's slaves as drivers/net/bonding/bond_sysfs.c shows them */
void slaves(const char *root, const char *bond, const char *names)
{
	char rel[256];

	sh("cd '%s/sys/class/net' && mkdir -p \"$(readlink -f %s)/bonding\"", root, bond);
	snprintf(rel, sizeof(rel), "/sys/class/net/%s/bonding/slaves", bond);
	spit(root, rel, names);
	append(root, rel, NULL, "\n");
}

/* a line of /proc/net/route: the kernel prints each __be32 with %08X */
const char *line4(const char *iface, const char *dest, unsigned plen, unsigned flags)
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

void route4(const char *root, const char *iface, const char *dest, unsigned plen, unsigned flags)
{
	append(root, "/proc/net/route", ROUTE_HEAD, line4(iface, dest, plen, flags));
}

/* a line of /proc/net/ipv6_route: "%pi6 %02x ... %08x %8s" */
const char *line6(const char *iface, const char *dest, unsigned plen, unsigned flags)
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

void route6(const char *root, const char *iface, const char *dest, unsigned plen,
		   unsigned flags)
{
	append(root, "/proc/net/ipv6_route", NULL, line6(iface, dest, plen, flags));
}

/* the plan's guard lines, as the boot reads them */
const char *plan_text(const struct plan *p)
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

struct plan plan;

struct ctx ctx_on(const char *root)
{
	struct ctx c = { .root = root, .sink = SINK_NONE };

	plan_free(&plan);
	plan_init(&plan);
	return c;
}

const char *route_to(const char *root, const char *addr, const char *via)
{
	struct ctx c = ctx_on(root);

	CHECK(guard_route_to(&c, &plan, addr, "root-storage", via) == 0, "%s", addr);
	return plan_text(&plan);
}

const char *default_routes(const char *root)
{
	struct ctx c = ctx_on(root);

	CHECK(guard_default_route(&c, &plan) == 0);
	return plan_text(&plan);
}

