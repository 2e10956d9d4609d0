/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util.h - small helpers more than one unit needs: one copy each.
 */
#ifndef PCIBACK_UTIL_H
#define PCIBACK_UTIL_H

/* the line that follows line, whose '\n' becomes a NUL; NULL after the
 * last line (a text that ends in '\n' ends with an empty line) */
char *cut_line(char *line);

#endif
