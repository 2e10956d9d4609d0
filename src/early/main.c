// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * main.c - the early binary (static, klibc) run by the initramfs hooks:
 * `apply` at boot, `status` of this boot.
 */
#include <errno.h>
#include <unistd.h>

#include "apply.h"
#include "cli.h"
#include "log.h"
#include "state.h"

static int cmd_status(const struct ctx *c, const struct cli_opts *o)
{
	struct ctx e = *c;      /* its records go to stderr */
	int r = state_print(c, STDOUT_FILENO);

	(void)o;
	e.sink = SINK_STDERR;
	if (r < 0) {
		log_msg(&e, r == -ENOENT ?
			LOG_ERR "no %s%s/state: it did not run in this boot's initramfs" :
			LOG_ERR "cannot read %s%s/state: %s",
			c->root, STATE_DIR, errno_phrase(r));
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

static const struct cli_command apply_command =
	CLI_COMMAND("apply", cmd_apply, NULL, HELP("select and seize the devices (default)"), NULL, 0);
static const struct cli_command status_command =
	CLI_COMMAND("status", cmd_status, NULL, HELP("print the state this boot's run recorded"), NULL, 0);
static const struct cli_command *const commands[] = { &apply_command, &status_command };

static const struct cli_program early = {
	"Usage: pciback-early [--root DIR] [--cmdline STR] [--kver KVER] [--dry-run]\n"
	"                     [--debug] [apply|status]\n"
	"The initramfs part of pciback-early: keys rd.pciback.*, see pciback-early(8).\n",
	commands, sizeof(commands) / sizeof(commands[0]),
	/* the hooks call apply by name; a bare call applies too.  Its
	 * commands take no options or arguments (COMMAND_ARGS in cli.h): one
	 * given is bad usage */
	&apply_command,
};

int main(int argc, char **argv)
{
	return cli_run(argc, argv, &real_kernel, &early);
}
