// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * devices.c - the PCI devices of this boot as sysfs lists them, and
 * bridge paths resolved through the device tree.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "log.h"
#include "devices.h"
#include "sysfs.h"
#include "vec.h"

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

void set_outcome(struct device *d, enum outcome o, const char *reason)
{
	d->outcome = o;
	fmt(d->reason, sizeof(d->reason), "%s", reason ? reason : "");
}

int refresh_driver(const struct ctx *c, struct device *d)
{
	int r = read_link_name(c, d->driver, sizeof(d->driver),
			       PCI_DEVICES "/%s/driver", d->name);

	if (r == -ENOENT) {
		d->driver[0] = '\0';
		return 0;
	}
	return r;
}

/* the ID attributes, each a hex number; the subsystem pair is absent on
 * some virtual functions and stays 0, which matches no subsystem id */
static const struct {
	const char *name;
	unsigned char offset;   /* of its field in struct device */
	bool optional;
} id_attrs[] = {
	{ "vendor", offsetof(struct device, vendor), false },
	{ "device", offsetof(struct device, device), false },
	{ "class", offsetof(struct device, class_code), false },
	{ "subsystem_vendor", offsetof(struct device, subvendor), true },
	{ "subsystem_device", offsetof(struct device, subdevice), true },
};

/* d zeroed, d->name set */
static int read_device(const struct ctx *c, struct device *d)
{
	char buf[16];
	unsigned g, i;
	int r;

	for (i = 0; i < sizeof(id_attrs) / sizeof(id_attrs[0]); i++) {
		r = read_hex_attr(c, (unsigned *)(void *)((char *)d + id_attrs[i].offset),
				  PCI_DEVICES "/%s/%s", d->name, id_attrs[i].name);
		if (r < 0 && !id_attrs[i].optional)
			return r;
	}
	/* the group's number is the name its link points to */
	d->iommu_group = -1;
	if (read_link_name(c, buf, sizeof(buf), PCI_DEVICES "/%s/iommu_group", d->name) == 0 &&
	    parse_uint(buf, 10, &g) == 0 && g <= INT_MAX)
		d->iommu_group = (int)g;
	d->boot_vga = read_attr(c, buf, sizeof(buf), PCI_DEVICES "/%s/boot_vga", d->name) > 0 &&
		      strcmp(buf, "1") == 0;
	d->present = true;
	return refresh_driver(c, d);
}

/* by name: Shell's sort with halving gaps, 100 bytes less than klibc's
 * qsort in the early binary and no slower (4096 devices: 24-48 ms against
 * 32 ms); inserting each device in place as it is read would take 1.4 s */
static void sort_by_name(struct device *v, size_t n)
{
	struct device t;
	size_t gap, i, j;

	for (gap = n / 2; gap; gap /= 2)
		for (i = gap; i < n; i++)
			for (j = i; j >= gap && strcmp(v[j - gap].name, v[j].name) > 0; j -= gap) {
				t = v[j];
				v[j] = v[j - gap];
				v[j - gap] = t;
			}
}

/* the devices named in one directory (PCI_DEVICES, or an IOMMU group's
 * devices/) that want takes (NULL: every one), read and added */
static int scan_dir(const struct ctx *c, struct device_list *list, device_filter *want,
		    const void *arg, const char *dir_fmt, const char *name)
{
	char path[512];
	struct dirent *de;
	DIR *dir;
	int r;

	if ((r = root_path(c, path, sizeof(path), dir_fmt, name)) < 0)
		return r;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		struct device d;

		memset(&d, 0, sizeof(d));
		if (parse_addr(de->d_name, &d.addr) < 0 || (want && !want(arg, de->d_name, &d.addr)))
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
	return r;
}

/* a device not in the list (arg) yet */
static bool unlisted(const void *arg, const char *name, const struct pci_addr *a)
{
	const struct device_list *list = arg;
	size_t i;

	(void)a;
	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return false;
	return true;
}

int enumerate_devices(const struct ctx *c, struct device_list *list,
		      device_filter *want, const void *arg)
{
	size_t i;
	int r = scan_dir(c, list, want, arg, PCI_DEVICES "%s", "");

	/* the group mates of what was read: the group checks and group=1
	 * go by them (the list grows as they are added; their mates are the
	 * same).  Mates that cannot be listed: every device is read */
	list->partial = want != NULL;
	for (i = 0; want && r == 0 && i < list->n; i++)
		if (list->v[i].iommu_group >= 0 &&
		    scan_dir(c, list, unlisted, list, PCI_DEVICES "/%s/iommu_group/devices",
			     list->v[i].name) < 0) {
			device_list_free(list);
			return enumerate_devices(c, list, NULL, NULL);
		}
	sort_by_name(list->v, list->n);
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

	if (root_path(c, path, sizeof(path), PCI_DEVICES "/%s", parent) < 0)
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

	fmt(cur, sizeof(cur), "%04x:%02x:%02x.%x", s->addr.domain,
		 s->addr.bus, s->addr.dev, s->addr.fn);
	*where = 0;
	if (!path_exists(c, PCI_DEVICES "/%s", cur))
		return -ENODEV;
	for (i = 0; i < s->depth; i++) {
		*where = i + 1;
		if (find_child(c, cur, s->path[i][0], s->path[i][1], cur, sizeof(cur)) < 0) {
			/* the last device reached, to say what it is */
			if (strlen(cur) < n)
				strcpy(name, cur);
			return -ENODEV;
		}
	}
	if (strlen(cur) >= n)
		return -ENAMETOOLONG;
	strcpy(name, cur);
	return 0;
}


int device_list_copy(struct device_list *to, const struct device_list *from)
{
	to->v = malloc((from->n ? from->n : 1) * sizeof(from->v[0]));
	if (!to->v)
		return -ENOMEM;
	if (from->n)
		memcpy(to->v, from->v, from->n * sizeof(from->v[0]));
	to->n = to->cap = from->n;
	return 0;
}
