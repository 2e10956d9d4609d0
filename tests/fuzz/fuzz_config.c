// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_config.c - config_parse_file on arbitrary /etc/pciback-early.conf
 * text.
 */
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	char *text = fuzz_text(data, size);

	config_init(&cfg);
	if (config_parse_file(&fuzz_ctx, &cfg, "/etc/pciback-early.conf", text) == 0)
		check_config(&cfg);
	config_free(&cfg);
	free(text);
	return 0;
}
