/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util.h - small helpers more than one unit needs: one copy each.
 */
#ifndef PCIBACK_UTIL_H
#define PCIBACK_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* the line that follows line, whose '\n' becomes a NUL; NULL after the
 * last line (a text that ends in '\n' ends with an empty line) */
char *cut_line(char *line);

struct ctx;
struct device;
/* the PCI device's driver_override in ovr[size], "" when none is set (the
 * file unreadable, or the kernel's "(null)"); whether one is set */
bool read_override(const struct ctx *c, const char *dev, char *ovr, size_t size);
/* a bridge of any kind: PCI class 06 */
bool is_bridge(const struct device *d);
/* --kver, else the running kernel's release (uname -r; static storage) */
const char *kernel_release(const struct ctx *c);

#endif
