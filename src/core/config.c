// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * config.c - keys and values of the configuration, from the command line
 * or from /etc/pciback-early.conf.  A bad token is logged once, with the
 * key, the token and what was expected, and the good ones still count.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "config.h"
#include "log.h"
#include "util.h"
#include "vec.h"

const struct target_info targets[] = {
	[TARGET_XEN_PCIBACK] = { "xen-pciback", "pciback" },
	[TARGET_VFIO_PCI] = { "vfio-pci", "vfio-pci" },
	[TARGET_PCI_STUB] = { "pci-stub", "pci-stub" },
	[TARGET_NONE] = { "none", "none" },
};

/* each guard's name (as in the plan and rd.pciback.force=), then why it
 * is left alone (for the log), in enum guard's order: packed, not a table
 * of pointers */
static const char guard_texts[] =
	"boot-vga\0it is the boot VGA device (the console)\0"
	"bridge\0it is a bridge (every device behind it would go too)\0"
	"serial-console\0it is the serial console (console=ttyS)\0"
	"root-storage\0it carries what the boot mounts (root, /usr, fstab, swap)\0"
	"keyboard\0a keyboard is attached to it\0"
	"default-route\0it carries the default route (the network)\0"
	"guard\0the plan guards it\0"
	"plan-unreadable\0the plan is damaged and may have lost its guard";

const char *guard_text(enum guard g, bool says)
{
	const char *s = guard_texts;
	unsigned n;

	for (n = 2 * (unsigned)g + says; n; n--)
		s += strlen(s) + 1;
	return s;
}

enum guard guard_by_name(const char *name)
{
	int g;

	for (g = 0; g < GUARD_UNKNOWN && strcmp(guard_text((enum guard)g, false), name) != 0; g++)
		;
	return (enum guard)g;
}

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->driver = TARGET_XEN_PCIBACK;
	cfg->fallback = TARGET_NONE;
}

void config_free(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->modopts.n; i++) {
		free(cfg->modopts.v[i].module);
		free(cfg->modopts.v[i].opt);
	}
	VEC_FREE(cfg->slots);
	VEC_FREE(cfg->ids);
	VEC_FREE(cfg->classes);
	VEC_FREE(cfg->except_slots);
	VEC_FREE(cfg->except_ids);
	VEC_FREE(cfg->modopts);
	VEC_FREE(cfg->consoles);
	config_init(cfg);
}

bool config_selects(const struct config *cfg)
{
	return cfg->slots.n || cfg->ids.n || cfg->classes.n;
}

bool modname_eq(const char *a, const char *b, size_t blen)
{
	size_t i;

	for (i = 0; i < blen; i++) {
		char x = a[i] == '-' ? '_' : a[i];
		char y = b[i] == '-' ? '_' : b[i];

		if (x != y || x == '\0')
			return false;
	}
	return a[blen] == '\0';
}

const char broad_left_alone[] = "; devices selected by ids, class, wildcards or group "
				"are left alone";

/* a marker, compared by address: bad_token words an except token itself */
static const char except_expected[] = "";

/* log "KEY: ignoring 'TOK': WHY" with the key spelled as the user wrote
 * it; a selector with a number out of range says which */
static void bad_token(const struct ctx *c, struct config *cfg,
		      const struct origin *o, const char *key,
		      const char *tok, const char *why)
{
	const char *then = strcmp(key, "except") == 0 ? broad_left_alone : "",
		*problem = selector_problem(tok);

	cfg->errors++;
	if (why == except_expected) {
		why = problem ? problem : "expected a device selector or VVVV:DDDD";
	} else if (why == sel_expected && problem) {
		why = problem;
	}
	if (o->file)
		log_err(c, "%s:%d: %s: ignoring '%s': %s%s", o->file, o->line, key, tok, why, then);
	else
		log_err(c, "%s: ignoring '%s': %s%s", o->spelled ? o->spelled : key, tok, why, then);
}

enum list_kind { LIST_SLOTS, LIST_IDS, LIST_CLASS, LIST_EXCEPT };

static int add_token(const struct ctx *c, struct config *cfg,
		     const struct origin *o, const char *key,
		     enum list_kind kind, const char *tok)
{
	struct selector s;
	struct id_match id;
	struct class_match cm;

	switch (kind) {
	case LIST_IDS:
		if (parse_id(tok, &id) < 0)
			break;
		id.by = o->by;
		return VEC_PUSH(cfg->ids, id);
	case LIST_CLASS:
		if (parse_class(tok, &cm) < 0)
			break;
		return VEC_PUSH(cfg->classes, cm);
	case LIST_EXCEPT:
		if (parse_id(tok, &id) == 0)
			return VEC_PUSH(cfg->except_ids, id);
		if (parse_selector(tok, &s) == 0)
			return VEC_PUSH(cfg->except_slots, s);
		cfg->except_errors++;
		bad_token(c, cfg, o, key, tok, except_expected);
		return 0;
	case LIST_SLOTS:
		if (parse_selector(tok, &s) < 0)
			break;
		s.by = o->by;
		return VEC_PUSH(cfg->slots, s);
	}
	bad_token(c, cfg, o, key, tok,
		  kind == LIST_IDS ? id_expected :
		  kind == LIST_CLASS ? class_expected : sel_expected);
	return 0;
}

/*
 * Split a list value on commas; a piece of Xen hide syntax,
 * "(0000:00:03.0)(0000:00:04.0)", is split after each ')'.
 */
static int add_list(const struct ctx *c, struct config *cfg,
		    const struct origin *o, const char *key,
		    enum list_kind kind, const char *value)
{
	char tok[64];
	const char *p = value ? value : "";
	int r = 0;

	while (*p && r == 0) {
		size_t len;

		p += strspn(p, " \t");
		len = strcspn(p, ",");
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;

		if (*p == '(') {
			const char *close = memchr(p, ')', len);

			if (close)
				len = (size_t)(close - p) + 1;
		}
		if (len >= sizeof(tok)) {
			fmt(tok, sizeof(tok), "%.40s...", p);
			cfg->except_errors += kind == LIST_EXCEPT;
			bad_token(c, cfg, o, key, tok, "token too long");
		} else if (len > 0) {
			memcpy(tok, p, len);
			tok[len] = '\0';
			r = add_token(c, cfg, o, key, kind, tok);
		}
		p += len;
		p += strspn(p, " \t");
		if (*p == ',')
			p++;
	}
	if (!value || !*value)
		bad_token(c, cfg, o, key, "", "expected a value");
	return r;
}

/*
 * hide= (xen-pciback.hide= on the command line): one value, as for the
 * kernel, so each replaces the selections of the one before; entries are
 * read as xen-pciback reads them, and the ones it would refuse (with the
 * whole list) are still taken when they are our selectors.  Once one was
 * read, modprobe.d's (from the plan) does not count: modprobe puts the
 * command line's options after the config's.
 */
static int add_hide(const struct ctx *c, struct config *cfg,
		    const struct origin *o, const char *key, const char *value)
{
	const char *p = value;
	struct selector s;
	size_t i, n = 0;
	int r;

	cfg->hide_set = true;
	if (!value) {
		bad_token(c, cfg, o, key, "", "expected a value");
		return 0;
	}
	for (i = 0; i < cfg->slots.n; i++)
		if (!cfg->slots.v[i].hide)
			cfg->slots.v[n++] = cfg->slots.v[i];
	cfg->slots.n = n;
	while (*(p = kernel_skip_spaces(p))) {
		r = next_hide_entry(&p, &s);
		if (r < 0) {
			bad_token(c, cfg, o, key, s.text, sel_expected);
			continue;
		}
		if (r && !o->file)
			log_warn(c, "%s: '%s' is not xen-pciback syntax, taken anyway",
				 o->spelled, s.text);
		s.by = o->by;
		if (VEC_PUSH(cfg->slots, s) != 0)
			return -ENOMEM;
	}
	return 0;
}

/* strcasecmp(a, b) == 0 for ASCII, without the C library's ctype table */
static bool same_word(const char *a, const char *b)
{
	for (; *a || *b; a++, b++)
		if ((*a >= 'A' && *a <= 'Z' ? *a + 32 : *a) != *b)
			return false;
	return true;
}

static int parse_bool(const char *v)
{
	/* a word that means 1, then one that means 0: the words in place,
	 * not a table of pointers to them */
	static const char words[][6] = { "1", "0", "y", "n", "yes", "no", "true", "false",
					 "on", "off" };
	size_t i;

	if (!v)
		return 1;   /* a bare flag, as dracut's getargbool reads it */
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (same_word(v, words[i]))
			return !(i & 1);
	return -1;
}

/* force=BOOL or a list of guard names; a bad name lifts nothing */
static void set_force(const struct ctx *c, struct config *cfg, const struct origin *o,
		      const char *key, const char *value)
{
	char name[32];
	const char *p = value;
	unsigned bits = 0;
	int b = parse_bool(value);
	size_t len;
	enum guard g;

	if (b >= 0) {
		cfg->force = b ? FORCE_ALL : 0;
		return;
	}
	for (; *p; p += len + (p[len] == ',')) {
		len = strcspn(p, ",");
		fmt(name, sizeof(name), "%.*s", (int)len, p);
		g = guard_by_name(name);
		if (len >= sizeof(name) || g == GUARD_UNKNOWN) {
			/* lifts nothing, not even what an earlier force= lifted */
			cfg->force = 0;
			bad_token(c, cfg, o, key, name, "expected 0, 1 or guards: boot-vga, bridge, "
				  "serial-console, root-storage, keyboard, default-route; no guard is lifted");
			return;
		}
		bits |= GUARD_BIT(g);
	}
	cfg->force = bits;
}

void config_set_enabled(const struct ctx *c, struct config *cfg, const char *value)
{
	int b = parse_bool(value);

	cfg->disabled = b != 1;
	if (b < 0) {
		cfg->errors++;
		log_err(c, "rd.pciback=%s: not a boolean (1, yes, on, true, y / 0, no, off, false, n): "
			"doing nothing, to be safe", value);
	}
}

/* driver= takes a driver; fallback= takes none or a driver other than
 * xen-pciback.  A target by its module or its driver's name (xen-pciback,
 * pciback; the others' are the same) */
static int parse_target(const char *v, bool for_fallback)
{
	int t;

	for (t = 0; v && t <= TARGET_NONE; t++)
		if (modname_eq(v, targets[t].module, strlen(targets[t].module)) ||
		    modname_eq(v, targets[t].sysfs, strlen(targets[t].sysfs)))
			return (t == TARGET_NONE && !for_fallback) ||
			       (t == TARGET_XEN_PCIBACK && for_fallback) ? -1 : t;
	return -1;
}

/*
 * The one list of keys: parsing, "known keys" messages and --help read
 * it, and a test checks that the man pages name each.  Its rows become
 * literals, not a table of pointers: one list of names for parsing and
 * the messages, and the help only where --help has it (HELP_TEXTS).
 * on_error may be spelt on-error: key names compare as module names, '-'
 * and '_' alike.
 */
#define KEYS(K) \
	K(slots, "SEL[,SEL...]", "devices to seize") \
	K(ids, "VVVV:DDDD[:SVVV:SDDD][,...]", "seize by vendor:device[:subsystem]") \
	K(class, "CC[SS[PP]][,...]", "seize by class prefix (0c03: USB)") \
	K(except, "SEL|IDS[,...]", "never seize these") \
	K(hide, "(SBDF)(SBDF)...", "as slots, in xen-pciback's syntax") \
	K(driver, "xen-pciback|vfio-pci|pci-stub", "target driver") \
	K(fallback, "none|pci-stub|vfio-pci", "target when xen-pciback cannot work (not a Xen dom0)") \
	K(on_error, "continue|halt", "stop the boot when a device cannot be seized") \
	K(force, "BOOL|GUARD[,GUARD...]", "skip the lockout guards, or those named") \
	K(debug, "BOOL", "verbose log") \
	K(group, "BOOL", "take the whole IOMMU group of each selected device")

#define KEY_KIND(name, value, help) KEY_##name,
#define KEY_LISTED(name, value, help) ", " #name
#define KEY_HELP(name, value, help) "  rd.pciback." #name "=" value "\n      " help "\n"

enum key_kind { KEYS(KEY_KIND) };
_Static_assert(KEY_slots == (int)LIST_SLOTS && KEY_ids == (int)LIST_IDS &&
	       KEY_class == (int)LIST_CLASS && KEY_except == (int)LIST_EXCEPT,
	       "config_apply passes a list key's kind as its list_kind");
/* ", slots, ids, ...", in key_kind's order: the messages' list, and the
 * names config_apply looks a key up in */
static const char key_list[] = KEYS(KEY_LISTED);

const char *config_key_names(void)
{
	return key_list + 2;    /* after the first ", " */
}

void config_keys_help(int out)
{
	static const char help[] = HELP(KEYS(KEY_HELP));

	write_all(out, help, strlen(help));
}

int config_apply(const struct ctx *c, struct config *cfg, const struct origin *o,
		 const char *key, const char *value)
{
	const char *name = config_key_names();
	enum key_kind kind = 0;
	size_t len;
	int t, b;

	for (;; name += len + 2, kind++) {
		len = strcspn(name, ",");
		if (modname_eq(key, name, len))
			break;
		if (!name[len])
			return 1;
	}
	switch (kind) {
	case KEY_slots:
	case KEY_ids:
	case KEY_class:
	case KEY_except:        /* the same order (the _Static_assert above) */
		return add_list(c, cfg, o, key, (enum list_kind)kind, value);
	case KEY_hide:
		return add_hide(c, cfg, o, key, value);
	case KEY_driver:
	case KEY_fallback:
		t = parse_target(value, kind == KEY_fallback);
		if (t < 0)
			bad_token(c, cfg, o, key, value ? value : "", kind == KEY_driver ?
				  "expected xen-pciback, vfio-pci or pci-stub" :
				  "expected none, pci-stub or vfio-pci");
		else if (kind == KEY_driver)
			cfg->driver = (enum target)t;
		else
			cfg->fallback = (enum target)t;
		return 0;
	case KEY_on_error:
		if (value && (strcmp(value, "halt") == 0 || strcmp(value, "continue") == 0)) {
			cfg->on_error_set = true;
			cfg->halt_on_error = *value == 'h';
		} else {
			bad_token(c, cfg, o, key, value ? value : "", "expected continue or halt");
		}
		return 0;
	case KEY_force:
		set_force(c, cfg, o, key, value);
		return 0;
	case KEY_debug:
	case KEY_group:
		b = parse_bool(value);
		if (b < 0)
			bad_token(c, cfg, o, key, value, "expected 0 or 1");
		else if (kind == KEY_debug)
			cfg->debug = b;
		else
			cfg->group = b;
		return 0;
	}
	return 1;
}

/* "key = value" lines, '#' comments; errors name file:line */
int config_parse_file(const struct ctx *c, struct config *cfg,
		      const char *name, char *text)
{
	struct origin o = { name, 0, NULL, NULL };
	char *line, *next;
	int r;

	for (line = text; line; line = next) {
		char *eq, *key, *value, *end;

		next = cut_line(line);
		o.line++;
		if ((end = strchr(line, '#')))
			*end = '\0';
		key = line + strspn(line, " \t\r");
		end = key + strlen(key);
		while (end > key && strchr(" \t\r", end[-1]))
			*--end = '\0';
		if (!*key)
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			cfg->errors++;
			cfg->except_errors++;   /* it may have been an except line */
			log_err(c, "%s:%d: ignoring '%s': expected key = value%s", name, o.line, key,
				broad_left_alone);
			continue;
		}
		value = eq + 1 + strspn(eq + 1, " \t");
		while (eq > key && strchr(" \t", eq[-1]))
			eq--;
		*eq = '\0';
		r = config_apply(c, cfg, &o, key, value);
		if (r < 0)
			return r;
		if (r == 1) {
			cfg->errors++;
			cfg->except_errors++;   /* "excpet = ..." */
			log_err(c, "%s:%d: unknown key '%s' ignored (known: %s)%s", name, o.line,
				key, config_key_names(), broad_left_alone);
		}
	}
	return 0;
}
