// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * session.c - configuration, plan and devices, read the same way for the
 * boot and every host command.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "decide.h"
#include "devices.h"
#include "log.h"
#include "session.h"
#include "sysfs.h"

#define CMDLINE_MAX 65536

/*
 * Xen says it is there in /sys/hypervisor/type; a domU says so too, so
 * when xenfs is mounted its capabilities decide.  Without them, a domU is
 * caught later: xen-pciback refuses to load there (ENODEV).
 */
static bool is_xen_dom0(const struct ctx *c)
{
	char buf[64];

	if (read_attr(c, buf, sizeof(buf), "/sys/hypervisor/type") < 0 ||
	    strcmp(buf, "xen") != 0)
		return false;
	if (read_attr(c, buf, sizeof(buf), "/proc/xen/capabilities") >= 0)
		return str_find(buf, "control_d") != NULL;
	return true;
}

/* the conf file.  An unreadable file is one bad setting: the command line
 * still counts, but what the file may have excepted is not seized broadly */
int read_conf_file(const struct ctx *c, struct config *cfg)
{
	char *text;
	int r = read_file(c, CONF_PATH, &text, 1 << 20);

	if (r >= 0 && (int)strlen(text) < r) {
		log_err(c, "%s: binary data at byte %zu: the file is ignored", CONF_PATH,
			strlen(text));
		r = -EILSEQ;
	} else if (r >= 0) {
		r = config_parse_file(c, cfg, CONF_PATH, text);
		free(text);
		return r;
	} else if (r == -EMEDIUMTYPE) {
		log_err(c, "%s: not a regular file: ignored", CONF_PATH);
	} else if (r != -ENOENT) {
		log_err(c, "cannot read %s: %s", CONF_PATH, errno_phrase(r));
	}
	if (r == -EILSEQ)
		free(text);
	if (r != -ENOENT) {
		cfg->errors++;
		cfg->except_errors++;
	}
	return 0;
}

static int read_config(const struct ctx *c, struct config *cfg, const char *cmdline)
{
	char *text;
	int r = read_conf_file(c, cfg);

	if (r < 0)
		return r;
	/* a chroot building an image may have no /proc: an empty command line */
	if (!cmdline && (r = read_file(c, "/proc/cmdline", &text, CMDLINE_MAX)) == -ENOENT)
		cmdline = "";
	if (cmdline) {
		text = strdup(cmdline);
		r = text ? 0 : -ENOMEM;
	}
	if (r < 0) {
		log_err(c, "cannot read the kernel command line: %s", errno_phrase(r));
		return r;
	}
	r = config_parse_cmdline(c, cfg, text);
	free(text);
	return r;
}

int session_open(struct session *s, const struct ctx *c, const char *cmdline,
		 enum log_sink sink)
{
	int r;

	memset(s, 0, sizeof(*s));
	s->ctx = *c;
	s->ctx.sink = sink;
	config_init(&s->cfg);
	plan_init(&s->plan);
	s->plan_status = 1;
	r = read_config(&s->ctx, &s->cfg, cmdline);
	s->ctx.debug = s->ctx.debug || s->cfg.debug;
	return r;
}

/*
 * modprobe.d's hide= and ids= of a target driver, from the plan: taken as
 * selections, never passed to the module; a hide= of the conf or the
 * command line wins, as modprobe puts the command line's after the
 * config's (the last hide= counts).  Bad tokens name FILE:LINE.
 */
static int select_from_plan(struct session *s)
{
	bool hide_set = s->cfg.hide_set;
	size_t i;
	int r = 0;

	for (i = 0; i < s->plan.selects.n && r == 0; i++) {
		const struct plan_select *sel = &s->plan.selects.v[i];
		struct origin o = { sel->file, sel->line, NULL, sel->by };

		if (sel->hide && hide_set)
			log_info(&s->ctx, "%s%s not taken: a hide= of the command line or "
				 "the conf wins", sel->by, sel->value);
		else
			r = config_apply(&s->ctx, &s->cfg, &o, sel->hide ? "hide" : "ids",
					 sel->value);
	}
	return r;
}

int session_plan(struct session *s, plan_source *source)
{
	s->plan_status = source(&s->ctx, &s->plan);
	return s->own_selection ? 0 : select_from_plan(s);
}

/* a device an exact selection or one of the plan's guards names */
static bool wanted(const void *arg, const char *name, const struct pci_addr *a)
{
	const struct session *s = arg;
	size_t i;

	for (i = 0; i < s->cfg.slots.n; i++)
		if (addr_matches(&s->cfg.slots.v[i].addr, a))
			return true;
	for (i = 0; i < s->plan.guards.n; i++)
		if (s->plan.guards.v[i].addr && strcmp(s->plan.guards.v[i].addr, name) == 0)
			return true;
	return false;
}

/* selections that name their devices: slots without a bridge path or a
 * VF, no ids or classes */
static bool exact(const struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->slots.n; i++)
		if (cfg->slots.v[i].depth || cfg->slots.v[i].vf)
			return false;
	return !cfg->ids.n && !cfg->classes.n;
}

int session_scan(struct session *s, plan_source *source)
{
	const struct ctx *c = &s->ctx;
	int r = source ? session_plan(s, source) : 0;

	if (r < 0)
		return r;
	if (s->plan_status == -ENOENT)
		log_warn(c, "no plan %s: the build host's guards (root storage, "
			 "keyboard, default route) are unknown, only the boot VGA and bridges "
			 "are guarded", PLAN_PATH);
	else if (s->plan_status < 0)
		log_warn(c, "cannot read the plan %s: %s; the build host's guards are unknown",
			 PLAN_PATH, errno_phrase(s->plan_status));
	if (s->plan.damaged)
		s->cfg.errors++;
	r = enumerate_devices(c, &s->list, s->selected_only && exact(&s->cfg) ? wanted : NULL, s);
	if (r < 0) {
		log_err(c, "cannot list PCI devices: %s", errno_phrase(r));
		return r;
	}
	s->xen_dom0 = is_xen_dom0(c);
	return 0;
}

void session_close(struct session *s)
{
	if (!FREE_RETURNS_MEMORY)
		return;
	device_list_free(&s->list);
	plan_free(&s->plan);
	config_free(&s->cfg);
}
