// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * alloc.c - malloc, calloc, realloc, free and strdup for the early binary
 * only.
 *
 * The early binary runs once, for milliseconds, and exits: memory it frees
 * would never be used again.  So memory comes from the kernel in chunks of
 * at least 64 KiB and is handed out in order; free() keeps it, realloc()
 * copies.  Growing arrays double, so what a run takes stays within a few
 * times what it holds at the end (a 4096-device machine: ~2 MiB).  This is
 * a tenth of klibc's allocator in the binary; the host build and the unit
 * tests use the C library's.  Every block is memory no block had before,
 * from a fresh anonymous mapping, so it is zero: calloc() is malloc()
 * with the overflow check, and strdup() is strndup() (klibc's calloc
 * zeroed it again, and its strdup was a second copy of strndup).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define CHUNK ((size_t)64 << 10)

static char *next, *end;

void *malloc(size_t n) /* NOLINT(readability-inconsistent-declaration-parameter-name) */
{
	/* a 16-byte header keeps every block aligned as malloc's must be */
	size_t need = (n + 31) & ~(size_t)15;
	size_t *p;

	if (need < n) {                 /* wrapped: no such size */
		errno = ENOMEM;
		return NULL;
	}
	if (need > (size_t)(end - next)) {
		size_t chunk = need > CHUNK ? need : CHUNK;
		char *m = mmap(NULL, chunk, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (m == MAP_FAILED) {
			errno = ENOMEM;
			return NULL;
		}
		next = m;
		end = m + chunk;
	}
	p = (size_t *)(void *)next;
	next += need;
	p[1] = n;                       /* realloc copies this much */
	return p + 2;
}

void *calloc(size_t n, size_t size) /* NOLINT(readability-inconsistent-declaration-parameter-name) */
{
	size_t all;

	if (__builtin_mul_overflow(n, size, &all)) {
		errno = ENOMEM;
		return NULL;
	}
	return malloc(all);
}

char *strdup(const char *s) /* NOLINT(readability-inconsistent-declaration-parameter-name) */
{
	return strndup(s, PTRDIFF_MAX);   /* no object is longer */
}

void free(void *p) /* NOLINT(readability-inconsistent-declaration-parameter-name) */
{
	(void)p;
}

void *realloc(void *old, size_t n) /* NOLINT(readability-inconsistent-declaration-parameter-name) */
{
	void *p = malloc(n);
	size_t had = old ? ((size_t *)old)[-1] : 0;

	if (p && old)
		memcpy(p, old, had < n ? had : n);
	return p;
}
