/*
 * bind.c - seizing devices, verified by reading the driver link back.
 *
 * All devices get their driver_override before the module loads, so the
 * driver seizes them as it registers and no udev event in between can hand
 * them to a native driver.  driver_override survives switch_root.
 */
#include <errno.h>
#include <string.h>

#include "bind.h"
#include "log.h"
#include "modload.h"
#include "select.h"
#include "sysfs.h"

#define DEVICES "/sys/bus/pci/devices"

static void fail(const struct ctx *c, struct device *d, int err, const char *what)
{
	d->outcome = OUT_FAILED;
	d->reason = errno_name(err);
	log_err(c, "%s [%04x:%04x]: not seized: %s: %s", d->name, d->vendor,
		d->device, what, errno_name(err));
}

/* undo driver_override and let the native driver have the device back */
static void give_back(const struct ctx *c, struct device *d)
{
	if (!d->legacy)
		write_attr(c, "\n", DEVICES "/%s/driver_override", d->name);
	if (refresh_driver(c, d) == 0 && !d->driver[0]) {
		write_attr(c, d->name, "/sys/bus/pci/drivers_probe");
		refresh_driver(c, d);
	}
	if (d->native[0] || d->driver[0])
		log_warn(c, "%s: given back to %s", d->name, d->driver[0] ? d->driver : "no driver");
}

/* steps 1 to 3: nothing is loaded yet */
static void prepare(const struct ctx *c, struct device *d, const char *tname)
{
	int r;

	if (strcmp(d->driver, tname) == 0) {
		char ovr[64];

		/* keep it there after a reboot of the driver: the override
		 * is what holds it (it may have been cleared by hand) */
		if (!c->dry_run &&
		    read_attr(c, ovr, sizeof(ovr), DEVICES "/%s/driver_override", d->name) >= 0 &&
		    strcmp(ovr, tname) != 0)
			write_attr(c, tname, DEVICES "/%s/driver_override", d->name);
		d->outcome = OUT_ALREADY;
		log_info(c, "%s [%04x:%04x]: already on %s", d->name, d->vendor, d->device, tname);
		return;
	}
	if (c->dry_run) {
		log_info(c, "%s [%04x:%04x] %s: would seize for %s (selected by %s)",
			 d->name, d->vendor, d->device, d->driver[0] ? d->driver : "unbound",
			 tname, d->by);
		return;
	}
	d->legacy = !path_exists(c, DEVICES "/%s/driver_override", d->name);
	if (d->legacy && strcmp(tname, "pciback") != 0) {
		fail(c, d, -EOPNOTSUPP, "this kernel has no driver_override");
		return;
	}
	if (!d->legacy) {
		r = write_attr(c, tname, DEVICES "/%s/driver_override", d->name);
		if (r < 0) {
			fail(c, d, r, "cannot write driver_override");
			return;
		}
	}
	if (d->driver[0]) {
		strcpy(d->native, d->driver);
		r = write_attr(c, d->name, DEVICES "/%s/driver/unbind", d->name);
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

static int bind_legacy(const struct ctx *c, struct device *d, const char *tname)
{
	int r = write_attr(c, d->name, "/sys/bus/pci/drivers/%s/new_slot", tname);

	if (r == 0)
		r = write_attr(c, d->name, "/sys/bus/pci/drivers/%s/bind", tname);
	return r;
}

/* steps 5 and 6 */
static void finish(const struct ctx *c, struct device *d, const char *tname)
{
	int r = refresh_driver(c, d);

	if (r == 0 && !d->driver[0] && !d->legacy) {
		r = write_attr(c, d->name, "/sys/bus/pci/drivers_probe");
		if (r == 0)
			r = refresh_driver(c, d);
	}
	if (r == 0 && !d->driver[0] && strcmp(tname, "pciback") == 0) {
		r = bind_legacy(c, d, tname);
		if (r == 0)
			r = refresh_driver(c, d);
	}
	if (!path_exists(c, DEVICES "/%s", d->name)) {
		fail(c, d, -ENODEV, "the device disappeared");
		return;
	}
	if (r == 0 && strcmp(d->driver, tname) == 0) {
		d->outcome = OUT_SEIZED;
		log_info(c, "%s [%04x:%04x] %s -> %s", d->name, d->vendor, d->device,
			 d->native[0] ? d->native : "unbound", tname);
		return;
	}
	if (r == 0 && d->driver[0]) {
		fail(c, d, -EBUSY, d->driver);
	} else {
		fail(c, d, r < 0 ? r : -ENODEV, r < 0 ? "binding failed" : "the driver did not take it");
	}
	give_back(c, d);
}

void bind_devices(const struct ctx *c, const struct config *cfg,
		 const struct plan *plan, struct device_list *list, enum target t)
{
	const char *tname = targets[t].sysfs;
	size_t i, to_load = 0;
	int r;

	for (i = 0; i < list->n; i++)
		if (list->v[i].outcome == OUT_SELECTED && list->v[i].present)
			prepare(c, &list->v[i], tname);
	/* in a dry run, selected devices stay "selected" and say what would happen */
	for (i = 0; i < list->n; i++)
		to_load += list->v[i].outcome == OUT_PREPARED ||
			   (c->dry_run && list->v[i].outcome == OUT_SELECTED);
	if (to_load) {
		r = load_target(c, cfg, plan, t);
		for (i = 0; r < 0 && i < list->n; i++) {
			struct device *d = &list->v[i];

			if (d->outcome != OUT_PREPARED)
				continue;
			fail(c, d, r, targets[t].module);
			give_back(c, d);
		}
	}
	for (i = 0; i < list->n; i++)
		if (list->v[i].outcome == OUT_PREPARED)
			finish(c, &list->v[i], tname);
}
