/*
 * modload.c - finding and loading modules without libkmod.
 *
 * modules.dep lists, for each module, every module it needs, the ones
 * needed last first; loading them from the end of the list is the order
 * modprobe uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "log.h"
#include "modload.h"
#include "sysfs.h"

#define MODULE_INIT_COMPRESSED_FILE 4
#define MAX_STEPS 32
#define MODULES_DEP_MAX (16u << 20)

struct load_step {
	const char *module;      /* name for options and log lines */
	size_t module_len;
	const char *path;
	const char *options;     /* from the plan */
};

static bool is_compressed(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && (strcmp(path + n - 3, ".xz") == 0 || strcmp(path + n - 3, ".gz") == 0 ||
			 (n > 4 && strcmp(path + n - 4, ".zst") == 0));
}

/* the module name of a path: basename up to ".ko" */
static void path_module(const char *path, size_t len, const char **name, size_t *name_len)
{
	const char *base = path, *p;

	for (p = path; p < path + len; p++)
		if (*p == '/')
			base = p + 1;
	*name = base;
	for (p = base; p + 3 <= path + len && strncmp(p, ".ko", 3) != 0; p++)
		;
	*name_len = (size_t)(p - base);
}

static int load_one(const struct ctx *c, const struct config *cfg,
		    const char *kver, const struct load_step *st)
{
	char path[512], params[1024];
	size_t i, len = 0;
	int fd, r;

	params[0] = '\0';
	if (st->options && *st->options)
		len = (size_t)snprintf(params, sizeof(params), "%s", st->options);
	for (i = 0; i < cfg->modopts.n && len < sizeof(params); i++)
		if (modname_eq(cfg->modopts.v[i].module, st->module, st->module_len))
			len += (size_t)snprintf(params + len, sizeof(params) - len, "%s%s",
						len ? " " : "", cfg->modopts.v[i].opt);
	if (len >= sizeof(params)) {
		log_err(c, "%.*s: module options longer than %zu bytes, not loaded",
			(int)st->module_len, st->module, sizeof(params));
		return -E2BIG;
	}
	if (st->path[0] == '/')
		r = root_path(c, path, sizeof(path), "%s", st->path);
	else
		r = root_path(c, path, sizeof(path), "/lib/modules/%s/%s", kver, st->path);
	if (r < 0)
		return r;
	if (c->dry_run) {
		log_info(c, "would load %s%s%s", path, *params ? " " : "", params);
		return 0;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		log_err(c, "%.*s: cannot open %s: %s (is the module in the initramfs?)",
			(int)st->module_len, st->module, path, errno_name(r));
		return r;
	}
	r = c->ops->load_module(c->ops->priv, fd, params,
				is_compressed(path) ? MODULE_INIT_COMPRESSED_FILE : 0);
	close(fd);
	if (r == -EEXIST)
		r = 0;
	if (r < 0)
		log_err(c, "%.*s: the kernel refused to load %s: %s%s",
			(int)st->module_len, st->module, path, errno_name(r),
			r == -EOPNOTSUPP ? " (compressed module, kernel cannot decompress)" : "");
	else
		log_debug(c, "loaded %s%s%s", path, *params ? " with " : "", params);
	return r;
}

/* the plan's steps for this target, when the plan was made for this kernel */
static int steps_from_plan(const struct plan *plan, const char *kver, const char *module,
			   struct load_step *steps)
{
	size_t i;
	int n = 0;

	if (plan->kver[0] && strcmp(plan->kver, kver) != 0)
		return 0;
	for (i = 0; i < plan->loads.n && n < MAX_STEPS; i++) {
		const struct plan_load *l = &plan->loads.v[i];

		if (!modname_eq(l->target, module, strlen(module)))
			continue;
		steps[n].module = l->module;
		steps[n].module_len = strlen(l->module);
		steps[n].path = l->path;
		steps[n].options = l->options;
		n++;
	}
	return n;
}

/* find "path: deps" for module in modules.dep text (modified in place) */
static int steps_from_modules_dep(char *text, const char *module, struct load_step *steps)
{
	char *line, *next, *colon, *dep, *save;
	const char *name;
	size_t name_len;
	int n = 0, ndeps, i;
	char *deps[MAX_STEPS];

	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		colon = strchr(line, ':');
		if (!colon)
			continue;
		path_module(line, (size_t)(colon - line), &name, &name_len);
		if (!modname_eq(module, name, name_len))
			continue;
		*colon = '\0';
		ndeps = 0;
		for (dep = strtok_r(colon + 1, " \t", &save); dep && ndeps < MAX_STEPS - 1;
		     dep = strtok_r(NULL, " \t", &save))
			deps[ndeps++] = dep;
		for (i = ndeps - 1; i >= 0; i--, n++) {
			steps[n].path = deps[i];
			path_module(deps[i], strlen(deps[i]), &steps[n].module, &steps[n].module_len);
			steps[n].options = NULL;
		}
		steps[n].path = line;
		steps[n].module = name;
		steps[n].module_len = name_len;
		steps[n].options = NULL;
		return n + 1;
	}
	return 0;
}

int load_target(const struct ctx *c, const struct config *cfg,
		const struct plan *plan, enum target t)
{
	const char *module = targets[t].module;
	struct load_step steps[MAX_STEPS];
	struct utsname uts;
	const char *kver = c->kver;
	char *dep = NULL, path[256];
	int n, i, r = 0;

	if (path_exists(c, PCI_DRIVERS "/%s", targets[t].sysfs)) {
		log_debug(c, "driver %s is already registered", targets[t].sysfs);
		return 0;
	}
	if (!kver) {
		uname(&uts);
		kver = uts.release;
	}
	n = steps_from_plan(plan, kver, module, steps);
	if (n == 0) {
		snprintf(path, sizeof(path), "/lib/modules/%s/modules.dep", kver);
		r = read_file(c, path, &dep, MODULES_DEP_MAX);
		if (r < 0) {
			log_err(c, "%s: cannot read %s: %s", module, path, errno_name(r));
			return r;
		}
		n = steps_from_modules_dep(dep, module, steps);
		if (n == 0) {
			log_err(c, "%s: module not found in %s (add it to the initramfs)",
				module, path);
			free(dep);
			return -ENOENT;
		}
		r = 0;
	}
	for (i = 0; i < n && r == 0; i++)
		r = load_one(c, cfg, kver, &steps[i]);
	free(dep);
	if (r == 0 && !c->dry_run && !path_exists(c, PCI_DRIVERS "/%s", targets[t].sysfs)) {
		log_err(c, "%s: module loaded but driver %s did not register",
			module, targets[t].sysfs);
		r = -ENODEV;
	}
	return r;
}
