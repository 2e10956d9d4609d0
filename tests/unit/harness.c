// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * harness.c - the test runner (main: each test in its own process),
 * fixture copies and small file helpers.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host.h"
#include "fakekernel.h"
#include "harness.h"

int checks_failed;
/* the first failed check of the running test, written by the child and
 * read by the parent: shared memory, set up once before the first fork */
static char *first_failure;
#define FIRST_FAILURE_SIZE 512

void check_failed(const char *file, int line, const char *expr, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (checks_failed++ == 0)
		snprintf(first_failure, FIRST_FAILURE_SIZE, "%s:%d: %s%s%s", file,
			 line, expr, *msg ? ": " : "", msg);
	fprintf(stderr, "  %s:%d: check failed: %s %s\n", file, line, expr, msg);
}

/* the fixture copies of the whole binary, and of the running test */
static char tmpbase[PATH_MAX];
static char testdir[PATH_MAX];

extern const struct test __start_pe_tests[], __stop_pe_tests[];

/* "tests/unit/test_bind.c" -> "bind" */
static const char *group_of(const struct test *t, char *buf, size_t len)
{
	const char *base = strrchr(t->file, '/');

	base = base ? base + 1 : t->file;
	if (strncmp(base, "test_", 5) == 0)
		base += 5;
	snprintf(buf, len, "%.*s", (int)strcspn(base, "."), base);
	return buf;
}

static bool wanted(const struct test *t, int argc, char **argv)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], t->name) == 0)
			return true;
	return false;
}

/* run one test in a child; its line says PASS only when the child ran to
 * the end with no failed check (leaks and sanitizer reports included) */
static bool run_one(const struct test *t, int serial)
{
	char group[64], why[64] = "";
	int status;
	pid_t pid;

	first_failure[0] = '\0';
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		snprintf(testdir, sizeof(testdir), "%s/%d", tmpbase, serial);
		if (mkdir(testdir, 0700) < 0) {
			perror(testdir);
			_exit(2);
		}
		checks_failed = 0;
		t->fn();
		exit(checks_failed ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("waitpid");
			exit(2);
		}
	group_of(t, group, sizeof(group));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && !first_failure[0]) {
		printf("PASS: %s: %s\n", group, t->description);
		return true;
	}
	if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(status));
	else if (!first_failure[0] || WEXITSTATUS(status) != 1)
		snprintf(why, sizeof(why), "exited with status %d", WEXITSTATUS(status));
	printf("FAIL: %s: %s: %s%s%s\n", group, t->description, first_failure,
	       first_failure[0] && why[0] ? ", then " : "", why);
	return false;
}

static int by_place(const void *a, const void *b)
{
	const struct test *x = *(const struct test *const *)a, *y = *(const struct test *const *)b;
	int r = strcmp(x->file, y->file);

	return r ? r : x->line - y->line;
}

static void cleanup(void)
{
	char cmd[PATH_MAX + 16];

	if (tmpbase[0] && !getenv("KEEP_FIXTURES")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpbase);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tmpbase);
	}
}

int main(int argc, char **argv)
{
	const struct test *t, **order;
	size_t i, n = (size_t)(__stop_pe_tests - __start_pe_tests);
	int a, failed = 0;

	for (a = 1; a < argc; a++) {
		for (t = __start_pe_tests; t < __stop_pe_tests; t++)
			if (strcmp(argv[a], t->name) == 0)
				break;
		if (t == __stop_pe_tests) {
			fprintf(stderr, "%s: no test named %s; the tests are:\n", argv[0], argv[a]);
			for (t = __start_pe_tests; t < __stop_pe_tests; t++)
				fprintf(stderr, "  %s\t%s\n", t->name, t->description);
			return 2;
		}
	}
	first_failure = mmap(NULL, FIRST_FAILURE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (first_failure == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	snprintf(tmpbase, sizeof(tmpbase), "/tmp/pciback-test.XXXXXX");
	if (!mkdtemp(tmpbase)) {
		perror("mkdtemp");
		return 2;
	}
	/* in the order of the source */
	order = calloc(n ? n : 1, sizeof(*order));
	if (!order)
		return 2;
	for (i = 0; i < n; i++)
		order[i] = &__start_pe_tests[i];
	qsort(order, n, sizeof(*order), by_place);
	for (i = 0; i < n; i++)
		if (wanted(order[i], argc, argv) && !run_one(order[i], (int)i + 1))
			failed++;
	free(order);
	fflush(stdout);
	cleanup();
	return failed ? 1 : 0;
}

const char *fixture(const char *name)
{
	static char root[PATH_MAX];
	static int serial;
	char cmd[3 * PATH_MAX];
	const char *src = getenv("FIXTURES");

	snprintf(root, sizeof(root), "%s/%d-%s", testdir, ++serial, name);
	snprintf(cmd, sizeof(cmd), "cp -a '%s/%s' '%s'", src ? src : "tests/fixtures", name, root);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot copy fixture %s\n", name);
		exit(2);
	}
	return root;
}

const char *slurp(const char *root, const char *rel)
{
	static char buf[1 << 16];
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	buf[0] = '\0';
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return buf;
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return buf;
}

void spit(const char *root, const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

const char *driver_of(const char *root, const char *addr)
{
	static char buf[PATH_MAX];
	char path[PATH_MAX];
	ssize_t n;
	const char *base;

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/driver", root, addr);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return "";
	buf[n] = '\0';
	base = strrchr(buf, '/');
	return base ? base + 1 : buf;
}

const char *kmsg(const char *root)
{
	return slurp(root, "/dev/kmsg");
}

const char *state(const char *root)
{
	return slurp(root, "/run/pciback-early/state");
}

const char *override_of(const char *root, const char *addr)
{
	static char buf[64];
	char rel[256];

	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/driver_override", addr);
	snprintf(buf, sizeof(buf), "%s", slurp(root, rel));
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

int count_of(const char *haystack, const char *needle)
{
	int n = 0;

	while ((haystack = strstr(haystack, needle))) {
		n++;
		haystack += strlen(needle);
	}
	return n;
}

char cli_err[1 << 18];

int run_cli(const char *root, const struct kernel_ops *ops, const char *args,
	    char *out, size_t outlen)
{
	char *argv[64], *copy = strdup(args), *word, *save = NULL;
	char tmpl[] = "/tmp/pciback-out.XXXXXX", etmpl[] = "/tmp/pciback-err.XXXXXX";
	int argc = 0, status, fd, efd, saved, esaved;
	ssize_t n;

	argv[argc++] = "pciback-early";
	if (root) {
		argv[argc++] = "--root";
		argv[argc++] = (char *)root;
	}
	for (word = strtok_r(copy, "|", &save); word && argc < 63; word = strtok_r(NULL, "|", &save))
		argv[argc++] = word;
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	fd = mkstemp(tmpl);
	efd = mkstemp(etmpl);
	saved = dup(STDOUT_FILENO);
	esaved = dup(STDERR_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(efd, STDERR_FILENO);
	status = cli_run(argc, argv, ops, &host_program);
	fake_collect(ops);
	fflush(stdout);
	fflush(stderr);
	dup2(saved, STDOUT_FILENO);
	dup2(esaved, STDERR_FILENO);
	close(saved);
	close(esaved);
	lseek(efd, 0, SEEK_SET);
	n = read(efd, cli_err, sizeof(cli_err) - 1);
	cli_err[n > 0 ? n : 0] = '\0';
	close(efd);
	unlink(etmpl);
	if (out) {
		lseek(fd, 0, SEEK_SET);
		n = read(fd, out, outlen - 1);
		out[n > 0 ? n : 0] = '\0';
	}
	close(fd);
	unlink(tmpl);
	free(copy);
	return status;
}

int run_fixture(const char *root, const struct kernel_ops *ops, const char *cmdline,
		char *out, size_t outlen)
{
	char args[8192];   /* test_limits' command line of 4096 bytes, whole */

	snprintf(args, sizeof(args), "apply|--kver|6.1.0-test|--cmdline|%s", cmdline);
	return run_cli(root, ops, args, out, outlen);
}

struct fake_kernel k;
char out[1 << 20];

const char *setup(void)
{
	return fake_kernel_on(&k, "basic");
}

void write_plan(const char *root, const char *rel)
{
	char args[PATH_MAX + 64];

	snprintf(args, sizeof(args), "mkdir -p \"$(dirname '%s%s')\"", root, rel);
	CHECK(system(args) == 0, "%s", args);
	snprintf(args, sizeof(args), "--kver|6.1.0-test|plan|-o|%s%s", root, rel);
	CHECK(run_cli(root, &k.ops, args, out, sizeof(out)) == 1, "plan -o %s", rel);
}

const char *setup_planned(void)
{
	const char *root = setup();

	write_plan(root, "/etc/pciback-early/plan");
	return root;
}

int run(const char *root, const char *cmdline)
{
	return run_fixture(root, &k.ops, cmdline, out, sizeof(out));
}

int apply_device(const char *root, const char *addr)
{
	char args[256];

	snprintf(args, sizeof(args), "--kver|6.1.0-test|--cmdline|quiet|apply|--device|%s", addr);
	return run_cli(root, &k.ops, args, out, sizeof(out));
}

void sh_in(const char *root, const char *form, ...)
{
	static char cmd[8192];
	va_list ap;
	int n = snprintf(cmd, sizeof(cmd), "R='%s' && cd \"$R\" && ", root);

	va_start(ap, form);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, form, ap);
	va_end(ap);
	CHECK(system(cmd) == 0, "%s", cmd);
}

const char *line_with(const char *text, const char *needle)
{
	static char line[1024];
	const char *at = strstr(text, needle), *start, *end;

	line[0] = '\0';
	if (!at)
		return line;
	for (start = at; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(at, '\n');
	snprintf(line, sizeof(line), "%.*s", (int)(end ? end - start : (long)strlen(start)), start);
	return line;
}
