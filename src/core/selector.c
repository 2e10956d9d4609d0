/*
 * selector.c - parsers for SEL, ID and class tokens.
 *
 * Hex numbers are case-insensitive and width-checked, so "00:1f.0" is a
 * device and "0:1f" is bus 0 device 0x1f, as in Xen's own hide= parser.
 */
#include <errno.h>
#include <string.h>

#include "selector.h"

const char sel_expected[] =
	"expected DDDD:BB:DD.F, BB:DD.F, BB:DD, BB:DD.*, (DDDD:BB:DD.F) "
	"or a bridge path DDDD:BB:DD.F/DD.F, optionally ending in @VVVV:DDDD";
const char id_expected[] = "expected VVVV:DDDD or VVVV:DDDD:SVVV:SDDD (hex)";
const char class_expected[] = "expected a class prefix of 2, 4 or 6 hex digits, e.g. 0c03";

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* 1..maxdigits hex digits at *p, value <= max; advances *p */
static int hex_field(const char **p, unsigned maxdigits, unsigned max, unsigned *out)
{
	unsigned v = 0, n = 0;
	int d;

	while ((d = hexval(**p)) >= 0) {
		if (++n > maxdigits)
			return -EINVAL;
		v = v * 16 + (unsigned)d;
		(*p)++;
	}
	if (n == 0 || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* exactly ndigits hex digits */
static int hex_exact(const char **p, unsigned ndigits, unsigned *out)
{
	const char *start = *p;

	if (hex_field(p, ndigits, 0xffffffffu, out) < 0 ||
	    (unsigned)(*p - start) != ndigits)
		return -EINVAL;
	return 0;
}

/* "DD.F" or "DD.*" or "DD" (allow_any); advances *p */
static int dev_fn(const char **p, struct pci_addr *a, bool allow_any)
{
	if (hex_field(p, 2, 0x1f, &a->dev) < 0)
		return -EINVAL;
	if (**p != '.') {
		if (!allow_any)
			return -EINVAL;
		a->fn = ANY_FUNCTION;
		return 0;
	}
	(*p)++;
	if (**p == '*' && allow_any) {
		(*p)++;
		a->fn = ANY_FUNCTION;
		return 0;
	}
	return hex_field(p, 1, 7, &a->fn);
}

/* [DDDD:]BB:DD[.F|.*]; the domain is there when the text has two colons */
static int bdf(const char **p, const char *end, struct pci_addr *a, bool allow_any)
{
	const char *q;
	int colons = 0;

	for (q = *p; q < end; q++)
		colons += *q == ':';
	a->domain = 0;
	if (colons == 2) {
		if (hex_field(p, 8, 0xffffffffu, &a->domain) < 0 || *(*p)++ != ':')
			return -EINVAL;
	} else if (colons != 1) {
		return -EINVAL;
	}
	if (hex_field(p, 2, 0xff, &a->bus) < 0 || *(*p)++ != ':')
		return -EINVAL;
	return dev_fn(p, a, allow_any);
}

static int id_pair(const char **p, unsigned *v, unsigned *d)
{
	if (hex_exact(p, 4, v) < 0 || *(*p)++ != ':' || hex_exact(p, 4, d) < 0)
		return -EINVAL;
	return 0;
}

int parse_selector(const char *tok, struct selector *s)
{
	const char *p, *end, *at;
	size_t len = strlen(tok);

	memset(s, 0, sizeof(*s));
	if (len == 0 || len >= sizeof(s->text))
		return -EINVAL;
	memcpy(s->text, tok, len + 1);

	/* Xen's hide syntax wraps one address in parentheses */
	p = tok;
	end = tok + len;
	if (*p == '(') {
		if (end[-1] != ')')
			return -EINVAL;
		p++;
		end--;
	}
	at = memchr(p, '@', (size_t)(end - p));
	if (at) {
		const char *q = at + 1;

		if (id_pair(&q, &s->vendor, &s->device) < 0 || q != end)
			return -EINVAL;
		s->check_id = true;
		end = at;
	}
	{
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *first_end = slash ? slash : end;

		if (bdf(&p, first_end, &s->addr, !slash) < 0 || p != first_end)
			return -EINVAL;
		while (p < end) {
			struct pci_addr step;

			if (*p++ != '/' || s->depth == SEL_MAX_DEPTH)
				return -EINVAL;
			if (dev_fn(&p, &step, false) < 0)
				return -EINVAL;
			s->path[s->depth][0] = (unsigned char)step.dev;
			s->path[s->depth][1] = (unsigned char)step.fn;
			s->depth++;
		}
	}
	return p == end ? 0 : -EINVAL;
}

int parse_addr(const char *str, struct pci_addr *a)
{
	const char *p = str;

	if (hex_exact(&p, 4, &a->domain) < 0 || *p++ != ':' ||
	    hex_exact(&p, 2, &a->bus) < 0 || *p++ != ':' ||
	    hex_exact(&p, 2, &a->dev) < 0 || *p++ != '.' ||
	    hex_exact(&p, 1, &a->fn) < 0 || *p != '\0' ||
	    a->dev > 0x1f || a->fn > 7)
		return -EINVAL;
	return 0;
}

int parse_id(const char *tok, struct id_match *m)
{
	const char *p = tok;

	memset(m, 0, sizeof(*m));
	if (id_pair(&p, &m->vendor, &m->device) < 0)
		return -EINVAL;
	if (*p == ':') {
		p++;
		if (id_pair(&p, &m->subvendor, &m->subdevice) < 0)
			return -EINVAL;
		m->has_subsys = true;
	}
	return *p == '\0' ? 0 : -EINVAL;
}

int parse_class(const char *tok, struct class_match *m)
{
	const char *p = tok;
	size_t len = strlen(tok);

	if (len != 2 && len != 4 && len != 6)
		return -EINVAL;
	if (hex_exact(&p, (unsigned)len, &m->value) < 0)
		return -EINVAL;
	m->digits = (unsigned)len;
	return 0;
}

bool class_matches(const struct class_match *m, unsigned class_code)
{
	return (class_code >> (4 * (6 - m->digits))) == m->value;
}

bool id_matches(const struct id_match *m, unsigned vendor, unsigned device,
		unsigned subvendor, unsigned subdevice)
{
	return m->vendor == vendor && m->device == device &&
	       (!m->has_subsys ||
		(m->subvendor == subvendor && m->subdevice == subdevice));
}

bool addr_matches(const struct pci_addr *sel, const struct pci_addr *dev)
{
	return sel->domain == dev->domain && sel->bus == dev->bus &&
	       sel->dev == dev->dev &&
	       (sel->fn == ANY_FUNCTION || sel->fn == dev->fn);
}
