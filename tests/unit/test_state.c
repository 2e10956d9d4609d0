// SPDX-License-Identifier: GPL-2.0-or-later
/* test_state.c - the state file (state.c): what the early status prints,
 * selectors kept whole; on the basic fixture with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"
#include "state.h"

static void state_print_copies_the_file(void)
{
	const char *root = setup();
	struct ctx c = { .root = root, .ops = &k.ops };
	FILE *f = tmpfile();
	char buf[256] = "";

	CHECK(state_print(&c, fileno(f)) == -2, "no state yet: ENOENT");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK(state_print(&c, fileno(f)) == 0);
	rewind(f);
	CHECK(fread(buf, 1, sizeof(buf) - 1, f) > 0);
	CHECK_STR(buf, "0000:00:03.0 8086:100e seized pciback\n");
	fclose(f);
}
DEFINE_TEST(state_print_copies_the_file, "the early status prints the state file");

/* a selector longer than 39 characters keeps its whole text in the state */
static void long_selector_name_in_state(void)
{
	const char *root = setup();
	const char *sel = "0000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0@8086:1234";
	char cmdline[256], want[256];

	snprintf(cmdline, sizeof(cmdline), "rd.pciback.slots=%s", sel);
	snprintf(want, sizeof(want), "%s ----:---- failed:ENODEV -\n", sel);
	CHECK(run(root, cmdline) == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/state"), want);
}
DEFINE_TEST(long_selector_name_in_state, "a selector longer than 39 characters is not cut");
