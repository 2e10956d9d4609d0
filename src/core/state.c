// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * state.c - writing the state and halt files, atomically (write a
 * temporary file, rename), so a reader never sees half a state.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "log.h"
#include "state.h"
#include "sysfs.h"

/* the temporary file is a new file of ours, never written through a link
 * planted at its name; rename() replaces a link at the final name itself,
 * never its target */
static int write_whole(const struct ctx *c, const char *name, const char *text)
{
	char tmp[512], path[512];
	size_t len = strlen(text);
	int r;

	if ((r = root_path(c, path, sizeof(path), STATE_DIR "/%s", name)) < 0 ||
	    (r = root_path(c, tmp, sizeof(tmp), STATE_DIR "/.%s.tmp", name)) < 0)
		return r;
	r = write_file(tmp, O_CREAT | O_EXCL | O_NOFOLLOW, text, len);
	if (r == -EEXIST && unlink(tmp) == 0)
		r = write_file(tmp, O_CREAT | O_EXCL | O_NOFOLLOW, text, len);
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

/* /run/pciback-early: a real directory of ours, not a link to elsewhere */
static int make_dirs(const struct ctx *c)
{
	char path[512], *run_end;
	struct stat st;
	int r;

	/* ROOT/run is the path of STATE_DIR cut after RUN_DIR */
	if ((r = root_path(c, path, sizeof(path), STATE_DIR)) < 0)
		return r;
	run_end = path + strlen(c->root) + sizeof(RUN_DIR) - 1;
	*run_end = '\0';
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	*run_end = '/';
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	if (lstat(path, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid())
		return -ENOTDIR;
	return 0;
}

int state_lock(const struct ctx *c)
{
	char path[512];
	int r, fd;

	if ((r = make_dirs(c)) < 0 ||
	    (r = root_path(c, path, sizeof(path), STATE_DIR "/lock")) < 0)
		return r;
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX) < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

enum { RECORD = 256 };   /* the longest fields of struct device fit */

/* "ADDR VVVV:DDDD OUTCOME[:REASON] DRIVER\n" into line[RECORD] */
static int state_line(const struct device *d, char *line)
{
	char ids[16];

	fmt(ids, sizeof(ids), d->present ? "%04x:%04x" : "----:----", d->vendor, d->device);
	return fmt(line, RECORD, "%s %s %s%s%s %s\n", d->name, ids, outcome_name(d->outcome),
		   d->reason[0] ? ":" : "", d->reason, d->driver[0] ? d->driver : "-");
}

int state_write(const struct ctx *c, const struct device_list *list, const char *halt,
		const char *asks)
{
	/* static, as the other fixed-size buffers of one call at a time
	 * (apply inlines this into its frame) */
	static char line[256];
	char *text;
	size_t i, len = 0;
	int r;

	if ((r = make_dirs(c)) < 0)
		return r;
	text = malloc(list->n * RECORD + 1);
	if (!text)
		return -ENOMEM;
	text[0] = '\0';
	for (i = 0; i < list->n; i++) {
		const struct device *d = &list->v[i];

		if (d->outcome != OUT_NONE)
			len += (size_t)state_line(d, text + len);
	}
	r = write_whole(c, "state", text);
	free(text);
	if (r == 0 && halt) {
		fmt(line, sizeof(line),
			 "pciback-early: %s; stopping the boot as %s asks\n", halt, asks);
		r = write_whole(c, "halt", line);
	} else if (r == 0 && root_path(c, line, sizeof(line), STATE_DIR "/halt") == 0) {
		unlink(line);   /* a halt file from an earlier run no longer holds */
	}
	return r;
}

int state_update(const struct ctx *c, const char *name, const struct device *d)
{
	char *old = NULL, *text;
	const char *line, *next;
	size_t len = 0, nlen = strlen(name);
	int r;

	if ((r = make_dirs(c)) < 0)
		return r;
	r = read_file(c, STATE_DIR "/state", &old, 1 << 20);
	if (r < 0 && r != -ENOENT)
		return r;
	text = malloc((old ? strlen(old) : 0) + RECORD + 2);
	if (!text) {
		free(old);
		return -ENOMEM;
	}
	for (line = old ? old : ""; *line; line = next) {
		next = line + strcspn(line, "\n");
		next += *next == '\n';
		if (strncmp(line, name, nlen) == 0 && line[nlen] == ' ')
			continue;
		memcpy(text + len, line, (size_t)(next - line));
		len += (size_t)(next - line);
	}
	if (len && text[len - 1] != '\n')
		text[len++] = '\n';
	text[len] = '\0';
	if (d && d->outcome != OUT_NONE)
		state_line(d, text + len);
	r = write_whole(c, "state", text);
	free(text);
	free(old);
	return r;
}

int state_print(const struct ctx *c, int out)
{
	char *text;
	int r = read_file(c, STATE_DIR "/state", &text, 1 << 20);

	if (r < 0)
		return r;
	r = write_all(out, text, strlen(text));
	free(text);
	return r;
}
