// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guards_storage.c - the storage of one filesystem, by its type: a block
 * device (guards_block.c), every member of a btrfs filesystem or of a ZFS
 * pool, the mounts under an overlay, the servers of a network filesystem
 * (guards_netstore.c).  What carries a filesystem that has none of these
 * is not known: every storage device is guarded (class 01).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage.h"
#include "sysfs.h"

int storage_unknown(struct storage_walk *w, const char *cls, const char *form, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, form);
	vsnprintf(why, sizeof(why), form, ap);
	va_end(ap);
	return guard_unknown(w->c, w->plan, "root-storage", cls, "%s", why);
}

const char *read_error(int r)
{
	return r == -EMEDIUMTYPE ? "not a regular file" : errno_phrase(r);
}

char *via_text(const char *form, ...)
{
	va_list ap;
	char *s, *p;
	int n;

	va_start(ap, form);
	n = vsnprintf(NULL, 0, form, ap);
	va_end(ap);
	if (n < 0 || !(s = malloc((size_t)n + 1)))
		return NULL;
	va_start(ap, form);
	vsnprintf(s, (size_t)n + 1, form, ap);
	va_end(ap);
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return s;
}

/* the option "name" or "name=..." in a comma-separated list, NULL when
 * not there */
static const char *find_option(const char *options, const char *name)
{
	size_t len = strlen(name);
	const char *o;

	for (o = options; o; o = strchr(o, ',') ? strchr(o, ',') + 1 : NULL)
		if (strncmp(o, name, len) == 0 && strchr("=,", o[len]))   /* or the NUL */
			return o;
	return NULL;
}

int has_option(const char *options, const char *name)
{
	const char *o = find_option(options, name);

	return o && o[strlen(name)] != '=';
}

char *option_value(const char *options, const char *name, int *err)
{
	const char *o = find_option(options, name);
	char *v;

	if (!o || o[strlen(name)] != '=')
		return NULL;
	o += strlen(name) + 1;
	if (!(v = strndup(o, strcspn(o, ","))))
		*err = -ENOMEM;
	return v;
}

/* btrfs lists every device of a filesystem in /sys/fs/btrfs/UUID/devices/:
 * the mount shows one of them */
static int btrfs(struct storage_walk *w, const struct mount *m, const char *via)
{
	char dev[PATH_MAX], path[PATH_MAX], devices[PATH_MAX] = "";
	const char *name;
	struct dirent *de;
	DIR *d;
	int r;

	if (!is_device_spec(m->source) || source_block(w, m->source, dev) < 0)
		return storage_unknown(w, "01", "%s (%s): no such block device", via, m->source);
	name = strrchr(dev, '/') + 1;
	if (root_path(w->c, path, sizeof(path), "/sys/fs/btrfs") == 0 && (d = opendir(path))) {
		while (!devices[0] && (de = readdir(d)))
			if (de->d_name[0] != '.' &&
			    path_exists(w->c, "/sys/fs/btrfs/%s/devices/%s", de->d_name, name))
				snprintf(devices, sizeof(devices), "/sys/fs/btrfs/%s/devices", de->d_name);
		closedir(d);
	}
	if (devices[0]) {
		r = storage_each(w, devices, via, storage_link);
		return r < 0 ? r : 0;
	}
	r = storage_block(w, dev, via);
	return r < 0 ? r : storage_unknown(w, "01", "%s: %s is in no filesystem of "
					   "/sys/fs/btrfs: its other devices are not known", via,
					   name);
}

/* does the text of a udev database entry have this line */
static int has_line(const char *text, const char *line)
{
	size_t len = strlen(line);
	const char *at;

	for (at = text; (at = strstr(at, line)); at += len)
		if ((at == text || at[-1] == '\n') && (at[len] == '\n' || !at[len]))
			return 1;
	return 0;
}

/* no sysfs shows a ZFS pool: its members are the block devices udev
 * found a zfs_member labelled with the pool's name on (zpool cannot run
 * on a fake root) */
static int zfs(struct storage_walk *w, const struct mount *m, const char *via)
{
	char label[300], path[PATH_MAX], dev[PATH_MAX], *text, *v;
	struct dirent *de;
	int r = 0, members = 0;
	DIR *d;

	if (!(v = via_text("%s zfs %.*s", via, (int)strcspn(m->source, "/"), m->source)))
		return -ENOMEM;
	snprintf(label, sizeof(label), "E:ID_FS_LABEL=%.*s", (int)strcspn(m->source, "/"), m->source);
	if (root_path(w->c, path, sizeof(path), "/run/udev/data") == 0 && (d = opendir(path))) {
		while (r >= 0 && (de = readdir(d))) {
			if (de->d_name[0] != 'b')
				continue;
			snprintf(path, sizeof(path), "/run/udev/data/%s", de->d_name);
			if ((r = read_file(w->c, path, &text, INT_MAX)) < 0) {
				r = storage_unknown(w, "01", "%s: cannot read %s: %s", v, path,
						    read_error(r));
				continue;
			}
			if (has_line(text, "E:ID_FS_TYPE=zfs_member") && has_line(text, label) &&
			    sys_real(w, dev, "/sys/dev/block/%s", de->d_name + 1) == 0) {
				r = storage_block(w, dev, v);
				members++;
			}
			free(text);
		}
		closedir(d);
	}
	if (r >= 0 && members == 0)
		r = storage_unknown(w, "01", "%s: no member device in /run/udev/data", v);
	free(v);
	return r < 0 ? r : 0;
}

int storage_split(struct storage_walk *w, const char *list, const char *seps, const char *via,
		  int (*fn)(struct storage_walk *w, char *part, const char *via))
{
	char *copy = strdup(list), *part, *save = NULL;
	int r = copy ? 0 : -ENOMEM, n = 0;

	for (part = copy ? strtok_r(copy, seps, &save) : NULL; part && r >= 0;
	     part = strtok_r(NULL, seps, &save))
		n += r = fn(w, part, via);
	free(copy);
	return r < 0 ? r : n;
}

static int overlay_dir(struct storage_walk *w, char *dir, const char *via)
{
	char *v = via_text("%s overlay %s", via, dir);
	int r = v ? storage_path(w, dir, v) : -ENOMEM;

	free(v);
	return r < 0 ? r : 1;
}

/* an overlay's directories: lowerdir=/a:/b, upperdir=, or one at a time
 * (lowerdir+=, datadir+=); how many */
static int overlay_option(struct storage_walk *w, char *opt, const char *via)
{
	static const char *const keys[] = { "upperdir=", "lowerdir=", "lowerdir+=", "datadir+=" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strncmp(opt, keys[i], strlen(keys[i])) == 0)
			return storage_split(w, opt + strlen(keys[i]), ":", via, overlay_dir);
	return 0;
}

/* an overlay is on the mounts of its directories */
static int overlay(struct storage_walk *w, const struct mount *m, const char *via)
{
	int r = storage_split(w, m->options, ",", via, overlay_option);

	if (r == 0)
		r = storage_unknown(w, "01", "%s: an overlay without lowerdir", via);
	return r < 0 ? r : 0;
}

static int source_part(struct storage_walk *w, char *source, const char *via)
{
	int r = storage_source(w, source, via);

	return r < 0 ? r : 1;
}

int is_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

int storage_mount(struct storage_walk *w, const struct mount *m, const char *via)
{
	static const char *const in_memory[] = {
		"tmpfs", "ramfs", "rootfs", "proc", "sysfs", "devtmpfs", "devpts", "cgroup",
		"cgroup2", "securityfs", "debugfs", "tracefs", "configfs", "pstore", "efivarfs",
		"bpf", "mqueue", "hugetlbfs", "binfmt_misc", "fusectl", "autofs", "nsfs",
		"selinuxfs", "rpc_pipefs", "nfsd", "xenfs", "usbfs", NULL,
	};
	char key[64], dev[PATH_MAX], *v;
	int r;

	/* a mount once: an overlay or a loop file may lead back to it */
	snprintf(key, sizeof(key), "mount %s", m->id ? m->id : "");
	if (m->id && (r = strset_add(&w->seen, key)) <= 0)
		return r;
	/* an fstab bind mount is on the mount of its source directory */
	if (has_option(m->options, "bind") || has_option(m->options, "rbind")) {
		r = (v = via_text("%s bind %s", via, m->source)) ? storage_path(w, m->source, v) :
		    -ENOMEM;
		free(v);
		return r;
	}
	/* the kernel's own state and filesystems in memory: no device
	 * carries them (a tmpfs root needs no disk) */
	if (is_one_of(m->fstype, in_memory))
		return 0;
	if (strcmp(m->fstype, "btrfs") == 0) {
		r = (v = via_text("%s btrfs", via)) ? btrfs(w, m, v) : -ENOMEM;
		free(v);
		return r;
	}
	if (strcmp(m->fstype, "zfs") == 0)
		return zfs(w, m, via);
	if (strcmp(m->fstype, "overlay") == 0)
		return overlay(w, m, via);
	if ((r = storage_net_fs(w, m, via)) != 0)
		return r < 0 ? r : 0;
	/* FUSE: a program serves it, from anywhere (fuseblk has a device) */
	if (strcmp(m->fstype, "fuse") == 0 || strncmp(m->fstype, "fuse.", 5) == 0)
		return storage_unknown(w, "01", "%s %s %s: a FUSE filesystem: what carries it is "
				       "not known", via, m->fstype, m->source);
	if (m->majmin && sys_real(w, dev, "/sys/dev/block/%s", m->majmin) == 0)
		return storage_block(w, dev, via);
	/* bcachefs names every device: "/dev/sda:/dev/sdb" */
	if (strcmp(m->fstype, "bcachefs") == 0 && strstr(m->source, ":/dev/"))
		return (r = storage_split(w, m->source, ":", via, source_part)) < 0 ? r : 0;
	if (is_device_spec(m->source))
		return storage_source(w, m->source, via);
	return storage_unknown(w, "01", "%s %s %s: no block device carries it", via, m->fstype,
			       m->source);
}
