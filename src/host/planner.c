// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * planner.c - `pciback-early plan`: resolve, with libkmod, each target
 * driver's module, its dependencies and soft dependencies in modprobe's
 * load order and the options modprobe.d gives them; add the guards this
 * host shows; write the plan the initramfs hooks copy in.
 */
#include <errno.h>
#include <libkmod.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "config.h"
#include "exitcode.h"
#include "host.h"
#include "log.h"
#include "sysfs.h"
#include "vec.h"

/* one target's walk: the modules already planned, against loops */
struct walk {
	struct plan *plan;
	const char *target, *moddir;
	struct strset seen;
};

static int add_module(struct walk *w, struct kmod_module *mod);

static int add_list(struct walk *w, struct kmod_list *list)
{
	struct kmod_list *l;
	int r = 0;

	kmod_list_foreach(l, list) {
		struct kmod_module *m = kmod_module_get_module(l);

		if (r == 0)
			r = add_module(w, m);
		kmod_module_unref(m);
	}
	return r;
}

/* modprobe's order: pre softdeps, dependencies (each with its own first),
 * the module, post softdeps */
static int add_module(struct walk *w, struct kmod_module *mod)
{
	struct kmod_list *deps, *pre = NULL, *post = NULL;
	const char *name = kmod_module_get_name(mod), *path, *rel;
	size_t dl = strlen(w->moddir);
	int r = strset_add(&w->seen, name);

	if (r <= 0)
		return r;
	kmod_module_get_softdeps(mod, &pre, &post);
	r = add_list(w, pre);
	deps = kmod_module_get_dependencies(mod);
	if (r == 0)
		r = add_list(w, deps);
	kmod_module_unref_list(deps);
	path = kmod_module_get_path(mod);
	if (r == 0 && path) {   /* no path: built into the kernel */
		rel = strncmp(path, w->moddir, dl) == 0 && path[dl] == '/' ? path + dl + 1 : path;
		r = plan_add_load(w->plan, w->target, name, rel, kmod_module_get_options(mod));
	}
	if (r == 0)
		r = add_list(w, post);
	kmod_module_unref_list(pre);
	kmod_module_unref_list(post);
	return r;
}

static int plan_target(const struct ctx *c, struct kmod_ctx *kctx, const char *moddir,
		       const char *module, struct plan *p)
{
	struct kmod_list *list = NULL;
	struct walk w = { p, module, moddir, { NULL, 0, 0 } };
	int r;

	r = kmod_module_new_from_lookup(kctx, module, &list);
	if (r < 0 || !list) {
		log_err(c, "%s: no such module in %s", module, moddir);
		return -ENOENT;
	}
	r = add_list(&w, list);
	kmod_module_unref_list(list);
	strset_free(&w.seen);
	if (r < 0)
		log_err(c, "%s: cannot resolve its dependencies: %s", module, errno_phrase(r));
	return r;
}

int plan_add_modules(const struct ctx *c, const char *kmoddir, struct plan *p)
{
	static const char *const dirs[] = { "/etc/modprobe.d", "/run/modprobe.d",
					    "/usr/local/lib/modprobe.d", "/lib/modprobe.d" };
	char moddir[PATH_MAX], confd[4][PATH_MAX];
	const char *paths[5], *kver = c->kver;
	struct kmod_ctx *kctx;
	struct utsname uts;
	int r = 0, t, i;

	if (!kver) {
		uname(&uts);
		kver = uts.release;
	}
	if (strlen(kver) >= sizeof(p->kver))
		return -ENAMETOOLONG;
	if (kmoddir)
		snprintf(moddir, sizeof(moddir), "%s", kmoddir);
	else if ((r = root_path(c, moddir, sizeof(moddir), "/lib/modules/%s", kver)) < 0)
		return r;
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
	strcpy(p->kver, kver);
	/* every target: the command line at boot may pick any of them */
	/* every target, each on its own: one missing module does not hide
	 * the others from the plan, and the first error is returned */
	for (t = 0; t < TARGET_NONE; t++) {
		int e = plan_target(c, kctx, moddir, targets[t].module, p);

		if (r == 0)
			r = e;
	}
	kmod_unref(kctx);
	return r;
}

int host_plan(const struct ctx *c, struct plan *p)
{
	struct ctx quiet = *c;

	/* modules missing for the running kernel are the boot's concern
	 * (it falls back to modules.dep); the guards are what counts here */
	quiet.sink = SINK_NONE;
	plan_add_modules(&quiet, NULL, p);
	return plan_add_host_guards(c, p);
}

int cmd_plan(const struct ctx *c0, const struct cli_opts *o)
{
	struct ctx ctx = *c0;
	struct plan p;
	FILE *f = stdout;
	int r;

	ctx.sink = SINK_STDERR;
	plan_init(&p);
	r = plan_add_modules(&ctx, o->kmoddir, &p);
	if (r == -ENOENT)   /* written all the same: the boot finds the rest itself */
		log_err(&ctx, "the plan lacks a target driver's module: exit status 1");
	if ((r == 0 || r == -ENOENT) && plan_add_host_guards(&ctx, &p) < 0)
		log_warn(&ctx, "cannot tell which PCI devices carry the root filesystem");
	/* a dry run writes no file: the plan goes to stdout */
	if (c0->dry_run && o->output)
		log_info(&ctx, "dry run: %s not written, the plan follows", o->output);
	else if ((r == 0 || r == -ENOENT) && o->output && !(f = fopen(o->output, "w"))) {
		r = -errno;
		log_err(&ctx, "cannot write %s: %s", o->output, errno_phrase(r));
	}
	if ((r == 0 || r == -ENOENT) && plan_write(&p, fileno(f)) < 0)
		r = -EIO;
	if (f != stdout && f && fclose(f) != 0 && r == 0)
		r = -EIO;
	plan_free(&p);
	return r < 0 ? EXIT_FAILED : EXIT_OK;
}
