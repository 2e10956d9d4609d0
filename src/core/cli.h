/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cli.h - the command line of both programs: a program is a list of
 * commands, each with its own options (the common ones are cli.c's);
 * cli_run parses argv with them, prints --help from them, and runs one
 * command.
 */
#ifndef PCIBACK_CLI_H
#define PCIBACK_CLI_H

#include <stdbool.h>

#include "ctx.h"
#include "exitcode.h"

/*
 * Options of one command and its arguments: the host's.  The early
 * binary's commands have neither, and it is built with -DPCIBACK_EARLY,
 * so the code that reads them is left out of it (COMMAND_ARGS 0).
 */
#ifdef PCIBACK_EARLY
#define COMMAND_ARGS 0
#else
#define COMMAND_ARGS 1
#endif

/* an option of one command, in that command's file (kmod's tools/ do the
 * same): a new option is a row there and a line where it is read */
struct cli_option_spec {
	const char *name;        /* the long name, "--" left out */
	char short_name;         /* 'o' for -o; 0: none */
	const char *arg;         /* NULL: a flag */
	const char *help;
};

/* the most options one command has (test_cli checks every table) */
#define CLI_COMMAND_OPTIONS 4

/* what the options said, beyond the context's root, kver, dry_run, debug */
struct cli_opts {
	const char *cmdline;     /* --cmdline, NULL: /proc/cmdline */
	/* the command's own options, by their index in its table: the
	 * value, "" for a flag, NULL when not given */
	const char *opt[CLI_COMMAND_OPTIONS];
	char **args;             /* the command's own arguments */
	int nargs;
};

struct cli_command {
	const char *name;
	int (*run)(const struct ctx *c, const struct cli_opts *o);   /* exit status */
	/* NULL: none; "SEL...": at least one; "[SEL...]": any number */
	const char *args;
	const char *help;
	const struct cli_option_spec *options;   /* its own, beyond the common ones */
	unsigned noptions;
};

struct cli_program {
	const char *summary;     /* lines, each ending in "\n" */
	const struct cli_command *const *commands;
	unsigned ncommands;
	/* run when argv names no command; NULL: that is bad usage (the
	 * host tool applies the configuration live only when told to) */
	const struct cli_command *default_command;
};

/* parse argv with the program's tables; "--help" with a command prints
 * that command's usage.  The exit status */
int cli_run(int argc, char **argv, const struct kernel_ops *ops,
	    const struct cli_program *prog);

#endif
