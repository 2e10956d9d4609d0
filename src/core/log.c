/*
 * log.c - kmsg records.
 *
 * /dev/kmsg is opened for every record: the kernel rate-limits writes per
 * open file (printk.devkmsg=ratelimit, 10 records per 5 s), and a boot tool
 * that loses its own error lines is worse than one that opens a file twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "sysfs.h"

static const struct {
	int err;
	const char *name;
} errno_names[] = {
	{ EPERM, "EPERM" },   { ENOENT, "ENOENT" }, { EIO, "EIO" },
	{ ENXIO, "ENXIO" },   { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" },
	{ EINVAL, "EINVAL" }, { ENOSPC, "ENOSPC" }, { EROFS, "EROFS" },
	{ ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" },
	{ EOPNOTSUPP, "EOPNOTSUPP" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ EKEYREJECTED, "EKEYREJECTED" }, { ENOKEY, "ENOKEY" }, { EFBIG, "EFBIG" },
};

const char *errno_name(int err)
{
	static char unknown[16];
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	snprintf(unknown, sizeof(unknown), "E%d", err);
	return unknown;
}

void log_msg(const struct ctx *c, enum log_level level, const char *fmt, ...)
{
	char line[512];
	char path[256];
	va_list ap;
	int n, fd = -1;

	if (c->sink == SINK_NONE || (level == LOG_DEBUG && !c->debug))
		return;
	n = snprintf(line, sizeof(line), "<%d>pciback-early: ", level);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	line[n] = '\0';

	if (c->sink == SINK_STDOUT || c->sink == SINK_STDERR) {
		fflush(stdout);
		(void)!write(c->sink == SINK_STDOUT ? STDOUT_FILENO : STDERR_FILENO,
			     line + 3, (size_t)n - 3);
		return;
	}
	if (root_path(c, path, sizeof(path), "/dev/kmsg") == 0)
		fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || write(fd, line, (size_t)n) != n)
		(void)!write(STDERR_FILENO, line + 3, (size_t)n - 3);
	if (fd >= 0)
		close(fd);
}
