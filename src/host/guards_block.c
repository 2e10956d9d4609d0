// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guards_block.c - a block device and everything under it: the PCI devices
 * on its sysfs path, the disk of a partition (md126p2 -> md126), the
 * devices under a dm, md or bcache device (slaves/), the cache device of a
 * bcache device, every path of a native NVMe multipath head, the file
 * behind a loop device, and the network under the rest
 * (guards_netstore.c).  Also: which block device a source such as
 * UUID=... or /dev/mapper/root names.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storage.h"
#include "sysfs.h"

int sys_real(const struct storage_walk *w, char *out, const char *form, ...)
{
	char path[PATH_MAX], real[PATH_MAX];
	size_t len = strlen(w->c->root);
	va_list ap;
	int n;

	if (len >= sizeof(path))
		return -ENOENT;
	memcpy(path, w->c->root, len);
	va_start(ap, form);
	n = vsnprintf(path + len, sizeof(path) - len, form, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(path) - len || !realpath(path, real))
		return -ENOENT;
	/* nothing resolves outside the root */
	if (strncmp(real, w->root, w->rootlen) != 0 ||
	    (real[w->rootlen] != '/' && real[w->rootlen] != '\0'))
		return -ENOENT;
	snprintf(out, PATH_MAX, "%s", real[w->rootlen] ? real + w->rootlen : "/");
	return 0;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int storage_each(struct storage_walk *w, const char *dir, const char *via,
		 int (*fn)(struct storage_walk *w, const char *dir, const char *name,
			   const char *via))
{
	char path[PATH_MAX];
	struct dirent *de;
	int r = 0, n = 0;
	DIR *d;

	if (root_path(w->c, path, sizeof(path), "%s", dir) < 0)
		return storage_unknown(w, "01", "%s: the path %s is too long", via, dir);
	if (!(d = opendir(path)))
		return errno == ENOENT || errno == ENOTDIR ? 0 :
		       storage_unknown(w, "01", "%s: cannot read %s: %s", via, dir,
				       errno_phrase(-errno));
	while (r == 0 && (de = readdir(d)))
		if (de->d_name[0] != '.') {
			r = fn(w, dir, de->d_name, via);
			n++;
		}
	closedir(d);
	return r < 0 ? r : n;
}

int storage_link(struct storage_walk *w, const char *dir, const char *name, const char *via)
{
	char dev[PATH_MAX];

	if (sys_real(w, dev, "%s/%s", dir, name) < 0)
		return storage_unknown(w, "01", "%s: %s/%s does not resolve", via, dir, name);
	return storage_block(w, dev, via);
}

/* a device under a dm, md or bcache device: slaves/NAME, by its name */
static int walk_slave(struct storage_walk *w, const char *dir, const char *name, const char *via)
{
	char dev[PATH_MAX];

	if (sys_real(w, dev, "/sys/class/block/%s", name) < 0)
		return storage_unknown(w, "01", "%s: %s/%s is not in /sys/class/block", via, dir,
				       name);
	return storage_block(w, dev, via);
}

/* a controller of an NVMe subsystem (its links nvme0, nvme1...) */
static int walk_controller(struct storage_walk *w, const char *dir, const char *name,
			   const char *via)
{
	char ctrl[PATH_MAX], *v;
	int r;

	if (strncmp(name, "nvme", 4) != 0 || !name[4] ||
	    strspn(name + 4, "0123456789") != strlen(name + 4) ||
	    sys_real(w, ctrl, "%s/%s", dir, name) < 0)
		return 0;
	if (!(v = via_text("%s -> %s", via, name)))
		return -ENOMEM;
	r = guard_path(w->c, w->plan, ctrl, "root-storage", v);
	if (r >= 0)
		r = storage_nvme_ctrl(w, ctrl, v);
	free(v);
	return r < 0 ? r : 0;
}

/* a native NVMe multipath head lives in its subsystem's directory: its
 * paths are linked from multipath/ (kernel 6.15 on,
 * nvme_mpath_add_sysfs_link); before, any controller of the subsystem
 * may carry one */
static int walk_multipath(struct storage_walk *w, const char *dev, const char *via)
{
	char dir[PATH_MAX];
	int r;

	snprintf(dir, sizeof(dir), "%s/multipath", dev);
	r = storage_each(w, dir, via, storage_link);
	*strrchr(dir, '/') = '\0';
	*strrchr(dir, '/') = '\0';
	if (r == 0 && strstr(dir, "/nvme-subsystem/"))
		r = storage_each(w, dir, via, walk_controller);
	return r < 0 ? r : 0;
}

/* the cache devices of a bcache device's cache set: bcache/cache/cacheN
 * is a cache's bcache directory, in its block device's */
static int walk_cache(struct storage_walk *w, const char *dir, const char *name, const char *via)
{
	char cache[PATH_MAX];

	if (strncmp(name, "cache", 5) != 0 || sys_real(w, cache, "%s/%s/..", dir, name) < 0)
		return 0;
	return storage_block(w, cache, via);
}

/* the file a loop device reads lives on a mount */
static int walk_loop(struct storage_walk *w, const char *dev, const char *via)
{
	char file[PATH_MAX], *v;
	int r = read_attr(w->c, file, sizeof(file), "%s/loop/backing_file", dev);

	if (r == -ENOENT)
		return 0;       /* not a loop device, or one without a file */
	if (r < 0)
		return storage_unknown(w, "01", "%s: cannot read its backing file: %s", via,
				       errno_phrase(r));
	if (!(v = via_text("%s %s", via, file)))
		return -ENOMEM;
	r = storage_path(w, file, v);
	free(v);
	return r;
}

int storage_block(struct storage_walk *w, const char *dev, const char *via_in)
{
	char dir[PATH_MAX], set[PATH_MAX], attr[16], *via;
	int r;

	if ((r = strset_add(&w->seen, dev)) <= 0)
		return r;
	if (!(via = via_text("%s -> %s", via_in, base_name(dev))))
		return -ENOMEM;
	r = guard_path(w->c, w->plan, dev, "root-storage", via);
	if (r >= 0 && read_attr(w->c, attr, sizeof(attr), "%s/partition", dev) >= 0) {
		/* a partition: its disk holds the rest (md126p2 -> md126) */
		snprintf(dir, sizeof(dir), "%s", dev);
		*strrchr(dir, '/') = '\0';
		r = storage_block(w, dir, via);
	} else if (r >= 0 && (r = storage_net_block(w, dev, base_name(dev), via)) == 0) {
		/* the cache set before slaves/, where bcache lists the backing
		 * device (and, since 4.x, the cache): the cache is reached
		 * from the bcache device, not through the backing device */
		if (sys_real(w, set, "%s/bcache/cache", dev) == 0)
			r = storage_each(w, set, via, walk_cache);
		snprintf(dir, sizeof(dir), "%s/slaves", dev);
		if (r >= 0)
			r = storage_each(w, dir, via, walk_slave);
		if (r >= 0)
			r = walk_multipath(w, dev, via);
		if (r >= 0)
			r = walk_loop(w, dev, via);
	}
	free(via);
	return r < 0 ? r : 0;
}

int is_device_spec(const char *spec)
{
	static const char *const tags[] = { "UUID=", "LABEL=", "PARTUUID=", "PARTLABEL=", "ID=" };
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strncmp(spec, tags[i], strlen(tags[i])) == 0)
			return 1;
	return strncmp(spec, "/dev/", 5) == 0;
}

/* /dev/disk/by-label/... as udev names it: what is not plain is \xNN */
static void udev_link(char *out, size_t n, const char *dir, const char *value)
{
	size_t len = (size_t)snprintf(out, n, "/dev/disk/%s/", dir);

	if (*value == '"')   /* UUID="..." as blkid prints it */
		value++;
	for (; *value && *value != '"' && len + 5 < n; value++)
		len += (size_t)(isalnum((unsigned char)*value) || strchr("#+-.:=@_", *value) ||
				(unsigned char)*value >= 0x80 ?
				snprintf(out + len, n - len, "%c", *value) :
				snprintf(out + len, n - len, "\\x%02x", (unsigned char)*value));
}

int source_block(const struct storage_walk *w, const char *spec, char *out)
{
	static const char *const tags[][2] = {
		{ "UUID=", "by-uuid" }, { "LABEL=", "by-label" }, { "PARTUUID=", "by-partuuid" },
		{ "PARTLABEL=", "by-partlabel" }, { "ID=", "by-id" },
	};
	char path[PATH_MAX], link[PATH_MAX], target[PATH_MAX];
	ssize_t len;
	size_t i;
	int hops;

	snprintf(path, sizeof(path), "%s", spec);
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strncmp(spec, tags[i][0], strlen(tags[i][0])) == 0)
			udev_link(path, sizeof(path), tags[i][1], spec + strlen(tags[i][0]));
	/* udev's links name the kernel's device (../../nvme0n1p2), and so
	 * does a /dev node (a fake root may have none) */
	for (hops = 0; hops < 16; hops++) {
		if (root_path(w->c, link, sizeof(link), "%s", path) < 0)
			return -ENOENT;
		len = readlink(link, target, sizeof(target) - 1);
		if (len < 0 && errno == ENOENT && hops == 0 && strncmp(path, "/dev/disk/", 10) == 0)
			return -ENOENT;
		if (len < 0)
			break;
		target[len] = '\0';
		if (target[0] == '/')
			snprintf(link, sizeof(link), "%s", target);
		else
			snprintf(link, sizeof(link), "%.*s/%s", (int)(strrchr(path, '/') - path), path,
				 target);
		snprintf(path, sizeof(path), "%s", link);
	}
	return sys_real(w, out, "/sys/class/block/%s", base_name(path));
}

int storage_source(struct storage_walk *w, const char *spec, const char *via)
{
	char dev[PATH_MAX];

	if (source_block(w, spec, dev) < 0)
		return storage_unknown(w, "01", "%s (%s): no such block device", via, spec);
	return storage_block(w, dev, via);
}
