// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cli.c - options and commands, from the program's tables.
 *
 * Options may stand before or after the command; "--name=value" and
 * "--name value" both work.  Arguments that do not start with '-' are
 * the command and its own arguments.  An option belongs to every command
 * (the common ones, here) or to one command (its table, in its file).
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

/* every command has these; the enum is their row */
enum { OPT_ROOT, OPT_CMDLINE, OPT_KVER, OPT_DRY_RUN, OPT_DEBUG, OPT_HELP, OPT_VERSION };
static const struct cli_option_spec common[] = {
	[OPT_ROOT] = CLI_OPTION("root", 0, "DIR", HELP("prefix every path (sysfs, /proc, /etc, /run, /lib/modules)")),
	[OPT_CMDLINE] = CLI_OPTION("cmdline", 0, "STR", HELP("use STR instead of /proc/cmdline")),
	[OPT_KVER] = CLI_OPTION("kver", 0, "KVER", HELP("kernel release for /lib/modules (default: uname -r)")),
	[OPT_DRY_RUN] = CLI_OPTION("dry-run", 0, NULL, HELP("print every decision, write nothing")),
	[OPT_DEBUG] = CLI_OPTION("debug", 0, NULL, HELP("verbose log (as rd.pciback.debug=1)")),
	[OPT_HELP] = CLI_OPTION("help", 0, NULL, HELP("this text; after a command, that command's")),
	[OPT_VERSION] = CLI_OPTION("version", 0, NULL, HELP("the version")),
};
#define NCOMMON (sizeof(common) / sizeof(common[0]))

#if COMMAND_ARGS
static void options_help(int out, const struct cli_option_spec *t, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		char short_form[] = { '-', t[i].short_name, ',', ' ', '\0' };

		fmt_fd(out, "  %s--%s%s%s\n      %s\n", t[i].short_name ? short_form : "",
		       t[i].name, t[i].arg ? " " : "", t[i].arg ? t[i].arg : "", t[i].help);
	}
}

/* "status [SEL...]" */
static void command_line(int out, const struct cli_command *cmd)
{
	fmt_fd(out, "%s%s%s", cmd->name, cmd->args ? " " : "", cmd->args ? cmd->args : "");
}

/* the program's usage, or with cmd that command's */
static void usage(const struct cli_program *p, const struct cli_command *cmd, int out)
{
	unsigned i;

	if (cmd) {
		fmt_fd(out, "Usage: pciback-early [OPTIONS] ");
		command_line(out, cmd);
		fmt_fd(out, "\n\n%s.\n", cmd->help);
		if (cmd->noptions) {
			fmt_fd(out, "\nOptions of %s:\n", cmd->name);
			options_help(out, cmd->options, cmd->noptions);
		}
		fmt_fd(out, "\nCommon options:\n");
		options_help(out, common, NCOMMON);
		fmt_fd(out, "\nSee pciback-early --help for the keys, pciback-early(8) for the rest.\n");
		return;
	}
	fmt_fd(out, "Usage: pciback-early [OPTIONS] %s\n\n%s\nCommands "
	       "(pciback-early COMMAND --help: its options):\n",
	       p->default_command ? "[COMMAND [ARGS]]" : "COMMAND [ARGS]", p->summary);
	for (i = 0; i < p->ncommands; i++) {
		fmt_fd(out, "  ");
		command_line(out, p->commands[i]);
		fmt_fd(out, "\n      %s\n", p->commands[i]->help);
	}
	fmt_fd(out, "\nCommon options:\n");
	options_help(out, common, NCOMMON);
	fmt_fd(out, "\nKeys (kernel command line; in /etc/pciback-early.conf without "
	       "rd.pciback.):\n  rd.pciback=BOOL\n      0 turns pciback-early off\n");
	config_keys_help(out);
	fmt_fd(out, "\nExit status: 0 all seized or nothing to do, 1 a device or a "
	       "setting failed, 2 bad usage.\n");
}
#else
/* the initramfs copy says only how to call it: pciback-early(8) on the
 * host, and the host build's --help, have the rest (its tables have no
 * help texts, cli.h) */
static void usage(const struct cli_program *p, const struct cli_command *cmd, int out)
{
	(void)cmd;
	write_all(out, p->summary, strlen(p->summary));
}
#endif

/* "pciback-early: WHAT-IN-FORM (see pciback-early [CMD] --help)", a
 * record on stderr */
static int bad_usage(const struct cli_command *cmd, const char *form, const char *what)
{
	const struct ctx e = { "", NULL, false, false, NULL, SINK_STDERR };
	char msg[256];
	/* the early binary's --help is the same for each command */
	const char *name = HELP_TEXTS && cmd ? cmd->name : "";

	fmt(msg, sizeof(msg), form, what);
	log_err(&e, "%s (see pciback-early %s%s--help)", msg, name, *name ? " " : "");
	return EXIT_USAGE;
}

/* the row of table t (n rows) that argv[*i] names, its value, when it
 * takes one, in *value; -1: none, or its value is missing */
static int match(const struct cli_option_spec *t, unsigned n, int argc, char **argv, int *i,
		 const char **value)
{
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
	bool is_long = argv[*i][1] == '-';
	size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
	unsigned k;

	for (k = 0; k < n; k++) {
#if COMMAND_ARGS
		if (is_long ? strncmp(t[k].name, arg, len) != 0 || t[k].name[len] != '\0' :
		    !t[k].short_name || argv[*i][1] != t[k].short_name || *arg)
			continue;
#else
		if (!is_long || strncmp(t[k].name, arg, len) != 0 || t[k].name[len] != '\0')
			continue;
#endif
		if (!t[k].arg && eq)
			return -1;
		if (t[k].arg && eq)
			*value = eq + 1;
		else if (t[k].arg && *i + 1 < argc)
			*value = argv[++*i];
		else if (t[k].arg)
			return -1;
		return (int)k;
	}
	return -1;
}

/* the option argv[*i] names: its row in the common table (*owner NULL),
 * or in the table of cmd or, when not there, of another command (*owner
 * that command); -1 when no table has it or its value is missing */
static int find_option(const struct cli_program *p, const struct cli_command *cmd, int argc,
		       char **argv, int *i, const char **value, const struct cli_command **owner)
{
	int k = match(common, NCOMMON, argc, argv, i, value);

	*owner = NULL;
#if COMMAND_ARGS
	unsigned j;

	if (k >= 0)
		return k;
	if (cmd && (k = match(cmd->options, cmd->noptions, argc, argv, i, value)) >= 0) {
		*owner = cmd;
		return k;
	}
	for (j = 0; j < p->ncommands; j++)
		if ((k = match(p->commands[j]->options, p->commands[j]->noptions, argc, argv, i,
			       value)) >= 0) {
			*owner = p->commands[j];
			return k;
		}
	return -1;
#else
	(void)p;
	(void)cmd;
	return k;
#endif
}

int cli_run(int argc, char **argv, const struct kernel_ops *ops,
	    const struct cli_program *p)
{
	struct ctx c = { "", NULL, false, false, ops, SINK_KMSG };
	struct cli_opts o = { NULL, { NULL }, argv, 0 };
	/* the commands of the first option of a command given and of the
	 * first of another command, and those options' names: the command
	 * may come after its options, so they are checked at the end */
	const struct cli_command *cmd = NULL, *owner, *stray[2] = { NULL, NULL };
	const char *value = NULL;
#if COMMAND_ARGS
	const char *stray_name[2] = { NULL, NULL };
#endif
	bool options_end = false, help = false;
	unsigned j;
	int i, id, cmd_at = 0;

	for (i = 1; i < argc; i++) {
		if (i == cmd_at)
			continue;
		if (options_end || argv[i][0] != '-' || argv[i][1] == '\0') {
			if (cmd) {
				o.args[o.nargs++] = argv[i];
				continue;
			}
			for (j = 0; j < p->ncommands && !cmd; j++)
				if (strcmp(argv[i], p->commands[j]->name) == 0)
					cmd = p->commands[j];
			if (!cmd)
				return bad_usage(NULL, "unknown command '%s'", argv[i]);
			o.args = argv + i + 1;
			/* an option before the command went to the first command
			 * that has one of that name (assign and release both have
			 * --save): read them again, now that it is known */
			if (COMMAND_ARGS && stray[0] && stray[0] != cmd) {
				cmd_at = i;
				memset(o.opt, 0, sizeof(o.opt));
				stray[0] = stray[1] = NULL;
				options_end = false;
				i = 0;
			}
			continue;
		}
		if (strcmp(argv[i], "--") == 0) {
			options_end = true;
			continue;
		}
		id = find_option(p, cmd, argc, argv, &i, &value, &owner);
#if COMMAND_ARGS
		if (owner) {
			o.opt[id] = owner->options[id].arg ? value : "";
			j = stray[0] && stray[0] != owner;
			if (!stray[j]) {
				stray[j] = owner;
				stray_name[j] = owner->options[id].name;
			}
			continue;
		}
#endif
		switch (id) {
		case OPT_ROOT: c.root = value; break;
		case OPT_CMDLINE: o.cmdline = value; break;
		case OPT_KVER:
			/* a release names one directory in /lib/modules */
			if (!value || strchr(value, '/') || value[0] == '.')
				return bad_usage(cmd, "--kver '%s' is not a kernel release", value);
			c.kver = value;
			break;
		case OPT_DRY_RUN: c.dry_run = true; c.sink = SINK_STDOUT; break;
		case OPT_DEBUG: c.debug = true; break;
		case OPT_HELP: help = true; break;
		case OPT_VERSION:
			write_all(STDOUT_FILENO, "pciback-early " VERSION "\n",
				  strlen("pciback-early " VERSION "\n"));
			return EXIT_OK;
		default:
			return bad_usage(cmd, "unknown or incomplete option '%s'", argv[i]);
		}
	}
	if (help) {
		/* with a command, that command's */
		usage(p, cmd, STDOUT_FILENO);
		return EXIT_OK;
	}
	if (!cmd)
		cmd = p->default_command;
	if (!cmd) {
		usage(p, NULL, STDERR_FILENO);
		return EXIT_USAGE;
	}
#if COMMAND_ARGS
	/* an option of another command would be ignored: say so instead */
	j = stray[0] == cmd;
	if (stray[j]) {
		char what[96];

		fmt(what, sizeof(what), "--%s is an option of %s", stray_name[j], stray[j]->name);
		return bad_usage(cmd, "%s", what);
	}
	if (cmd->args && cmd->args[0] != '[' && o.nargs == 0)
		return bad_usage(cmd, "%s needs at least one device selector", cmd->name);
	if (!cmd->args && o.nargs)
		return bad_usage(cmd, "unexpected argument '%s'", o.args[0]);
#else
	if (o.nargs)
		return bad_usage(cmd, "unexpected argument '%s'", o.args[0]);
#endif
	return cmd->run(&c, &o);
}
