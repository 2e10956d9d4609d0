/*
 * plan.c - reading the plan file (the host build writes it, see plan_write
 * in the host sources).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "plan.h"
#include "selector.h"
#include "sysfs.h"
#include "vec.h"

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
	for (i = 0; i < p->guards.n; i++)
		free(p->guards.v[i].reason);
	free(p->loads.v);
	free(p->guards.v);
	plan_init(p);
}

static char *word(char **s)
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

static int add_load(struct plan *p, char *rest)
{
	char *target = word(&rest), *module = word(&rest), *path = word(&rest);
	struct plan_load l;

	if (!path)
		return -EINVAL;
	rest += strspn(rest, " \t");
	l.target = strdup(target);
	l.module = strdup(module);
	l.path = strdup(path);
	l.options = strdup(rest);
	if (!l.target || !l.module || !l.path || !l.options || VEC_PUSH(p->loads, l) != 0) {
		free(l.target);
		free(l.module);
		free(l.path);
		free(l.options);
		return -ENOMEM;
	}
	return 0;
}

static int add_guard(struct plan *p, char *rest)
{
	char *addr = word(&rest), *reason = word(&rest);
	struct pci_addr a;
	struct plan_guard g;

	if (!reason || word(&rest) || parse_addr(addr, &a) < 0)
		return -EINVAL;
	strcpy(g.addr, addr);
	g.reason = strdup(reason);
	if (!g.reason || VEC_PUSH(p->guards, g) != 0) {
		free(g.reason);
		return -ENOMEM;
	}
	return 0;
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
		kw = word(&line);
		if (!kw)
			continue;
		if (strcmp(kw, "load") == 0) {
			r = add_load(p, line);
		} else if (strcmp(kw, "guard") == 0) {
			r = add_guard(p, line);
		} else if (strcmp(kw, "kver") == 0) {
			char *v = word(&line);

			r = v && strlen(v) < sizeof(p->kver) && !word(&line) ? 0 : -EINVAL;
			if (r == 0)
				strcpy(p->kver, v);
		} else {
			r = -EINVAL;
		}
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
	int r;

	r = read_file(c, PLAN_PATH, &text, 1 << 20);
	if (r < 0)
		return r;
	r = plan_parse(c, p, PLAN_PATH, text);
	free(text);
	return r < 0 ? r : 0;
}

const char *plan_guard_reason(const struct plan *p, const char *addr)
{
	size_t i;

	for (i = 0; i < p->guards.n; i++)
		if (strcmp(p->guards.v[i].addr, addr) == 0)
			return p->guards.v[i].reason;
	return NULL;
}
