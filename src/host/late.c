// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * late.c - the host tool's `apply`: with no --device the boot's run
 * (apply.c) on the running system; with --device ADDR, what the udev
 * rule runs for each PCI device added (hotplug, rescan, a VF created
 * through sriov_numvfs) or removed: the boot's decision for that one
 * device (the configuration, /proc/cmdline, the plan's guards and the
 * boot-time guards, over every device present, as at boot), then the
 * boot's binding for it alone, under the boot run's lock, and its line of
 * the state file.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "apply.h"
#include "bind.h"
#include "decide.h"
#include "devices.h"
#include "exitcode.h"
#include "host.h"
#include "log.h"
#include "session.h"
#include "state.h"
#include "sysfs.h"

enum { APPLY_DEVICE };
static const struct cli_option_spec apply_options[] = {
	[APPLY_DEVICE] = { "device", 0, "ADDR",
			   "only this device (DDDD:BB:DD.F), as the udev rule runs it" },
};

/* the plan the image has, else the one it would have (a host has no
 * /etc/pciback-early/plan unless it was copied there) */
static int late_plan(const struct ctx *c, struct plan *p)
{
	int r = plan_read(c, p);

	return r == -ENOENT ? host_plan(c, p) : r;
}

static struct device *named(struct device_list *list, const char *name)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return &list->v[i];
	return NULL;
}

/* is d a VF of a PF whose VFs the configuration selects */
static bool vf_of_held(const struct ctx *c, struct device_list *list, const struct device *d)
{
	char pf[64];
	const struct device *p;

	return read_link_name(c, pf, sizeof(pf), PCI_DEVICES "/%s/physfn", d->name) == 0 &&
	       (p = named(list, pf)) && p->hold_vfs;
}

/* every device but keep left as it is */
static void only(struct device_list *list, const struct device *keep)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		struct device *d = &list->v[i];

		if (d != keep && d->outcome != OUT_NONE)
			set_outcome(d, OUT_NONE, NULL);
	}
}

int host_lock(const struct ctx *c)
{
	int fd = c->dry_run ? -1 : state_lock(c);

	if (fd < 0 && !c->dry_run)
		log_warn(c, "cannot lock %s/lock: %s; going on", STATE_DIR, errno_phrase(fd));
	return fd;
}

static void forget(const struct ctx *c, const char *name)
{
	int r = c->dry_run ? 0 : state_update(c, name, NULL);

	log_debug(c, "%s: not present, its state line dropped", name);
	if (r < 0)
		log_err(c, "cannot write %s/state: %s", STATE_DIR, errno_phrase(r));
}

static int apply_device(const struct ctx *c0, const struct cli_opts *o, const char *name)
{
	struct session s;
	struct pci_addr a;
	struct device *d;
	const struct ctx *c = &s.ctx;
	struct ctx quiet;
	int r, t = TARGET_NONE, lock = -1, status = EXIT_OK;

	if (parse_addr(name, &a) < 0) {
		struct ctx e = *c0;

		e.sink = SINK_STDERR;
		log_err(&e, "--device '%s' is not a PCI address as sysfs names it (DDDD:BB:DD.F)",
			name);
		return EXIT_USAGE;
	}
	r = session_open(&s, c0, o->cmdline, c0->sink);
	/* removed: what the state said of it no longer holds */
	if (r == 0 && !path_exists(c, PCI_DEVICES "/%s", name)) {
		lock = host_lock(c);
		forget(c, name);
		goto out;
	}
	if (r < 0 || s.cfg.disabled)
		goto out;
	if ((r = session_plan(&s, late_plan)) < 0 || !config_selects(&s.cfg))
		goto out;
	quiet = s.ctx;
	quiet.sink = SINK_NONE;
	/* two events for one device never interleave, nor with a boot run */
	lock = host_lock(c);
	/* the devices' messages are the one device's; the others are said
	 * by check, and at boot */
	if ((r = session_scan(&s, NULL)) < 0 ||
	    (r = t = decide(&quiet, &s.cfg, &s.plan, s.xen_dom0, &s.list)) < 0)
		goto out;
	d = named(&s.list, name);
	if (!d || !d->present) {
		forget(c, name);
		goto out;
	}
	if (d->outcome == OUT_NONE && !d->hold_vfs && !vf_of_held(c, &s.list, d)) {
		log_debug(c, "%s: not selected", name);
		goto out;
	}
	only(&s.list, d);
	if (d->outcome == OUT_SKIPPED)
		log_dev(c, LOG_WARN, d, ": left alone: %s (pciback-early check says why)", d->reason);
	else if (d->outcome == OUT_FAILED)
		log_dev(c, LOG_ERR, d, ": not seized: %s (pciback-early check says why)", d->reason);
	/* a PF (its VFs keep their mark: probe_vfs goes by it) */
	if (t != TARGET_NONE && hold_vfs(c, &(struct device_list){ d, 1, 1, false }) < 0)
		status = EXIT_FAILED;
	if (t != TARGET_NONE)
		bind_devices(c, &s.cfg, &s.plan, &s.list, (enum target)t);
	probe_vfs(c, &s.list, d);
	if (!c->dry_run && (r = state_update(c, name, d)) < 0)
		log_err(c, "cannot write %s/state: %s", STATE_DIR, errno_phrase(r));
	if (d->outcome == OUT_FAILED)
		status = EXIT_FAILED;
out:
	if (lock >= 0)
		close(lock);
	if (r < 0)
		status = EXIT_FAILED;
	session_close(&s);
	return status;
}

static int cmd_late_apply(const struct ctx *c, const struct cli_opts *o)
{
	if (o->opt[APPLY_DEVICE])
		return apply_device(c, o, o->opt[APPLY_DEVICE]);
	return cmd_apply(c, o);
}

const struct cli_command apply_command = {
	"apply", cmd_late_apply, NULL,
	"select and seize the devices now, as the boot does (--device: one, as the udev rule)",
	apply_options, sizeof(apply_options) / sizeof(apply_options[0]),
};
