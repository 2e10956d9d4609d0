// SPDX-License-Identifier: GPL-2.0-or-later
/* test_scale.c - a hostile file does not crash the run: a modules.dep
 * line of 300000 words (its dependencies were walked by a recursion per
 * word).  Times are make bench's, not a test's. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

#define MODDIR "/lib/modules/6.1.0-test"

/* a growing text: the test's own buffer, no cap */
struct text {
	char *s;
	size_t n, cap;
};

static void add(struct text *t, const char *form, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *form, ...)
{
	va_list ap;
	int len;

	for (;;) {
		va_start(ap, form);
		len = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? t->cap - t->n : 0, form, ap);
		va_end(ap);
		if (t->s && t->n + (size_t)len < t->cap)
			break;
		t->cap = (t->cap + (size_t)len + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (!t->s)
			abort();
	}
	t->n += (size_t)len;
}

/* modules.dep's dependencies were walked by a recursion per word: a line
 * of 300000 words overflowed the stack (ASan: stack-overflow) */
static void huge_modules_dep_line(void)
{
	const char *root = setup();
	struct text dep = { 0 };
	int i;

	add(&dep, "kernel/drivers/xen/xen-pciback/xen-pciback.ko:");
	for (i = 0; i < 300000; i++)
		add(&dep, " kernel/d.ko");
	add(&dep, "\n");
	spit(root, MODDIR "/kernel/d.ko", "");
	spit(root, MODDIR "/modules.dep", dep.s);
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0, "%s", kmsg(root));
	CHECK_STR(k.loaded, "d() xen-pciback(async_probe=0) ");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	free(dep.s);
}
DEFINE_TEST(huge_modules_dep_line, "a modules.dep line of 300000 words loads (no recursion per word)");
