// SPDX-License-Identifier: GPL-2.0-or-later
/* test_log.c - the errno names and phrases of log lines (log.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "log.h"

/* every name the table gives is the C library's name for that number */
static void errno_names_match_the_c_library(void)
{
	char unknown[16];
	int e;

	for (e = 1; e < 200; e++) {
		const char *name = errno_name(-e), *libc = strerrorname_np(e);

		snprintf(unknown, sizeof(unknown), "E%d", e);
		if (strcmp(name, unknown) == 0)
			continue;
		CHECK(libc && (strcmp(name, libc) == 0 ||
			       (e == EOPNOTSUPP && strcmp(libc, "ENOTSUP") == 0)), "%d: %s", e, name);
	}
	CHECK_STR(errno_name(ELOOP), "ELOOP");
	CHECK_STR(errno_name(-ENODEV), "ENODEV");
	CHECK_STR(errno_name(EKEYREJECTED), "EKEYREJECTED");
	CHECK_STR(errno_name(ETXTBSY), "ETXTBSY");
	CHECK_STR(errno_name(200), "E200");
}
DEFINE_TEST(errno_names_match_the_c_library, "errno names match the C library");

static void errno_phrases(void)
{
	static const int errs[] = {
		EPERM, ENOENT, EIO, ENXIO, E2BIG, ENOEXEC, EBADF, EAGAIN, ENOMEM, EACCES,
		EBUSY, EEXIST, ENODEV, ENOTDIR, EISDIR, EINVAL, EMFILE, ETXTBSY, EFBIG,
		ENOSPC, EROFS, ERANGE, ENAMETOOLONG, ENOSYS, ELOOP, ENODATA, ENOPKG,
		EBADMSG, EOPNOTSUPP, ETIMEDOUT, ENOKEY, EKEYEXPIRED, EKEYREVOKED, EKEYREJECTED,
	};
	char want[64];
	size_t i;

	CHECK_STR(errno_phrase(-ENODEV), "ENODEV: no such device");
	CHECK_STR(errno_phrase(ELOOP), "ELOOP: too many levels of symbolic links");
	CHECK_STR(errno_phrase(-200), "E200: unknown error");
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		const char *p = errno_phrase(-errs[i]);

		snprintf(want, sizeof(want), "%s: ", errno_name(errs[i]));
		CHECK(strncmp(p, want, strlen(want)) == 0 && strlen(p) > strlen(want) + 3 &&
		      p[0] == 'E' && strchr(p, 'E') == p, "%d: '%s'", errs[i], p);
	}
}
DEFINE_TEST(errno_phrases, "errno phrases");
