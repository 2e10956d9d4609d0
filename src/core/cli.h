/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - the command line of both programs: a program is a table of
 * commands and the options it accepts; cli_run parses argv with that
 * table, prints --help from it, and runs one command.
 */
#ifndef PCIBACK_CLI_H
#define PCIBACK_CLI_H

#include <stdbool.h>

#include "ctx.h"
#include "exitcode.h"

enum cli_option {
	OPT_ROOT, OPT_CMDLINE, OPT_KVER, OPT_DRY_RUN, OPT_DEBUG, OPT_KMODDIR,
	OPT_OUTPUT, OPT_JSON, OPT_FORCE, OPT_DRIVER, OPT_HELP, OPT_VERSION,
};

/*
 * Options of one command (cli_program.options) and arguments
 * (cli_command.args): the host's.  The early binary's commands have
 * neither, and it is built with -DPCIBACK_EARLY, so the code that reads
 * them is left out of it (COMMAND_ARGS 0).
 */
#ifdef PCIBACK_EARLY
#define COMMAND_ARGS 0
#else
#define COMMAND_ARGS 1
#endif

struct cli_option_spec {
	enum cli_option id;
	const char *name;        /* the long name, "--" left out */
	const char *arg;         /* NULL: a flag */
	const char *help;
	const char *command;     /* the one command it is for; NULL: all */
};

/* what the options said, beyond the context's root, kver, dry_run, debug */
struct cli_opts {
	const char *cmdline;     /* --cmdline, NULL: /proc/cmdline */
	const char *kmoddir;     /* --kmoddir */
	const char *output;      /* -o, --output */
	const char *driver;      /* assign --driver */
	bool json, force;
	char **args;             /* the command's own arguments */
	int nargs;
};

struct cli_command {
	const char *name;
	int (*run)(const struct ctx *c, const struct cli_opts *o);   /* exit status */
	const char *args;        /* NULL: none; "SEL...": at least one */
	const char *help;
};

struct cli_program {
	const char *summary;
	const struct cli_command *commands;
	unsigned ncommands;
	/* run when argv names no command; NULL: that is bad usage (the
	 * host tool applies the configuration live only when told to) */
	const struct cli_command *default_command;
	const struct cli_option_spec *options;   /* beyond the common ones */
	unsigned noptions;
};

int cli_run(int argc, char **argv, const struct kernel_ops *ops,
	    const struct cli_program *prog);

#endif
