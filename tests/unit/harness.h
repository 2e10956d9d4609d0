/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * harness.h - a tiny test runner: each TEST prints one line, PASS or FAIL
 * (with the first failed check), which tests/run-all.sh counts.
 */
#ifndef PCIBACK_HARNESS_H
#define PCIBACK_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"

struct test {
	const char *name;
	void (*fn)(void);
};

extern int checks_failed;   /* in the running test */

#define CHECK(cond, ...) \
	do { if (!(cond)) check_failed(__FILE__, __LINE__, #cond, "" __VA_ARGS__); } while (0)
/* an optional third argument says what the comparison means */
#define CHECK_STR(a, b, ...) \
	do { const char *a_ = (a), *b_ = (b); \
	     if (!a_ || !b_ || strcmp(a_, b_) != 0) \
		check_failed(__FILE__, __LINE__, #a " == " #b, "got '%s', want '%s' %s", \
			     a_ ? a_ : "(null)", b_ ? b_ : "(null)", "" __VA_ARGS__); } while (0)

void check_failed(const char *file, int line, const char *expr, const char *fmt, ...);
int run_tests(const struct test *tests, size_t n);
#define RUN_TESTS(list) int main(void) { return run_tests(list, sizeof(list) / sizeof(list[0])); }

/* a fresh copy of tests/fixtures/NAME; returns its path (static per call) */
const char *fixture(const char *name);
/* the text of ROOT/REL, "" when missing (static buffer, one at a time) */
const char *slurp(const char *root, const char *rel);
void spit(const char *root, const char *rel, const char *text);
/* the driver of a device in a fake tree, "" when unbound */
const char *driver_of(const char *root, const char *addr);
/* times needle occurs in haystack */
int count_of(const char *haystack, const char *needle);

/* run pciback_main with "--root ROOT" and the words of args (split on
 * '|' so command lines with spaces survive); stdout captured into out */
int run_cli(const char *root, const struct kernel_ops *ops, const char *args,
	    char *out, size_t outlen);
/* run_cli with the fixtures' kernel release and this command line */
int run_fixture(const char *root, const struct kernel_ops *ops, const char *cmdline,
		char *out, size_t outlen);
/* what the last run_cli wrote to stderr */
extern char cli_err[1 << 18];

#endif
