/*
 * planner.c - `pciback-early plan`: resolve, with libkmod, each target
 * driver's module, its dependencies in load order (softdeps included) and
 * the options modprobe.d gives them; find the PCI devices that carry the
 * root filesystem; write the plan the initramfs hooks copy in.
 */
#include <dirent.h>
#include <errno.h>
#include <libkmod.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "apply.h"
#include "cli.h"
#include "config.h"
#include "host.h"
#include "log.h"
#include "selector.h"
#include "sysfs.h"

/* every PCI device name in a resolved sysfs path, appended to out */
static void pci_components(const char *path, char *out, size_t n)
{
	char copy[PATH_MAX], *save = NULL, *part;
	struct pci_addr a;

	snprintf(copy, sizeof(copy), "%s", path);
	for (part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		size_t len = strlen(out);

		if (parse_addr(part, &a) == 0 && !strstr(out, part) && len + strlen(part) + 2 < n)
			snprintf(out + len, n - len, "%s%s", len ? " " : "", part);
	}
}

/* a block device (its sysfs link under the root) and, for dm and md, the
 * devices under it */
static void block_devices(const struct ctx *c, const char *link, char *out, size_t n, int depth)
{
	char path[PATH_MAX], real[PATH_MAX], slaves[PATH_MAX], sub[PATH_MAX];
	struct dirent *de;
	DIR *dir;

	if (depth > 8 || root_path(c, path, sizeof(path), "%s", link) < 0 || !realpath(path, real))
		return;
	pci_components(real, out, n);
	snprintf(slaves, sizeof(slaves), "%s/slaves", real);
	dir = opendir(slaves);
	while (dir && (de = readdir(dir)))
		if (de->d_name[0] != '.') {
			snprintf(sub, sizeof(sub), "/sys/class/block/%s", de->d_name);
			block_devices(c, sub, out, n, depth + 1);
		}
	if (dir)
		closedir(dir);
}

int root_storage_devices(const struct ctx *c, char *out, size_t n)
{
	char *text, *line, *next, link[PATH_MAX];
	int r;

	out[0] = '\0';
	r = read_file(c, "/proc/self/mountinfo", &text, 1 << 20);
	if (r < 0)
		return r;
	/* "36 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw" */
	for (line = text; line; line = next) {
		char majmin[32], mnt[PATH_MAX], *dash;
		size_t before = strlen(out);

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (sscanf(line, "%*s %*s %31s %*s %4095s", majmin, mnt) != 2 || strcmp(mnt, "/") != 0)
			continue;
		snprintf(link, sizeof(link), "/sys/dev/block/%s", majmin);
		block_devices(c, link, out, n, 0);
		if (strlen(out) == before && (dash = strstr(line, " - "))) {
			/* btrfs and others show an anonymous device: use the source */
			char fstype[64], source[PATH_MAX];

			if (sscanf(dash + 3, "%63s %4095s", fstype, source) == 2 &&
			    strncmp(source, "/dev/", 5) == 0) {
				snprintf(link, sizeof(link), "/sys/class/block/%s", strrchr(source, '/') + 1);
				block_devices(c, link, out, n, 0);
			}
		}
	}
	free(text);
	return 0;
}

static int emit_module(struct kmod_module *mod, const char *target, const char *moddir,
		       FILE *f, char *seen, size_t seen_n, int depth);

static int emit_list(struct kmod_list *list, const char *target, const char *moddir,
		     FILE *f, char *seen, size_t seen_n, int depth)
{
	struct kmod_list *l;
	int r = 0;

	kmod_list_foreach(l, list) {
		struct kmod_module *m = kmod_module_get_module(l);

		if (r == 0)
			r = emit_module(m, target, moddir, f, seen, seen_n, depth + 1);
		kmod_module_unref(m);
	}
	return r;
}

/* modprobe's order: pre softdeps, dependencies (each with its own first),
 * the module, post softdeps */
static int emit_module(struct kmod_module *mod, const char *target, const char *moddir,
		       FILE *f, char *seen, size_t seen_n, int depth)
{
	struct kmod_list *deps, *pre = NULL, *post = NULL;
	const char *name = kmod_module_get_name(mod), *path, *opts, *rel;
	char key[128];
	int r;

	if (depth > 16)
		return -ELOOP;
	/* seen: " name name ... " */
	snprintf(key, sizeof(key), " %s ", name);
	if (strstr(seen, key))
		return 0;
	if (strlen(seen) + strlen(key) >= seen_n)
		return -E2BIG;
	strcat(seen, key + 1);

	kmod_module_get_softdeps(mod, &pre, &post);
	r = emit_list(pre, target, moddir, f, seen, seen_n, depth);
	deps = kmod_module_get_dependencies(mod);
	if (r == 0)
		r = emit_list(deps, target, moddir, f, seen, seen_n, depth);
	kmod_module_unref_list(deps);
	path = kmod_module_get_path(mod);
	opts = kmod_module_get_options(mod);
	if (r == 0 && !path) {
		fprintf(f, "# %s: built into the kernel\n", name);
	} else if (r == 0) {
		size_t dl = strlen(moddir);

		rel = strncmp(path, moddir, dl) == 0 && path[dl] == '/' ? path + dl + 1 : path;
		fprintf(f, "load %s %s %s%s%s\n", target, name, rel, opts ? " " : "", opts ? opts : "");
	}
	if (r == 0)
		r = emit_list(post, target, moddir, f, seen, seen_n, depth);
	kmod_module_unref_list(pre);
	kmod_module_unref_list(post);
	return r;
}

static int plan_target(const struct ctx *c, struct kmod_ctx *kctx, const char *moddir,
		       const char *module, FILE *f)
{
	struct kmod_list *list = NULL;
	char seen[4096] = " ";
	int r;

	r = kmod_module_new_from_lookup(kctx, module, &list);
	if (r < 0 || !list) {
		log_warn(c, "%s: no such module for this kernel; the plan leaves it out", module);
		fprintf(f, "# %s: not found\n", module);
		return 0;
	}
	r = emit_list(list, module, moddir, f, seen, sizeof(seen), 0);
	kmod_module_unref_list(list);
	if (r < 0)
		log_err(c, "%s: cannot resolve its dependencies: %s", module, errno_name(r));
	return r;
}

int write_plan(const struct ctx *c, const char *kmoddir, const char *cmdline, FILE *f)
{
	static const char *const dirs[] = { "/etc/modprobe.d", "/run/modprobe.d",
					    "/usr/local/lib/modprobe.d", "/lib/modprobe.d" };
	char moddir[PATH_MAX], confd[4][PATH_MAX], guards[2048], *g, *save = NULL;
	const char *paths[5], *kver = c->kver;
	bool want[TARGET_NONE] = { true, false, false };
	struct kmod_ctx *kctx;
	struct config cfg;
	struct utsname uts;
	int r = 0, t, i;

	if (!kver) {
		uname(&uts);
		kver = uts.release;
	}
	if (kmoddir)
		snprintf(moddir, sizeof(moddir), "%s", kmoddir);
	else if ((r = root_path(c, moddir, sizeof(moddir), "/lib/modules/%s", kver)) < 0)
		return r;
	/* the targets the configuration may use, besides xen-pciback */
	config_init(&cfg);
	read_config(c, &cfg, cmdline ? cmdline : "");
	want[cfg.driver] = true;
	if (cfg.fallback != TARGET_NONE)
		want[cfg.fallback] = true;
	config_free(&cfg);

	for (i = 0; i < 4; i++) {
		root_path(c, confd[i], sizeof(confd[i]), "%s", dirs[i]);
		paths[i] = confd[i];
	}
	paths[4] = NULL;
	kctx = kmod_new(moddir, c->root[0] ? paths : NULL);
	if (!kctx) {
		log_err(c, "cannot read the modules of %s in %s", kver, moddir);
		return -ENOENT;
	}
	kmod_set_log_priority(kctx, 0);
	fprintf(f, "# pciback-early plan for %s, written by pciback-early plan\nkver %s\n", kver, kver);
	for (t = 0; t < TARGET_NONE && r == 0; t++)
		if (want[t])
			r = plan_target(c, kctx, moddir, targets[t].module, f);
	kmod_unref(kctx);
	if (root_storage_devices(c, guards, sizeof(guards)) < 0)
		log_warn(c, "cannot tell which PCI devices carry the root filesystem");
	for (g = strtok_r(guards, " ", &save); g; g = strtok_r(NULL, " ", &save))
		fprintf(f, "guard %s root-storage\n", g);
	return r;
}

int cmd_plan(const struct ctx *c, const struct host_opts *o)
{
	FILE *f = stdout;
	int r;

	if (o->output && !(f = fopen(o->output, "w"))) {
		log_err(c, "cannot write %s: %s", o->output, errno_name(-errno));
		return EXIT_FAILED;
	}
	r = write_plan(c, o->kmoddir, o->cmdline, f);
	if (f != stdout && fclose(f) != 0 && r == 0)
		r = -EIO;
	return r < 0 ? EXIT_FAILED : EXIT_OK;
}
