/*
 * cli.h - the program's own command line: options, commands, exit status.
 * main() only calls pciback_main with the real kernel; tests call it with
 * a fake one.
 */
#ifndef PCIBACK_CLI_H
#define PCIBACK_CLI_H

#include "ctx.h"

enum exit_status { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2 };

int pciback_main(int argc, char **argv, const struct kernel_ops *ops);

#endif
