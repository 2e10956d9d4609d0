// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * confedit.c - editing /etc/pciback-early.conf in place: only the lines a
 * change touches are rewritten (their indentation and comment kept), and
 * the new file replaces the old one in one rename.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "confedit.h"
#include "fmt.h"
#include "log.h"
#include "selector.h"
#include "session.h"
#include "sysfs.h"

/* the same device, however written: the address, the bridge path, the
 * VF (an @VVVV:DDDD check does not make it another device) */
static bool same_token(const char *key, const char *a, const char *b)
{
	struct selector x, y;

	if (strcmp(key, "slots") != 0 && strcmp(key, "except") != 0)
		return strcasecmp(a, b) == 0;
	if (parse_selector(a, &x) < 0 || parse_selector(b, &y) < 0)
		return strcasecmp(a, b) == 0;
	return memcmp(&x.addr, &y.addr, sizeof(x.addr)) == 0 && x.depth == y.depth &&
	       memcmp(x.path, y.path, sizeof(x.path[0]) * (size_t)x.depth) == 0 && x.vf == y.vf;
}

/* one line taken apart: [indent][key] = [value][ # comment]; key NULL
 * when it is no key = value line */
struct conf_line {
	const char *key, *value, *comment;   /* not terminated: the lengths */
	size_t indent, klen, vlen, clen;
};

static void split_line(const char *line, size_t len, struct conf_line *l)
{
	const char *end = line + len, *p, *eq, *hash;

	memset(l, 0, sizeof(*l));
	l->indent = strspn(line, " \t");
	hash = memchr(line, '#', len);
	if (hash) {
		l->comment = hash;
		l->clen = (size_t)(end - hash);
		end = hash;
	}
	eq = memchr(line, '=', (size_t)(end - line));
	if (!eq)
		return;
	for (p = eq; p > line + l->indent && strchr(" \t", p[-1]); p--)
		;
	l->key = line + l->indent;
	l->klen = (size_t)(p - l->key);
	for (p = eq + 1; p < end && strchr(" \t", *p); p++)
		;
	l->value = p;
	for (p = end; p > l->value && strchr(" \t\r", p[-1]); p--)
		;
	l->vlen = (size_t)(p - l->value);
}

static bool is_key(const struct conf_line *l, const char *key)
{
	return l->key && l->klen == strlen(key) && strncmp(l->key, key, l->klen) == 0;
}

/* the next token of a list value at *p (up to ','), trimmed, into tok;
 * false at the end */
static bool next_token(const char **p, const char *end, char *tok, size_t n)
{
	const char *b, *e;

	while (*p < end && (**p == ',' || **p == ' ' || **p == '\t'))
		(*p)++;
	if (*p >= end)
		return false;
	b = *p;
	while (*p < end && **p != ',')
		(*p)++;
	for (e = *p; e > b && strchr(" \t", e[-1]); e--)
		;
	fmt(tok, n, "%.*s", (int)(e - b), b);
	return true;
}

static bool line_has(const struct conf_line *l, const char *key, const char *value)
{
	const char *p = l->value;
	char *tok = malloc(l->vlen + 1);
	bool has = false;

	while (tok && !has && next_token(&p, l->value + l->vlen, tok, l->vlen + 1))
		has = same_token(key, tok, value);
	free(tok);
	return has;
}

/* out grows by at most one line and its changes: room for all of them
 * is made before (edit_text) */
static size_t put(char *out, const char *s, size_t n)
{
	memcpy(out, s, n);
	return n;
}

/* the line rewritten with value, its indent and comment kept */
static size_t put_line(char *out, const char *line, const struct conf_line *l,
		       const char *value, size_t vlen)
{
	size_t o = put(out, line, l->indent);

	if (vlen) {
		o += put(out + o, l->key, l->klen);
		o += put(out + o, " = ", 3);
		o += put(out + o, value, vlen);
		if (l->clen)
			o += put(out + o, " ", 1);
	}
	o += put(out + o, l->comment ? l->comment : "", l->clen);
	return o + put(out + o, "\n", 1);
}

/* a list line without the tokens change drops */
static size_t drop_from(char *out, const char *line, const struct conf_line *l,
			struct conf_change *ch)
{
	/* each token kept takes at most itself and ", " */
	char *kept = malloc(2 * l->vlen + 1), *tok = malloc(l->vlen + 1);
	const char *p = l->value;
	size_t k = 0, o;

	while (kept && tok && next_token(&p, l->value + l->vlen, tok, l->vlen + 1)) {
		if (same_token(ch->key, tok, ch->value)) {
			ch->done = 1;
			continue;
		}
		k += (size_t)fmt(kept + k, 2 * l->vlen + 1 - k, "%s%s", k ? ", " : "", tok);
	}
	free(tok);
	if (!kept)
		return 0;
	/* a line left empty goes, its comment stays */
	o = k || l->clen ? put_line(out, line, l, kept, k) : 0;
	free(kept);
	return o;
}

static int count_of_lines(const char *text)
{
	int n = 1;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/* the changes on text; a new malloc'd text, or NULL (no memory) */
static char *edit_text(const char *text, struct conf_change *ch, size_t n)
{
	/* a line rewritten is at most twice its length and " = \n"; a line
	 * added is "key = value\n" */
	size_t room = 2 * strlen(text) + 8 * (size_t)count_of_lines(text) + 8, o = 0, i, *last;
	const char *line, *next;
	char *out;

	for (i = 0; i < n; i++)
		room += strlen(ch[i].key) + strlen(ch[i].value) + 8;
	out = malloc(room);
	last = malloc((n ? n : 1) * sizeof(*last));
	if (!out || !last) {
		free(out);
		free(last);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		ch[i].done = 0;
		last[i] = (size_t)-1;
	}
	/* the last line of each CONF_SET key */
	for (line = text; *line; line = next) {
		struct conf_line l;

		next = line + strcspn(line, "\n");
		split_line(line, (size_t)(next - line), &l);
		for (i = 0; i < n; i++)
			if (ch[i].op == CONF_SET && is_key(&l, ch[i].key))
				last[i] = (size_t)(line - text);
		next += *next == '\n';
	}
	for (line = text; *line; line = next) {
		struct conf_line l;
		bool written = false;

		next = line + strcspn(line, "\n");
		split_line(line, (size_t)(next - line), &l);
		for (i = 0; i < n && !written; i++) {
			size_t vlen = strlen(ch[i].value);

			if (!is_key(&l, ch[i].key) ||
			    (ch[i].op == CONF_SET ? last[i] != (size_t)(line - text) :
			     !line_has(&l, ch[i].key, ch[i].value)))
				continue;
			if (ch[i].op == CONF_ADD ||
			    (ch[i].op == CONF_SET && l.vlen == vlen && strncmp(l.value, ch[i].value, vlen) == 0)) {
				ch[i].done = -1;   /* it says so already */
				continue;
			}
			if (ch[i].op == CONF_DROP) {
				o += drop_from(out + o, line, &l, &ch[i]);
			} else {
				o += put_line(out + o, line, &l, ch[i].value, vlen);
				ch[i].done = 1;
			}
			written = true;
		}
		if (!written) {
			o += put(out + o, line, (size_t)(next - line));
			o += put(out + o, "\n", 1);
		}
		next += *next == '\n';
	}
	for (i = 0; i < n; i++) {
		if (ch[i].op != CONF_DROP && ch[i].done == 0) {
			o += (size_t)fmt(out + o, room - o, "%s = %s\n", ch[i].key, ch[i].value);
			ch[i].done = 1;
		}
		ch[i].done = ch[i].done > 0;
	}
	out[o] = '\0';
	free(last);
	return out;
}

/* the new text next to the old file, synced, renamed over it */
static int replace(const char *path, const char *text, mode_t mode)
{
	char tmp[4200], dir[4200];
	int fd, r = 0;

	fmt(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	fmt(tmp, sizeof(tmp), "%s/.pciback-early.conf.XXXXXX", dir);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, mode) < 0 || fsync(fd) < 0)
		r = -errno;
	if (!r)
		r = write_all(fd, text, strlen(text));
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && !r)
		r = -errno;
	if (!r && rename(tmp, path) < 0)
		r = -errno;
	if (r) {
		unlink(tmp);
		return r;
	}
	/* the rename itself on disk */
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	return 0;
}

int conf_edit(const struct ctx *c, struct conf_change *changes, size_t n)
{
	char path[4096], *text = NULL, *out;
	struct statvfs fs;
	struct stat st;
	mode_t mode = 0644;
	size_t i;
	int r, count = 0;

	if ((r = root_path(c, path, sizeof(path), CONF_PATH)) < 0)
		return r;
	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return -ELOOP;
		if (!S_ISREG(st.st_mode))
			return -EMEDIUMTYPE;
		/* read-only on purpose (mode), or its file system */
		if (!(st.st_mode & 0222))
			return -EACCES;
		mode = st.st_mode & 07777;
		if ((r = read_file(c, CONF_PATH, &text, 1 << 20)) < 0)
			return r;
		if ((size_t)r != strlen(text)) {
			free(text);
			return -EILSEQ;
		}
	} else if (errno != ENOENT) {
		return -errno;
	}
	*strrchr(path, '/') = '\0';
	if (statvfs(path, &fs) == 0 && (fs.f_flag & ST_RDONLY)) {
		free(text);
		return -EROFS;
	}
	path[strlen(path)] = '/';
	out = edit_text(text ? text : "", changes, n);
	free(text);
	if (!out)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		count += changes[i].done;
	r = count ? replace(path, out, mode) : 0;
	free(out);
	return r < 0 ? r : count;
}

void conf_said(const struct ctx *c, int r)
{
	if (r < 0)
		log_err(c, "cannot save to %s: %s%s", CONF_PATH, errno_phrase(r),
			r == -ELOOP ? " (it is a symbolic link: edit the file it points to by hand)" :
			r == -EACCES ? " (it is read-only: edit it by hand, or make it writable)" : "");
	else if (r == 0)
		log_info(c, "%s already says so: unchanged, no initramfs to rebuild", CONF_PATH);
	else
		log_info(c, "%s saved (%d change(s)); every initramfs carries a copy of it: rebuild "
			 "them for the next boot (update-initramfs -u -k all, or dracut -f "
			 "--regenerate-all); devices added from now on follow it already", CONF_PATH, r);
}
