/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * harness.h - a tiny test runner.  A test is a function declared with
 * DEFINE_TEST right under it; the harness's main finds every test of the
 * binary (an ELF section, as kmod's testsuite does), runs each in its own
 * process and prints one line per test, "PASS: <file>: <description>" or
 * "FAIL: <file>: <description>: <first failed check>", which
 * tests/run-all.sh counts.  A crash or sanitizer abort fails that test
 * only.  "test_foo NAME..." runs only the tests with these function names.
 */
#ifndef PCIBACK_HARNESS_H
#define PCIBACK_HARNESS_H

#include <stdbool.h>
#include <stddef.h>

#include "ctx.h"

struct test {
	const char *name;          /* the function's name, for the filter */
	const char *description;
	const char *file;          /* __FILE__: the output's group */
	int line;                  /* the compiler may lay them out in any order */
	void (*fn)(void);
};

/* ASan pads instrumented globals, which would break the section's array
 * (gcc leaves globals in named sections alone; clang needs to be told) */
#if defined(__clang__)
#define PE_TEST_NO_ASAN __attribute__((no_sanitize("address")))
#else
#define PE_TEST_NO_ASAN
#endif

/* right under the test function: DEFINE_TEST(fn, "what it shows"); */
#define DEFINE_TEST(_fn, _description) \
	static const struct test pe_test_##_fn \
	__attribute__((section("pe_tests"), used, aligned(8))) PE_TEST_NO_ASAN = { \
		.name = #_fn, .description = _description, .file = __FILE__, .line = __LINE__, \
		.fn = _fn, \
	}

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

/* a fresh copy of tests/fixtures/NAME; returns its path (static per call) */
const char *fixture(const char *name);
/* the text of ROOT/REL, "" when missing (static buffer, one at a time) */
const char *slurp(const char *root, const char *rel);
void spit(const char *root, const char *rel, const char *text);
/* the driver of a device in a fake tree, "" when unbound */
const char *driver_of(const char *root, const char *addr);
/* the text of ROOT/dev/kmsg, of the state file (slurp's buffer) */
const char *kmsg(const char *root);
const char *state(const char *root);
/* a device's driver_override as the file says it, "(null)" when clear */
const char *override_of(const char *root, const char *addr);
/* times needle occurs in haystack */
int count_of(const char *haystack, const char *needle);
/* a shell command run in root, which $R names too */
void sh_in(const char *root, const char *form, ...) __attribute__((format(printf, 2, 3)));
/* the line of text that holds needle, "" when none (until the next call) */
const char *line_with(const char *text, const char *needle);

/* run pciback_main with "--root ROOT" and the words of args (split on
 * '|' so command lines with spaces survive); stdout captured into out */
int run_cli(const char *root, const struct kernel_ops *ops, const char *args,
	    char *out, size_t outlen);
/* `apply` (run_cli) with the fixtures' kernel release and this command line */
int run_fixture(const char *root, const struct kernel_ops *ops, const char *cmdline,
		char *out, size_t outlen);
/* what the last run_cli wrote to stderr */
extern char cli_err[1 << 18];

#endif
