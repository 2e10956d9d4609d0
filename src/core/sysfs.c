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

/*
 * The path of the attribute the call at work reads or writes: one buffer
 * for all of them, at a fixed address (a stack buffer of each took a
 * 32-bit offset at each use).  It is only used between building the path
 * and the system call, and nothing they call comes back here (not
 * c->ops->write_attr either, the real one or the tests' fake).
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

unsigned long kernel_us;

/*
 * Every call of sysfs.h that takes a path: one variadic function, whose
 * op says what to do with the path, so that the path is built in one place, not in a copy of the
 * same prologue per call.
 */
int sysfs_at(const struct ctx *c, enum sysfs_op op, void *buf, size_t n, const char *form, ...)
{
	char *path = op == SYSFS_PATH ? buf : attr_path, target[512];
	size_t len = strlen(c->root), size = op == SYSFS_PATH ? n : sizeof(attr_path);
	const char *base;
	struct stat st;
	va_list ap;
	ssize_t got;
	int r;

	if (len >= size)
		return op == SYSFS_EXISTS ? 0 : -ENAMETOOLONG;
	memcpy(path, c->root, len);
	va_start(ap, form);
	r = vfmt(path + len, size - len, form, ap);
	va_end(ap);
	if (r < 0 || (size_t)r >= size - len)
		return op == SYSFS_EXISTS ? 0 : -ENAMETOOLONG;
	if (op == SYSFS_READ)
		return read_path(attr_path, buf, n);
	if (op == SYSFS_HEX)
		return (r = read_path(attr_path, target, 32)) < 0 ? r : parse_uint(target, 16, buf);
	if (op == SYSFS_LINK) {
		got = readlink(attr_path, target, sizeof(target) - 1);
		if (got < 0)
			return -errno;
		target[got] = '\0';
		base = strrchr(target, '/');
		base = base ? base + 1 : target;
		if (strlen(base) >= n)
			return -ENAMETOOLONG;
		strcpy(buf, base);
		return 0;
	}
	if (op == SYSFS_EXISTS)
		return stat(attr_path, &st) == 0;
	if (op == SYSFS_WRITE) {
		kernel_us -= now_us();
		/* the member, not the macro of sysfs.h */
		r = (c->ops->write_attr)(c->ops->priv, attr_path, buf);
		kernel_us += now_us();
		return r;
	}
	return 0;   /* SYSFS_PATH */
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
