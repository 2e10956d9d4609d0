/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * config.h - what the user asked for, merged from /etc/pciback-early.conf
 * and the kernel command line.  List keys accumulate; scalar keys keep the
 * last value, and the command line is applied after the file.
 */
#ifndef PCIBACK_CONFIG_H
#define PCIBACK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>


#include "ctx.h"
#include "selector.h"
#include "vec.h"

enum target { TARGET_XEN_PCIBACK, TARGET_VFIO_PCI, TARGET_PCI_STUB, TARGET_NONE };

struct target_info {
	const char *module;      /* module name as modprobe spells it */
	const char *sysfs;       /* driver name under /sys/bus/pci/drivers */
};
extern const struct target_info targets[];

struct modopt {
	char *module;            /* "xen-pciback" or "xen_pciback" as written */
	char *opt;               /* "permissive=1" */
};

struct tty_name {
	char name[16];           /* "ttyS0" */
};

struct config {
	bool disabled;           /* rd.pciback=0 */
	VEC(struct selector) slots, except_slots; /* one type: qubes.c fills either */
	VEC(struct id_match) ids;
	VEC(struct class_match) classes;
	VEC(struct id_match) except_ids;
	VEC(struct modopt) modopts;
	VEC(struct tty_name) consoles; /* console=ttyS...: serial consoles */
	enum target driver;
	enum target fallback;    /* TARGET_NONE: touch nothing */
	bool halt_on_error;
	bool on_error_set;       /* on_error= given: Qubes' default does not apply */
	bool qubes;              /* an rd.qubes.* key: Qubes OS dom0's drop-in */
	size_t own_classes;      /* with qubes: the classes before Qubes' own */
	bool group;              /* extend selections to their IOMMU groups */
	unsigned force;          /* guards lifted: GUARD_BIT()s, FORCE_ALL */
	bool force_by_option;    /* `assign`: its options (--force, --driver),
				  * not boot keys, in refusals and hints */
	bool debug;
	bool hide_set;           /* a hide= was read: modprobe.d's does not count */
	int errors;              /* bad tokens and lines seen */
	int except_errors;       /* except tokens (or a config file) not read:
				  * broad selections are dropped */
};

/*
 * Whether refusals and hints name `assign`'s options: only the host's
 * assign sets force_by_option, so the early binary (-DPCIBACK_EARLY)
 * leaves out the code and text of that wording.
 */
#ifdef PCIBACK_EARLY
#define FORCE_BY_OPTION(cfg) ((void)(cfg), false)
#else
#define FORCE_BY_OPTION(cfg) ((cfg)->force_by_option)
#endif

/* the lockout guards, by name (rd.pciback.force=NAME,...) */
enum guard {
	GUARD_BOOT_VGA, GUARD_BRIDGE, GUARD_SERIAL_CONSOLE, GUARD_ROOT_STORAGE,
	GUARD_KEYBOARD, GUARD_DEFAULT_ROUTE,
	GUARD_UNKNOWN,           /* a plan's guard of a name not known here */
	GUARD_PLAN_DAMAGED,      /* a plan that may have lost a guard */
};
#define GUARD_BIT(g) (1u << (g))
#define FORCE_ALL (~0u)

/* a guard's name, as in the plan and rd.pciback.force= (says false), or
 * why it is left alone, for the log (says true) */
const char *guard_text(enum guard g, bool says);

/* the guard of that name; GUARD_UNKNOWN for another name from a plan */
enum guard guard_by_name(const char *name);

/* where a key=value came from, for log lines */
struct origin {
	const char *file;        /* NULL: the kernel command line */
	int line;
	const char *spelled;     /* the key as written on the command line */
	const char *by;          /* names the source of what it selects, in
				  * check and the log ("vfio-pci.ids"); NULL:
				  * the token, or rd.pciback.KEY.  Outlives
				  * the configuration */
};

void config_init(struct config *cfg);
void config_free(struct config *cfg);

/* apply one "key=value"; key without the rd.pciback. prefix when from a
 * file.  Returns 0, 1 when the key is not ours (ignored), or -errno. */
int config_apply(const struct ctx *c, struct config *cfg, const struct origin *o,
		 const char *key, const char *value);

/* rd.pciback=BOOL: anything but a true value disables (fail safe) */
void config_set_enabled(const struct ctx *c, struct config *cfg, const char *value);

/* parse a configuration file's text; errors logged with file:line */
int config_parse_file(const struct ctx *c, struct config *cfg,
		      const char *name, char *text);

/* parse a kernel command line (modified in place) */
int config_parse_cmdline(const struct ctx *c, struct config *cfg, char *cmdline);

/* "; devices selected by ids, ... are left alone": what an except that
 * could not be read whole costs, for log lines */
extern const char broad_left_alone[];

/* anything selected at all */
bool config_selects(const struct config *cfg);

/* "slots, ids, ...": every key of the table, for "known keys" messages */
const char *config_key_names(void);

/* one line per key, "  rd.pciback.KEY=VALUE", for --help */
void config_keys_help(int out);

/* module-name comparison with '-' and '_' equal */
bool modname_eq(const char *a, const char *b, size_t blen);

#endif
