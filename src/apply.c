/*
 * apply.c - one run of the early binary, from configuration to state file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "apply.h"
#include "bind.h"
#include "cli.h"
#include "config.h"
#include "log.h"
#include "plan.h"
#include "select.h"
#include "state.h"
#include "sysfs.h"

#define CONF_PATH "/etc/pciback-early.conf"
#define CMDLINE_MAX 65536

/*
 * Xen says it is there in /sys/hypervisor/type; a domU says so too, so
 * when xenfs is mounted its capabilities decide.  Without them, a domU is
 * caught later: xen-pciback refuses to load there (ENODEV).
 */
bool is_xen_dom0(const struct ctx *c)
{
	char buf[64];

	if (read_attr(c, buf, sizeof(buf), "/sys/hypervisor/type") < 0 ||
	    strcmp(buf, "xen") != 0)
		return false;
	if (read_attr(c, buf, sizeof(buf), "/proc/xen/capabilities") >= 0)
		return strstr(buf, "control_d") != NULL;
	return true;
}

int read_config(const struct ctx *c, struct config *cfg, const char *cmdline)
{
	char *text;
	int r;

	/* an unreadable file is one bad setting: the command line still counts */
	r = read_file(c, CONF_PATH, &text, 1 << 20);
	if (r >= 0) {
		r = config_parse_file(c, cfg, CONF_PATH, text);
		free(text);
		if (r < 0)
			return r;
	} else if (r != -ENOENT) {
		log_err(c, "cannot read %s: %s", CONF_PATH, errno_name(r));
		cfg->errors++;
	}
	if (cmdline) {
		text = strdup(cmdline);
		r = text ? 0 : -ENOMEM;
	} else {
		r = read_file(c, "/proc/cmdline", &text, CMDLINE_MAX);
	}
	if (r < 0) {
		log_err(c, "cannot read the kernel command line: %s", errno_name(r));
		return r;
	}
	r = config_parse_cmdline(c, cfg, text);
	free(text);
	return r;
}

/* xen-pciback only works in a Xen dom0; elsewhere use the fallback */
enum target choose_target(const struct ctx *c, const struct config *cfg)
{
	if (cfg->driver != TARGET_XEN_PCIBACK || is_xen_dom0(c))
		return cfg->driver;
	if (cfg->fallback == TARGET_NONE)
		log_warn(c, "this boot is not a Xen dom0: leaving every device alone "
			 "(rd.pciback.fallback=pci-stub or vfio-pci would hold them)");
	else
		log_info(c, "this boot is not a Xen dom0: holding devices with %s instead "
			 "(rd.pciback.fallback)", targets[cfg->fallback].module);
	return cfg->fallback;
}

static void summarize(const struct ctx *c, const struct device_list *list, enum target t)
{
	size_t i, count[OUT_FAILED + 1] = { 0 };

	for (i = 0; i < list->n; i++)
		count[list->v[i].outcome]++;
	log_info(c, "done%s: %zu seized, %zu already on %s, %zu left alone, %zu failed",
		 c->dry_run ? " (dry run, nothing written)" : "",
		 count[OUT_SEIZED], count[OUT_ALREADY], targets[t].sysfs,
		 count[OUT_SKIPPED], count[OUT_FAILED]);
}

int seize(const struct ctx *c, const struct config *cfg, struct plan *plan,
	  struct device_list *list)
{
	enum target t;
	size_t i;
	int r;

	r = plan_read(c, plan);
	if (r < 0 && r != -ENOENT)
		log_warn(c, "cannot read the plan %s: %s; finding modules in modules.dep",
			 PLAN_PATH, errno_name(r));
	r = enumerate_devices(c, list);
	if (r < 0) {
		log_err(c, "cannot list PCI devices: %s", errno_name(r));
		return r;
	}
	r = select_devices(c, cfg, plan, list);
	if (r < 0)
		return r;
	t = choose_target(c, cfg);
	for (i = 0; t == TARGET_NONE && i < list->n; i++)
		if (list->v[i].outcome == OUT_SELECTED) {
			list->v[i].outcome = OUT_SKIPPED;
			list->v[i].reason = "not-xen-dom0";
		}
	if (t != TARGET_NONE)
		bind_devices(c, cfg, plan, list, t);
	summarize(c, list, t == TARGET_NONE ? cfg->driver : t);
	return 0;
}

/* the one-line reason the hooks stop the boot with, or NULL */
static const char *halt_reason(const struct device_list *list, int errors, int r,
			       char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (list->v[i].outcome == OUT_FAILED) {
			snprintf(buf, n, "%s could not be seized (%s)", list->v[i].name,
				 list->v[i].reason);
			return buf;
		}
	if (errors) {
		snprintf(buf, n, "%d bad setting(s) in the configuration, see the log", errors);
		return buf;
	}
	if (r < 0) {
		snprintf(buf, n, "cannot list PCI devices (%s)", errno_name(r));
		return buf;
	}
	return NULL;
}

int apply(const struct ctx *c0, const char *cmdline)
{
	struct ctx ctx = *c0;
	const struct ctx *c = &ctx;
	struct device_list list = { NULL, 0, 0 };
	struct config cfg;
	struct plan plan;
	char why[160];
	const char *halt;
	int r, status = EXIT_OK, lock = -1;

	config_init(&cfg);
	plan_init(&plan);
	r = read_config(c, &cfg, cmdline);
	if (r < 0 || cfg.disabled) {
		if (cfg.disabled)
			log_info(c, "rd.pciback=0: doing nothing");
		goto out;
	}
	ctx.debug = ctx.debug || cfg.debug;
	if (!config_selects(&cfg)) {
		log_debug(c, "no device selected, nothing to do");
		goto out;
	}
	/* a second copy waits, then finds the devices already seized */
	lock = c->dry_run ? -1 : state_lock(c);
	if (lock < 0 && !c->dry_run)
		log_warn(c, "cannot lock %s/lock: %s; going on", STATE_DIR, errno_name(lock));
	r = seize(c, &cfg, &plan, &list);
	halt = halt_reason(&list, cfg.errors, r, why, sizeof(why));
	if (halt)
		status = EXIT_FAILED;
	if (!c->dry_run) {
		int w = state_write(c, &list, cfg.halt_on_error ? halt : NULL);

		if (w < 0) {
			log_err(c, "cannot write %s/state: %s", STATE_DIR, errno_name(w));
			status = EXIT_FAILED;
		}
	}
out:
	if (lock >= 0)
		close(lock);
	if (r < 0 && r != -ENOENT)
		status = EXIT_FAILED;
	if (cfg.errors)
		status = EXIT_FAILED;
	device_list_free(&list);
	plan_free(&plan);
	config_free(&cfg);
	return status;
}
