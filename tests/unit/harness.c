// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * harness.c - test runner, fixture copies and small file helpers.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "harness.h"

int checks_failed;
static char first_failure[512];

void check_failed(const char *file, int line, const char *expr, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (checks_failed++ == 0)
		snprintf(first_failure, sizeof(first_failure), "%s:%d: %s%s%s", file,
			 line, expr, *msg ? ": " : "", msg);
	fprintf(stderr, "  %s:%d: check failed: %s %s\n", file, line, expr, msg);
}

int run_tests(const struct test *tests, size_t n)
{
	int failed = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		checks_failed = 0;
		tests[i].fn();
		if (checks_failed) {
			printf("FAIL: %s: %s\n", tests[i].name, first_failure);
			failed++;
		} else {
			printf("PASS: %s\n", tests[i].name);
		}
		fflush(stdout);
	}
	return failed ? 1 : 0;
}

static char tmpbase[PATH_MAX];

static void cleanup(void)
{
	char cmd[PATH_MAX + 16];

	if (tmpbase[0] && !getenv("KEEP_FIXTURES")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpbase);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", tmpbase);
	}
}

const char *fixture(const char *name)
{
	static char root[PATH_MAX];
	static int serial;
	char cmd[3 * PATH_MAX];
	const char *src = getenv("FIXTURES");

	if (!tmpbase[0]) {
		snprintf(tmpbase, sizeof(tmpbase), "/tmp/pciback-test.XXXXXX");
		if (!mkdtemp(tmpbase)) {
			perror("mkdtemp");
			exit(2);
		}
		atexit(cleanup);
	}
	snprintf(root, sizeof(root), "%s/%d-%s", tmpbase, ++serial, name);
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
	char args[4096];

	snprintf(args, sizeof(args), "--kver|6.1.0-test|--cmdline|%s", cmdline);
	return run_cli(root, ops, args, out, outlen);
}
