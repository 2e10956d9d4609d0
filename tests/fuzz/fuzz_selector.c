// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_selector.c - the token parsers (parse_selector, parse_id,
 * parse_class, parse_addr) on the same input, with the properties a caller
 * relies on: values in range, and the fixed-width forms print back to the
 * text they came from; and the same input as a hide= value, entry by entry.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "selector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the token lower-cased, as the canonical forms print hex */
static void lower(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n && src[i]; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static void check_selector(const char *tok, const struct selector *s)
{
	int i;

	FUZZ_ASSERT(strcmp(s->text, tok) == 0);
	FUZZ_ASSERT(s->addr.bus <= 0xff && s->addr.dev <= 0x1f);
	FUZZ_ASSERT(s->addr.fn <= 7 || s->addr.fn == ANY_FUNCTION);
	FUZZ_ASSERT(s->depth >= 0 && s->depth <= SEL_MAX_DEPTH);
	/* a bridge path names single functions all along */
	FUZZ_ASSERT(s->depth == 0 || s->addr.fn <= 7);
	for (i = 0; i < s->depth; i++)
		FUZZ_ASSERT(s->path[i][0] <= 0x1f && s->path[i][1] <= 7);
	FUZZ_ASSERT(!s->check_id || (s->vendor <= 0xffff && s->device <= 0xffff));
}

/* next_hide_entry() always moves on, and what xen-pciback's syntax
 * gives is in pcistub_device_id_add()'s ranges */
static void check_hide(const char *value)
{
	const char *p = kernel_skip_spaces(value), *was;
	struct selector s;
	int r;

	while (*p) {
		was = p;
		r = next_hide_entry(&p, &s);
		FUZZ_ASSERT(p > was && p <= value + strlen(value));
		FUZZ_ASSERT(r == 0 || r == 1 || r == -EINVAL);
		FUZZ_ASSERT(s.hide && strlen(s.text) < sizeof(s.text));
		if (r == 0)
			FUZZ_ASSERT(s.addr.domain <= 0xffff && s.addr.bus <= 0xff &&
				    (s.addr.dev <= 0x1f || s.addr.dev == ANY_DEVICE) &&
				    (s.addr.fn <= 7 || s.addr.fn == ANY_FUNCTION) && s.depth == 0);
		if (r == 1)
			FUZZ_ASSERT(s.addr.bus <= 0xff && s.addr.dev <= 0x1f &&
				    s.depth >= 0 && s.depth <= SEL_MAX_DEPTH);
		p = kernel_skip_spaces(p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *tok = fuzz_text(data, size);
	char low[64], out[64];
	struct selector s;
	struct id_match id;
	struct class_match cm;
	struct pci_addr a;

	check_hide(tok);
	lower(low, tok, sizeof(low));
	if (parse_selector(tok, &s) == 0)
		check_selector(tok, &s);

	if (parse_addr(tok, &a) == 0) {
		snprintf(out, sizeof(out), "%04x:%02x:%02x.%x", a.domain, a.bus, a.dev, a.fn);
		FUZZ_ASSERT(strcmp(out, low) == 0);
		/* the sysfs name of a device is a valid SEL for it */
		FUZZ_ASSERT(parse_selector(tok, &s) == 0 && s.depth == 0 &&
			    addr_matches(&s.addr, &a));
	}

	if (parse_id(tok, &id) == 0) {
		if (id.has_subsys)
			snprintf(out, sizeof(out), "%04x:%04x:%04x:%04x", id.vendor,
				 id.device, id.subvendor, id.subdevice);
		else
			snprintf(out, sizeof(out), "%04x:%04x", id.vendor, id.device);
		FUZZ_ASSERT(strcmp(out, low) == 0);
		FUZZ_ASSERT(id_matches(&id, id.vendor, id.device, id.subvendor, id.subdevice));
	}

	if (parse_class(tok, &cm) == 0) {
		snprintf(out, sizeof(out), "%0*x", (int)cm.digits, cm.value);
		FUZZ_ASSERT(strcmp(out, low) == 0);
		FUZZ_ASSERT(class_matches(&cm, cm.value << (4 * (6 - cm.digits))));
	}
	free(tok);
	return 0;
}
