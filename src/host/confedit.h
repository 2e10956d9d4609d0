/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * confedit.h - changes to /etc/pciback-early.conf made by the tool
 * itself (`assign --save`, `release --save`, later `import --write`): the
 * file keeps its comments, its order and every line not changed, and is
 * replaced atomically (a temporary file in the same directory, fsync,
 * rename).  A conf that is a symbolic link, not a regular file, or not
 * writable is refused, never written through.
 */
#ifndef PCIBACK_CONFEDIT_H
#define PCIBACK_CONFEDIT_H

#include <stddef.h>

#include "ctx.h"

enum conf_op {
	CONF_ADD,        /* value into the list key (a "key = value" line at the
			  * end), unless a line of key has it already */
	CONF_DROP,       /* value out of every line of the list key (a line
			  * left empty goes); a slot matches any spelling of the
			  * same device (00:03.0, 0000:00:03.0) */
	CONF_SET,        /* the scalar key: its last line gets value, or a line
			  * is added at the end */
};

struct conf_change {
	enum conf_op op;
	const char *key;         /* as in the file: "slots", "except", "driver" */
	const char *value;
	int done;                /* set: 1 when the file changed for it, else 0 */
};

/* apply the changes to CONF_PATH under c->root (created when missing);
 * the number of changes that changed it, or -errno: -ELOOP a symbolic
 * link, -EMEDIUMTYPE not a regular file, -EROFS/-EACCES not writable */
int conf_edit(const struct ctx *c, struct conf_change *changes, size_t n);

/* say what conf_edit's result r means for the user: unchanged, saved
 * (rebuild the initramfs), or why it could not be written */
void conf_said(const struct ctx *c, int r);

#endif
