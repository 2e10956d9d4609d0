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
#include "util.h"

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
	for (i = 0; i < p->selects.n; i++)
		free(p->selects.v[i].by);
	for (i = 0; i < p->guards.n; i++) {
		free((char *)p->guards.v[i].addr);
		free((char *)p->guards.v[i].reason);
		free((char *)p->guards.v[i].via);
	}
	VEC_FREE(p->loads);
	VEC_FREE(p->selects);
	VEC_FREE(p->guards);
	plan_init(p);
}

/*
 * A string of the plan: a copy in the host build, whose plans are built
 * from strings that do not last and freed by plan_free.  The early binary
 * only adds what plan_parse read from a text that stays, and its free()
 * never returns memory (FREE_RETURNS_MEMORY): it keeps the pointer.
 */
static char *plan_str(const char *s)
{
	return FREE_RETURNS_MEMORY ? strdup(s) : (char *)s;
}

int plan_add_load(struct plan *p, const char *target, const char *module,
		  const char *path, const char *options)
{
	struct plan_load l;

	l.target = plan_str(target);
	l.module = plan_str(module);
	l.path = plan_str(path);
	l.options = plan_str(options ? options : "");
	if (l.target && l.module && l.path && l.options && VEC_PUSH(p->loads, l) == 0)
		return 0;
	free(l.target);
	free(l.module);
	free(l.path);
	free(l.options);
	return -ENOMEM;
}

int plan_add_select(struct plan *p, const char *key, const char *file, int line,
		    const char *value)
{
	struct plan_select sel;
	size_t flen = strlen(file) + 1, vlen = strlen(value) + 1, n = 2 * flen + vlen + 32;

	sel.hide = strcmp(key, "hide") == 0;
	if (!sel.hide && strcmp(key, "ids") != 0)
		return -EINVAL;
	sel.line = line;
	/* one block: by, then file, then value; the early binary keeps file
	 * and value where they are, as plan_str does */
	sel.by = malloc(n);
	if (!sel.by)
		return -ENOMEM;
	n = (size_t)fmt(sel.by, n, "%s:%d: %s=", file, line, key) + 1;
	sel.file = (char *)file;
	sel.value = (char *)value;
	if (FREE_RETURNS_MEMORY) {
		sel.file = memcpy(sel.by + n, file, flen);
		sel.value = memcpy(sel.file + flen, value, vlen);
	}
	if (VEC_PUSH(p->selects, sel) == 0)
		return 0;
	free(sel.by);
	return -ENOMEM;
}

/* a guard name: lower-case letters and '-' */
static bool is_word(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz-") == strlen(s);
}

int plan_add_guard(struct plan *p, const struct plan_guard *g)
{
	struct plan_guard n = *g;
	struct pci_addr a;
	char *addr, *reason, *via;

	if ((g->addr && parse_addr(g->addr, &a) < 0) || !is_word(g->reason))
		return -EINVAL;
	n.addr = addr = g->addr ? plan_str(g->addr) : NULL;
	n.reason = reason = plan_str(g->reason);
	n.via = via = plan_str(g->via ? g->via : "");
	if ((addr || !g->addr) && reason && via && VEC_PUSH(p->guards, n) == 0)
		return 0;
	free(addr);
	free(reason);
	free(via);
	return -ENOMEM;
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

/* "guard ADDR REASON [VVVV:DDDD CCCCCC [VIA...]]" or
 * "unknown REASON CLASS WHY..." (a, b: the first two words) */
static int parse_guard(struct plan *p, bool unknown, const char *a, const char *b, char *rest)
{
	struct plan_guard g;
	struct id_match id;
	char *ids = unknown ? NULL : plan_word(&rest), *cls = ids ? plan_word(&rest) : NULL;

	memset(&g, 0, sizeof(g));
	g.via = rest + strspn(rest, " \t");
	if (!b)
		return -EINVAL;
	if (unknown) {
		g.reason = a;
		return parse_class(b, &g.kind) < 0 || !*g.via ? -EINVAL : plan_add_guard(p, &g);
	}
	g.addr = a;
	g.reason = b;
	if (ids) {
		if (!cls || parse_id(ids, &id) < 0 || id.has_subsys ||
		    parse_uint(cls, 16, &g.class_code) < 0 || strlen(cls) != 6)
			return -EINVAL;
		g.has_ids = true;
		g.vendor = id.vendor;
		g.device = id.device;
	}
	return plan_add_guard(p, &g);
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
	if (strcmp(kw, "guard") == 0 || strcmp(kw, "unknown") == 0)
		return parse_guard(p, *kw == 'u', a, b, rest);
	if (strcmp(kw, "select") == 0) {   /* select KEY FILE:LINE VALUE... */
		unsigned line;

		path = b ? strrchr(b, ':') : NULL;
		if (!path || parse_uint(path + 1, 10, &line) < 0)
			return -EINVAL;
		*path = '\0';
		return plan_add_select(p, a, b, (int)line, rest + strspn(rest, " \t"));
	}
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
		next = cut_line(line);
		lineno++;
		/* a comment, or the CR of a CRLF line end, ends the line */
		line[strcspn(line, "#\r")] = '\0';
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

const char *class_text(const struct class_match *m, char buf[8])
{
	fmt(buf, 8, "%06x", m->value << (4 * (6 - m->digits)));
	buf[m->digits] = '\0';
	return buf;
}

int plan_write(const struct plan *p, int fd)
{
	char cls[8];
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
	for (i = 0; i < p->selects.n && r == 0; i++) {
		const struct plan_select *sel = &p->selects.v[i];

		r = fmt_fd(fd, "select %s %s:%d %s\n", sel->hide ? "hide" : "ids", sel->file,
			   sel->line, sel->value);
	}
	for (i = 0; i < p->guards.n && r == 0; i++) {
		const struct plan_guard *g = &p->guards.v[i];

		if (!g->addr)
			r = fmt_fd(fd, "unknown %s %s %s\n", g->reason, class_text(&g->kind, cls),
				   g->via);
		else if (g->has_ids)
			r = fmt_fd(fd, "guard %s %s %04x:%04x %06x%s%s\n", g->addr, g->reason,
				   g->vendor, g->device, g->class_code, *g->via ? " " : "", g->via);
		else
			r = fmt_fd(fd, "guard %s %s\n", g->addr, g->reason);
	}
	return r;
}
