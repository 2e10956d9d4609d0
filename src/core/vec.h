/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vec.h - the one growable array of the program: VEC(type) declares
 * { v, n, cap }, VEC_PUSH appends (0 or -ENOMEM), VEC_FREE releases.
 */
#ifndef PCIBACK_VEC_H
#define PCIBACK_VEC_H

#include <stddef.h>
#include <stdlib.h>

#define VEC(type) struct { type *v; size_t n, cap; }

/* make room for one more element; 0 or -ENOMEM */
int vec_reserve(void **v, size_t n, size_t *cap, size_t size);

/* append the size bytes at item to the VEC at vec; 0 or -ENOMEM */
int vec_push(void *vec, const void *item, size_t size);

/* item: an lvalue of the element type (the conditional makes the
 * compiler check that); one call, not a copy of the append at each use */
#define VEC_PUSH(vec, item) \
	vec_push(&(vec), 1 ? &(item) : (vec).v, sizeof(*(vec).v))

#define VEC_FREE(vec) \
	do { free((vec).v); (vec).v = NULL; (vec).n = (vec).cap = 0; } while (0)

/* a list of distinct strings (names already seen, paths already walked) */
struct strset {
	char **v;
	size_t n, cap;
};

/* 1 when added, 0 when it was there, -ENOMEM */
int strset_add(struct strset *set, const char *s);
void strset_free(struct strset *set);

#endif
