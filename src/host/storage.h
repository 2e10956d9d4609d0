/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * storage.h - the walk behind the root-storage guard: from what the boot
 * mounts (guards_mounts.c) through each filesystem (guards_storage.c) and
 * block device stack (guards_block.c) to the PCI devices that carry it, or
 * to the storage servers the network carries (guards_netstore.c).
 *
 * Every function records what it finds in the plan and returns 0, or
 * -ENOMEM; what it cannot map becomes an unknown guard (storage_unknown),
 * never nothing.  Paths are relative to the root prefix; "via" is the text
 * of how the walk got there ("/ -> dm-0 -> nvme0n1").
 */
#ifndef PCIBACK_STORAGE_H
#define PCIBACK_STORAGE_H

#include <limits.h>

#include "hostguards.h"
#include "vec.h"

struct mount {               /* a mount, its strings unescaped */
	const char *id;          /* mountinfo's mount ID; NULL from fstab */
	const char *majmin;      /* NULL from fstab */
	const char *dir, *fstype, *source;
	const char *options;     /* mountinfo: the superblock's; fstab: the line's */
};

struct storage_walk {
	const struct ctx *c;
	struct plan *plan;
	char root[PATH_MAX];     /* the root prefix, resolved ("" for /) */
	size_t rootlen;
	struct strset seen;      /* block devices and mounts walked */
	char *mountinfo;         /* the text the mounts point into */
	VEC(struct mount) mounts;
};

/* guards_mounts.c: the mount holding path (the deepest, the last mounted
 * there), NULL when none */
const struct mount *mount_holding(const struct storage_walk *w, const char *path);
/* the storage of the mount holding path */
int storage_path(struct storage_walk *w, const char *path, const char *via);

/* guards_storage.c: the storage of a mount or of an fstab line */
int storage_mount(struct storage_walk *w, const struct mount *m, const char *via);
/* an unknown root-storage guard over every device of class cls */
int storage_unknown(struct storage_walk *w, const char *cls, const char *form, ...)
	__attribute__((format(printf, 3, 4)));
/* why read_file failed, in words ("not a regular file" for EMEDIUMTYPE) */
const char *read_error(int r);
/* a malloc'd via text, control characters shown as '?' (the plan is
 * lines); NULL without memory */
char *via_text(const char *form, ...) __attribute__((format(printf, 1, 2)));
/* the value of option name in a comma-separated list, malloc'd; NULL
 * when it is not there (or without memory: *err is -ENOMEM) */
char *option_value(const char *options, const char *name, int *err);
/* fn for each part of list split at seps (a copy); the sum of what fn
 * returned (how many it found), or -ENOMEM */
int storage_split(struct storage_walk *w, const char *list, const char *seps, const char *via,
		  int (*fn)(struct storage_walk *w, char *part, const char *via));
/* is s one of the NULL-terminated list */
int is_one_of(const char *s, const char *const *list);
/* is the flag name in a comma-separated list of options */
int has_option(const char *options, const char *name);

/* guards_block.c: the sysfs directory a path under the root resolves to,
 * relative to the root, into out[PATH_MAX]; -ENOENT when it does not
 * resolve, or resolves outside the root */
int sys_real(const struct storage_walk *w, char *out, const char *form, ...)
	__attribute__((format(printf, 3, 4)));
/* the block device in sysfs directory dev and everything under it */
int storage_block(struct storage_walk *w, const char *dev, const char *via);
/* fn for each entry of directory dir: how many, or -ENOMEM; a directory
 * that is not there has none, one that cannot be read is unknown */
int storage_each(struct storage_walk *w, const char *dir, const char *via,
		 int (*fn)(struct storage_walk *w, const char *dir, const char *name,
			   const char *via));
/* storage_block of the block device dir/name resolves to (a storage_each
 * fn for directories of links: btrfs devices/, multipath/) */
int storage_link(struct storage_walk *w, const char *dir, const char *name, const char *via);
/* does the source name a block device: UUID=, LABEL=, PARTUUID=,
 * PARTLABEL=, ID=, or a path under /dev */
int is_device_spec(const char *spec);
/* the sysfs directory of the block device a device spec names, into
 * out[PATH_MAX]; -ENOENT when none */
int source_block(const struct storage_walk *w, const char *spec, char *out);
/* storage_block of the device a spec names; unknown when none */
int storage_source(struct storage_walk *w, const char *spec, const char *via);

/* guards_netstore.c: a block device carried by the network (iSCSI,
 * NVMe over fabrics, Ceph RBD, NBD): its servers; 1 when it was one */
int storage_net_block(struct storage_walk *w, const char *dev, const char *name,
		      const char *via);
/* an NVMe controller over fabrics (its transport attribute): its server;
 * 1 when it was one, 0 for PCIe */
int storage_nvme_ctrl(struct storage_walk *w, const char *ctrl, const char *via);
/* a network filesystem (NFS, CIFS, CephFS): its servers; 1 when it was one */
int storage_net_fs(struct storage_walk *w, const struct mount *m, const char *via);

#endif
