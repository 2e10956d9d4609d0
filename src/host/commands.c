// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * commands.c - the host tool's list of commands.  Each command's row and
 * options are in the file that runs it (kmod's tools/ do the same).
 */
#include "host.h"

static const struct cli_command *const commands[] = {
	&apply_command, &status_command, &plan_command, &check_command, &assign_command,
	&release_command, &import_command,
};

const struct cli_program host_program = {
	"Hand the PCI devices selected by rd.pciback.* on the kernel command line\n"
	"and /etc/pciback-early.conf to xen-pciback (or vfio-pci, pci-stub) before\n"
	"any native driver takes them.  See pciback-early(8).\n",
	commands, sizeof(commands) / sizeof(commands[0]),
	NULL,   /* a bare call prints usage: apply is never implied */
};
