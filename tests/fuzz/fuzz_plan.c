// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_plan.c - plan_parse on arbitrary plan text.  The plan is written by
 * our own host build, but a hand-edited or truncated one must not crash the
 * initramfs.
 */
#include <string.h>

#include "fuzz.h"
#include "plan.h"
#include "selector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct plan p;
	struct pci_addr a;
	char *text = fuzz_text(data, size);
	size_t i;
	int r;

	plan_init(&p);
	r = plan_parse(&fuzz_ctx, &p, "/etc/pciback-early/plan", text);
	if (r >= 0) {
		FUZZ_ASSERT(memchr(p.kver, '\0', sizeof(p.kver)));
		for (i = 0; i < p.loads.n; i++)
			FUZZ_ASSERT(p.loads.v[i].target && p.loads.v[i].module &&
				    p.loads.v[i].path && p.loads.v[i].options);
		/* a select line's by names its file and line */
		for (i = 0; i < p.selects.n; i++)
			FUZZ_ASSERT(p.selects.v[i].value && p.selects.v[i].by &&
				    strncmp(p.selects.v[i].by, p.selects.v[i].file,
					    strlen(p.selects.v[i].file)) == 0);
		for (i = 0; i < p.guards.n; i++) {
			const struct plan_guard *g = &p.guards.v[i];

			/* a device guard names a device; an unknown one a class */
			FUZZ_ASSERT(g->addr ? parse_addr(g->addr, &a) == 0 :
				    g->kind.digits == 2 || g->kind.digits == 4 || g->kind.digits == 6);
			FUZZ_ASSERT(g->reason && *g->reason && g->via);
		}
	}
	plan_free(&p);
	free(text);
	return 0;
}
