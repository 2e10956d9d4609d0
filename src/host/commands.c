// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * commands.c - the host tool's command table.
 */
#include "apply.h"
#include "existing.h"
#include "host.h"

static const struct cli_command commands[] = {
	{ "apply", cmd_apply, NULL, "select and seize the devices now, as the boot does" },
	{ "status", cmd_status, NULL, "table of PCI devices: driver, override, configuration, boot outcome" },
	{ "plan", cmd_plan, NULL, "resolve modules (libkmod), options and guards for the initramfs" },
	{ "check", cmd_check, NULL, "what the configuration would do on this host, with warnings" },
	{ "assign", cmd_assign, "SEL...", "seize these devices now" },
	{ "release", cmd_release, "SEL...", "give these devices back to their native drivers" },
	{ "import", cmd_import, NULL, "print what other tools bind here (vfio-pci.ids, driverctl...) as conf lines" },
};

static const struct cli_option_spec options[] = {
	{ OPT_KMODDIR, "kmoddir", "DIR", "plan: modules directory (default ROOT/lib/modules/KVER)", "plan" },
	{ OPT_OUTPUT, "output", "FILE", "plan: write the plan to FILE (default stdout)", "plan" },
	{ OPT_JSON, "json", NULL, "status: JSON instead of a table", "status" },
	{ OPT_FORCE, "force", NULL, "assign: skip the lockout guards", "assign" },
	{ OPT_DRIVER, "driver", "DRIVER",
	  "assign: xen-pciback, vfio-pci or pci-stub (default: the configured one)", "assign" },
};

const struct cli_program host_program = {
	"Hand the PCI devices selected by rd.pciback.* on the kernel command line\n"
	"and /etc/pciback-early.conf to xen-pciback (or vfio-pci, pci-stub) before\n"
	"any native driver takes them.  See pciback-early(8).",
	commands, sizeof(commands) / sizeof(commands[0]),
	NULL,   /* a bare call prints usage: apply is never implied */
	options, sizeof(options) / sizeof(options[0]),
};
