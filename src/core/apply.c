// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * apply.c - one run of the early binary, from configuration to state file.
 */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "fmt.h"
#include "apply.h"
#include "bind.h"
#include "decide.h"
#include "exitcode.h"
#include "log.h"
#include "session.h"
#include "state.h"
#include "sysfs.h"

/* where the time since t0 went: into kernel_ops calls (module init,
 * probes) or into this program; whole ms, own + kernel = total */
static void summarize(const struct ctx *c, const struct device_list *list, enum target t,
		      unsigned long t0)
{
	size_t i, count[OUT_FAILED + 1] = { 0 };
	unsigned long total = (now_us() - t0) / 1000, kernel = kernel_us / 1000;

	for (i = 0; i < list->n; i++)
		count[list->v[i].outcome]++;
	/* in a dry run the selected devices are what would be seized */
	log_info(c, "done in %lu ms (kernel %lu ms, own %lu ms%s): %zu %s, %zu already on %s, "
		 "%zu left alone, %zu failed", total, kernel, total - kernel,
		 c->dry_run ? "; dry run, nothing written" : "",
		 c->dry_run ? count[OUT_SELECTED] : count[OUT_SEIZED],
		 c->dry_run ? "would be seized" : "seized", count[OUT_ALREADY], targets[t].sysfs,
		 count[OUT_SKIPPED], count[OUT_FAILED]);
}

/* with the plan read: decide, bind, summarize; 0 or -errno when devices
 * cannot be listed */
static int seize(struct session *s, unsigned long t0)
{
	const struct ctx *c = &s->ctx;
	int t, r = session_scan(s, NULL);

	if (r < 0)
		return r;
	t = decide(c, &s->cfg, &s->plan, s->xen_dom0, &s->list);
	if (t < 0)
		return t;
	if (t != TARGET_NONE && hold_vfs(c, &s->list) < 0)
		s->cfg.errors++;
	if (t != TARGET_NONE)
		bind_devices(c, &s->cfg, &s->plan, &s->list, (enum target)t);
	probe_vfs(c, &s->list, NULL);
	summarize(c, &s->list, t == TARGET_NONE ? s->cfg.driver : (enum target)t, t0);
	return 0;
}

/* the one-line reason the hooks stop the boot with, or NULL */
static const char *halt_reason(const struct device_list *list, int errors, int r,
			       char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (list->v[i].outcome == OUT_FAILED) {
			fmt(buf, n, "%s could not be seized (%s)", list->v[i].name,
				 list->v[i].reason);
			return buf;
		}
	if (errors) {
		fmt(buf, n, "%d bad setting(s) in the configuration, see the log", errors);
		return buf;
	}
	if (r < 0) {
		fmt(buf, n, "cannot list PCI devices (%s)", errno_phrase(r));
		return buf;
	}
	return NULL;
}

int cmd_apply(const struct ctx *c0, const struct cli_opts *o)
{
	/* static: the early binary inlines the whole run here, and in its
	 * stack frame every use of the session (the context of each log
	 * call) took a 32-bit offset; a fixed address is shorter.  One run at
	 * a time, and session_open sets all of it */
	static struct session s;
	const struct ctx *c = &s.ctx;
	char why[160];
	const char *halt;
	int r, status = EXIT_OK, lock = -1;
	unsigned long t0 = now_us();

	kernel_us = 0;
	r = session_open(&s, c0, o->cmdline, c0->sink);
	s.selected_only = true;
	if (r < 0 || s.cfg.disabled) {
		if (s.cfg.disabled)
			log_info(c, "rd.pciback=0: doing nothing");
		goto out;
	}
	/* before anything is known selected: modprobe.d's hide= and ids=
	 * come with the plan */
	if ((r = session_plan(&s, plan_read)) < 0)
		goto out;
	if (!config_selects(&s.cfg)) {
		if (!s.cfg.errors) {
			log_debug(c, "no device selected, nothing to do");
			goto out;
		}
		/* still a run: the state and, when asked, the halt file say so */
		log_warn(c, "no device selected: %d bad setting(s), see above", s.cfg.errors);
	}
	/* a second copy waits, then finds the devices already seized */
	lock = c->dry_run ? -1 : state_lock(c);
	if (lock < 0 && !c->dry_run)
		log_warn(c, "cannot lock %s/lock: %s; going on", STATE_DIR, errno_phrase(lock));
	r = seize(&s, t0);
	halt = halt_reason(&s.list, s.cfg.errors, r, why, sizeof(why));
	if (halt)
		status = EXIT_FAILED;
	if (!c->dry_run) {
		int w = state_write(c, &s.list, s.cfg.halt_on_error ? halt : NULL,
				    s.cfg.on_error_set ? "rd.pciback.on_error=halt" :
				    "Qubes OS (rd.qubes.*; rd.pciback.on_error=continue boots on)");

		if (w < 0) {
			log_err(c, "cannot write %s/state: %s", STATE_DIR, errno_phrase(w));
			status = EXIT_FAILED;
		}
	}
out:
	if (lock >= 0)
		close(lock);
	if (r < 0 || s.cfg.errors)
		status = EXIT_FAILED;
	session_close(&s);
	return status;
}
