// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nostdio.c - klibc's start-up without its stdio, for the early binary only.
 *
 * klibc's __libc_init (usr/klibc/libc_init.c) calls __libc_init_stdio(),
 * which fdopen()s descriptors 0-2, and then exit(main(...)); its exit()
 * flushes every stdio stream (fflush(NULL), which pulls in fseek).  The
 * program writes with write(2) only (fmt.c), so those ~600 bytes are never
 * used.  Defining both here keeps klibc's fdopen.o, fflush.o, fseek.o and
 * exit.o out of the link; a use of stdin/stdout/stderr would pull
 * fdopen.o back in and fail the link with two __libc_init_stdio, so stdio
 * cannot creep back unnoticed.  Like alloc.c, this is a tenth of what it
 * replaces; the host build and the unit tests use the C library's.  With
 * musl (KLCC=musl-gcc, the RPM build) __libc_init_stdio is unused and this
 * exit() is as right: nothing registers atexit handlers or destructors.
 */
#include <stdlib.h>
#include <unistd.h>

/* klibc's name, called by its __libc_init */
void __libc_init_stdio(void); /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */

void __libc_init_stdio(void) /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
{
}

/* nothing registers atexit handlers and no stdio buffers to flush */
void exit(int status)
{
	_exit(status);
}
