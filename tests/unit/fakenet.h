/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fakenet.h - fake networks for the guard tests (fakenet.c) */
#ifndef PCIBACK_FAKENET_H
#define PCIBACK_FAKENET_H

#include "ctx.h"
#include "plan.h"

#define ROUTE_HEAD "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
#define GUARD(addr, reason, via) "guard " addr " " reason " 8086:10d3 020000 " via "\n"

/* a shell command; a failure fails the test */
void sh(const char *form, ...) __attribute__((format(printf, 1, 2)));
/* the plan `plan` writes for root, in out */
const char *plan_of(const char *root);
/* add line to ROOT/rel, head first when the file is new */
void append(const char *root, const char *rel, const char *head, const char *line);
/* the basic fixture without its interfaces and routes */
const char *bare_host(void);
/* a PCI NIC at addr (0000:00:DD.F) with interface name */
void nic(const char *root, const char *name, const char *addr);
/* bare_host with eth0 00:02.0, eth1 00:03.0, eth2 00:06.0, eth3 00:07.0 */
const char *host(void);
/* an interface without a device (bridge, bond, VLAN, tunnel...) */
void virt(const char *root, const char *name);
/* upper's lower_LOW link (net/core/dev.c) */
void lower(const char *root, const char *upper, const char *low);
/* a bridge port: brif/PORT -> PORT/brport */
void brif(const char *root, const char *bridge, const char *port);
/* a bond's bonding/slaves text */
void slaves(const char *root, const char *bond, const char *names);
/* route table lines as the kernel prints them */
const char *line4(const char *iface, const char *dest, unsigned plen, unsigned flags);
void route4(const char *root, const char *iface, const char *dest, unsigned plen, unsigned flags);
const char *line6(const char *iface, const char *dest, unsigned plen, unsigned flags);
void route6(const char *root, const char *iface, const char *dest, unsigned plen,
	    unsigned flags);
/* the plan's guard lines, as the boot reads them */
const char *plan_text(const struct plan *p);
/* the plan the helpers below fill, emptied by ctx_on */
extern struct plan plan;
struct ctx ctx_on(const char *root);
/* the plan of guard_route_to / guard_default_route on root */
const char *route_to(const char *root, const char *addr, const char *via);
const char *default_routes(const char *root);

#endif
