// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz.c - the shared part of the harnesses (see fuzz.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

const struct ctx fuzz_ctx = {
	.root = "/nonexistent-root",
	.dry_run = true,
	.debug = true,
	.ops = &real_kernel,
	.sink = SINK_STDOUT,
};

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* log records cost one write to /dev/null; FUZZ_LOG=1 keeps them */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!getenv("FUZZ_LOG") && !freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

void check_config(const struct config *cfg)
{
	size_t i;

	FUZZ_ASSERT(cfg->slots.n <= cfg->slots.cap);
	FUZZ_ASSERT(cfg->driver <= TARGET_PCI_STUB);
	FUZZ_ASSERT(cfg->fallback <= TARGET_NONE);
	FUZZ_ASSERT(cfg->errors >= 0);
	for (i = 0; i < cfg->slots.n; i++)
		FUZZ_ASSERT(cfg->slots.v[i].depth >= 0 &&
			    cfg->slots.v[i].depth <= SEL_MAX_DEPTH);
	for (i = 0; i < cfg->except_slots.n; i++)
		FUZZ_ASSERT(cfg->except_slots.v[i].depth >= 0 &&
			    cfg->except_slots.v[i].depth <= SEL_MAX_DEPTH);
	for (i = 0; i < cfg->classes.n; i++)
		FUZZ_ASSERT(cfg->classes.v[i].digits == 2 || cfg->classes.v[i].digits == 4 ||
			    cfg->classes.v[i].digits == 6);
	for (i = 0; i < cfg->modopts.n; i++)
		FUZZ_ASSERT(cfg->modopts.v[i].module && cfg->modopts.v[i].opt);
}
