/*
 * cmdline.c - the kernel command line, split as the kernel's next_arg()
 * splits it (double quotes group, and are stripped from the value), and
 * each argument routed to the configuration.
 *
 * Ours:  rd.pciback=0|1, rd.pciback.KEY=VALUE
 * Compatibility: xen-pciback.hide=, xen_pciback.hide=, pciback.hide=
 * Module options: MODULE.PARAM=VALUE, kept for the modules we load, as
 * modprobe would pass them (it reads /proc/cmdline the same way).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "vec.h"

/* the kernel's lib/cmdline.c next_arg(), on a writable string */
static char *next_arg(char *args, char **param, char **val)
{
	unsigned i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (isspace((unsigned char)args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	while (isspace((unsigned char)*args))
		args++;
	return args;
}

static bool is_hide_key(const char *param)
{
	static const char *const hide[] = { "xen-pciback.hide", "pciback.hide" };
	size_t i;

	for (i = 0; i < sizeof(hide) / sizeof(hide[0]); i++)
		if (modname_eq(param, hide[i], strlen(hide[i])))
			return true;
	return false;
}

static int add_modopt(struct config *cfg, const char *param, const char *val)
{
	const char *dot = strchr(param, '.');
	struct modopt m;
	size_t optlen;

	m.module = strndup(param, (size_t)(dot - param));
	optlen = strlen(dot + 1) + (val ? strlen(val) + 1 : 0) + 1;
	m.opt = malloc(optlen);
	if (!m.module || !m.opt) {
		free(m.module);
		free(m.opt);
		return -ENOMEM;
	}
	strcpy(m.opt, dot + 1);
	if (val) {
		strcat(m.opt, "=");
		strcat(m.opt, val);
	}
	if (VEC_PUSH(cfg->modopts, m) != 0) {
		free(m.module);
		free(m.opt);
		return -ENOMEM;
	}
	return 0;
}

int config_parse_cmdline(const struct ctx *c, struct config *cfg, char *cmdline)
{
	static const char prefix[] = "rd.pciback.";
	struct origin o = { NULL, 0, NULL };
	char *args = cmdline, *param, *val, *nl;
	int r;

	if ((nl = strchr(cmdline, '\n')) && nl[1] == '\0')
		*nl = '\0';
	while (isspace((unsigned char)*args))
		args++;
	while (*args) {
		args = next_arg(args, &param, &val);
		o.spelled = param;
		if (strcmp(param, "rd.pciback") == 0) {
			int on = !val || strcmp(val, "1") == 0;

			if (val && !on && strcmp(val, "0") != 0) {
				cfg->errors++;
				log_err(c, "rd.pciback: ignoring '%s': expected 0 or 1", val);
			} else {
				cfg->disabled = !on;
			}
			continue;
		}
		if (strncmp(param, prefix, sizeof(prefix) - 1) == 0) {
			r = config_apply(c, cfg, &o, param + sizeof(prefix) - 1, val);
			if (r == 1) {
				cfg->errors++;
				log_err(c, "%s: unknown option ignored (known: %s)", param,
					config_key_names());
				r = 0;
			}
		} else if (is_hide_key(param)) {
			/* never passed to the module: one bad token would fail it */
			r = config_apply(c, cfg, &o, "hide", val);
		} else if (strchr(param, '.') && param[0] != '.') {
			r = add_modopt(cfg, param, val);
		} else {
			r = 0;
		}
		if (r < 0)
			return r;
	}
	return 0;
}
