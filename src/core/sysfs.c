// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sysfs.c - root-prefixed file access and the real kernel operations.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "selector.h"
#include "sysfs.h"

static int vroot_path(const struct ctx *c, char *buf, size_t n,
		      const char *form, va_list ap)
{
	size_t len = strlen(c->root);
	int m;

	if (len >= n)
		return -ENAMETOOLONG;
	memcpy(buf, c->root, len);
	m = vfmt(buf + len, n - len, form, ap);
	if (m < 0 || (size_t)m >= n - len)
		return -ENAMETOOLONG;
	return 0;
}

/* r = the root-prefixed path of the function's own form and arguments */
#define ROOT_PATH_ARGS(c, buf, n, form, r) \
	do { \
		va_list ap_; \
		va_start(ap_, form); /* NOLINT(bugprone-macro-parentheses) */ \
		(r) = vroot_path((c), (buf), (n), (form), ap_); \
		va_end(ap_); \
	} while (0)

int root_path(const struct ctx *c, char *buf, size_t n, const char *form, ...)
{
	int r;

	ROOT_PATH_ARGS(c, buf, n, form, r);
	return r;
}

/*
 * The path of the attribute the function below at work reads or writes:
 * one buffer for all of them, at a fixed address (a stack buffer of each
 * took a 32-bit offset at each use).  It is only used between building
 * the path and the system call, and nothing they call comes back here
 * (not c->ops->write_attr either, the real one or the tests' fake).
 */
static char attr_path[512];

static int read_path(const char *path, char *buf, size_t n)
{
	ssize_t len;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, n - 1);
	err = errno;
	close(fd);
	if (len < 0)
		return -err;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	buf[len] = '\0';
	return (int)len;
}

int read_attr(const struct ctx *c, char *buf, size_t n, const char *form, ...)
{
	int r;

	ROOT_PATH_ARGS(c, attr_path, sizeof(attr_path), form, r);
	return r < 0 ? r : read_path(attr_path, buf, n);
}

int read_hex_attr(const struct ctx *c, unsigned *val, const char *form, ...)
{
	char buf[32];
	int r;

	ROOT_PATH_ARGS(c, attr_path, sizeof(attr_path), form, r);
	if (r < 0 || (r = read_path(attr_path, buf, sizeof(buf))) < 0)
		return r;
	return parse_uint(buf, 16, val);
}

int read_link_name(const struct ctx *c, char *buf, size_t n, const char *form, ...)
{
	char target[512];
	const char *base;
	ssize_t len;
	int r;

	ROOT_PATH_ARGS(c, attr_path, sizeof(attr_path), form, r);
	if (r < 0)
		return r;
	len = readlink(attr_path, target, sizeof(target) - 1);
	if (len < 0)
		return -errno;
	target[len] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= n)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	return 0;
}

int path_exists(const struct ctx *c, const char *form, ...)
{
	struct stat st;
	int r;

	ROOT_PATH_ARGS(c, attr_path, sizeof(attr_path), form, r);
	return r == 0 && stat(attr_path, &st) == 0;
}

unsigned long kernel_us;

int write_attr(const struct ctx *c, const char *val, const char *form, ...)
{
	int r;

	ROOT_PATH_ARGS(c, attr_path, sizeof(attr_path), form, r);
	if (r < 0)
		return r;
	kernel_us -= now_us();
	r = c->ops->write_attr(c->ops->priv, attr_path, val);
	kernel_us += now_us();
	return r;
}

int read_file(const struct ctx *c, const char *path, char **out, size_t max)
{
	char full[512], *buf, *grown;
	size_t len = 0, cap = 4096;
	struct stat st;
	ssize_t got = 0;
	int fd, r;

	r = root_path(c, full, sizeof(full), "%s", path);
	if (r < 0)
		return r;
	/* a FIFO or a device must not block the boot */
	fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EMEDIUMTYPE;
	}
	/* /proc files say they are empty: the buffer grows with the text.  A
	 * file cut short, by max or a read error, would be parsed as if it
	 * ended there: an error instead */
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (r == 0 && (got = read(fd, buf + len, cap - len)) > 0) {
		len += (size_t)got;
		if (len > max) {
			r = -EFBIG;
		} else if (len == cap && (grown = realloc(buf, 2 * cap + 1))) {
			buf = grown;
			cap *= 2;
		} else if (len == cap) {
			r = -ENOMEM;
		}
	}
	if (got < 0)
		r = -errno;
	close(fd);
	if (r < 0) {
		free(buf);
		return r;
	}
	buf[len] = '\0';
	*out = buf;
	return (int)len;
}

int write_file(const char *path, int flags, const char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CLOEXEC | flags, 0644), err = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) < 0 && err == 0)
		err = -errno;
	return err;
}

/* sysfs attributes take one write, to a file that is there (no O_CREAT) */
static int real_write_attr(void *priv, const char *path, const char *buf)
{
	(void)priv;
	return write_file(path, 0, buf, strlen(buf));
}

#ifdef __KLIBC__
#include <sys/time.h>
int finit_module(int fd, const char *params, int flags); /* no header in klibc */

/* klibc has no clock_gettime: the wall clock, which nothing in the
 * initramfs sets while we run (a step would only skew the summary line) */
unsigned long now_us(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (unsigned long)tv.tv_sec * 1000000 + (unsigned long)tv.tv_usec;
}
#else
#include <sys/syscall.h>
#include <time.h>
static int finit_module(int fd, const char *params, int flags)
{
	return (int)syscall(SYS_finit_module, fd, params, flags);
}

unsigned long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000000 + (unsigned long)ts.tv_nsec / 1000;
}
#endif

static int real_load_module(void *priv, int fd, const char *params, int flags)
{
	(void)priv;
	return finit_module(fd, params, flags) < 0 ? -errno : 0;
}

const struct kernel_ops real_kernel = {
	.write_attr = real_write_attr,
	.load_module = real_load_module,
	.priv = NULL,
};
