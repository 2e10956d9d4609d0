/*
 * runtime.c - `assign SEL...` and `release SEL...` in a running system:
 * the same binding as at boot (modules resolved with libkmod through an
 * in-memory plan), and giving a device back to its native driver.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "bind.h"
#include "cli.h"
#include "host.h"
#include "log.h"
#include "select.h"
#include "sysfs.h"

/* the configuration's driver and options, with only these selectors */
static int config_for(const struct ctx *c, struct config *cfg, char **sels, int n)
{
	struct origin o = { NULL, 0, "selector" };
	int i, r = 0;

	config_init(cfg);
	read_config(c, cfg, NULL);
	cfg->slots.n = cfg->ids.n = cfg->classes.n = 0;
	cfg->errors = 0;
	for (i = 0; i < n && r == 0; i++)
		r = config_apply(c, cfg, &o, "slots", sels[i]);
	return r < 0 ? r : cfg->errors ? -EINVAL : 0;
}

static int plan_in_memory(const struct ctx *c, struct plan *plan)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int r;

	if (!f)
		return -ENOMEM;
	r = write_plan(c, NULL, NULL, f);
	fclose(f);
	if (r == 0)
		r = plan_parse(c, plan, "plan", text) < 0 ? -EINVAL : 0;
	free(text);
	return r;
}

int cmd_assign(const struct ctx *c0, const struct host_opts *o, char **sels, int n)
{
	struct ctx ctx = *c0;
	const struct ctx *c = &ctx;
	struct device_list list = { NULL, 0, 0 };
	struct config cfg;
	struct plan plan;
	size_t i;
	int r, failed = 0;

	/* cppcheck-suppress unreadVariable ; read through c */
	ctx.sink = SINK_STDERR;
	plan_init(&plan);
	r = config_for(c, &cfg, sels, n);
	cfg.force = cfg.force || o->force;
	if (r == 0 && (r = plan_in_memory(c, &plan)) < 0)
		log_err(c, "cannot resolve the target modules with libkmod: %s", errno_name(r));
	if (r == 0 && (r = enumerate_devices(c, &list)) < 0)
		log_err(c, "cannot list PCI devices: %s", errno_name(r));
	if (r == 0 && (r = select_devices(c, &cfg, &plan, &list)) == 0) {
		enum target t = choose_target(c, &cfg);

		if (t == TARGET_NONE)
			r = -ENODEV;
		else
			bind_devices(c, &cfg, &plan, &list, t);
	}
	for (i = 0; i < list.n; i++)
		failed += list.v[i].outcome == OUT_FAILED || list.v[i].outcome == OUT_SKIPPED;
	device_list_free(&list);
	plan_free(&plan);
	config_free(&cfg);
	return r < 0 || failed ? EXIT_FAILED : EXIT_OK;
}

static bool is_target_driver(const char *name)
{
	int t;

	for (t = 0; t < TARGET_NONE; t++)
		if (strcmp(name, targets[t].sysfs) == 0)
			return true;
	return false;
}

/* clear the override, unbind from the target, re-probe, verify */
static int release_one(const struct ctx *c, struct device *d)
{
	char ovr[64], was[32];
	int r = 0;

	if (read_attr(c, ovr, sizeof(ovr), "/sys/bus/pci/devices/%s/driver_override", d->name) < 0 ||
	    strcmp(ovr, "(null)") == 0)
		ovr[0] = '\0';
	if (!ovr[0] && !is_target_driver(d->driver)) {
		log_info(c, "%s [%04x:%04x]: already released (%s)", d->name, d->vendor,
			 d->device, d->driver[0] ? d->driver : "no driver");
		return 0;
	}
	strcpy(was, d->driver[0] ? d->driver : "unbound");
	/* xen-pciback keeps the devices it seized in its own slot list and
	 * would take this one straight back on the re-probe */
	if (strcmp(d->driver, "pciback") == 0 &&
	    path_exists(c, "/sys/bus/pci/drivers/pciback/remove_slot"))
		r = write_attr(c, d->name, "/sys/bus/pci/drivers/pciback/remove_slot");
	if (r == 0 && ovr[0])
		r = write_attr(c, "\n", "/sys/bus/pci/devices/%s/driver_override", d->name);
	if (r == 0 && is_target_driver(d->driver))
		r = write_attr(c, d->name, "/sys/bus/pci/devices/%s/driver/unbind", d->name);
	if (r == 0)
		r = write_attr(c, d->name, "/sys/bus/pci/drivers_probe");
	if (r == 0)
		r = refresh_driver(c, d);
	if (r == 0 && is_target_driver(d->driver))
		r = -EBUSY;
	if (r < 0) {
		log_err(c, "%s [%04x:%04x]: cannot release it: %s", d->name, d->vendor,
			d->device, errno_name(r));
		return r;
	}
	log_info(c, "%s [%04x:%04x] %s -> %s", d->name, d->vendor, d->device, was,
		 d->driver[0] ? d->driver : "no driver (none matched it)");
	return 0;
}

int cmd_release(const struct ctx *c0, const struct host_opts *o, char **sels, int n)
{
	struct ctx ctx = *c0;
	const struct ctx *c = &ctx;
	struct device_list list = { NULL, 0, 0 };
	struct config cfg;
	struct plan plan;
	size_t i;
	int r, failed = 0;

	(void)o;
	/* cppcheck-suppress unreadVariable ; read through c */
	ctx.sink = SINK_STDERR;
	plan_init(&plan);
	r = config_for(c, &cfg, sels, n);
	cfg.force = true;        /* giving a device back is never a lockout */
	cfg.except_slots.n = cfg.except_ids.n = 0;
	if (r == 0 && (r = enumerate_devices(c, &list)) < 0)
		log_err(c, "cannot list PCI devices: %s", errno_name(r));
	if (r == 0)
		r = select_devices(c, &cfg, &plan, &list);
	for (i = 0; r == 0 && i < list.n; i++) {
		struct device *d = &list.v[i];

		if (d->outcome == OUT_SELECTED)
			failed += release_one(c, d) < 0;
		else if (d->outcome == OUT_FAILED)
			failed++;
	}
	device_list_free(&list);
	plan_free(&plan);
	config_free(&cfg);
	return r < 0 || failed ? EXIT_FAILED : EXIT_OK;
}
