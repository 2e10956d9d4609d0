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

/* root + formatted path; -ENAMETOOLONG when it does not fit */
int root_path(const struct ctx *c, char *buf, size_t n, const char *form, ...)
	__attribute__((format(printf, 4, 5)));

/* read a small file, trailing newline stripped; returns length or -errno */
int read_attr(const struct ctx *c, char *buf, size_t n, const char *form, ...)
	__attribute__((format(printf, 4, 5)));

/* read a hex attribute such as "0x8086"; 0 or -errno */
int read_hex_attr(const struct ctx *c, unsigned *val, const char *form, ...)
	__attribute__((format(printf, 3, 4)));

/* last path element of a symlink's target ("e1000" for .../drivers/e1000);
 * -ENOENT when there is no link */
int read_link_name(const struct ctx *c, char *buf, size_t n, const char *form, ...)
	__attribute__((format(printf, 4, 5)));

/* does the path exist (stat follows links) */
int path_exists(const struct ctx *c, const char *form, ...)
	__attribute__((format(printf, 2, 3)));

/* microseconds on a clock that, in the initramfs, does not jump; it wraps
 * (every 71 minutes where long has 32 bits): subtract, never compare */
unsigned long now_us(void);

/* microseconds spent inside c->ops calls (module init, probes) so far:
 * write_attr and modload's load_module call add to it */
extern unsigned long kernel_us;

/* write val to an attribute through c->ops; 0 or -errno */
int write_attr(const struct ctx *c, const char *val, const char *form, ...)
	__attribute__((format(printf, 3, 4)));

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
