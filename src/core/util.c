// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * util.c - small helpers more than one unit needs (util.h).
 */
#include <string.h>
#include <sys/utsname.h>

#include "ctx.h"
#include "device.h"
#include "sysfs.h"
#include "util.h"

char *cut_line(char *line)
{
	line = strchr(line, '\n');
	if (line)
		*line++ = '\0';
	return line;
}

bool read_override(const struct ctx *c, const char *dev, char *ovr, size_t size)
{
	if (read_attr(c, ovr, size, PCI_DEVICES "/%s/driver_override", dev) < 0 ||
	    strcmp(ovr, "(null)") == 0)
		ovr[0] = '\0';
	return ovr[0] != '\0';
}

bool is_bridge(const struct device *d)
{
	return (d->class_code >> 16) == 0x06;
}

const char *kernel_release(const struct ctx *c)
{
	static struct utsname u;

	if (c->kver)
		return c->kver;
	uname(&u);
	return u.release;
}
