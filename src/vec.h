/*
 * vec.h - growable arrays for the lists of the configuration and the plan.
 */
#ifndef PCIBACK_VEC_H
#define PCIBACK_VEC_H

#include <stddef.h>

/* make room for one more element; 0 or -ENOMEM */
int vec_reserve(void **v, size_t n, size_t *cap, size_t size);

#define VEC_PUSH(vec, item) \
	(vec_reserve((void **)&(vec).v, (vec).n, &(vec).cap, sizeof(*(vec).v)) \
	 ?: ((vec).v[(vec).n++] = (item), 0))

#endif
