// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * planner.c - `pciback-early plan`: resolve, with libkmod, each target
 * driver's module, its dependencies and soft dependencies in modprobe's
 * load order and the options modprobe.d gives them (modprobe_d.c: never
 * the build host's command line); take a target driver's hide= and ids=
 * out of them as selections; add the guards this host shows; write the
 * plan the initramfs hooks copy in.
 */
#include <errno.h>
#include <libkmod.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmdline.h"
#include "config.h"
#include "exitcode.h"
#include "host.h"
#include "log.h"
#include "modprobe_d.h"
#include "session.h"
#include "sysfs.h"
#include "util.h"
#include "vec.h"

/* one target's walk: the modules already planned, against loops */
struct walk {
	struct plan *plan;
	const char *target, *moddir;
	const struct modprobe_options *opts;
	struct strset seen;
};

static int add_module(struct walk *w, struct kmod_module *mod);

static bool is_target(const char *module)
{
	int t;

	for (t = 0; t < TARGET_NONE; t++)
		if (modname_eq(module, targets[t].module, strlen(targets[t].module)))
			return true;
	return false;
}

/*
 * A target driver's hide= and ids= leave its options line and become the
 * plan's select lines: passed to the module they would take devices past
 * every guard and except.  The other options stay as written.
 */
static int take_selections(struct plan *p, struct modprobe_option *o)
{
	char *in = kernel_skip_spaces(o->options), *out = o->options, *arg, *param, *val;
	char name[128];
	const char *key, *by;
	size_t len;
	int r = 0;

	if (!is_target(o->module))
		return 0;
	while (*in && r == 0) {
		len = cmdline_arg_len(in);
		if (!(arg = strndup(in, len)))
			return -ENOMEM;
		cmdline_next_arg(arg, &param, &val);
		snprintf(name, sizeof(name), "%s.%s", o->module, param);
		if ((key = selecting_option(name, &by))) {
			r = plan_add_select(p, key, o->file, o->line, val ? val : "");
		} else {
			if (out != o->options)
				*out++ = ' ';
			memmove(out, in, len);
			out += len;
		}
		free(arg);
		in = kernel_skip_spaces(in + len);
	}
	*out = '\0';
	return r;
}

/* modprobe.d's options for one module, in order; NULL when out of memory */
static char *options_of(const struct modprobe_options *mo, const char *name)
{
	char *s = strdup(""), *n;
	size_t i, len = 0;

	for (i = 0; s && i < mo->n; i++) {
		const char *o = mo->v[i].options;

		if (!*o || !modname_eq(mo->v[i].module, name, strlen(name)))
			continue;
		if (!(n = realloc(s, len + strlen(o) + 2))) {
			free(s);
			return NULL;
		}
		s = n;
		len += (size_t)sprintf(s + len, "%s%s", len ? " " : "", o);
	}
	return s;
}

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

/* kmod's probe-list order (libkmod-module.c): the dependencies, each with
 * its own softdeps around it, then the module's pre softdeps, the module,
 * its post softdeps; as modload.c walks it in the early binary */
static int add_module(struct walk *w, struct kmod_module *mod)
{
	struct kmod_list *deps, *pre = NULL, *post = NULL;
	const char *name = kmod_module_get_name(mod), *path, *rel;
	size_t dl = strlen(w->moddir);
	int r = strset_add(&w->seen, name);

	if (r <= 0)
		return r;
	deps = kmod_module_get_dependencies(mod);
	r = add_list(w, deps);
	kmod_module_unref_list(deps);
	kmod_module_get_softdeps(mod, &pre, &post);
	if (r == 0)
		r = add_list(w, pre);
	path = kmod_module_get_path(mod);
	if (r == 0 && path) {   /* no path: built into the kernel */
		char *options = options_of(w->opts, name);

		rel = strncmp(path, w->moddir, dl) == 0 && path[dl] == '/' ? path + dl + 1 : path;
		r = options ? plan_add_load(w->plan, w->target, name, rel, options) : -ENOMEM;
		free(options);
	}
	if (r == 0)
		r = add_list(w, post);
	kmod_module_unref_list(pre);
	kmod_module_unref_list(post);
	return r;
}

/* one target; a missing module is an error only when needed (the
 * configured driver), else a warning: the plan goes on without it */
static int plan_target(const struct ctx *c, struct kmod_ctx *kctx, const char *moddir,
		       const char *module, const struct modprobe_options *mo, struct plan *p,
		       bool needed)
{
	struct kmod_list *list = NULL;
	struct walk w = { p, module, moddir, mo, { NULL, 0, 0 } };
	int r;

	r = kmod_module_new_from_lookup(kctx, module, &list);
	if (r < 0 || !list) {
		log_msg(c, LOG_ARG "%s: no such module in %s%s", needed ? *LOG_ERR : *LOG_WARN, module, moddir,
			needed ? " (it is rd.pciback.driver)" : "; the plan goes on without it");
		return needed ? -ENOENT : 0;
	}
	r = add_list(&w, list);
	kmod_module_unref_list(list);
	strset_free(&w.seen);
	if (r < 0)
		log_err(c, "%s: cannot resolve its dependencies: %s", module, errno_phrase(r));
	return r;
}

int plan_add_modules(const struct ctx *c, const char *kmoddir, struct plan *p,
		     unsigned needed)
{
	char moddir[PATH_MAX], confd[8][PATH_MAX];
	const char *paths[8], *kver = kernel_release(c);
	struct modprobe_options mo;
	struct kmod_ctx *kctx = NULL;
	size_t i;
	int r, t;

	/* modprobe.d, with what selects devices taken out first: those
	 * count whether or not the modules are found */
	r = modprobe_options_read(c, &mo);
	for (i = 0; i < mo.n && r == 0; i++)
		r = take_selections(p, &mo.v[i]);
	if (r == 0 && strlen(kver) >= sizeof(p->kver))
		r = -ENAMETOOLONG;
	if (r == 0 && kmoddir)
		snprintf(moddir, sizeof(moddir), "%s", kmoddir);
	else if (r == 0)
		r = root_path(c, moddir, sizeof(moddir), "/lib/modules/%s", kver);
	/* libkmod reads the same modprobe.d for the softdeps */
	for (i = 0; r == 0 && modprobe_dirs[i]; i++) {
		root_path(c, confd[i], sizeof(confd[i]), "%s", modprobe_dirs[i]);
		paths[i] = confd[i];
	}
	paths[i] = NULL;
	if (r == 0 && !(kctx = kmod_new(moddir, paths))) {
		log_msg(c, LOG_ARG "cannot read the modules of %s in %s", needed ? *LOG_ERR : *LOG_WARN,
			kver, moddir);
		r = needed ? -ENOENT : 0;
	}
	if (kctx) {
		kmod_set_log_priority(kctx, 0);
		strcpy(p->kver, kver);
		/* every target, each on its own: the command line at boot may
		 * pick any of them, and one missing hides none of the others */
		for (t = 0; t < TARGET_NONE; t++) {
			int e = plan_target(c, kctx, moddir, targets[t].module, &mo, p,
					    needed & (1u << t));

			if (r == 0)
				r = e;
		}
		kmod_unref(kctx);
	}
	modprobe_options_free(&mo);
	return r;
}

int host_plan(const struct ctx *c, struct plan *p)
{
	struct ctx quiet = *c;

	/* modules missing for the running kernel are the boot's concern
	 * (it falls back to modules.dep); the guards are what counts here */
	quiet.sink = SINK_NONE;
	plan_add_modules(&quiet, NULL, p, 0);
	return plan_add_host_guards(c, p);
}

/* rd.pciback.driver of the conf under the root: the one target a plan
 * must have (the build host's command line is not the boot's) */
static enum target configured_target(const struct ctx *c)
{
	struct session s;
	enum target t;

	session_open(&s, c, "", SINK_NONE);
	t = s.cfg.driver;
	session_close(&s);
	return t;
}

/* a plan cut short is removed: what the hooks find is a whole plan */
static void remove_partial(const struct ctx *c, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0)
		log_err(c, "cannot write %s: removed what was written", path);
}

enum { PLAN_KMODDIR, PLAN_OUTPUT };
static const struct cli_option_spec plan_options[] = {
	[PLAN_KMODDIR] = { "kmoddir", 0, "DIR", "modules directory (default ROOT/lib/modules/KVER)" },
	[PLAN_OUTPUT] = { "output", 'o', "FILE", "write the plan to FILE (default stdout)" },
};

static int cmd_plan(const struct ctx *c0, const struct cli_opts *o)
{
	const char *output = o->opt[PLAN_OUTPUT];

	struct ctx ctx = *c0;
	enum target t = configured_target(c0);
	struct plan p;
	FILE *f = stdout;
	int r, w = 0;

	ctx.sink = SINK_STDERR;
	plan_init(&p);
	/* whatever is missing, every guard and every target found is written */
	r = plan_add_modules(&ctx, o->opt[PLAN_KMODDIR], &p, 1u << t);
	if (r == -ENOENT)
		log_err(&ctx, "the plan lacks %s, the configured driver: written with every guard, "
			"exit status 1", targets[t].module);
	if (plan_add_host_guards(&ctx, &p) < 0)
		log_warn(&ctx, "cannot tell which PCI devices carry the root filesystem");
	/* a dry run writes no file: the plan goes to stdout */
	if (c0->dry_run && output)
		log_info(&ctx, "dry run: %s not written, the plan follows", output);
	else if (output && !(f = fopen(output, "w"))) {
		w = -errno;
		log_err(&ctx, "cannot write %s: %s", output, errno_phrase(w));
	}
	if (f && plan_write(&p, fileno(f)) < 0)
		w = -EIO;
	if (f && f != stdout && fclose(f) != 0 && w == 0)
		w = -EIO;
	if (w == -EIO && f != stdout)
		remove_partial(&ctx, output);
	plan_free(&p);
	return r < 0 || w < 0 ? EXIT_FAILED : EXIT_OK;
}

const struct cli_command plan_command = {
	"plan", cmd_plan, NULL, "resolve modules (libkmod), options and guards for the initramfs",
	plan_options, sizeof(plan_options) / sizeof(plan_options[0]),
};
