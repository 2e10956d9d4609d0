// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmdline.c - the kernel command line, split as the kernel splits it
 * (lib/cmdline.c next_arg(), lib/ctype.c white space, in both builds),
 * and each argument routed to the configuration.
 *
 * Ours:  rd.pciback=0|1, rd.pciback.KEY=VALUE
 * Options of a target driver that select devices, never passed to it:
 * xen-pciback.hide= (pciback.hide=), one value: the last one wins, as in
 * kernel/params.c parse_args(); vfio-pci.ids= and pci-stub.ids=, taken as
 * rd.pciback.ids.  '-' and '_' alike, as modprobe reads them.
 * Module options: MODULE.PARAM=VALUE, kept for the modules we load as
 * modprobe builds them from /proc/cmdline.
 * The kernel stops at "--"; dracut's getarg and modprobe read on, as we do.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "config.h"
#include "log.h"
#include "qubes.h"
#include "vec.h"

size_t cmdline_arg_len(const char *s)
{
	const char *p = s;
	bool quoted = false;

	for (; *p && (quoted || !kernel_isspace(*p)); p++)
		quoted ^= *p == '"';
	return (size_t)(p - s);
}

char *cmdline_next_arg(char *args, char **param, char **val)
{
	char *end = args + cmdline_arg_len(args), *eq = NULL;
	bool quoted = *args == '"';

	args += quoted;
	*param = args;
	*val = NULL;
	/* the first '=' after the first character */
	if (end - args > 1)
		eq = memchr(args + 1, '=', (size_t)(end - args - 1));
	if (eq) {
		*eq = '\0';
		*val = eq + 1;
		if (**val == '"') {
			(*val)++;
			if (end[-1] == '"')
				end[-1] = '\0';
		}
	}
	if (quoted && end[-1] == '"')
		end[-1] = '\0';
	if (*end)
		*end++ = '\0';
	return kernel_skip_spaces(end);
}

/* the kernel ignores a parameter a module does not have (vfio-pci.hide=):
 * those stay ordinary options, they select nothing */
const char *selecting_option(const char *param, const char **by)
{
	static const char *const names[] = {
		"xen-pciback.hide", "pciback.hide", "vfio-pci.ids", "pci-stub.ids",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (modname_eq(param, names[i], strlen(names[i]))) {
			*by = names[i];
			return strchr(names[i], '.') + 1;
		}
	return NULL;
}

/*
 * libkmod-config.c kmod_config_parse_kcmdline(): MODULE.PARAM[=VALUE]
 * gives the option PARAM[=VALUE] with its quotes kept, and a whole
 * argument in quotes PARAM="VALUE"; modprobe skips an argument with a
 * quote or white space in MODULE.PARAM, a '.' in PARAM, or an open quote.
 */
static int add_modopt(struct config *cfg, const char *arg, size_t len)
{
	const char *end = arg + len, *s = arg + (*arg == '"'), *eq, *dot, *p;
	unsigned quotes = 0;
	struct modopt m;
	char *o;

	eq = memchr(s, '=', (size_t)(end - s));
	if (!eq)
		eq = end;
	dot = memchr(s, '.', (size_t)(eq - s));
	for (p = arg; p < end; p++)
		quotes += *p == '"';
	if (!dot || dot == s || (quotes & 1))
		return 0;
	for (p = s; p < eq; p++)
		if (*p == '"' || kernel_isspace(*p) || (*p == '.' && p != dot))
			return 0;
	m.module = strndup(s, (size_t)(dot - s));
	m.opt = o = malloc((size_t)(end - dot) + 1);
	if (!m.module || !o)
		goto nomem;
	p = dot + 1;
	if (s != arg && eq < end) {
		memcpy(o, p, (size_t)(eq + 1 - p));
		o += eq + 1 - p;
		*o++ = '"';
		p = eq + 1;
	}
	memcpy(o, p, (size_t)(end - p));
	o[end - p] = '\0';
	if (VEC_PUSH(cfg->modopts, m) == 0)
		return 0;
nomem:
	free(m.module);
	free(m.opt);
	return -ENOMEM;
}

/* console=ttyS0,115200n8: the serial console's tty, guarded at boot */
static int add_console(struct config *cfg, const char *val)
{
	struct tty_name t;
	size_t len = strcspn(val, ",");

	if (len >= sizeof(t.name))
		return 0;   /* no such tty: nothing to guard */
	memcpy(t.name, val, len);
	t.name[len] = '\0';
	return VEC_PUSH(cfg->consoles, t);
}

int config_parse_cmdline(const struct ctx *c, struct config *cfg, char *cmdline)
{
	static const char prefix[] = "rd.pciback.";
	struct origin o = { NULL, 0, NULL, NULL };
	char *raw = strdup(cmdline), *args, *param, *val, *qubes[QUBES_KEYS] = { NULL };
	const char *key;
	int r = 0;

	if (!raw)
		return -ENOMEM;
	for (args = kernel_skip_spaces(cmdline); *args && r >= 0;) {
		/* modprobe's options keep the quotes next_arg() strips */
		const char *arg = raw + (args - cmdline);

		args = cmdline_next_arg(args, &param, &val);
		o.spelled = param;
		if (strcmp(param, "rd.pciback") == 0) {
			config_set_enabled(c, cfg, val);
		} else if (strcmp(param, "rd.debug") == 0) {
			/* dracut's general switch turns on our debug log too */
			r = config_apply(c, cfg, &o, "debug", val);
		} else if (strncmp(param, prefix, sizeof(prefix) - 1) == 0) {
			r = config_apply(c, cfg, &o, param + sizeof(prefix) - 1, val);
			if (r == 1) {
				/* a misspelt except ("excpet") is an except lost */
				cfg->errors++;
				cfg->except_errors++;
				log_err(c, "%s: unknown option ignored (known: %s)%s", param,
					config_key_names(), broad_left_alone);
				r = 0;
			}
		} else if (qubes_key(qubes, param, val)) {
			continue;
		} else if (strcmp(param, "console") == 0 && val && strncmp(val, "ttyS", 4) == 0) {
			r = add_console(cfg, val);
		} else if ((key = selecting_option(param, &o.by))) {
			/* never passed to the module: it would take devices past
			 * every guard, and one bad hide= token fails it */
			r = config_apply(c, cfg, &o, key, val);
			o.by = NULL;
		} else {
			r = add_modopt(cfg, arg, cmdline_arg_len(arg));
		}
	}
	free(raw);
	return r < 0 ? r : qubes_select(c, cfg, qubes);
}
