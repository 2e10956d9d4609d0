// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * util.c - small helpers more than one unit needs (util.h).
 */
#include <string.h>

#include "util.h"

char *cut_line(char *line)
{
	line = strchr(line, '\n');
	if (line)
		*line++ = '\0';
	return line;
}
