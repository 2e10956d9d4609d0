/*
 * hostguards.c - the devices this host must not lose, as the build host
 * shows them: what carries the root filesystem, a keyboard, the default
 * route.  Each PCI device on the sysfs path of such a thing becomes a
 * guard in the plan; the boot enforces them (rd.pciback.force lifts them).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "selector.h"
#include "sysfs.h"
#include "vec.h"

/* a guard for every PCI device named in a resolved sysfs path; how many,
 * or -ENOMEM */
static int guard_path(struct plan *p, const char *real, const char *reason)
{
	char *copy = strdup(real), *save = NULL, *part;
	struct pci_addr a;
	int r = copy ? 0 : -ENOMEM, n = 0;

	for (part = copy ? strtok_r(copy, "/", &save) : NULL; part && r == 0;
	     part = strtok_r(NULL, "/", &save))
		if (parse_addr(part, &a) == 0 && (r = plan_add_guard(p, part, reason)) == 0)
			n++;
	free(copy);
	return r < 0 ? r : n;
}

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
	if ((r = guard_path(w->plan, real, "root-storage")) < 0)
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

static int guard_root_storage(const struct ctx *c, struct plan *p)
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
			r = guard_path(p, real, "keyboard") < 0 ? -ENOMEM : 0;
	}
	closedir(dir);
	return r;
}

static int guard_iface(const struct ctx *c, struct plan *p, const char *iface)
{
	char path[PATH_MAX], real[PATH_MAX];

	if (root_path(c, path, sizeof(path), "/sys/class/net/%s/device", iface) < 0 ||
	    !realpath(path, real))
		return 0;
	return guard_path(p, real, "default-route") < 0 ? -ENOMEM : 0;
}

/* the interfaces of the IPv4 and IPv6 default routes */
static int guard_default_route(const struct ctx *c, struct plan *p)
{
	char *text, *line, *next, iface[64], dest[40];
	unsigned d4, mask, plen;
	int r = 0;

	if (read_file(c, "/proc/net/route", &text, 1 << 20) >= 0) {
		for (line = text; line && r == 0; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (sscanf(line, "%63s %x %*x %*x %*d %*d %*d %x", iface, &d4, &mask) == 3 &&
			    d4 == 0 && mask == 0)
				r = guard_iface(c, p, iface);
		}
		free(text);
	}
	if (r == 0 && read_file(c, "/proc/net/ipv6_route", &text, 1 << 20) >= 0) {
		/* "DEST PLEN SRC SLEN NEXTHOP METRIC REFCNT USE FLAGS IFACE" */
		for (line = text; line && r == 0; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (sscanf(line, "%39s %x %*s %*s %*s %*s %*s %*s %*s %63s", dest, &plen,
				   iface) == 3 && plen == 0 &&
			    strspn(dest, "0") == strlen(dest) && strcmp(iface, "lo") != 0)
				r = guard_iface(c, p, iface);
		}
		free(text);
	}
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
