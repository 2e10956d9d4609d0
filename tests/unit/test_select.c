// SPDX-License-Identifier: GPL-2.0-or-later
/* test_select.c - selection end to end (decide.c through the program):
 * repeated selectors, except with @VVVV:DDDD, a class alone; on the basic
 * fixture with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

/* the first decision about a device stands: a failed @VVVV:DDDD check is
 * not undone by another selector naming the same device */
static void repeated_selectors_first_decision_stands(void)
{
	static const char *const lines[] = {
		"rd.pciback.slots=00:02.0@1234:5678,00:02.0",
		"rd.pciback.slots=00:02.0@1234:5678 rd.pciback.ids=8086:100e",
		"rd.pciback.slots=00:02.0@1234:5678 rd.pciback.class=02",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *root = setup();

		CHECK(run(root, lines[i]) == 1, "%s", lines[i]);
		CHECK(count_of(slurp(root, "/run/pciback-early/state"),
			       "0000:00:02.0 8086:100e failed:id-mismatch e1000\n") == 1, "%s", lines[i]);
		CHECK(strcmp(driver_of(root, "0000:00:02.0"), "e1000") == 0, "%s", lines[i]);
	}
}
DEFINE_TEST(repeated_selectors_first_decision_stands,
	    "repeated selectors, the first decision stands");

/* except with @VVVV:DDDD takes the device only when the IDs match; except
 * also wins over a failed @ check */
static void except_and_id_check(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.slots=00:02.0,00:03.0 "
		  "rd.pciback.except=00:02.0@1234:5678,00:03.0@8086:100e") == 0);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:02.0 8086:100e seized pciback\n"
		  "0000:00:03.0 8086:100e skipped:except -\n");
	root = setup();
	CHECK(run(root, "rd.pciback.slots=00:02.0@1234:5678 rd.pciback.except=00:02.0") == 0);
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:02.0 8086:100e skipped:except e1000\n");
}
DEFINE_TEST(except_and_id_check, "except with @VVVV:DDDD, and over a failed @ check");

/* a class alone is a selection */
static void class_alone_selects(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.class=0c03") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
}
DEFINE_TEST(class_alone_selects, "a class alone is a selection");
