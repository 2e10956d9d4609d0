// SPDX-License-Identifier: GPL-2.0-or-later
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

#include "fmt.h"
#include "device.h"
#include "log.h"
#include "sysfs.h"

/* the errno values the program can meet, and for each, in the same order,
 * "NAME\0phrase\0" in errno_text: names users search for, phrases that
 * say it in words */
static const unsigned char errno_codes[] = {
	EPERM, ENOENT, EIO, ENXIO, E2BIG, ENOEXEC, EBADF, EAGAIN, ENOMEM, EACCES,
	EBUSY, EEXIST, ENODEV, ENOTDIR, EISDIR, EINVAL, EMFILE, ETXTBSY, EFBIG,
	ENOSPC, EROFS, ERANGE, ENAMETOOLONG, ENOSYS, ELOOP, ENODATA, ENOPKG,
	EBADMSG, EOPNOTSUPP, ETIMEDOUT, ENOKEY, EKEYEXPIRED, EKEYREVOKED, EKEYREJECTED,
};
static const char errno_text[] =
	"EPERM\0operation not permitted\0"
	"ENOENT\0no such file or directory\0"
	"EIO\0input/output error\0"
	"ENXIO\0no such device or address\0"
	"E2BIG\0argument list too long\0"
	"ENOEXEC\0invalid module format\0"
	"EBADF\0bad file descriptor\0"
	"EAGAIN\0resource temporarily unavailable\0"
	"ENOMEM\0out of memory\0"
	"EACCES\0permission denied\0"
	"EBUSY\0device or resource busy\0"
	"EEXIST\0file exists\0"
	"ENODEV\0no such device\0"
	"ENOTDIR\0not a directory\0"
	"EISDIR\0is a directory\0"
	"EINVAL\0invalid argument\0"
	"EMFILE\0too many open files\0"
	"ETXTBSY\0text file busy\0"
	"EFBIG\0file too large\0"
	"ENOSPC\0no space left on device\0"
	"EROFS\0read-only file system\0"
	"ERANGE\0result out of range\0"
	"ENAMETOOLONG\0file name too long\0"
	"ENOSYS\0function not implemented\0"
	"ELOOP\0too many levels of symbolic links\0"
	"ENODATA\0no data available\0"
	"ENOPKG\0package not installed\0"
	"EBADMSG\0bad message\0"
	"EOPNOTSUPP\0operation not supported\0"
	"ETIMEDOUT\0timed out\0"
	"ENOKEY\0required key not available\0"
	"EKEYEXPIRED\0key has expired\0"
	"EKEYREVOKED\0key has been revoked\0"
	"EKEYREJECTED\0key was rejected by service";

/* the "NAME\0phrase" of err (or -err), NULL when the table lacks it */
static const char *errno_entry(int err)
{
	const char *s = errno_text;
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(errno_codes); i++, s += strlen(s) + 1, s += strlen(s) + 1)
		if (errno_codes[i] == err)
			return s;
	return NULL;
}

const char *errno_name(int err)
{
	static char unknown[16];
	const char *s = errno_entry(err);

	if (s)
		return s;
	fmt(unknown, sizeof(unknown), "E%d", err < 0 ? -err : err);
	return unknown;
}

const char *errno_phrase(int err)
{
	static char text[64];
	const char *s = errno_entry(err);

	fmt(text, sizeof(text), "%s: %s", errno_name(err),
		 s ? s + strlen(s) + 1 : "unknown error");
	return text;
}

/* form: the level's digit, then the record's format (log.h) */
static void vlog(const struct ctx *c, const struct device *d, const char *form, va_list ap)
{
	/* static, as the program's other fixed-size buffers of one call at
	 * a time: shorter code than 32-bit offsets into the stack */
	static char line[512];
	static char path[256];
	int n, level = (unsigned char)*form++;

	if (level == '%') {     /* LOG_ARG */
		level = va_arg(ap, int);
		form++;
	}
	if (c->sink == SINK_NONE || (level == *LOG_DEBUG && !c->debug))
		return;
	n = sizeof("<3>pciback-early: ") - 1;
	memcpy(line, "<3>pciback-early: ", (size_t)n);
	line[1] = (char)level;
	if (d)
		n += fmt(line + n, sizeof(line) - (size_t)n, "%s [%04x:%04x]", d->name,
			 d->vendor, d->device);
	vfmt(line + n, sizeof(line) - (size_t)n - 1, form, ap);
	n = (int)strlen(line);
	line[n++] = '\n';
	line[n] = '\0';

	if (c->sink == SINK_STDOUT || c->sink == SINK_STDERR) {
		write_all(c->sink == SINK_STDOUT ? STDOUT_FILENO : STDERR_FILENO,
			  line + 3, (size_t)n - 3);
		return;
	}
	if (root_path(c, path, sizeof(path), "/dev/kmsg") < 0 ||
	    write_file(path, O_APPEND | O_NOCTTY, line, (size_t)n) < 0)
		(void)!write(STDERR_FILENO, line + 3, (size_t)n - 3);
}

void log_msg(const struct ctx *c, const char *form, ...)
{
	va_list ap;

	va_start(ap, form);
	vlog(c, NULL, form, ap);
	va_end(ap);
}

void log_dev_msg(const struct ctx *c, const struct device *d, const char *form, ...)
{
	va_list ap;

	va_start(ap, form);
	vlog(c, d, form, ap);
	va_end(ap);
}
