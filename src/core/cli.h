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
/* the tables of a build without COMMAND_ARGS have no help texts either */
#if HELP_TEXTS != COMMAND_ARGS
#error "COMMAND_ARGS and HELP_TEXTS (ctx.h) go together"
#endif

/* an option of one command, in that command's file (kmod's tools/ do the
 * same): a new option is a row there and a line where it is read.  The
 * early binary's rows (the common options) have no short name, which only
 * commands' options have, and no help text (HELP_TEXTS): CLI_OPTION.
 * Their names are short: one too long for name[8], NUL included, does
 * not compile */
#if COMMAND_ARGS
struct cli_option_spec {
	const char *name;        /* the long name, "--" left out */
	char short_name;         /* 'o' for -o; 0: none */
	const char *arg;         /* NULL: a flag */
	const char *help;
};
#define CLI_OPTION(name, short_name, arg, help) { name, short_name, arg, help }
#else
/* the names in place (no pointer each) and whether it takes a value */
struct cli_option_spec {
	char name[8];
	bool arg;
};
#define CLI_OPTION(name, short_name, arg, help) \
	{ name, ((arg) != NULL) + 0 * sizeof(char[sizeof(name) <= 8 ? 1 : -1]) }
#endif

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
#if COMMAND_ARGS
	/* NULL: none; "SEL...": at least one; "[SEL...]": any number */
	const char *args;
	const char *help;
	const struct cli_option_spec *options;   /* its own, beyond the common ones */
	unsigned noptions;
#endif
};
/* the early binary's commands (COMMAND_ARGS 0) are a name and a function:
 * they take no arguments or options, and have no help text */
#if COMMAND_ARGS
#define CLI_COMMAND(name, run, args, help, options, noptions) \
	{ name, run, args, help, options, noptions }
#else
#define CLI_COMMAND(name, run, args, help, options, noptions) { name, run }
#endif

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
