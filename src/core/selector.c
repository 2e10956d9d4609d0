// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * selector.c - parsers for SEL, ID and class tokens.
 *
 * Hex numbers are case-insensitive and width-checked, so "00:1f.0" is a
 * device and "0:1f" is bus 0 device 0x1f, as in Xen's own hide= parser.
 * A hide= value is read first as xen-pciback reads it (no widths, white
 * space, 0x), and only where that fails as our selectors.
 */
#include <errno.h>
#include <string.h>

#include "selector.h"

const char sel_expected[] =
	"expected DDDD:BB:DD.F, BB:DD.F, BB:DD, BB:DD.*, (DDDD:BB:DD.F) "
	"or a bridge path DDDD:BB:DD.F/DD.F, any of them (a PF) followed by /vfN or /vf*, "
	"optionally ending in @VVVV:DDDD";
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

int parse_uint(const char *s, unsigned base, unsigned *out)
{
	unsigned long long v = 0;
	int d;

	if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if ((d = hexval(*s)) < 0 || (unsigned)d >= base || (v = v * base + (unsigned)d) > 0xffffffffu)
			return -EINVAL;
	}
	*out = (unsigned)v;
	return 0;
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

/* a device or function number out of range in a token that does not
 * parse, said in words; NULL when it is something else */
const char *selector_problem(const char *tok)
{
	const char *p;

	for (p = tok; (p = strchr(p, '.')); p++) {
		unsigned dev = 0, scale = 1;
		const char *q = p;

		while (q > tok && scale <= 16 && hexval(q[-1]) >= 0)
			dev += (unsigned)hexval(*--q) * scale, scale *= 16;
		if (hexval(p[1]) > 7 && strchr("/@)", p[2]))
			return "functions are 0-7";
		if (dev > 0x1f)
			return "devices are 00-1f";
	}
	return NULL;
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

			if (*p++ != '/' || s->vf)
				return -EINVAL;
			/* a virtual function of the PF named so far, the last
			 * element: vf* or vfN, N decimal as the PF's virtfnN */
			if ((p[0] | 0x20) == 'v' && (p[1] | 0x20) == 'f') {
				const char *digits = p += 2;
				unsigned n = 0;

				s->vf = VF_ANY;
				if (*p == '*') {
					p++;
					continue;
				}
				while (*p >= '0' && *p <= '9' && n < 65536)
					n = n * 10 + (unsigned)(*p++ - '0');
				if (p == digits)
					return -EINVAL;
				s->vf = n + 1;
				continue;
			}
			if (s->depth == SEL_MAX_DEPTH)
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

	/* "%04x": four digits, or more without a leading zero */
	if (hex_field(&p, 8, 0xffffffffu, &a->domain) < 0 || p - str < 4 ||
	    (p - str > 4 && *str == '0') || *p++ != ':' ||
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
	       (sel->dev == ANY_DEVICE || sel->dev == dev->dev) &&
	       (sel->fn == ANY_FUNCTION || sel->fn == dev->fn);
}

/* lib/ctype.c _S: \t \n \v \f \r, space and 0xa0; the C libraries differ */
bool kernel_isspace(int ch)
{
	unsigned char u = (unsigned char)ch;

	return u == ' ' || (u >= '\t' && u <= '\r') || u == 0xa0;
}

char *kernel_skip_spaces(const char *s)
{
	while (kernel_isspace(*s))
		s++;
	return (char *)s;
}

/* lib/vsprintf.c vsscanf() %x: white space, then a hex digit, a 0x
 * prefix and any number of digits, the low 32 bits kept; NULL if none */
static const char *kernel_hex(const char *s, unsigned *v)
{
	s = kernel_skip_spaces(s);
	if (hexval(*s) < 0)
		return NULL;
	if (s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	for (*v = 0; hexval(*s) >= 0; s++)
		*v = *v * 16 + (unsigned)hexval(*s);
	return s;
}

/* [b, e) into a text[64]; false when it did not fit */
static bool copy_text(char *dst, const char *b, const char *e)
{
	bool fits = e - b < 63;
	size_t n = fits ? (size_t)(e - b) : 63;

	memcpy(dst, b, n);
	dst[n] = '\0';
	return fits;
}

/*
 * drivers/xen/xen-pciback/pci_stub.c pcistub_init() tries " (%x:%x:%x.%x) %n",
 * then ".*)" and ":*.*)" endings, then the same without the domain: all
 * together "(X:[X:]X.X)", "(X:[X:]X.*)" or "(X:[X:]*.*)", X a %x;
 * pcistub_device_id_add() takes a slot or function below 0 (as an int) as
 * every one.  The next entry must start right after, or an @ID check
 * there would be lost.
 */
int next_hide_entry(const char **p, struct selector *s)
{
	const char *b = *p, *e = b, *q;
	unsigned v[4] = { 0, 0, ~0u, ~0u };   /* domain, bus, slot, function */
	char buf[64] = "";   /* all of it: clang-analyzer cannot follow strlen() */
	int r = -EINVAL;

	if (*e++ == '(' && (e = kernel_hex(e, &v[1])) && *e++ == ':') {
		q = kernel_hex(e, &v[2]);
		if (q && *q == ':') {
			v[0] = v[1];
			v[1] = v[2];
			v[2] = ~0u;
			q = kernel_hex(e = q + 1, &v[2]);
		}
		if (!q)
			e = strncmp(e, "*.*", 3) ? NULL : e + 3;
		else if (*q == '.' && q[1] == '*')
			e = q + 2;
		else
			e = *q == '.' ? kernel_hex(q + 1, &v[3]) : NULL;
		if (e && *e++ == ')' && v[0] <= 0xffff && v[1] <= 0xff &&
		    (int)v[2] < 32 && (int)v[3] < 8 &&
		    (!(q = kernel_skip_spaces(e))[0] || *q == '(' || *q == ',')) {
			memset(s, 0, sizeof(*s));
			s->addr = (struct pci_addr){ v[0], v[1], (int)v[2] < 0 ? ANY_DEVICE : v[2],
						     (int)v[3] < 0 ? ANY_FUNCTION : v[3] };
			r = 0;
		}
	}
	if (r) {
		/* ours: up to white space, ',' or the next '(' */
		for (e = b += strspn(b, ","); *e && !kernel_isspace(*e) && *e != ',' &&
					      (*e != '(' || e == b); e++)
			;
		if (copy_text(buf, b, e) && parse_selector(buf, s) == 0)
			r = 1;
	}
	copy_text(s->text, *p, e);
	s->hide = true;
	*p = e;
	return r;
}
