// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dirent.c - opendir, readdir and closedir for the early binary with
 * klibc only.
 *
 * klibc's opendir() is its fdopendir(), which zeroes a new DIR with its
 * own zalloc(), and its closedir() frees it.  The early binary's memory
 * (alloc.c) is zero when handed out and never given back: the same three
 * calls without that code.  Entries are read as klibc reads them
 * (usr/klibc/readdir.c), a buffer of getdents64 records at a time.  musl
 * (KLCC=musl-gcc) keeps its own.
 */
#ifdef __KLIBC__
/* DIR's fields, as klibc's readdir.c has them */
#include <stddef.h>
#define __KLIBC_DIRENT_INTERNALS /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

DIR *opendir(const char *name)
{
	int fd = open(name, O_RDONLY | O_DIRECTORY);
	DIR *dir;

	if (fd < 0)
		return NULL;
	dir = malloc(sizeof(*dir));   /* zero: no bytes left, no next */
	if (!dir) {                   /* errno is ENOMEM; close keeps it */
		close(fd);
		return NULL;
	}
	dir->__fd = fd;
	return dir;
}

struct dirent *readdir(DIR *dir)
{
	struct dirent *de;
	int n;

	if (!dir->bytes_left) {
		n = getdents((unsigned)dir->__fd, dir->buffer, sizeof(dir->buffer));
		if (n <= 0)
			return NULL;
		dir->bytes_left = (size_t)n;
		dir->next = dir->buffer;
	}
	de = dir->next;
	dir->next = (struct dirent *)((char *)de + de->d_reclen);
	dir->bytes_left -= de->d_reclen;
	return de;
}

int closedir(DIR *dir)
{
	return close(dir->__fd);
}
#endif
