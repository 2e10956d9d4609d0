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
 *
 * The rest of klibc's __libc_init (usr/klibc/libc_init.c, static) fills
 * in environ, __page_size and the auxiliary vector (__auxval) for
 * getenv(), getpagesize() and getauxval(), none of which the program
 * calls: the __libc_init here takes argc, argv and envp from the stack
 * crt0 hands it, as that one does, and runs main.  Should a klibc call
 * that needs them come in, its __static_init.o would define __libc_init
 * a second time and fail the link.
 */
#include <stdlib.h>
#include <unistd.h>

/* klibc's name, called by its __libc_init */
void __libc_init_stdio(void); /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */

void __libc_init_stdio(void) /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
{
}

#ifdef __KLIBC__
#include <stdint.h>

/* klibc's names, called by its crt0 */
int main(int argc, char **argv);
__attribute__((noreturn)) void __libc_init(uintptr_t *elfdata, void (*onexit)(void)); /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */

/* elfdata: argc, then argv's pointers and a NULL, then the environment */
void __libc_init(uintptr_t *elfdata, void (*onexit)(void)) /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
{
	(void)onexit;           /* klibc's ignores it too */
	exit(main((int)*elfdata, (char **)(elfdata + 1)));
}
#endif

/* nothing registers atexit handlers and no stdio buffers to flush */
void exit(int status)
{
	_exit(status);
}
