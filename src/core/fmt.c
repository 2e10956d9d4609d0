// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fmt.c - the formatting the program needs, and nothing more: %s %d %u
 * %x %%, the flag '0', a width, a precision (digits or '*'), the lengths
 * l and z.  The C library's printf family is most
 * of a static klibc binary's size; this is a tenth of it.  Like
 * snprintf, fmt() returns the length the whole text would have, and
 * writes at most size bytes, NUL included.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char ch)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = ch;
	o->len++;
}

int vfmt(char *buf, size_t size, const char *f, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *f; f++) {
		char digits[24], *s = (char *)f, pad = ' ';
		size_t n = 1, width = 0, prec = (size_t)-1;
		unsigned long v;
		unsigned base = 10;
		int lng = 0, neg = 0;

		/* a plain character, "%%" and what this formatter does not
		 * know are written as they are, through the same end */
		if (*f != '%')
			goto out;
		if (*++f == '0')
			pad = *f++;
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (size_t)(*f++ - '0');
		if (*f == '.') {
			if (*++f == '*') {
				int p = va_arg(ap, int);

				prec = p < 0 ? (size_t)-1 : (size_t)p;
				f++;
			} else {
				for (prec = 0; *f >= '0' && *f <= '9'; f++)
					prec = prec * 10 + (size_t)(*f - '0');
			}
		}
		for (; *f == 'l' || *f == 'z'; f++)
			lng = 1;
		s = digits + sizeof(digits);
		switch (*f) {
		case 's':
			s = va_arg(ap, char *);
			if (!s)
				s = "(null)";
			n = strnlen(s, prec);
			break;
		case 'd': {
			long sv = lng ? va_arg(ap, long) : va_arg(ap, int);

			neg = sv < 0;
			v = neg ? 0 - (unsigned long)sv : (unsigned long)sv;
			goto digits;
		}
		case 'x':
			base = 16;
			/* fall through */
		case 'u':
			v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
digits:
			do
				*--s = "0123456789abcdef"[v % base];
			while ((v /= base));
			if (neg)
				*--s = '-';
			n = (size_t)(digits + sizeof(digits) - s);
			break;
		default:        /* "%%", and what this formatter does not know */
			s = *f ? (char *)f : (char *)f-- - 1;
			width = 0;
		}
		if (neg && pad == '0') {   /* the sign before the zeros */
			put(&o, *s++);
			n--;
			width = width ? width - 1 : 0;
		}
		for (; width > n; width--)
			put(&o, pad);
out:
		while (n--)
			put(&o, *s++);
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len > INT_MAX ? INT_MAX : (int)o.len;
}

int fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vfmt(buf, size, f, ap);
	va_end(ap);
	return n;
}

/* all of it, or -errno; what stdio holds (the host build's printf) first */
int write_all(int fd, const char *s, size_t n)
{
	ssize_t w;

#ifndef __KLIBC__
	fflush(NULL);
#endif
	for (; n; s += w, n -= (size_t)w)
		if ((w = write(fd, s, n)) < 0 && errno != EINTR)
			return -errno;
		else if (w < 0)
			w = 0;
	return 0;
}

int fmt_fd(int fd, const char *f, ...)
{
	char line[512], *p = line;
	va_list ap;
	int n, r;

	va_start(ap, f);
	n = vfmt(line, sizeof(line), f, ap);
	va_end(ap);
	if ((size_t)n >= sizeof(line)) {
		if (!(p = malloc((size_t)n + 1)))
			return -ENOMEM;
		va_start(ap, f);
		vfmt(p, (size_t)n + 1, f, ap);
		va_end(ap);
	}
	r = write_all(fd, p, (size_t)n);
	if (p != line)
		free(p);
	return r;
}

const char *str_find(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncmp(hay, needle, n) == 0)
			return hay;
	return NULL;
}

/* the real path, as the kernel names the open file */
int open_real(const char *path, char *out, size_t size)
{
	char proc[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), err;

	if (fd < 0)
		return -errno;
	fmt(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	n = readlink(proc, out, size);
	err = n < 0 ? -errno : (size_t)n >= size ? -ENAMETOOLONG : 0;
	if (err < 0) {
		close(fd);
		return err;
	}
	out[n] = '\0';
	return fd;
}
