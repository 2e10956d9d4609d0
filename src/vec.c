/*
 * vec.c - the one allocation pattern of the program: doubling arrays.
 */
#include <errno.h>
#include <stdlib.h>

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
