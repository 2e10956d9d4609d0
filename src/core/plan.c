// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * plan.c - the plan in memory, and its text file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "log.h"
#include "plan.h"
#include "selector.h"
#include "sysfs.h"

void plan_init(struct plan *p)
{
	memset(p, 0, sizeof(*p));
}

void plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->loads.n; i++) {
		free(p->loads.v[i].target);
		free(p->loads.v[i].module);
		free(p->loads.v[i].path);
		free(p->loads.v[i].options);
	}
	for (i = 0; i < p->guards.n; i++) {
		free(p->guards.v[i].addr);
		free(p->guards.v[i].reason);
	}
	VEC_FREE(p->loads);
	VEC_FREE(p->guards);
	plan_init(p);
}

int plan_add_load(struct plan *p, const char *target, const char *module,
		  const char *path, const char *options)
{
	struct plan_load l;

	l.target = strdup(target);
	l.module = strdup(module);
	l.path = strdup(path);
	l.options = strdup(options ? options : "");
	if (l.target && l.module && l.path && l.options && VEC_PUSH(p->loads, l) == 0)
		return 0;
	free(l.target);
	free(l.module);
	free(l.path);
	free(l.options);
	return -ENOMEM;
}

int plan_add_guard(struct plan *p, const char *addr, const char *reason)
{
	struct plan_guard g;
	struct pci_addr a;
	size_t i;

	if (parse_addr(addr, &a) < 0)
		return -EINVAL;
	for (i = 0; i < p->guards.n; i++)
		if (strcmp(p->guards.v[i].addr, addr) == 0 &&
		    strcmp(p->guards.v[i].reason, reason) == 0)
			return 0;
	g.addr = strdup(addr);
	g.reason = strdup(reason);
	if (g.addr && g.reason && VEC_PUSH(p->guards, g) == 0)
		return 0;
	free(g.addr);
	free(g.reason);
	return -ENOMEM;
}

const char *plan_guard_reason(const struct plan *p, const char *addr)
{
	size_t i;

	for (i = 0; i < p->guards.n; i++)
		if (strcmp(p->guards.v[i].addr, addr) == 0)
			return p->guards.v[i].reason;
	return NULL;
}

static char *plan_word(char **s)
{
	char *w;

	*s += strspn(*s, " \t");
	if (!**s)
		return NULL;
	w = *s;
	*s += strcspn(*s, " \t");
	if (**s)
		*(*s)++ = '\0';
	return w;
}

static int parse_line(struct plan *p, const char *kw, char *rest)
{
	char *a = plan_word(&rest), *b = plan_word(&rest), *path;

	if (strcmp(kw, "load") == 0) {
		path = plan_word(&rest);
		if (!path)
			return -EINVAL;
		return plan_add_load(p, a, b, path, rest + strspn(rest, " \t"));
	}
	if (strcmp(kw, "guard") == 0)
		return b && !plan_word(&rest) ? plan_add_guard(p, a, b) : -EINVAL;
	if (strcmp(kw, "kver") == 0 && a && !b && strlen(a) < sizeof(p->kver)) {
		strcpy(p->kver, a);
		return 0;
	}
	return -EINVAL;
}

int plan_parse(const struct ctx *c, struct plan *p, const char *name, char *text)
{
	char *line, *next, *kw;
	int lineno = 0, bad = 0, r;

	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if ((kw = strchr(line, '#')))
			*kw = '\0';
		kw = plan_word(&line);
		if (!kw)
			continue;
		r = parse_line(p, kw, line);
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			bad++;
			log_err(c, "%s:%d: ignoring malformed plan line starting '%s'", name, lineno, kw);
		}
	}
	return bad;
}

int plan_read(const struct ctx *c, struct plan *p)
{
	char *text;
	int r, len;

	len = r = read_file(c, PLAN_PATH, &text, 1 << 20);
	if (r < 0)
		return r;
	/* keep every guard before the binary data, refuse what one after it
	 * could have protected */
	if ((int)strlen(text) < len) {
		log_err(c, "%s: binary data at byte %zu: reading only what comes before",
			PLAN_PATH, strlen(text));
		p->damaged = true;
	}
	r = plan_parse(c, p, PLAN_PATH, text);
	free(text);
	if (r > 0)
		p->damaged = true;
	return r < 0 ? r : 0;
}

int plan_write(const struct plan *p, int fd)
{
	size_t i;
	int r = 0;

	if (p->kver[0])
		r = fmt_fd(fd, "# pciback-early plan for %s, written by pciback-early plan\n"
			   "kver %s\n", p->kver, p->kver);
	for (i = 0; i < p->loads.n && r == 0; i++) {
		const struct plan_load *l = &p->loads.v[i];

		r = fmt_fd(fd, "load %s %s %s%s%s\n", l->target, l->module, l->path,
			   *l->options ? " " : "", l->options);
	}
	for (i = 0; i < p->guards.n && r == 0; i++)
		r = fmt_fd(fd, "guard %s %s\n", p->guards.v[i].addr, p->guards.v[i].reason);
	return r;
}
