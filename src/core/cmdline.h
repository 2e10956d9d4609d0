/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmdline.h - the kernel command line, split as the kernel splits it.
 */
#ifndef PCIBACK_CMDLINE_H
#define PCIBACK_CMDLINE_H

/* lib/cmdline.c next_arg() on a writable string: the argument at args
 * (not at white space) cut into *param and *val (NULL without '='),
 * quotes stripped as the kernel strips them; returns the next argument */
char *cmdline_next_arg(char *args, char **param, char **val);

#endif
