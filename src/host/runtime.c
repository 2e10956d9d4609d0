// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * runtime.c - `assign SEL...` and `release SEL...` in a running system:
 * the same decisions and binding as at boot (modules resolved with
 * libkmod into an in-memory plan), and the boot's give_back.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bind.h"
#include "confedit.h"
#include "decide.h"
#include "exitcode.h"
#include "host.h"
#include "log.h"
#include "session.h"
#include "state.h"
#include "sysfs.h"
#include "util.h"

enum { ASSIGN_FORCE, ASSIGN_DRIVER, ASSIGN_SAVE };
static const struct cli_option_spec assign_options[] = {
	[ASSIGN_FORCE] = { "force", 0, NULL, "skip the lockout guards" },
	[ASSIGN_DRIVER] = { "driver", 0, "DRIVER",
			    "xen-pciback, vfio-pci or pci-stub (default: the configured one)" },
	[ASSIGN_SAVE] = { "save", 0, NULL, "also add them to slots in " CONF_PATH },
};
enum { RELEASE_SAVE };
static const struct cli_option_spec release_options[] = {
	[RELEASE_SAVE] = { "save", 0, NULL, "also take them out of " CONF_PATH },
};

/* --save: the selectors into (CONF_ADD) or out of (CONF_DROP) the conf's
 * slots; a release of a device no slot names (ids, class) adds an except
 * line.  Says what changed and that the initramfs carries a copy of the
 * conf; 0 or -errno (said) */
static int save(const struct ctx *c, const struct cli_opts *o, enum conf_op op)
{
	struct conf_change *ch;
	int i, r, e;

	if (c->dry_run) {
		log_info(c, "would save to %s (dry run)", CONF_PATH);
		return 0;
	}
	if (!(ch = calloc((size_t)o->nargs, sizeof(*ch))))
		return -ENOMEM;
	for (i = 0; i < o->nargs; i++)
		ch[i] = (struct conf_change){ op, "slots", o->args[i], 0 };
	r = conf_edit(c, ch, (size_t)o->nargs);
	for (i = 0; r >= 0 && op == CONF_DROP && i < o->nargs; i++) {
		struct conf_change ex = { CONF_ADD, "except", o->args[i], 0 };

		if (ch[i].done)
			continue;
		e = conf_edit(c, &ex, 1);
		r = e < 0 ? e : r + e;
		if (e > 0)
			log_info(c, "%s: no slots entry names %s: added except = %s", CONF_PATH,
				 o->args[i], o->args[i]);
	}
	free(ch);
	conf_said(c, r);
	return r < 0 ? r : 0;
}

/* the configuration's driver and options, with only these selectors (and
 * the driver, given); 0, -errno, or 1 when a selector or the driver is
 * bad: bad usage, as a missing selector is (logged) */
static int open_for(struct session *s, const struct ctx *c, const struct cli_opts *o,
		    const char *driver, const char *command)
{
	struct origin orig = { NULL, 0, command, NULL };
	int i, r;

	r = session_open(s, c, o->cmdline, SINK_STDERR);
	s->own_selection = true;
	s->cfg.slots.n = s->cfg.ids.n = s->cfg.classes.n = 0;
	s->cfg.errors = 0;
	if (r == 0 && driver)
		r = config_apply(&s->ctx, &s->cfg, &orig, "driver", driver);
	for (i = 0; i < o->nargs && r == 0; i++)
		r = config_apply(&s->ctx, &s->cfg, &orig, "slots", o->args[i]);
	return r == 0 && s->cfg.errors ? 1 : r;
}

static void unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* what assign could not seize; a VF not created yet only when the
 * configuration does not keep it (saved) for the udev rule, and said */
static int count_failed(const struct ctx *c, const struct device_list *list, bool saved)
{
	size_t i;
	int failed = 0;

	for (i = 0; i < list->n; i++) {
		const struct device *d = &list->v[i];

		if (d->outcome == OUT_SKIPPED && !d->present && strcmp(d->reason, "vf-not-created") == 0) {
			log_info(c, "%s (%s): VF not created yet: %s", d->name, d->by, saved ?
				 "saved; the udev rule binds it as it appears" :
				 "nothing to assign now; with --save the udev rule binds it as it appears");
			failed += !saved;
			continue;
		}
		failed += d->outcome == OUT_FAILED || d->outcome == OUT_SKIPPED;
	}
	return failed;
}

static int cmd_assign(const struct ctx *c, const struct cli_opts *o)
{
	struct session s;
	bool saving = o->opt[ASSIGN_SAVE] != NULL;
	int r, t = TARGET_NONE, failed = 0, lock = -1;

	r = open_for(&s, c, o, o->opt[ASSIGN_DRIVER], "assign");
	if (r > 0) {
		session_close(&s);
		return EXIT_USAGE;
	}
	/* only --force lifts a guard here, never rd.pciback.force of the
	 * boot (the command line or the conf) */
	s.cfg.force_by_option = true;
	s.cfg.force = o->opt[ASSIGN_FORCE] ? FORCE_ALL : 0;
	if (r == 0) {
		lock = host_lock(&s.ctx);
		r = session_scan(&s, host_plan);
	}
	if (r == 0)
		r = t = decide(&s.ctx, &s.cfg, &s.plan, s.xen_dom0, &s.list);
	if (r >= 0 && t == TARGET_NONE)
		r = -ENODEV;
	/* the VFs saved for later: their PF lets no driver take them first */
	if (r >= 0 && saving && hold_vfs(&s.ctx, &s.list) < 0)
		failed++;
	if (r >= 0)
		bind_devices(&s.ctx, &s.cfg, &s.plan, &s.list, (enum target)t);
	failed += count_failed(&s.ctx, &s.list, saving);
	/* what cannot be assigned now is not saved for the next boot either */
	if (saving && r >= 0 && !failed && save(&s.ctx, o, CONF_ADD) < 0)
		failed++;
	else if (saving && (r < 0 || failed))
		log_err(&s.ctx, "not saved to %s: not every device could be assigned", CONF_PATH);
	unlock(lock);
	session_close(&s);
	return r < 0 || failed ? EXIT_FAILED : EXIT_OK;
}

static int cmd_release(const struct ctx *c, const struct cli_opts *o)
{
	struct session s;
	size_t i;
	int r, failed = 0, lock = -1;

	r = open_for(&s, c, o, NULL, "release");
	if (r > 0) {
		session_close(&s);
		return EXIT_USAGE;
	}
	s.cfg.force = FORCE_ALL;   /* giving a device back is never a lockout */
	s.cfg.except_slots.n = s.cfg.except_ids.n = 0;
	if (r == 0) {
		lock = host_lock(&s.ctx);
		r = session_scan(&s, NULL);
	}
	if (r == 0)
		r = decide(&s.ctx, &s.cfg, &s.plan, true, &s.list);
	for (i = 0; r >= 0 && i < s.list.n; i++) {
		struct device *d = &s.list.v[i];
		char ovr[64];

		if (d->outcome == OUT_FAILED) {
			failed++;
			continue;
		}
		if (d->outcome != OUT_SELECTED && d->outcome != OUT_ALREADY)
			continue;
		if (!is_target_driver(d->driver) && !read_override(&s.ctx, d->name, ovr, sizeof(ovr))) {
			log_info(&s.ctx, "%s [%04x:%04x]: already released (%s)", d->name, d->vendor,
				 d->device, d->driver[0] ? d->driver : "no driver");
			continue;
		}
		if (s.ctx.dry_run)
			log_info(&s.ctx, "%s [%04x:%04x]: would give it back (clear driver_override, "
				 "unbind from %s, re-probe)", d->name, d->vendor, d->device,
				 d->driver[0] ? d->driver : "no driver");
		else
			failed += give_back(&s.ctx, d) < 0;
	}
	if (o->opt[RELEASE_SAVE] && r >= 0 && save(&s.ctx, o, CONF_DROP) < 0)
		failed++;
	unlock(lock);
	session_close(&s);
	return r < 0 || failed ? EXIT_FAILED : EXIT_OK;
}

const struct cli_command assign_command = {
	"assign", cmd_assign, "SEL...", "seize these devices now",
	assign_options, sizeof(assign_options) / sizeof(assign_options[0]),
};

const struct cli_command release_command = {
	"release", cmd_release, "SEL...", "give these devices back to their native drivers",
	release_options, sizeof(release_options) / sizeof(release_options[0]),
};
