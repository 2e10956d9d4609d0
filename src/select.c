/*
 * select.c - which devices to seize, and which to refuse and why.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "select.h"
#include "sysfs.h"
#include "vec.h"

#define DEVICES "/sys/bus/pci/devices"

const char *outcome_name(enum outcome o)
{
	static const char *const names[] = {
		[OUT_NONE] = "none", [OUT_SELECTED] = "selected",
		[OUT_PREPARED] = "prepared", [OUT_ALREADY] = "already",
		[OUT_SEIZED] = "seized", [OUT_SKIPPED] = "skipped",
		[OUT_FAILED] = "failed",
	};
	return names[o];
}

int refresh_driver(const struct ctx *c, struct device *d)
{
	int r = read_link_name(c, d->driver, sizeof(d->driver),
			       DEVICES "/%s/driver", d->name);

	if (r == -ENOENT) {
		d->driver[0] = '\0';
		return 0;
	}
	return r;
}

static int read_device(const struct ctx *c, struct device *d)
{
	int r;

	if ((r = read_hex_attr(c, &d->vendor, DEVICES "/%s/vendor", d->name)) < 0 ||
	    (r = read_hex_attr(c, &d->device, DEVICES "/%s/device", d->name)) < 0 ||
	    (r = read_hex_attr(c, &d->class_code, DEVICES "/%s/class", d->name)) < 0)
		return r;
	/* absent on some virtual functions; 0 matches no subsystem id */
	if (read_hex_attr(c, &d->subvendor, DEVICES "/%s/subsystem_vendor", d->name) < 0)
		d->subvendor = 0;
	if (read_hex_attr(c, &d->subdevice, DEVICES "/%s/subsystem_device", d->name) < 0)
		d->subdevice = 0;
	d->present = true;
	return refresh_driver(c, d);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct device *)a)->name, ((const struct device *)b)->name);
}

int enumerate_devices(const struct ctx *c, struct device_list *list)
{
	char path[512];
	struct dirent *de;
	DIR *dir;
	int r = 0;

	if ((r = root_path(c, path, sizeof(path), DEVICES)) < 0)
		return r;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		struct device d;

		memset(&d, 0, sizeof(d));
		if (parse_addr(de->d_name, &d.addr) < 0)
			continue;
		strcpy(d.name, de->d_name);
		if (read_device(c, &d) < 0) {
			log_warn(c, "%s: cannot read its sysfs attributes, left alone", d.name);
			continue;
		}
		if ((r = VEC_PUSH(*list, d)) < 0)
			break;
	}
	closedir(dir);
	if (list->n)
		qsort(list->v, list->n, sizeof(list->v[0]), by_name);
	return r;
}

void device_list_free(struct device_list *list)
{
	free(list->v);
	list->v = NULL;
	list->n = list->cap = 0;
}

/* the child of a bridge at DD.F on its secondary bus, found in the device
 * tree so that it does not matter which number that bus got this boot */
static int find_child(const struct ctx *c, const char *parent, unsigned dev,
		      unsigned fn, char *out, size_t n)
{
	char path[512];
	struct dirent *de;
	struct pci_addr a;
	DIR *dir;
	int r = -ENODEV;

	if (root_path(c, path, sizeof(path), DEVICES "/%s", parent) < 0)
		return -ENAMETOOLONG;
	dir = opendir(path);
	if (!dir)
		return -ENODEV;
	while ((de = readdir(dir))) {
		if (parse_addr(de->d_name, &a) == 0 && a.dev == dev && a.fn == fn &&
		    strlen(de->d_name) < n) {
			strcpy(out, de->d_name);
			r = 0;
			break;
		}
	}
	closedir(dir);
	return r;
}

int resolve_path(const struct ctx *c, const struct selector *s,
		 char *name, size_t n, int *where)
{
	char cur[40];
	int i;

	snprintf(cur, sizeof(cur), "%04x:%02x:%02x.%x", s->addr.domain,
		 s->addr.bus, s->addr.dev, s->addr.fn);
	*where = 0;
	if (!path_exists(c, DEVICES "/%s", cur))
		return -ENODEV;
	for (i = 0; i < s->depth; i++) {
		*where = i + 1;
		if (find_child(c, cur, s->path[i][0], s->path[i][1], cur, sizeof(cur)) < 0)
			return -ENODEV;
	}
	if (strlen(cur) >= n)
		return -ENAMETOOLONG;
	strcpy(name, cur);
	return 0;
}

static void decide(struct device *d, enum outcome o, const char *reason)
{
	d->outcome = o;
	d->reason = reason;
}

static int add_missing(struct device_list *list, const char *text)
{
	struct device d;

	memset(&d, 0, sizeof(d));
	snprintf(d.name, sizeof(d.name), "%s", text);
	decide(&d, OUT_FAILED, "ENODEV");
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
			decide(d, OUT_FAILED, "id-mismatch");
			d->by = s->text;
		} else if (d->outcome == OUT_NONE) {
			decide(d, OUT_SELECTED, NULL);
			d->by = s->text;
		}
	}
	if (hits)
		return 0;
	log_err(c, "%s: no such PCI device", s->text);
	return add_missing(list, s->text);
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

/* boot VGA, bridges, root storage: what would take the console, the
 * machine's buses or the root disk away */
static const char *guard(const struct ctx *c, const struct plan *plan,
			 const struct device *d)
{
	char vga[8];

	if (read_attr(c, vga, sizeof(vga), DEVICES "/%s/boot_vga", d->name) > 0 &&
	    strcmp(vga, "1") == 0)
		return "boot-vga";
	if ((d->class_code >> 16) == 0x06)
		return "bridge";
	return plan_guard_reason(plan, d->name);
}

int select_devices(const struct ctx *c, const struct config *cfg,
		   const struct plan *plan, struct device_list *list)
{
	size_t real_n = list->n, i, j;
	int r;

	for (i = 0; i < cfg->slots.n; i++)
		if ((r = select_slot(c, &cfg->slots.v[i], list, real_n)) < 0)
			return r;
	for (i = 0; i < real_n; i++) {
		struct device *d = &list->v[i];

		for (j = 0; d->outcome == OUT_NONE && j < cfg->ids.n; j++)
			if (id_matches(&cfg->ids.v[j], d->vendor, d->device,
				       d->subvendor, d->subdevice)) {
				decide(d, OUT_SELECTED, NULL);
				d->by = "rd.pciback.ids";
			}
		for (j = 0; d->outcome == OUT_NONE && j < cfg->classes.n; j++)
			if (class_matches(&cfg->classes.v[j], d->class_code)) {
				decide(d, OUT_SELECTED, NULL);
				d->by = "rd.pciback.class";
			}
	}
	for (i = 0; i < real_n; i++) {
		struct device *d = &list->v[i];
		const char *why;

		if (d->outcome != OUT_SELECTED && d->outcome != OUT_FAILED)
			continue;
		if (excepted(cfg, c, d)) {
			log_info(c, "%s [%04x:%04x]: left alone: listed in rd.pciback.except",
				 d->name, d->vendor, d->device);
			decide(d, OUT_SKIPPED, "except");
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
			 d->name, d->vendor, d->device,
			 strcmp(why, "boot-vga") == 0 ? "it is the boot VGA device (the console)" :
			 strcmp(why, "bridge") == 0 ? "it is a bridge (every device behind it would go too)" :
			 strcmp(why, "root-storage") == 0 ? "it carries the root filesystem" :
			 "the plan guards it");
		decide(d, OUT_SKIPPED, why);
	}
	return 0;
}
