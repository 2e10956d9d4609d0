// SPDX-License-Identifier: GPL-2.0-or-later
/* test_exit.c - the exit status and the halt file when nothing but bad
 * tokens was given; on the basic fixture with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

/* only bad tokens: nothing selected, yet exit 1, a log line saying so,
 * and with on_error=halt the halt file the hooks stop the boot on */
static void only_bad_tokens_exit_1(void)
{
	static const char *const lines[] = {
		"rd.pciback.slots=zz", "rd.pciback.ids=zz rd.pciback.class=0", "xen-pciback.hide=(zz)",
		"rd.pciback.except=zz", "rd.pciback.driver=bogus", "rd.pciback.ids=",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *root = setup();
		char cmdline[256];

		CHECK(run(root, lines[i]) == 1, "%s", lines[i]);
		CHECK(count_of(slurp(root, "/dev/kmsg"), "<4>pciback-early: no device selected: ") == 1,
		      "%s: %s", lines[i], slurp(root, "/dev/kmsg"));
		CHECK(k.writes == 0 && !k.loaded[0], "%s", lines[i]);
		snprintf(cmdline, sizeof(cmdline), "rd.pciback.on_error=halt %s", lines[i]);
		CHECK(run(root, cmdline) == 1, "%s", cmdline);
		CHECK(count_of(slurp(root, "/run/pciback-early/halt"), "bad setting(s)") == 1, "%s", cmdline);
	}
}
DEFINE_TEST(only_bad_tokens_exit_1, "only bad tokens exit 1, log, and halt when asked");

/* check's status is what the image-build hooks go by: 0 when something is
 * selected, 3 when nothing is and nothing is wrong, 1 on a bad setting (also
 * when nothing is left selected), 0 when the tool is switched off */
static void check_status_says_nothing_selected(void)
{
	static const struct {
		const char *cmdline;
		int status;
	} cases[] = {
		{ "rd.pciback.slots=00:03.0", 0 },
		{ "quiet", 3 },
		{ "rd.pciback.slots=00:1f.7", 1 },   /* selected, not there: cannot be seized */
		{ "rd.pciback.slots=zz", 1 },
		{ "rd.pciback.bogus=1", 1 },
		{ "rd.pciback=0 rd.pciback.slots=00:03.0", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *root = setup();
		char args[256];

		snprintf(args, sizeof(args), "check|--cmdline|%s", cases[i].cmdline);
		CHECK(run_cli(root, &k.ops, args, out, sizeof(out)) == cases[i].status, "%s: %s",
		      cases[i].cmdline, out);
	}
}
DEFINE_TEST(check_status_says_nothing_selected, "check exits 3 when nothing is selected, 0 or 1 otherwise");
