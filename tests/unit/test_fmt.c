// SPDX-License-Identifier: GPL-2.0-or-later
/* test_fmt.c - the program's own formatter against the C library's
 * snprintf, for every conversion the program uses and more, at every
 * buffer size around the result; write_all and open_real. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "harness.h"

/* both formatters at each size from 0 to one past the text */
#define SAME(...) \
	do { \
		char want[256], got[256]; \
		int wn = snprintf(want, sizeof(want), __VA_ARGS__); \
		size_t sz; \
		for (sz = 0; sz <= (size_t)wn + 1; sz++) { \
			int gn; \
			memset(want, 'W', sizeof(want)); \
			memset(got, 'W', sizeof(got)); \
			snprintf(want, sz, __VA_ARGS__); \
			gn = fmt(got, sz, __VA_ARGS__); \
			CHECK(gn == wn, "%s: length %d, not %d", #__VA_ARGS__, gn, wn); \
			CHECK(memcmp(want, got, sizeof(want)) == 0, "%s at size %zu: '%.*s' not '%.*s'", \
			      #__VA_ARGS__, sz, (int)sz, got, (int)sz, want); \
		} \
	} while (0)

static void like_snprintf(void)
{
	const char *volatile null = NULL;

	SAME("plain text");
	SAME("%s [%04x:%04x]: %s", "0000:00:03.0", 0x8086u, 0x100eu, "seized");
	SAME("%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
	SAME("%u %x %x %02x %06x", 0u, 0u, 0xffffffffu, 0xabu, 0x20000u);
	SAME("%zu %zu %lu %ld %ld %lu", (size_t)0, (size_t)-1, 123456789ul, -5l, LONG_MIN, ULONG_MAX);
	SAME("%.*s|%.40s|%.0s|%.3s", 3, "abcdef", "0123456789012345678901234567890123456789xyz", "gone", "ab");
	SAME("%8s|%5d|%05d|%2d|%02d|%03d|%5x|", "cd", -42, -42, -42, -42, 0, 0xfu);
	SAME("%.*s|%%|%s", -1, "whole", "%");
	SAME("%s", "");
	SAME("%04x:%02x:%02x.%x", 0x10000u, 0xffu, 0x1fu, 7u);
	CHECK(fmt(NULL, 0, "%s", "counted") == 7, "size 0 writes nothing, counts all");
	{
		char buf[16];

		CHECK(fmt(buf, sizeof(buf), "%s", null) == 6 && strcmp(buf, "(null)") == 0);
	}
}
DEFINE_TEST(like_snprintf, "as snprintf, at every size");

static void fd_writes(void)
{
	char tmpl[] = "/tmp/pciback-fmt.XXXXXX", big[2000], back[4096];
	int fd = mkstemp(tmpl);
	ssize_t n;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(fd >= 0);
	CHECK(fmt_fd(fd, "%s=%d\n", "short", 1) == 0);
	CHECK(fmt_fd(fd, "[%s]\n", big) == 0, "longer than the line buffer");
	lseek(fd, 0, SEEK_SET);
	n = read(fd, back, sizeof(back) - 1);
	back[n > 0 ? n : 0] = '\0';
	CHECK(n == 8 + 2001 + 1, "all of it: %zd", n);
	CHECK(strncmp(back, "short=1\n[xxx", 12) == 0 && back[n - 2] == ']');
	close(fd);
	CHECK(write_all(fd, "x", 1) == -EBADF);
	unlink(tmpl);
}
DEFINE_TEST(fd_writes, "to a descriptor, whole");

static void real_paths(void)
{
	char dir[] = "/tmp/pciback-rp.XXXXXX", link[256], out[PATH_MAX], small[8];
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(link, sizeof(link), "%s/a", dir);
	CHECK(mkdir(link, 0700) == 0);
	snprintf(link, sizeof(link), "%s/l", dir);
	CHECK(symlink("a", link) == 0);
	snprintf(link, sizeof(link), "%s/l/../l/.", dir);
	fd = open_real(link, out, sizeof(out));
	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	close(fd);
	snprintf(link, sizeof(link), "%s/a", dir);
	CHECK_STR(out, link);
	CHECK(open_real(link, small, sizeof(small)) == -ENAMETOOLONG);
	snprintf(link, sizeof(link), "%s/none", dir);
	CHECK(open_real(link, out, sizeof(out)) == -ENOENT);
	/* a FIFO opens without waiting for a writer */
	snprintf(link, sizeof(link), "%s/fifo", dir);
	CHECK(mkfifo(link, 0600) == 0);
	fd = open_real(link, out, sizeof(out));
	CHECK(fd >= 0);
	close(fd);
	snprintf(link, sizeof(link), "rm -rf '%s'", dir);
	CHECK(system(link) == 0);
}
DEFINE_TEST(real_paths, "real paths");
