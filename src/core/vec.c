// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vec.c - the one allocation pattern of the program: doubling arrays.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

int vec_reserve(void **v, size_t n, size_t *cap, size_t size)
{
	size_t want;
	void *p;

	if (n < *cap)
		return 0;
	want = *cap ? *cap * 2 : 8;
	p = realloc(*v, want * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = want;
	return 0;
}

int vec_push(void *vec, const void *item, size_t size)
{
	/* every VEC(type) has this layout */
	struct { char *v; size_t n, cap; } *a = vec;

	if (vec_reserve((void **)&a->v, a->n, &a->cap, size) < 0)
		return -ENOMEM;
	memcpy(a->v + a->n++ * size, item, size);
	return 0;
}

int strset_add(struct strset *set, const char *s)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i], s) == 0)
			return 0;
	if (vec_reserve((void **)&set->v, set->n, &set->cap, sizeof(set->v[0])) < 0 ||
	    !(set->v[set->n] = strdup(s)))
		return -ENOMEM;
	set->n++;
	return 1;
}

void strset_free(struct strset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		free(set->v[i]);
	VEC_FREE(*set);
}
