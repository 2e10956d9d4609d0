// SPDX-License-Identifier: GPL-2.0-or-later
/* fakeprobe.c - the fake kernel's drivers_probe across processes: bind.c
 * writes each device's drivers_probe from a child process of its own, so
 * what the probes count (how many run at once, a device probed while its
 * own probe runs, the writes and the matched faults of the children) is
 * kept in a page the test's process shares with its children, and each
 * probe's start and end is a line of ROOT/probes.log. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fakekernel.h"

#define SLOTS (sizeof(((struct fake_probes *)0)->running) / sizeof(((struct fake_probes *)0)->running[0]))

struct fake_probes *fake_probes_new(void)
{
	static struct fake_probes *shared;

	/* one page for the test's process and its children (each test runs
	 * in a process of its own: zeroed for each fake kernel) */
	if (!shared) {
		shared = mmap(NULL, sizeof(*shared), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (shared == MAP_FAILED) {
			perror("mmap");
			exit(2);
		}
	}
	memset(shared, 0, sizeof(*shared));
	shared->owner = getpid();
	return shared;
}

static void probe_log(const struct fake_kernel *k, const char *what, const char *addr)
{
	char path[4096], line[96];
	int fd, len;

	snprintf(path, sizeof(path), "%s/probes.log", k->root);
	len = snprintf(line, sizeof(line), "%s %s\n", what, addr);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd >= 0) {
		if (write(fd, line, (size_t)len) != len)
			perror(path);
		close(fd);
	}
}

int fake_probe_begin(struct fake_kernel *k, const char *addr)
{
	struct fake_probes *p = k->probes;
	unsigned slot;
	int n, most;

	for (slot = 0; slot < SLOTS; slot++)
		if (strcmp(p->running[slot], addr) == 0)
			__atomic_add_fetch(&p->same_device, 1, __ATOMIC_SEQ_CST);
	for (slot = 0; slot < SLOTS; slot++) {
		char none = '\0';

		if (__atomic_compare_exchange_n(&p->running[slot][0], &none, '.', false,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
			snprintf(p->running[slot], sizeof(p->running[slot]), "%s", addr);
			break;
		}
	}
	n = __atomic_add_fetch(&p->in_flight, 1, __ATOMIC_SEQ_CST);
	for (most = p->most; n > most &&
	     !__atomic_compare_exchange_n(&p->most, &most, n, false, __ATOMIC_SEQ_CST,
					  __ATOMIC_SEQ_CST); )
		;
	probe_log(k, "start", addr);
	if (k->probe_delay_ms)
		usleep((useconds_t)k->probe_delay_ms *
		       (k->slow && strcmp(addr, k->slow) == 0 ? 3 : 1) * 1000);
	return (int)slot;
}

void fake_probe_end(struct fake_kernel *k, const char *addr, int slot)
{
	probe_log(k, "end", addr);
	__atomic_sub_fetch(&k->probes->in_flight, 1, __ATOMIC_SEQ_CST);
	if ((unsigned)slot < SLOTS)
		__atomic_store_n(&k->probes->running[slot][0], '\0', __ATOMIC_SEQ_CST);
}

bool fake_fault(struct fake_kernel *k, const char *path)
{
	struct fake_probes *p = k->probes;
	size_t a = strlen(path), b = k->fail_suffix ? strlen(k->fail_suffix) : 0;

	if (getpid() != p->owner)
		__atomic_add_fetch(&p->child_writes, 1, __ATOMIC_SEQ_CST);
	return b && a >= b && strcmp(path + a - b, k->fail_suffix) == 0 &&
	       __atomic_fetch_add(&p->matched, 1, __ATOMIC_SEQ_CST) >= k->fail_skip;
}
