/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * exitcode.h - the exit status of every command (pciback-early(8)).
 */
#ifndef PCIBACK_EXITCODE_H
#define PCIBACK_EXITCODE_H

enum exit_status {
	EXIT_OK = 0,         /* every selected device seized, or nothing to do */
	EXIT_FAILED = 1,     /* a device could not be seized, or a setting was bad */
	EXIT_USAGE = 2,      /* bad options or command */
	EXIT_NOTHING = 3,    /* check: no error, and the configuration selects no device */
};

#endif
