/*
 * decide.c - which devices to seize, which to refuse and why, and with
 * which driver.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "decide.h"
#include "devices.h"
#include "log.h"
#include "sysfs.h"
#include "vec.h"

static int add_missing(struct device_list *list, const char *text)
{
	struct device d;

	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), "%s", text);
	set_outcome(&d, OUT_FAILED, "ENODEV");
	d.by = "";
	return VEC_PUSH(*list, d);
}

/* one slot selector: mark its devices, or say why it matches none */
static int select_slot(const struct ctx *c, const struct selector *s,
		       struct device_list *list, size_t real_n)
{
	struct pci_addr target = s->addr;
	size_t i, hits = 0;

	if (s->depth) {
		char name[40];
		int where;

		if (resolve_path(c, s, name, sizeof(name), &where) < 0) {
			if (where == 0)
				log_err(c, "%s: bridge path start %04x:%02x:%02x.%x does not exist",
					s->text, s->addr.domain, s->addr.bus, s->addr.dev, s->addr.fn);
			else
				log_err(c, "%s: bridge path element %d (%02x.%x) not found behind the bridge",
					s->text, where, s->path[where - 1][0], s->path[where - 1][1]);
			return add_missing(list, s->text);
		}
		parse_addr(name, &target);
	}
	for (i = 0; i < real_n; i++) {
		struct device *d = &list->v[i];

		if (!addr_matches(&target, &d->addr))
			continue;
		hits++;
		if (s->check_id && (d->vendor != s->vendor || d->device != s->device)) {
			log_err(c, "%s [%04x:%04x]: not seized: %s expects %04x:%04x here "
				"(was the device moved or the bus renumbered?)",
				d->name, d->vendor, d->device, s->text, s->vendor, s->device);
			set_outcome(d, OUT_FAILED, "id-mismatch");
			d->by = s->text;
		} else if (d->outcome == OUT_NONE) {
			set_outcome(d, OUT_SELECTED, NULL);
			d->by = s->text;
		}
	}
	if (hits)
		return 0;
	log_err(c, "%s: no such PCI device", s->text);
	return add_missing(list, s->text);
}

static void select_broad(const struct config *cfg, struct device_list *list, size_t real_n)
{
	size_t i, j;

	for (i = 0; i < real_n; i++) {
		struct device *d = &list->v[i];

		for (j = 0; d->outcome == OUT_NONE && j < cfg->ids.n; j++)
			if (id_matches(&cfg->ids.v[j], d->vendor, d->device,
				       d->subvendor, d->subdevice)) {
				set_outcome(d, OUT_SELECTED, NULL);
				d->by = "rd.pciback.ids";
			}
		for (j = 0; d->outcome == OUT_NONE && j < cfg->classes.n; j++)
			if (class_matches(&cfg->classes.v[j], d->class_code)) {
				set_outcome(d, OUT_SELECTED, NULL);
				d->by = "rd.pciback.class";
			}
	}
}

static bool excepted(const struct config *cfg, const struct ctx *c,
		     const struct device *d)
{
	size_t i;

	for (i = 0; i < cfg->except_ids.n; i++)
		if (id_matches(&cfg->except_ids.v[i], d->vendor, d->device,
			       d->subvendor, d->subdevice))
			return true;
	for (i = 0; i < cfg->except_slots.n; i++) {
		const struct selector *s = &cfg->except_slots.v[i];
		struct pci_addr a = s->addr;
		char name[40];
		int where;

		if (s->depth && (resolve_path(c, s, name, sizeof(name), &where) < 0 ||
				 parse_addr(name, &a) < 0))
			continue;
		if (addr_matches(&a, &d->addr) &&
		    (!s->check_id || (d->vendor == s->vendor && d->device == s->device)))
			return true;
	}
	return false;
}

static const struct {
	const char *name;
	const char *says;
} guards[] = {
	{ "boot-vga", "it is the boot VGA device (the console)" },
	{ "bridge", "it is a bridge (every device behind it would go too)" },
	{ "root-storage", "it carries the root filesystem" },
	{ "keyboard", "a keyboard is attached to it" },
	{ "default-route", "it carries the default route (the network)" },
};

static const char *guard_says(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(guards) / sizeof(guards[0]); i++)
		if (strcmp(guards[i].name, name) == 0)
			return guards[i].says;
	return "the plan guards it";
}

/* boot VGA and bridges seen now; root storage, keyboards and the default
 * route as the plan recorded them on the build host */
static const char *guard(const struct ctx *c, const struct plan *plan,
			 const struct device *d)
{
	char vga[8];

	if (read_attr(c, vga, sizeof(vga), PCI_DEVICES "/%s/boot_vga", d->name) > 0 &&
	    strcmp(vga, "1") == 0)
		return "boot-vga";
	if ((d->class_code >> 16) == 0x06)
		return "bridge";
	return plan_guard_reason(plan, d->name);
}

static void apply_except_and_guards(const struct ctx *c, const struct config *cfg,
				    const struct plan *plan, struct device_list *list,
				    size_t real_n)
{
	size_t i;

	for (i = 0; i < real_n; i++) {
		struct device *d = &list->v[i];
		const char *why;

		if (d->outcome != OUT_SELECTED && d->outcome != OUT_FAILED)
			continue;
		if (excepted(cfg, c, d)) {
			log_info(c, "%s [%04x:%04x]: left alone: listed in rd.pciback.except",
				 d->name, d->vendor, d->device);
			set_outcome(d, OUT_SKIPPED, "except");
			continue;
		}
		if (d->outcome != OUT_SELECTED || !(why = guard(c, plan, d)))
			continue;
		if (cfg->force) {
			log_warn(c, "%s [%04x:%04x]: lockout guard '%s' overridden by rd.pciback.force=1",
				 d->name, d->vendor, d->device, why);
			continue;
		}
		log_warn(c, "%s [%04x:%04x]: left alone: %s; set rd.pciback.force=1 to seize it anyway",
			 d->name, d->vendor, d->device, guard_says(why));
		set_outcome(d, OUT_SKIPPED, why);
	}
}

/* xen-pciback only works in a Xen dom0; elsewhere use the fallback */
static enum target choose_target(const struct ctx *c, const struct config *cfg,
				 bool xen_dom0)
{
	if (cfg->driver != TARGET_XEN_PCIBACK || xen_dom0)
		return cfg->driver;
	if (cfg->fallback == TARGET_NONE)
		log_warn(c, "this boot is not a Xen dom0: leaving every device alone "
			 "(rd.pciback.fallback=pci-stub or vfio-pci would hold them)");
	else
		log_info(c, "this boot is not a Xen dom0: holding devices with %s instead "
			 "(rd.pciback.fallback)", targets[cfg->fallback].module);
	return cfg->fallback;
}

int decide(const struct ctx *c, const struct config *cfg, const struct plan *plan,
	   bool xen_dom0, struct device_list *list)
{
	size_t real_n = list->n, i;
	enum target t;
	int r;

	for (i = 0; i < cfg->slots.n; i++)
		if ((r = select_slot(c, &cfg->slots.v[i], list, real_n)) < 0)
			return r;
	select_broad(cfg, list, real_n);
	apply_except_and_guards(c, cfg, plan, list, real_n);
	t = choose_target(c, cfg, xen_dom0);
	for (i = 0; i < list->n; i++) {
		struct device *d = &list->v[i];

		if (d->outcome != OUT_SELECTED)
			continue;
		if (t == TARGET_NONE)
			set_outcome(d, OUT_SKIPPED, "not-xen-dom0");
		else if (strcmp(d->driver, targets[t].sysfs) == 0)
			set_outcome(d, OUT_ALREADY, NULL);
	}
	return (int)t;
}
