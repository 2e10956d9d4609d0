/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * log.h - one record per event, to /dev/kmsg (stderr when it cannot be
 * opened), or to stdout in --dry-run.  Every record starts "pciback-early: ".
 */
#ifndef PCIBACK_LOG_H
#define PCIBACK_LOG_H

#include "ctx.h"

/* A record's level is the first character of its format, as the kernel's
 * KERN_ERR: LOG_ERR "cannot ..." (one argument less at each of the
 * program's calls).  LOG_ARG: the level is the first argument, a char
 * ('3' for LOG_ERR), for a level chosen at run time. */
#define LOG_ERR   "3"
#define LOG_WARN  "4"
#define LOG_INFO  "6"
#define LOG_DEBUG "7"
#define LOG_ARG   "%c"

void log_msg(const struct ctx *c, const char *form, ...)
	__attribute__((format(printf, 2, 3)));

struct device;
/* a record about one device: "0000:03:00.0 [8086:10d3]" then form */
void log_dev_msg(const struct ctx *c, const struct device *d,
		 const char *form, ...) __attribute__((format(printf, 3, 4)));

/* the format is a string literal: the level joins it */
#define log_err(c, ...)   log_msg(c, LOG_ERR __VA_ARGS__)
#define log_warn(c, ...)  log_msg(c, LOG_WARN __VA_ARGS__)
#define log_info(c, ...)  log_msg(c, LOG_INFO __VA_ARGS__)
#define log_debug(c, ...) log_msg(c, LOG_DEBUG __VA_ARGS__)
#define log_dev(c, level, d, ...) log_dev_msg(c, d, level __VA_ARGS__)

/* "ENOENT" for 2 or -2: names users can search for (state files);
 * "E<n>" when unknown */
const char *errno_name(int err);
/* "ENOENT: no such file or directory", for log lines (static buffer) */
const char *errno_phrase(int err);

#endif
