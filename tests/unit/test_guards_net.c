// SPDX-License-Identifier: GPL-2.0-or-later
/* test_guards_net.c - src/host/guards_net.c and routes.c: the NICs under
 * the default routes, on fake roots built by fakenet.c: the basic fixture's PCI devices with NICs added
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
#include "fakenet.h"
#include "harness.h"
#include "hostguards.h"
#include "plan.h"


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
