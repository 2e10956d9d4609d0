// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bind.c - seizing devices, verified by reading the driver link back, and
 * giving them back.
 *
 * The target module loads first, while no override is pending, so that
 * its registration seizes nothing (it would probe the devices one after
 * another); then each device gets its driver_override before its native
 * driver lets go of it, so that no udev event in between can hand it
 * back, and the probes of all devices run at once.  driver_override
 * survives switch_root.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fmt.h"
#include "bind.h"
#include "devices.h"
#include "log.h"
#include "modload.h"
#include "sysfs.h"
#include "util.h"

/* a file of a driver: new_slot, new_id, remove_id, bind, remove_slot */
#define DRIVER_FILE PCI_DRIVERS "/%s/%s"

static void fail(const struct ctx *c, struct device *d, int err, const char *what)
{
	set_outcome(d, OUT_FAILED, errno_name(err));
	log_dev(c, LOG_ERR, d, ": not seized: %s: %s", what, errno_phrase(err));
}

bool is_target_driver(const char *name)
{
	int t;

	for (t = 0; t < TARGET_NONE; t++)
		if (strcmp(name, targets[t].sysfs) == 0)
			return true;
	return false;
}

/* one step of give_back: log a failed write and note it in the reason */
static int back_step(const struct ctx *c, struct device *d, int r, const char *what, int first)
{
	size_t len = strlen(d->reason);

	if (r == 0)
		return first;
	log_dev(c, LOG_ERR, d, ": giving it back: cannot %s: %s", what, errno_phrase(r));
	fmt(d->reason + len, sizeof(d->reason) - len, "%sgive-back:%s",
		 len ? "," : "", errno_name(r));
	return first ? first : r;
}

int give_back(const struct ctx *c, struct device *d)
{
	const char *pciback = targets[TARGET_XEN_PCIBACK].sysfs;
	char ovr[64];
	int r = 0;

	if (read_override(c, d->name, ovr, sizeof(ovr)))
		r = back_step(c, d, write_attr(c, "\n", PCI_DEVICES "/%s/driver_override",
					       d->name), "clear driver_override", r);
	/* a device new_slot named stays in pciback's slot list, and pciback
	 * would take it straight back on the re-probe; ENOENT: not listed */
	if ((d->route == ROUTE_NEW_SLOT || strcmp(d->driver, pciback) == 0) &&
	    path_exists(c, DRIVER_FILE, pciback, "remove_slot")) {
		int rs = write_attr(c, d->name, DRIVER_FILE, pciback, "remove_slot");

		r = back_step(c, d, rs == -ENOENT ? 0 : rs, "remove it from pciback's slots", r);
	}
	if (is_target_driver(d->driver))
		r = back_step(c, d, write_attr(c, d->name, PCI_DEVICES "/%s/driver/unbind",
					       d->name), "unbind it", r);
	refresh_driver(c, d);
	if (!d->driver[0]) {
		r = back_step(c, d, write_attr(c, d->name, "/sys/bus/pci/drivers_probe"),
			      "re-probe it", r);
		refresh_driver(c, d);
	}
	if (is_target_driver(d->driver))
		r = back_step(c, d, -EBUSY, "take it from its target driver", r);
	log_warn(c, "%s: given back to %s", d->name, d->driver[0] ? d->driver : "no driver");
	return r;
}

/* the sysfs file of each route, also its name in the state file */
static const char *const route_files[] = { "driver_override", "new_slot", "new_id" };

/* another device with d's vendor:device: new_id would give it to the
 * target too.  A partial list has not read the others: they are read now,
 * and when they cannot be, new_id is not taken */
static bool has_twin(const struct ctx *c, const struct device_list *list,
		     const struct device *d)
{
	struct device_list all = { 0 };
	bool twin = list->partial && enumerate_devices(c, &all, NULL, NULL) < 0;
	size_t i;

	if (list->partial)
		list = &all;
	for (i = 0; i < list->n; i++)
		twin |= list->v[i].present && strcmp(list->v[i].name, d->name) != 0 &&
			list->v[i].vendor == d->vendor && list->v[i].device == d->device;
	device_list_free(&all);
	return twin;
}

/*
 * The target cannot take d through driver_override: the file is missing
 * (-EOPNOTSUPP), the write was refused (-EINVAL, -EPERM) or the probe left
 * d unbound (-ENODEV).  Take the route the kernel still offers: pciback's
 * new_slot, pci-stub's new_id when no twin would be taken with it; or fail
 * d saying why.  0 or why.
 */
static int fallback(const struct ctx *c, const struct device_list *list, struct device *d,
		    enum target t, int why)
{
	if (t == TARGET_VFIO_PCI || (t == TARGET_PCI_STUB && has_twin(c, list, d))) {
		fail(c, d, why, t == TARGET_PCI_STUB ?
		     "new_id would also take the other device with these IDs" :
		     "the kernel refuses driver_override for vfio-pci: see the "
		     "allow_driver_override kernel parameter");
		return why;
	}
	d->route = t == TARGET_XEN_PCIBACK ? ROUTE_NEW_SLOT : ROUTE_NEW_ID;
	log_dev(c, LOG_INFO, d, ": no driver_override (%s): %s + bind", errno_name(why),
		route_files[d->route]);
	return 0;
}

/* -EOPNOTSUPP on a kernel without driver_override, else 0 */
static int override_missing(const struct ctx *c, const struct device *d)
{
	return path_exists(c, PCI_DEVICES "/%s/driver_override", d->name) ? 0 : -EOPNOTSUPP;
}

void bind_predict(const struct ctx *c, struct device_list *list, enum target t)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (list->v[i].outcome == OUT_SELECTED && list->v[i].present &&
		    override_missing(c, &list->v[i]))
			fallback(c, list, &list->v[i], t, -EOPNOTSUPP);
}

/* steps 2 and 3, the target loaded */
static void prepare(const struct ctx *c, const struct device_list *list, struct device *d,
		    enum target t)
{
	const char *tname = targets[t].sysfs;
	int r = override_missing(c, d);

	if (r == 0 && !c->dry_run)
		r = write_attr(c, tname, PCI_DEVICES "/%s/driver_override", d->name);
	if (r == -EOPNOTSUPP || r == -EINVAL || r == -EPERM)
		r = fallback(c, list, d, t, r);
	else if (r < 0)
		fail(c, d, r, "cannot write driver_override");
	if (r < 0)
		return;
	if (c->dry_run) {
		log_dev(c, LOG_INFO, d, " %s: would seize for %s (selected by %s)",
			d->driver[0] ? d->driver : "unbound", tname, d->by);
		return;
	}
	if (d->driver[0]) {
		strcpy(d->native, d->driver);
		r = write_attr(c, d->name, PCI_DEVICES "/%s/driver/unbind", d->name);
		if (r == 0)
			r = refresh_driver(c, d);
		if (r == 0 && d->driver[0])
			r = -EBUSY;
		if (r < 0) {
			fail(c, d, r, "cannot unbind it from its driver");
			give_back(c, d);
			return;
		}
	}
	d->outcome = OUT_PREPARED;
}

/* step 1: on the target already; the override is what keeps it there
 * after the driver is reloaded (it may have been cleared by hand) */
static void keep(const struct ctx *c, struct device *d, const char *tname)
{
	char ovr[64];

	if (!c->dry_run &&
	    read_attr(c, ovr, sizeof(ovr), PCI_DEVICES "/%s/driver_override", d->name) >= 0 &&
	    strcmp(ovr, tname) != 0)
		write_attr(c, tname, PCI_DEVICES "/%s/driver_override", d->name);
	log_dev(c, LOG_INFO, d, ": already on %s", tname);
}

/* new_slot or new_id, then bind unless that alone attached it; the
 * new_id goes again at once so that no device added later matches it */
static int bind_by_route(const struct ctx *c, struct device *d, const char *tname)
{
	char id[16];
	int r;

	fmt(id, sizeof(id), "%04x %04x", d->vendor, d->device);
	r = write_attr(c, d->route == ROUTE_NEW_ID ? id : d->name, DRIVER_FILE, tname,
		       route_files[d->route]);
	if (r == 0 && d->route == ROUTE_NEW_ID) {
		int rm = write_attr(c, id, DRIVER_FILE, tname, "remove_id");

		if (rm < 0)
			log_dev(c, LOG_WARN, d, ": cannot remove_id: %s", errno_phrase(rm));
	}
	if (r == 0)
		r = refresh_driver(c, d);
	if (r == 0 && !d->driver[0] &&
	    (r = write_attr(c, d->name, DRIVER_FILE, tname, "bind")) == 0)
		r = refresh_driver(c, d);
	return r;
}

/* step 6, r: what d's drivers_probe write gave */
static void finish(const struct ctx *c, const struct device_list *list, struct device *d,
		   enum target t, int r)
{
	const char *tname = targets[t].sysfs;

	if (r == 0)
		r = refresh_driver(c, d);
	if (!path_exists(c, PCI_DEVICES "/%s", d->name)) {
		fail(c, d, -ENODEV, "the device disappeared");
		return;
	}
	if (r == 0 && !d->driver[0] && d->route == ROUTE_OVERRIDE)
		r = fallback(c, list, d, t, -ENODEV);
	if (r == 0 && !d->driver[0])
		r = bind_by_route(c, d, tname);
	if (r == 0 && strcmp(d->driver, tname) == 0) {
		set_outcome(d, OUT_SEIZED, d->route ? route_files[d->route] : NULL);
		log_dev(c, LOG_INFO, d, " %s -> %s",
			 d->native[0] ? d->native : "unbound", tname);
		return;
	}
	if (d->outcome == OUT_FAILED)
		;	/* fallback said why */
	else if (r == 0 && d->driver[0]) {
		char what[48];

		fmt(what, sizeof(what), "%s took it", d->driver);
		fail(c, d, -EBUSY, what);
	}
	else
		fail(c, d, r < 0 ? r : -ENODEV, r < 0 ? "binding failed" : "the driver did not take it");
	give_back(c, d);
}

/*
 * Steps 5 and 6 for every prepared device.  A module's registration
 * probes the devices it finds one after another, and each probe by a
 * target resets the function (an FLR waits 100 ms, a bus reset about a
 * second); the drivers_probe writes of separate processes probe side by
 * side (each holds its own device's lock).  So each write is made by a
 * child process of its own, PROBES_AT_ONCE at most at a time; this
 * process waits for each in device order, then verifies, logs and gives
 * back that device.  A fork that fails: the write is made here.
 */
#define PROBES_AT_ONCE 16

static void probe_all(const struct ctx *c, const struct device_list *list, enum target t)
{
	size_t who[PROBES_AT_ONCE], i = 0, n, k;
	pid_t pid[PROBES_AT_ONCE];
	int res[PROBES_AT_ONCE], st;

	while (i < list->n) {
		for (n = 0; i < list->n && n < PROBES_AT_ONCE; i++) {
			const struct device *d = &list->v[i];

			if (d->outcome != OUT_PREPARED)
				continue;
			pid[n] = res[n] = 0;
			if (d->route == ROUTE_OVERRIDE && (pid[n] = fork()) <= 0) {
				res[n] = write_attr(c, d->name, "/sys/bus/pci/drivers_probe");
				if (pid[n] == 0)
					_exit(-res[n]);
			}
			who[n++] = i;
		}
		for (k = 0; k < n; k++) {
			/* the child's time is spent inside the kernel */
			kernel_us -= now_us();
			if (pid[k] > 0)
				res[k] = waitpid(pid[k], &st, 0) > 0 && WIFEXITED(st) ?
					 -WEXITSTATUS(st) : -ECHILD;
			kernel_us += now_us();
			finish(c, list, &list->v[who[k]], t, res[k]);
		}
	}
}

int hold_vfs(const struct ctx *c, const struct device_list *list)
{
	size_t i;
	int r, first = 0;

	for (i = 0; i < list->n; i++) {
		const struct device *d = &list->v[i];

		if (!d->hold_vfs)
			continue;
		r = c->dry_run ? 0 : write_attr(c, "0", PCI_DEVICES "/%s/sriov_drivers_autoprobe",
						d->name);
		if (r < 0) {
			first = first ? first : r;
			log_dev(c, LOG_ERR, d, ": cannot set sriov_drivers_autoprobe to 0 (%s): the "
				"native driver may take its selected VFs first", errno_phrase(r));
		} else {
			log_dev(c, LOG_INFO, d, ": sriov_drivers_autoprobe 0: its selected VFs are "
				"bound as they appear");
		}
	}
	return first;
}

void probe_vfs(const struct ctx *c, const struct device_list *list,
	       const struct device *only)
{
	char pf[64], now[8];
	size_t i, j;
	int r;

	for (i = 0; VF_ADDRESSES && i < list->n; i++) {
		const struct device *d = &list->v[i];

		if ((only && d != only) || (d->outcome != OUT_NONE && d->outcome != OUT_SKIPPED) ||
		    !d->present ||
		    d->driver[0] ||
		    read_link_name(c, pf, sizeof(pf), PCI_DEVICES "/%s/physfn", d->name) < 0)
			continue;
		for (j = 0; j < list->n && strcmp(list->v[j].name, pf) != 0; j++)
			;
		if (j == list->n || !list->v[j].hold_vfs ||
		    read_attr(c, now, sizeof(now), PCI_DEVICES "/%s/sriov_drivers_autoprobe", pf) < 0 ||
		    strcmp(now, "0") != 0)
			continue;
		r = c->dry_run ? 0 : write_attr(c, d->name, "/sys/bus/pci/drivers_probe");
		if (r < 0)
			log_dev(c, LOG_WARN, d, ": a VF not selected: cannot probe it for its native "
				"driver: %s", errno_phrase(r));
		else
			log_dev(c, LOG_INFO, d, ": a VF not selected: %s for its native driver "
				"(%s's sriov_drivers_autoprobe is 0)", c->dry_run ? "would probe it" :
				"probed", pf);
	}
}

void fail_load(const struct ctx *c, struct device_list *list, enum target t, int err)
{
	char what[32];
	size_t i;

	fmt(what, sizeof(what), "cannot load %s", targets[t].module);
	/* before anything was written: each device stays as it was */
	for (i = 0; i < list->n; i++)
		if (list->v[i].outcome == OUT_SELECTED && list->v[i].present)
			fail(c, &list->v[i], err, what);
}

void bind_devices(const struct ctx *c, const struct config *cfg,
		  const struct plan *plan, struct device_list *list, enum target t)
{
	size_t i, to_load = 0;
	int r;

	for (i = 0; i < list->n; i++)
		to_load += list->v[i].outcome == OUT_SELECTED && list->v[i].present;
	/* nothing is written before the load: a load that fails leaves every
	 * device as it was */
	if (to_load && (r = load_target(c, cfg, plan, t)) < 0)
		fail_load(c, list, t, r);
	/* in a dry run, selected devices stay "selected" and say what would happen */
	for (i = 0; i < list->n; i++) {
		struct device *d = &list->v[i];

		if (d->outcome == OUT_ALREADY)
			keep(c, d, targets[t].sysfs);
		else if (d->outcome == OUT_SELECTED && d->present)
			prepare(c, list, d, t);
	}
	probe_all(c, list, t);
}
