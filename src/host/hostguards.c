// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostguards.c - the devices this host must not lose, as the build host
 * shows them: what carries what the boot mounts (guards_mounts.c), a
 * keyboard, the network (guards_net.c).  Each PCI device on the sysfs path
 * of such a thing becomes a guard in the plan, with its IDs and the way
 * the host reached it; what cannot be mapped to PCI devices becomes an
 * unknown guard over its whole class.  The boot enforces them
 * (rd.pciback.force lifts them).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostguards.h"
#include "selector.h"
#include "sysfs.h"

/* g is in the plan already (same device, or same class and why; same reason) */
static bool recorded(const struct plan *p, const struct plan_guard *g)
{
	size_t i;

	for (i = 0; i < p->guards.n; i++) {
		const struct plan_guard *o = &p->guards.v[i];

		if (strcmp(o->reason, g->reason) == 0 &&
		    (g->addr ? o->addr && strcmp(o->addr, g->addr) == 0 :
		     !o->addr && o->kind.value == g->kind.value && o->kind.digits == g->kind.digits &&
		     strcmp(o->via, g->via) == 0))
			return true;
	}
	return false;
}

/* plan_add_guard, once per device (or class) and reason */
static int add_once(struct plan *p, const struct plan_guard *g)
{
	return recorded(p, g) ? 0 : plan_add_guard(p, g);
}

int guard_path(const struct ctx *c, struct plan *p, const char *real, const char *reason,
	       const char *via)
{
	char *copy = strdup(real), *save = NULL, *part;
	struct plan_guard g;
	struct pci_addr a;
	int r = copy ? 0 : -ENOMEM, n = 0;

	memset(&g, 0, sizeof(g));
	g.reason = reason;
	g.via = via;
	for (part = copy ? strtok_r(copy, "/", &save) : NULL; part && r == 0;
	     part = strtok_r(NULL, "/", &save)) {
		if (parse_addr(part, &a) < 0)
			continue;
		g.addr = part;
		/* without its IDs the guard holds on any machine: fail closed */
		g.has_ids = read_hex_attr(c, &g.vendor, PCI_DEVICES "/%s/vendor", part) == 0 &&
			    read_hex_attr(c, &g.device, PCI_DEVICES "/%s/device", part) == 0 &&
			    read_hex_attr(c, &g.class_code, PCI_DEVICES "/%s/class", part) == 0;
		if ((r = add_once(p, &g)) == 0)
			n++;
	}
	free(copy);
	return r < 0 ? r : n;
}

int guard_unknown(const struct ctx *c, struct plan *p, const char *reason, const char *cls,
		  const char *form, ...)
{
	char why[512];
	struct plan_guard g;
	va_list ap;

	memset(&g, 0, sizeof(g));
	va_start(ap, form);
	vsnprintf(why, sizeof(why), form, ap);
	va_end(ap);
	g.reason = reason;
	g.via = why;
	if (parse_class(cls, &g.kind) < 0)
		return -EINVAL;
	if (recorded(p, &g))
		return 0;
	log_warn(c, "%s: %s: every class %s device is guarded", reason, why, cls);
	return plan_add_guard(p, &g);
}

/* input devices with keys that repeat (EV_KEY and EV_REP): keyboards */
static int guard_keyboards(const struct ctx *c, struct plan *p)
{
	char path[PATH_MAX], real[PATH_MAX], ev[32];
	struct dirent *de;
	unsigned long bits;
	DIR *dir;
	int r = 0;

	if (root_path(c, path, sizeof(path), "/sys/class/input") < 0 || !(dir = opendir(path)))
		return 0;
	while (r == 0 && (de = readdir(dir))) {
		if (strncmp(de->d_name, "input", 5) != 0 ||
		    read_attr(c, ev, sizeof(ev), "/sys/class/input/%s/capabilities/ev", de->d_name) < 0)
			continue;
		bits = strtoul(ev, NULL, 16);
		if (!(bits & (1ul << 1)) || !(bits & (1ul << 20)))
			continue;
		if (root_path(c, path, sizeof(path), "/sys/class/input/%s", de->d_name) == 0 &&
		    realpath(path, real))
			r = guard_path(c, p, real, "keyboard", de->d_name) < 0 ? -ENOMEM : 0;
	}
	closedir(dir);
	return r;
}

int plan_add_host_guards(const struct ctx *c, struct plan *p)
{
	int r = guard_root_storage(c, p);

	if (r == 0)
		r = guard_keyboards(c, p);
	if (r == 0)
		r = guard_default_route(c, p);
	return r;
}
