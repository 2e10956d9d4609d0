// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli.c - options and commands, from the program's tables.
 *
 * Options may stand before or after the command; "--name=value" and
 * "--name value" both work.  Arguments that do not start with '-' are
 * the command and its own arguments.
 */
#include <unistd.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "fmt.h"
#include "log.h"

#ifndef VERSION
#define VERSION "0.1"
#endif

/* every program has these */
static const struct cli_option_spec common[] = {
	{ OPT_ROOT, "root", "DIR", HELP("prefix every path (sysfs, /proc, /etc, /run, /lib/modules)"), NULL },
	{ OPT_CMDLINE, "cmdline", "STR", HELP("use STR instead of /proc/cmdline"), NULL },
	{ OPT_KVER, "kver", "KVER", HELP("kernel release for /lib/modules (default: uname -r)"), NULL },
	{ OPT_DRY_RUN, "dry-run", NULL, HELP("print every decision, write nothing"), NULL },
	{ OPT_DEBUG, "debug", NULL, HELP("verbose log (as rd.pciback.debug=1)"), NULL },
	{ OPT_HELP, "help", NULL, HELP("this text"), NULL },
	{ OPT_VERSION, "version", NULL, HELP("the version"), NULL },
};
#define NCOMMON (sizeof(common) / sizeof(common[0]))

/* how many options the program has: the common ones, then its own */
static unsigned noptions(const struct cli_program *p)
{
	return NCOMMON + (COMMAND_ARGS ? p->noptions : 0);
}

/* option k of the program */
static const struct cli_option_spec *option(const struct cli_program *p, unsigned k)
{
	return k < NCOMMON ? &common[k] : &p->options[k - NCOMMON];
}

static void usage(const struct cli_program *p, int out)
{
	unsigned i;

	/* the initramfs copy says only how to call it: pciback-early(8) on
	 * the host, and the host build's --help, have the rest */
	if (!HELP_TEXTS) {
		write_all(out, p->summary, strlen(p->summary));
		write_all(out, "\n", 1);
		return;
	}

	fmt_fd(out, "Usage: pciback-early [OPTIONS] %s\n\n%s\n\nCommands:\n",
	       p->default_command ? "[COMMAND [ARGS]]" : "COMMAND [ARGS]", p->summary);
	for (i = 0; i < p->ncommands; i++)
		fmt_fd(out, "  %s%s%s\n      %s\n", p->commands[i].name,
		       p->commands[i].args ? " " : "",
		       p->commands[i].args ? p->commands[i].args : "", p->commands[i].help);
	fmt_fd(out, "\nOptions:\n");
	for (i = 0; i < noptions(p); i++) {
		const struct cli_option_spec *o = option(p, i);

		fmt_fd(out, "  %s--%s%s%s\n      %s\n", o->id == OPT_OUTPUT ? "-o, " : "",
		       o->name, o->arg ? " " : "", o->arg ? o->arg : "", o->help);
	}
	fmt_fd(out, "\nKeys (kernel command line; in /etc/pciback-early.conf without "
	       "rd.pciback.):\n  rd.pciback=BOOL\n      0 turns pciback-early off\n");
	config_keys_help(out);
	fmt_fd(out, "\nExit status: 0 all seized or nothing to do, 1 a device or a "
	       "setting failed, 2 bad usage.\n");
}

/* "pciback-early: WHAT-IN-FORM (see pciback-early --help)", a record on stderr */
static int bad_usage(const struct cli_program *p, const char *form, const char *what)
{
	const struct ctx e = { "", NULL, false, false, NULL, SINK_STDERR };
	char msg[256];

	fmt(msg, sizeof(msg), form, what);
	log_err(&e, "%s (see pciback-early --help)", msg);
	(void)p;
	return EXIT_USAGE;
}

/* the option argv[*i] names; its value, when it takes one, in *value */
static int parse_option(const struct cli_program *p, int argc, char **argv, int *i,
			const char **value)
{
	const char *arg = argv[*i], *eq;
	const struct cli_option_spec *o;
	size_t len;
	unsigned k;

	if (COMMAND_ARGS && strcmp(arg, "-o") == 0)
		arg = "--output";
	if (strncmp(arg, "--", 2) != 0)
		return -1;
	arg += 2;
	eq = strchr(arg, '=');
	len = eq ? (size_t)(eq - arg) : strlen(arg);
	for (k = 0; k < noptions(p); k++) {
		o = option(p, k);
		if (strncmp(o->name, arg, len) != 0 || o->name[len] != '\0')
			continue;
		if (!o->arg && eq)
			return -1;
		if (o->arg && eq)
			*value = eq + 1;
		else if (o->arg && *i + 1 < argc)
			*value = argv[++*i];
		else if (o->arg)
			return -1;
		return (int)o->id;
	}
	return -1;
}

/* an option of one command (the host's): its value in o */
static void command_option(struct cli_opts *o, enum cli_option id, const char *value)
{
	switch (id) {
	case OPT_KMODDIR: o->kmoddir = value; break;
	case OPT_OUTPUT: o->output = value; break;
	case OPT_JSON: o->json = true; break;
	case OPT_FORCE: o->force = true; break;
	case OPT_DRIVER: o->driver = value; break;
	default: break;
	}
}

int cli_run(int argc, char **argv, const struct kernel_ops *ops,
	    const struct cli_program *p)
{
	struct ctx c = { "", NULL, false, false, ops, SINK_KMSG };
	struct cli_opts o = { NULL, NULL, NULL, NULL, false, false, argv, 0 };
	const struct cli_command *cmd = NULL;
	const char *value = NULL;
	bool options_end = false;
	unsigned j, given = 0;
	int i, id;

	for (i = 1; i < argc; i++) {
		if (options_end || argv[i][0] != '-' || argv[i][1] == '\0') {
			if (cmd) {
				o.args[o.nargs++] = argv[i];
				continue;
			}
			for (j = 0; j < p->ncommands && !cmd; j++)
				if (strcmp(argv[i], p->commands[j].name) == 0)
					cmd = &p->commands[j];
			if (!cmd)
				return bad_usage(p, "unknown command '%s'", argv[i]);
			o.args = argv + i + 1;
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			options_end = true;
			continue;
		}
		id = parse_option(p, argc, argv, &i, &value);
		given |= id >= 0 ? 1u << id : 0;
		switch (id) {
		case OPT_ROOT: c.root = value; break;
		case OPT_CMDLINE: o.cmdline = value; break;
		case OPT_KVER:
			/* a release names one directory in /lib/modules */
			if (!value || strchr(value, '/') || value[0] == '.')
				return bad_usage(p, "--kver '%s' is not a kernel release", value);
			c.kver = value;
			break;
		case OPT_DRY_RUN: c.dry_run = true; c.sink = SINK_STDOUT; break;
		case OPT_DEBUG: c.debug = true; break;
		case OPT_HELP:
			usage(p, STDOUT_FILENO);
			return EXIT_OK;
		case OPT_VERSION:
			write_all(STDOUT_FILENO, "pciback-early " VERSION "\n",
				  strlen("pciback-early " VERSION "\n"));
			return EXIT_OK;
		default:
			if (id < 0 || !COMMAND_ARGS)
				return bad_usage(p, "unknown or incomplete option '%s'", argv[i]);
			command_option(&o, (enum cli_option)id, value);
		}
	}
	if (!cmd)
		cmd = p->default_command;
	if (!cmd) {
		usage(p, STDERR_FILENO);
		return EXIT_USAGE;
	}
	/* an option of another command would be ignored: say so instead */
	for (j = 0; COMMAND_ARGS && j < p->noptions; j++) {
		const struct cli_option_spec *s = &p->options[j];
		char what[64];

		if ((given & (1u << s->id)) && s->command && strcmp(s->command, cmd->name) != 0) {
			fmt(what, sizeof(what), "--%s is an option of %s", s->name, s->command);
			return bad_usage(p, "%s", what);
		}
	}
	if (COMMAND_ARGS && cmd->args && o.nargs == 0)
		return bad_usage(p, "%s needs at least one device selector", cmd->name);
	if ((!COMMAND_ARGS || !cmd->args) && o.nargs)
		return bad_usage(p, "unexpected argument '%s'", o.args[0]);
	return cmd->run(&c, &o);
}
