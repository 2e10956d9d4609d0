// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * modprobe_d.c - modprobe.d's `options` lines, read as libkmod reads them
 * (libkmod-config.c: kmod_config_new, kmod_config_parse): the directories
 * in order, each file name once (from the first directory that has it),
 * the *.conf files sorted by name; a backslash before a newline joins
 * lines; "options MODULE OPTIONS...".
 *
 * Read here, not through libkmod: kmod_module_get_options() adds the
 * options of the build host's /proc/cmdline (kmod_config_parse_kcmdline,
 * which no flag turns off) to modprobe.d's, and a plan holding them would
 * pass a command line the user has since changed at every boot; and
 * libkmod does not say which file and line an option comes from.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "log.h"
#include "modprobe_d.h"
#include "sysfs.h"

const char *const modprobe_dirs[] = {
	"/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d",
	"/usr/lib/modprobe.d", "/lib/modprobe.d", NULL,
};

struct conf_file {
	char *name;
	int dir;                 /* index in modprobe_dirs */
};

struct conf_files {              /* a VEC */
	struct conf_file *v;
	size_t n, cap;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct conf_file *)a)->name, ((const struct conf_file *)b)->name);
}

/* the *.conf files of one directory that no earlier directory had */
static int list_dir(const struct ctx *c, int dir, struct conf_files *files)
{
	char path[PATH_MAX];
	struct conf_file f;
	struct dirent *e;
	struct stat st;
	size_t i, len;
	DIR *d;
	int r = root_path(c, path, sizeof(path), "%s", modprobe_dirs[dir]);

	if (r < 0 || !(d = opendir(path))) {
		if (r < 0 || errno != ENOENT)
			log_warn(c, "cannot read %s: %s", modprobe_dirs[dir],
				 errno_phrase(r < 0 ? r : -errno));
		return 0;
	}
	while (r == 0 && (e = readdir(d))) {
		len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".conf") != 0 ||
		    fstatat(dirfd(d), e->d_name, &st, 0) < 0 || S_ISDIR(st.st_mode))
			continue;
		for (i = 0; i < files->n && strcmp(files->v[i].name, e->d_name) != 0; i++)
			;
		if (i < files->n)
			continue;
		f.name = strdup(e->d_name);
		f.dir = dir;
		if (!f.name || VEC_PUSH(*files, f) != 0) {
			free(f.name);
			r = -ENOMEM;
		}
	}
	closedir(d);
	return r;
}

/* the line at *p, joined where a backslash ends one (libkmod's
 * freadline_wrapped: a backslash before any other character is dropped);
 * *line counts the lines consumed */
static char *logical_line(char **p, int *line)
{
	char *r = *p, *w = *p, *start = *p;

	if (!*r)
		return NULL;
	while (*r && *r != '\n') {
		if (*r == '\\' && r[1] == '\n') {
			r += 2;
			(*line)++;
			continue;
		}
		if (*r == '\\' && !*++r)
			break;
		*w++ = *r++;
	}
	if (*r)
		r++;
	(*line)++;
	*w = '\0';
	*p = r;
	return start;
}

static char *word(char **p)
{
	char *w = *p + strspn(*p, " \t");

	*p = w + strcspn(w, " \t");
	if (**p)
		*(*p)++ = '\0';
	return w;
}

static int add_option(struct modprobe_options *mo, const char *command, const char *module,
		      const char *options, const char *file, int line)
{
	struct modprobe_option o = { command, strdup(module), strdup(options), strdup(file), line };
	char *s;

	if (o.module && o.options && o.file && VEC_PUSH(*mo, o) == 0) {
		for (s = o.module; *s; s++)
			*s = *s == '-' ? '_' : *s;
		for (s = o.options; *s; s++)
			*s = *s == '\t' ? ' ' : *s;
		return 0;
	}
	free(o.module);
	free(o.options);
	free(o.file);
	return -ENOMEM;
}

/* the lines of these commands in one file; "#" starts a comment only as
 * the line's first character, as for libkmod */
static int read_conf(const struct ctx *c, const char *file, const char *const *commands,
		     struct modprobe_options *mo)
{
	char *text, *p, *s, *module;
	const char *const *cmd;
	int r = read_file(c, file, &text, 1 << 20), next = 1, line;

	if (r < 0) {
		log_warn(c, "cannot read %s: %s; its module options are left out", file,
			 errno_phrase(r));
		return 0;
	}
	for (p = text, r = 0; r == 0 && (line = next, s = logical_line(&p, &next));) {
		if (*s == '#')
			continue;
		module = word(&s);
		for (cmd = commands; *cmd && strcmp(*cmd, module) != 0; cmd++)
			;
		module = word(&s);
		s += strspn(s, " \t");
		if (*cmd && *module && *s)
			r = add_option(mo, *cmd, module, s, file, line);
	}
	free(text);
	return r;
}

int modprobe_options_read(const struct ctx *c, struct modprobe_options *out)
{
	static const char *const options[] = { "options", NULL };

	return modprobe_lines_read(c, options, out);
}

int modprobe_lines_read(const struct ctx *c, const char *const *commands,
			struct modprobe_options *out)
{
	struct conf_files files = { NULL, 0, 0 };
	char file[PATH_MAX];
	size_t i;
	int dir, r = 0;

	memset(out, 0, sizeof(*out));
	for (dir = 0; modprobe_dirs[dir] && r == 0; dir++)
		r = list_dir(c, dir, &files);
	if (files.n)
		qsort(files.v, files.n, sizeof(files.v[0]), by_name);
	for (i = 0; i < files.n && r == 0; i++) {
		snprintf(file, sizeof(file), "%s/%s", modprobe_dirs[files.v[i].dir], files.v[i].name);
		r = read_conf(c, file, commands, out);
	}
	for (i = 0; i < files.n; i++)
		free(files.v[i].name);
	VEC_FREE(files);
	return r;
}

void modprobe_options_free(struct modprobe_options *mo)
{
	size_t i;

	for (i = 0; i < mo->n; i++) {
		free(mo->v[i].module);
		free(mo->v[i].options);
		free(mo->v[i].file);
	}
	VEC_FREE(*mo);
}
