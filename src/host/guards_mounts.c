// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guards_mounts.c - what the boot needs mounted: /, /usr, every /etc/fstab
 * entry mounted at boot (neither noauto nor nofail: losing one drops the
 * boot into an emergency shell, a lockout on a remote host), and swap
 * (fstab and /proc/swaps).  Each goes through what is mounted there now
 * (/proc/self/mountinfo), or through its fstab source when nothing is.
 * The files are read whole, with no cap; one that cannot be read guards
 * every storage device (an unknown guard), it never means "nothing".
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "storage.h"
#include "sysfs.h"

/* the next word of a line, NUL-terminated in place; NULL at its end */
static char *next_word(char **s)
{
	char *w = *s + strspn(*s, " \t");

	if (!*w)
		return NULL;
	*s = w + strcspn(w, " \t");
	if (**s)
		*(*s)++ = '\0';
	return w;
}

/* the octal escapes of mountinfo, fstab and /proc/swaps (\040 a space) */
static char *unescape(char *s)
{
	char *in, *out;

	for (in = out = s; *in; in++, out++)
		if (in[0] == '\\' && strspn(in + 1, "01234567") >= 3) {
			*out = (char)((in[1] - '0') * 64 + (in[2] - '0') * 8 + (in[3] - '0'));
			in += 3;
		} else {
			*out = *in;
		}
	*out = '\0';
	return s;
}

/* "36 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro" */
static int read_mountinfo(struct storage_walk *w)
{
	char *line, *next, *dash;
	int r = read_file(w->c, "/proc/self/mountinfo", &w->mountinfo, INT_MAX), n = 0;

	if (r < 0)
		return storage_unknown(w, "01", "cannot read /proc/self/mountinfo: %s",
				       read_error(r));
	for (r = 0, line = w->mountinfo; line && r >= 0; line = next) {
		char *s = line, *dir = NULL, *source = NULL;
		struct mount m = { 0 };

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n++;
		m.id = next_word(&s);
		if (next_word(&s) && (m.majmin = next_word(&s)) && next_word(&s) &&
		    (dir = next_word(&s)) && next_word(&s))
			while ((dash = next_word(&s)) && strcmp(dash, "-") != 0)
				;
		if (dir && (m.fstype = next_word(&s)) && (source = next_word(&s)) &&
		    (m.options = next_word(&s))) {
			m.dir = unescape(dir);
			m.source = unescape(source);
			r = VEC_PUSH(w->mounts, m);
		} else if (m.id) {
			r = storage_unknown(w, "01", "/proc/self/mountinfo:%d: not a mount line", n);
		}
	}
	return r;
}

const struct mount *mount_holding(const struct storage_walk *w, const char *path)
{
	const struct mount *best = NULL;
	size_t i, len, best_len = 0;

	for (i = 0; i < w->mounts.n; i++) {
		const struct mount *m = &w->mounts.v[i];

		len = strcmp(m->dir, "/") == 0 ? 0 : strlen(m->dir);
		if (strncmp(path, m->dir, len) == 0 && (path[len] == '/' || !path[len]) &&
		    (!best || len >= best_len)) {
			best = m;
			best_len = len;
		}
	}
	return best;
}

int storage_path(struct storage_walk *w, const char *path, const char *via)
{
	const struct mount *m = mount_holding(w, path);

	if (!m)
		return storage_unknown(w, "01", "%s: on no mount of /proc/self/mountinfo", via);
	return storage_mount(w, m, via);
}

/* the mount at dir, NULL when none */
static const struct mount *mount_at(const struct storage_walk *w, const char *dir)
{
	const struct mount *m = mount_holding(w, dir);

	return m && strcmp(m->dir, dir) == 0 ? m : NULL;
}

/* a swap device, or a swap file on a mount */
static int storage_swap(struct storage_walk *w, const char *what)
{
	char *via;
	int r;

	if (is_device_spec(what))
		return storage_source(w, what, "swap");
	if (!(via = via_text("swap %s", what)))
		return -ENOMEM;
	r = storage_path(w, what, via);
	free(via);
	return r;
}

/* an fstab line the boot mounts: what is mounted there now (an automount
 * point is not yet), else its source */
static int fstab_entry(struct storage_walk *w, const struct mount *f)
{
	const struct mount *m = mount_at(w, f->dir);

	if (strcmp(f->fstype, "swap") == 0)
		return storage_swap(w, f->source);
	if (m && strcmp(m->fstype, "autofs") != 0)
		return storage_mount(w, m, f->dir);
	return storage_mount(w, f, f->dir);
}

/* "UUID=... /boot/efi vfat umask=0077 0 1"; a system without fstab
 * mounts nothing from it */
static int read_fstab(struct storage_walk *w)
{
	char *text, *line, *next;
	int r = read_file(w->c, "/etc/fstab", &text, INT_MAX), n = 0;

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return storage_unknown(w, "01", "cannot read /etc/fstab: %s", read_error(r));
	for (r = 0, line = text; line && r >= 0; line = next) {
		char *s = line, *source, *dir;
		struct mount f = { 0 };

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		n++;
		if (!(source = next_word(&s)) || *source == '#')
			continue;
		if (!(dir = next_word(&s)) || !(f.fstype = next_word(&s))) {
			r = storage_unknown(w, "01", "/etc/fstab:%d: no mount point or type", n);
			continue;
		}
		f.options = next_word(&s);
		f.options = f.options ? f.options : "defaults";
		if (has_option(f.options, "noauto") || has_option(f.options, "nofail"))
			continue;
		f.source = unescape(source);
		f.dir = unescape(dir);
		r = fstab_entry(w, &f);
	}
	free(text);
	return r;
}

/* "Filename Type Size Used Priority", then one swap a line; a kernel
 * without swap has no /proc/swaps */
static int read_swaps(struct storage_walk *w)
{
	char *text, *line, *next, *what;
	int r = read_file(w->c, "/proc/swaps", &text, INT_MAX);

	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return storage_unknown(w, "01", "cannot read /proc/swaps: %s", read_error(r));
	line = strchr(text, '\n');
	for (r = 0, line = line ? line + 1 : NULL; line && r >= 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if ((what = next_word(&line)))
			r = storage_swap(w, unescape(what));
	}
	free(text);
	return r;
}

/* the root prefix as realpath shows the paths under it */
static int resolve_root(struct storage_walk *w)
{
	if (!realpath(*w->c->root ? w->c->root : "/", w->root))
		return storage_unknown(w, "01", "cannot resolve the root %s", w->c->root);
	if (strcmp(w->root, "/") == 0)
		w->root[0] = '\0';
	w->rootlen = strlen(w->root);
	return 0;
}

int guard_root_storage(const struct ctx *c, struct plan *p)
{
	static const char *const always[] = { "/", "/usr" };
	struct storage_walk w;
	size_t i;
	int r;

	memset(&w, 0, sizeof(w));
	w.c = c;
	w.plan = p;
	r = resolve_root(&w);
	if (r >= 0)
		r = read_mountinfo(&w);
	for (i = 0; i < sizeof(always) / sizeof(always[0]) && r >= 0 && w.mountinfo; i++) {
		const struct mount *m = mount_at(&w, always[i]);

		if (m)
			r = storage_mount(&w, m, always[i]);
		else if (i == 0)
			r = storage_unknown(&w, "01", "/ is not mounted in /proc/self/mountinfo");
	}
	if (r >= 0)
		r = read_fstab(&w);
	if (r >= 0)
		r = read_swaps(&w);
	VEC_FREE(w.mounts);
	free(w.mountinfo);
	strset_free(&w.seen);
	return r < 0 ? r : 0;
}
