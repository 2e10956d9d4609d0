/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fmt.h - snprintf's subset (fmt.c says which), writing to a descriptor,
 * and the real path of a file: the early binary links no stdio.
 */
#ifndef PCIBACK_FMT_H
#define PCIBACK_FMT_H

#include <stdarg.h>
#include <stddef.h>

int fmt(char *buf, size_t size, const char *f, ...) __attribute__((format(printf, 3, 4)));
int vfmt(char *buf, size_t size, const char *f, va_list ap) __attribute__((format(printf, 3, 0)));
/* formatted, to fd, whole; 0 or -errno */
int fmt_fd(int fd, const char *f, ...) __attribute__((format(printf, 2, 3)));
int write_all(int fd, const char *s, size_t n);
/* strstr(3), without the C library's memmem */
const char *str_find(const char *hay, const char *needle);
/* open an existing file or directory to read (O_NONBLOCK: a FIFO does not
 * block) and put its realpath(3) in out[size]; the descriptor, which the
 * caller closes, or -errno.  What is checked is what is read: no link can
 * be swapped in between. */
int open_real(const char *path, char *out, size_t size);

#endif
