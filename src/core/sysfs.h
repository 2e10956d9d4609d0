/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sysfs.h - every file the program touches goes through here, under the
 * root prefix of the context.  Reads are small attribute files; writes go
 * through the context's kernel_ops so tests can fake the kernel.
 */
#ifndef PCIBACK_SYSFS_H
#define PCIBACK_SYSFS_H

#include <stddef.h>
#include "ctx.h"

/* the two sysfs directories of the PCI bus every step works in */
#define PCI_DEVICES "/sys/bus/pci/devices"
#define PCI_DRIVERS "/sys/bus/pci/drivers"

/*
 * The calls below that take a path (a string literal, formatted, under
 * the root prefix) are one function, sysfs_at(): its op says which
 * call it is.
 */
enum sysfs_op { SYSFS_PATH, SYSFS_READ, SYSFS_HEX, SYSFS_LINK, SYSFS_EXISTS, SYSFS_WRITE };
int sysfs_at(const struct ctx *c, enum sysfs_op op, void *buf, size_t n, const char *form, ...)
	__attribute__((format(printf, 5, 6)));

/* root + formatted path; -ENAMETOOLONG when it does not fit:
 * root_path(c, buf, n, form, ...) */
#define root_path(c, buf, n, ...) sysfs_at((c), SYSFS_PATH, (buf), (n), __VA_ARGS__)

/* read a small file, trailing newline stripped; returns length or -errno:
 * read_attr(c, buf, n, form, ...) */
#define read_attr(c, buf, n, ...) sysfs_at((c), SYSFS_READ, (buf), (n), __VA_ARGS__)

/* read a hex attribute such as "0x8086"; 0 or -errno:
 * read_hex_attr(c, unsigned *val, form, ...) */
#define read_hex_attr(c, val, ...) \
	sysfs_at((c), SYSFS_HEX, 1 ? (val) : (unsigned *)0, 0, __VA_ARGS__)

/* last path element of a symlink's target ("e1000" for .../drivers/e1000);
 * -ENOENT when there is no link: read_link_name(c, buf, n, form, ...) */
#define read_link_name(c, buf, n, ...) sysfs_at((c), SYSFS_LINK, (buf), (n), __VA_ARGS__)

/* does the path exist (stat follows links): path_exists(c, form, ...) */
#define path_exists(c, ...) sysfs_at((c), SYSFS_EXISTS, NULL, 0, __VA_ARGS__)

/* microseconds on a clock that, in the initramfs, does not jump; it wraps
 * (every 71 minutes where long has 32 bits): subtract, never compare */
unsigned long now_us(void);

/* microseconds spent inside c->ops calls (module init, probes) so far:
 * write_attr and modload's load_module call add to it */
extern unsigned long kernel_us;

/* write val to an attribute through c->ops; 0 or -errno:
 * write_attr(c, const char *val, form, ...) (a call of the member
 * kernel_ops.write_attr is written (ops->write_attr)(...)) */
#define write_attr(c, val, ...) \
	sysfs_at((c), SYSFS_WRITE, (void *)(1 ? (val) : ""), 0, __VA_ARGS__)

/* open path for writing (flags added to O_WRONLY | O_CLOEXEC, mode 0644
 * when created), write all of buf in one write(), close; 0 or -errno,
 * -EIO when the write was short */
int write_file(const char *path, int flags, const char *buf, size_t len);

/* read a whole regular file into a NUL-terminated malloc'd buffer that
 * grows with it (max INT_MAX: no cap but the int length); its length (a
 * NUL inside shows as strlen < length), -EFBIG when longer than max,
 * -EMEDIUMTYPE when not a regular file, or -errno (a read error too, never
 * a part of the file) */
int read_file(const struct ctx *c, const char *path, char **out, size_t max);

#endif
