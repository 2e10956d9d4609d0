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
