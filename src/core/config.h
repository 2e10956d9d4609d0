/*
 * config.h - what the user asked for, merged from /etc/pciback-early.conf
 * and the kernel command line.  List keys accumulate; scalar keys keep the
 * last value, and the command line is applied after the file.
 */
#ifndef PCIBACK_CONFIG_H
#define PCIBACK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include <stdio.h>

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

struct config {
	bool disabled;           /* rd.pciback=0 */
	VEC(struct selector) slots;
	VEC(struct id_match) ids;
	VEC(struct class_match) classes;
	VEC(struct selector) except_slots;
	VEC(struct id_match) except_ids;
	VEC(struct modopt) modopts;
	enum target driver;
	enum target fallback;    /* TARGET_NONE: touch nothing */
	bool halt_on_error;
	bool force;
	bool debug;
	int errors;              /* bad tokens and lines seen */
};

/* where a key=value came from, for log lines */
struct origin {
	const char *file;        /* NULL: the kernel command line */
	int line;
	const char *spelled;     /* the key as written on the command line */
};

void config_init(struct config *cfg);
void config_free(struct config *cfg);

/* apply one "key=value"; key without the rd.pciback. prefix when from a
 * file.  Returns 0, 1 when the key is not ours (ignored), or -errno. */
int config_apply(const struct ctx *c, struct config *cfg, const struct origin *o,
		 const char *key, const char *value);

/* parse a configuration file's text; errors logged with file:line */
int config_parse_file(const struct ctx *c, struct config *cfg,
		      const char *name, char *text);

/* parse a kernel command line (modified in place) */
int config_parse_cmdline(const struct ctx *c, struct config *cfg, char *cmdline);

/* anything selected at all */
bool config_selects(const struct config *cfg);

/* "slots, ids, ...": every key of the table, for "known keys" messages */
const char *config_key_names(void);

/* one line per key, "  rd.pciback.KEY=VALUE", for --help */
void config_keys_help(FILE *out);

/* module-name comparison with '-' and '_' equal */
bool modname_eq(const char *a, const char *b, size_t blen);

#endif
