// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guards_storage.c - the storage under what the boot mounts: each PCI
 * device on the sysfs path of the block devices, through dm and md
 * stacks (slaves/).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hostguards.h"
#include "sysfs.h"
#include "vec.h"

/* block devices already walked: a dm or md stack is walked once per device */
struct block_walk {
	const struct ctx *c;
	struct plan *plan;
	struct strset seen;
	int found;               /* PCI devices on the paths walked */
};

static int walk_block(struct block_walk *w, const char *link)
{
	char path[PATH_MAX], real[PATH_MAX], slaves[PATH_MAX + 8], sub[NAME_MAX + 32];
	struct dirent *de;
	DIR *dir;
	int r;

	if (root_path(w->c, path, sizeof(path), "%s", link) < 0 || !realpath(path, real))
		return 0;
	if ((r = strset_add(&w->seen, real)) <= 0)
		return r;
	if ((r = guard_path(w->c, w->plan, real, "root-storage", "/")) < 0)
		return r;
	w->found += r;
	snprintf(slaves, sizeof(slaves), "%s/slaves", real);
	if (!(dir = opendir(slaves)))
		return 0;
	r = 0;
	while (r == 0 && (de = readdir(dir)))
		if (de->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "/sys/class/block/%s", de->d_name);
			r = walk_block(w, sub);
		}
	closedir(dir);
	return r;
}

int guard_root_storage(const struct ctx *c, struct plan *p)
{
	struct block_walk w = { c, p, { NULL, 0, 0 }, 0 };
	char *text, *line, *next, link[PATH_MAX];
	int r;

	r = read_file(c, "/proc/self/mountinfo", &text, 1 << 20);
	if (r < 0)
		return r;
	r = 0;
	/* "36 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw" */
	for (line = text; line && r == 0; line = next) {
		char majmin[32], mnt[PATH_MAX], fstype[64], source[PATH_MAX], *dash;
		int before = w.found;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (sscanf(line, "%*s %*s %31s %*s %4095s", majmin, mnt) != 2 || strcmp(mnt, "/") != 0)
			continue;
		snprintf(link, sizeof(link), "/sys/dev/block/%s", majmin);
		r = walk_block(&w, link);
		/* btrfs and others show an anonymous device: use the source */
		if (r == 0 && w.found == before && (dash = strstr(line, " - ")) &&
		    sscanf(dash + 3, "%63s %4095s", fstype, source) == 2 &&
		    strncmp(source, "/dev/", 5) == 0) {
			snprintf(link, sizeof(link), "/sys/class/block/%s", strrchr(source, '/') + 1);
			r = walk_block(&w, link);
		}
	}
	free(text);
	strset_free(&w.seen);
	return r;
}

