// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * modload.c - finding and loading modules without libkmod, in modprobe's
 * order: for each dependency of a module, then for the module, its pre
 * softdeps, itself, its post softdeps; each module once.
 *
 * modules.dep lists every module a module needs, the ones needed last
 * first, so they load from the end of the list.  modules.softdep lines
 * read "softdep MOD pre: A B post: C D"; the first line for a module
 * counts and unknown names are skipped, as in kmod.  modules.dep's lines
 * are found through a hash table of module names, so that a long softdep
 * line costs a lookup per name, not a walk of modules.dep; CRLF line ends
 * are read as the kernel's tools read them.  A module file must
 * resolve, symlinks followed, inside ROOT/lib/modules/KVER: --root holds
 * module files too.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"
#include "modload.h"
#include "sysfs.h"
#include "util.h"
#include "vec.h"

#define MODULE_INIT_COMPRESSED_FILE 4
#define MODULES_DEP_MAX (16u << 20)

struct loader {
	const struct ctx *c;
	const struct config *cfg;
	const char *kver;
	const char *target;          /* the module whose driver seizes */
	char *dep, *softdep;         /* the files' text; NULL when not read */
	const char **index;          /* modules.dep's lines by module name */
	size_t mask;                 /* index's size - 1 (a power of two) */
	struct strset seen;          /* modules loaded or on the way */
	char moddir[PATH_MAX];       /* ROOT/lib/modules/KVER, resolved */
};

#define BLANKS " \t\r"

/* the word at *p (blanks skipped) and its length; 0 at the end of the line */
static size_t word(const char **p)
{
	*p += strspn(*p, BLANKS);
	return strcspn(*p, BLANKS "\n");
}

static const char *next_line(const char *line)
{
	line = strchr(line, '\n');
	return line ? line + 1 : NULL;
}

/* xen-pciback.ko.xz, .zst, .gz: the kernel decompresses it (5.17+) */
static bool is_compressed(const char *path)
{
	return str_find(strrchr(path, '/'), ".ko.") != NULL;
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

static int load_one(struct loader *l, const char *mod, size_t mlen,
		    const char *path, size_t plen, const char *options)
{
	const struct ctx *c = l->c;
	/* static, as load_target's loader: one module at a time */
	static char full[PATH_MAX], real[PATH_MAX], params[1024];
	size_t i, len, dl = strlen(l->moddir);
	int m = (int)mlen, fd, r, compressed;

	len = (size_t)fmt(params, sizeof(params), "%s", options ? options : "");
	for (i = 0; i < l->cfg->modopts.n && len < sizeof(params); i++)
		if (modname_eq(l->cfg->modopts.v[i].module, mod, mlen))
			len += (size_t)fmt(params + len, sizeof(params) - len, "%s%s",
						len ? " " : "", l->cfg->modopts.v[i].opt);
	/* the target's probes end inside finit_module: with async_probe (its
	 * own, or module.async_probe=1) the driver link appears before its
	 * probe ends and drivers_probe does not wait for it, so no check
	 * could be trusted (drivers/base/dd.c, bus.c); the last one counts */
	if (modname_eq(l->target, mod, mlen) && len < sizeof(params))
		len += (size_t)fmt(params + len, sizeof(params) - len, "%sasync_probe=0",
				   len ? " " : "");
	if (len >= sizeof(params)) {
		log_err(c, "%.*s: module options longer than %zu bytes, not loaded",
			m, mod, sizeof(params));
		return -E2BIG;
	}
	r = path[0] == '/' ? root_path(c, full, sizeof(full), "%.*s", (int)plen, path) :
	    root_path(c, full, sizeof(full), "/lib/modules/%s/%.*s", l->kver, (int)plen, path);
	if (r == 0 && (r = open_real(full, real, sizeof(real))) == -ENOENT) {
		char *ko = (char *)str_find(strrchr(full, '/'), ".ko.");

		/* mkinitramfs decompresses the modules after the hooks wrote
		 * the plan: xen-pciback.ko.xz is xen-pciback.ko in the image */
		if (ko) {
			ko[3] = '\0';
			r = open_real(full, real, sizeof(real));
		}
	}
	if (r < 0) {
		log_err(c, "%.*s: cannot open %s: %s (is the module in the initramfs?)",
			m, mod, full, errno_phrase(r));
		return r;
	}
	fd = r;
	r = 0;
	if (strncmp(real, l->moddir, dl) != 0 || real[dl] != '/') {
		log_err(c, "%.*s: %s refused, it leaves the modules directory %s",
			m, mod, full, l->moddir);
		r = -EPERM;
	} else {
		log_msg(c, LOG_ARG "%s %s%s%s", c->dry_run ? *LOG_INFO : *LOG_DEBUG,
			c->dry_run ? "would load" : "loading", real, *params ? " " : "", params);
	}
	compressed = is_compressed(real) ? MODULE_INIT_COMPRESSED_FILE : 0;
	if (r == 0 && !c->dry_run) {
		/* the module's init runs inside finit_module: kernel time */
		kernel_us -= now_us();
		r = c->ops->load_module(c->ops->priv, fd, params, compressed);
		kernel_us += now_us();
		if (r == -EEXIST)       /* already loaded counts as loaded, as for modprobe */
			r = 0;
		if (r == -EOPNOTSUPP && compressed)
			log_err(c, "%.*s: this kernel cannot decompress %s itself "
				"(no CONFIG_MODULE_DECOMPRESS): put it in the initramfs uncompressed",
				m, mod, real);
		else if (r < 0)
			log_err(c, "%.*s: the kernel refused to load %s: %s", m, mod, real,
				errno_phrase(r));
	}
	close(fd);
	return r;
}

/* the index slot of the module name[len] ('-' and '_' alike): to find
 * (name NUL-terminated), its modules.dep line or an empty slot; else the
 * first empty slot, where a line goes (open addressing: of two lines of
 * one module the first is found) */
static const char **slot(struct loader *l, const char *name, size_t len, bool find)
{
	const char **e, *mod;
	size_t h = 0, i, mlen;

	for (i = 0; i < len; i++)
		h = h * 31 + (name[i] == '-' ? '_' : name[i]);
	for (;; h++) {
		e = &l->index[h & l->mask];
		if (!*e)
			return e;
		path_module(*e, strcspn(*e, ":"), &mod, &mlen);
		if (find && modname_eq(name, mod, mlen))
			return e;
	}
}

/* the index of modules.dep's "PATH: DEPS" lines, at least twice as large
 * as modules.dep has lines */
static int index_dep(struct loader *l)
{
	const char *line, *mod;
	size_t n = 0, mlen, size;

	for (line = l->dep; line; line = next_line(line))
		n++;
	for (size = 2; size < n * 2; size *= 2)
		;
	l->mask = size - 1;
	if (!(l->index = calloc(size, sizeof(*l->index))))
		return -ENOMEM;
	for (line = l->dep; line; line = next_line(line)) {
		n = strcspn(line, ":\n");
		path_module(line, n, &mod, &mlen);
		if (line[n] == ':')
			*slot(l, mod, mlen, false) = line;
	}
	return 0;
}

static int probe(struct loader *l, const char *name, size_t len, bool required);

/* the softdeps of one kind ("pre:" or "post:") on a modules.softdep line */
static int softdeps(struct loader *l, const char *w, const char *kind)
{
	bool on = false;
	size_t n;
	int r = 0;

	for (; w && r == 0 && (n = word(&w)); w += n)
		if (w[n - 1] == ':')
			on = strncmp(w, kind, n) == 0 && kind[n] == '\0';
		else if (on)
			r = probe(l, w, n, false);
	return r;
}

/* pre softdeps, the module at path, post softdeps; once per module */
static int with_softdeps(struct loader *l, const char *path, size_t plen)
{
	const char *name, *line, *w = NULL;
	char key[64];
	size_t n;
	int r;

	path_module(path, plen, &name, &n);
	fmt(key, sizeof(key), "%.*s", (int)n, name);
	r = strset_add(&l->seen, key);
	if (r <= 0)
		return r;
	for (line = l->softdep; line; line = next_line(line)) {
		w = line;
		n = word(&w);
		if (n != 7 || strncmp(w, "softdep", 7) != 0)
			continue;
		w += n;
		n = word(&w);
		if (modname_eq(key, w, n))
			break;
	}
	w = line ? w + n : NULL;
	r = softdeps(l, w, "pre:");
	if (r == 0)
		r = load_one(l, name, strlen(key), path, plen, NULL);
	return r ? r : softdeps(l, w, "post:");
}

/* a module's dependencies, needed-last first on the line: from the end,
 * one word at a time (a recursion per word overflowed the stack) */
static int deps_backwards(struct loader *l, const char *w)
{
	const char *p, *end = w + strcspn(w, "\n");
	int r = 0;

	for (p = end; r == 0 && p >= w; p--)
		if (p == w || strchr(BLANKS, p[-1])) {
			if (p < end)
				r = with_softdeps(l, p, (size_t)(end - p));
			end = p - 1;
		}
	return r;
}

/* a module by name with everything it needs; an unknown softdep is skipped */
static int probe(struct loader *l, const char *name, size_t len, bool required)
{
	const char *line;
	char key[64];
	size_t n;
	int r;

	fmt(key, sizeof(key), "%.*s", (int)len, name);
	line = *slot(l, key, strlen(key), true);
	if (!line) {
		if (!required) {
			log_debug(l->c, "%s: soft dependency not in modules.dep, skipped", key);
			return 0;
		}
		log_err(l->c, "%s: module not found in /lib/modules/%s/modules.dep "
			"(add it to the initramfs)", key, l->kver);
		return -ENOENT;
	}
	n = strcspn(line, ":");
	r = deps_backwards(l, line + n + 1);
	return r ? r : with_softdeps(l, line, n);
}

int load_target(const struct ctx *c, const struct config *cfg,
		const struct plan *plan, enum target t)
{
	const char *module = targets[t].module;
	/* static: in a stack frame with its PATH_MAX buffer, each use of a
	 * field took a 32-bit offset.  One load at a time; set below */
	static struct loader l;
	char path[PATH_MAX];
	size_t i, n = 0;
	int r = 0;

	if (path_exists(c, PCI_DRIVERS "/%s", targets[t].sysfs)) {
		log_debug(c, "driver %s is already registered", targets[t].sysfs);
		return 0;
	}
	l.c = c;
	l.cfg = cfg;
	l.kver = kernel_release(c);
	l.target = module;
	l.dep = l.softdep = NULL;
	memset(&l.seen, 0, sizeof(l.seen));
	if ((r = root_path(c, path, sizeof(path), "/lib/modules/%s", l.kver)) < 0 ||
	    (r = open_real(path, l.moddir, sizeof(l.moddir))) < 0) {
		log_err(c, "%s: no modules for this kernel in %s: %s", module, path, errno_phrase(r));
		return r;
	}
	close(r);
	r = 0;
	/* the plan's modules for this target, when made for this kernel (a
	 * plan that names none is for no kernel in particular) */
	if (plan->kver[0] && strcmp(plan->kver, l.kver) == 0)
		for (i = 0; i < plan->loads.n && r == 0; i++) {
			const struct plan_load *p = &plan->loads.v[i];

			if (!modname_eq(p->target, module, strlen(module)))
				continue;
			n++;
			r = load_one(&l, p->module, strlen(p->module), p->path,
				     strlen(p->path), p->options);
		}
	if (n == 0) {
		fmt(path, sizeof(path), "/lib/modules/%s/modules.%s", l.kver, "dep");
		r = read_file(c, path, &l.dep, MODULES_DEP_MAX);
		if (r < 0) {
			log_err(c, "%s: cannot read %s: %s", module, path, errno_phrase(r));
			return r;
		}
		fmt(path, sizeof(path), "/lib/modules/%s/modules.%s", l.kver, "softdep");
		if (read_file(c, path, &l.softdep, MODULES_DEP_MAX) < 0)
			log_debug(c, "no %s: no soft dependencies", path);
		r = index_dep(&l);
		if (r == 0)
			r = probe(&l, module, strlen(module), true);
		free(l.index);
		free(l.dep);
		free(l.softdep);
		strset_free(&l.seen);
	}
	if (r == 0 && !c->dry_run && !path_exists(c, PCI_DRIVERS "/%s", targets[t].sysfs)) {
		log_err(c, "%s: module loaded but driver %s did not register",
			module, targets[t].sysfs);
		r = -ENODEV;
	}
	return r;
}
