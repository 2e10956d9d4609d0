/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cmdline.h - the kernel command line, split as the kernel splits it.
 */
#ifndef PCIBACK_CMDLINE_H
#define PCIBACK_CMDLINE_H

#include <stddef.h>

/* lib/cmdline.c next_arg() on a writable string: the argument at args
 * (not at white space) cut into *param and *val (NULL without '='),
 * quotes stripped as the kernel strips them; returns the next argument */
char *cmdline_next_arg(char *args, char **param, char **val);

/* the length of the argument at s: to white space outside double quotes */
size_t cmdline_arg_len(const char *s);

/* "MODULE.PARAM" an option of a target driver that selects devices
 * (xen-pciback.hide, vfio-pci.ids, pci-stub.ids, '-' and '_' alike): the
 * configuration key it is taken as, "hide" or "ids", and in *by its name
 * for log lines (static); NULL for any other option */
const char *selecting_option(const char *param, const char **by);

#endif
