/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz.h - what the libFuzzer harnesses share: a context whose log lines
 * cost one cheap system call, a writable NUL-terminated copy of the input
 * (the parsers modify their text in place), and an assertion that
 * libFuzzer reports as a crash.
 */
#ifndef PCIBACK_FUZZ_H
#define PCIBACK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "ctx.h"

/* a dry run that logs to stdout, which fuzz.c points at /dev/null; debug
 * on, so debug records are formatted too */
extern const struct ctx fuzz_ctx;

/* the input as a malloc'd C string; bytes after a NUL are not seen */
char *fuzz_text(const uint8_t *data, size_t size);

/* what any parsed configuration must satisfy; aborts when it does not */
void check_config(const struct config *cfg);

#define FUZZ_ASSERT(cond) \
	do { if (!(cond)) { \
		fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
		abort(); } } while (0)

#endif
