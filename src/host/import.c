// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * import.c - `pciback-early import`: what other tools bind on this host
 * (existing.c), printed as pciback-early.conf lines: one slot per device
 * with its IDs (a slot survives a twin card and a renumbered bus; an ids=
 * takes every identical device), identical twins only where the old line
 * took them, and which old lines can go once the conf has these.  With
 * --write, the driver and slot lines go into the conf through the editor
 * of `assign --save`.  It never edits another tool's files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confedit.h"

#include "devices.h"
#include "existing.h"
#include "exitcode.h"
#include "host.h"
#include "log.h"
#include "session.h"

/* the other present devices with d's IDs, and whether the line took them */
static void twins(const struct session *s, const struct existing *e, const struct device *d)
{
	size_t i, j;

	for (i = 0; i < s->list.n; i++) {
		const struct device *t = &s->list.v[i];

		if (!t->present || strcmp(t->name, d->name) == 0 || t->vendor != d->vendor ||
		    t->device != d->device)
			continue;
		for (j = 0; j < e->devs.n && strcmp(e->devs.v[j].name, t->name) != 0; j++)
			;
		if (j < e->devs.n) {
			if (strcmp(t->name, d->name) > 0)   /* said once per pair */
				printf("# %s and %s are identical twins (%04x:%04x): both taken, as the "
				       "line takes both; drop one slot to keep that card here\n",
				       d->name, t->name, d->vendor, d->device);
		} else {
			printf("# %s is an identical twin of %s (%04x:%04x): left out, as the line "
			       "leaves it\n", t->name, d->name, d->vendor, d->device);
		}
	}
}

/* the slots of one line, each also into *slots (ADDR@VVVV:DDDD, once);
 * returns the devices a guard keeps, or -ENOMEM */
static int print_slots(const struct session *s, const struct existing *e,
		       const struct device_list *now, struct strset *slots)
{
	char slot[64];
	size_t j, k;
	int kept = 0, r;

	for (j = 0; j < e->devs.n; j++) {
		const struct device *d = &e->devs.v[j], *imp = NULL;

		if (d->outcome != OUT_SELECTED && d->outcome != OUT_ALREADY) {
			printf("# %s: %s\n", d->name, d->present ? "its IDs are not the line's: not bound"
			       : "no such device here");
			continue;
		}
		for (k = 0; k < now->n && !imp; k++)
			if (strcmp(now->v[k].name, d->name) == 0)
				imp = &now->v[k];
		if (imp && imp->outcome == OUT_SKIPPED) {
			printf("# slots = %s@%04x:%04x   (left alone: %s; the old line takes it)\n",
			       d->name, d->vendor, d->device, imp->reason);
			kept++;
		} else {
			snprintf(slot, sizeof(slot), "%s@%04x:%04x", d->name, d->vendor, d->device);
			if ((r = strset_add(slots, slot)) < 0)
				return r;
			if (r > 0)
				printf("slots = %s\n", slot);
		}
		twins(s, e, d);
	}
	return kept;
}

enum { IMPORT_WRITE };
static const struct cli_option_spec import_options[] = {
	[IMPORT_WRITE] = { "write", 0, NULL, "also add the lines to " CONF_PATH },
};

/*
 * --write: the driver and the slots into the conf.  A conf that already
 * selects devices for another driver is not switched under them: one
 * driver takes every device.  0, 1 (refused, said) or -errno (said)
 */
static int write_conf(const struct ctx *c, enum target driver, const struct strset *slots)
{
	struct ctx quiet = *c;
	struct config mine;
	struct conf_change *ch;
	bool same;
	size_t i;
	int r;

	quiet.sink = SINK_NONE;
	config_init(&mine);
	r = read_conf_file(&quiet, &mine);
	same = mine.driver == driver;
	if (r == 0 && !same && config_selects(&mine)) {
		log_err(c, "%s not written: the configuration selects devices for %s and the old "
			"lines bind to %s; pciback-early hands every device to one driver: move them "
			"by hand", CONF_PATH, targets[mine.driver].module, targets[driver].module);
		r = 1;
	}
	config_free(&mine);
	if (r != 0)
		return r < 0 ? (conf_said(c, r), r) : r;
	if (c->dry_run) {
		log_info(c, "would save to %s (dry run)", CONF_PATH);
		return 0;
	}
	if (!(ch = calloc(slots->n + 1, sizeof(*ch))))
		return -ENOMEM;
	ch[0] = (struct conf_change){ CONF_SET, "driver", targets[driver].module, 0 };
	for (i = 0; i < slots->n; i++)
		ch[i + 1] = (struct conf_change){ CONF_ADD, "slots", slots->v[i], 0 };
	/* an unset driver is the default: no line needed for it */
	r = conf_edit(c, ch + same, slots->n + !same);
	free(ch);
	conf_said(c, r);
	return r < 0 ? r : 0;
}

int cmd_import(const struct ctx *c0, const struct cli_opts *o)
{
	struct ctx ctx = *c0;
	struct session s;
	struct existing_list ex = { NULL, 0, 0 };
	struct device_list now = { NULL, 0, 0, false };
	struct strset done = { NULL, 0, 0 };
	enum target driver = TARGET_NONE;
	char where[4200];
	size_t i;
	int r, k, kept = 0, gone = 0, w = 0;

	ctx.dry_run = true;     /* the look around; --write writes (unless c0's) */
	r = session_open(&s, &ctx, o->cmdline, SINK_STDERR);
	if (r == 0)
		r = session_scan(&s, host_plan);
	if (r == 0)
		r = existing_find(&s, o->cmdline, &ex, &now, &driver);
	if (r == 0 && !ex.n)
		printf("# nothing to import: no vfio-pci.ids=, pci-stub.ids=, xen-pciback.hide=, "
		       "modprobe.d softdep or install line for them, driverctl override or Unraid "
		       "BIND= on this host\n");
	if (r == 0 && ex.n)
		printf("# pciback-early import: what binds devices on this host today, as %s "
		       "lines\ndriver = %s\n", CONF_PATH, targets[driver].module);
	for (i = 0; r == 0 && i < ex.n; i++) {
		const struct existing *e = &ex.v[i];

		printf("# %s: %s\n", existing_where(e, where, sizeof(where)), e->text);
		if (e->kind == EXISTING_QUBES) {
			printf("#   pciback-early reads these keys itself, with Qubes' meanings: keep "
			       "them on the kernel command line; nothing to import\n");
			continue;
		}
		if (e->target != driver) {
			printf("#   not imported: it binds to %s, and pciback-early to one driver, %s\n",
			       e->target == TARGET_NONE ? e->driver : targets[e->target].module,
			       targets[driver].module);
			continue;
		}
		gone++;
		if (e->unread)
			printf("#   %d of its entries bind nothing here (not read, or IDs alone that "
			       "several devices have): not imported\n", e->unread);
		if (e->kind == EXISTING_INSTALL && !e->devs.n)
			printf("#   it names no address: put the devices it binds in slots by hand\n");
		else if (!e->devs.n && e->kind == EXISTING_IDS)
			printf("#   no device with these IDs here; to take them all, as it does:\n"
			       "# ids = %s\n", strchr(e->text, '=') + 1);
		else if (!e->devs.n && e->kind != EXISTING_SOFTDEP)
			printf("#   it binds no device here\n");
		if ((k = print_slots(&s, e, &now, &done)) < 0)
			r = k;
		kept += k > 0 ? k : 0;
	}
	if (r == 0 && gone) {
		printf("# once %s has these lines, these can go (pciback-early never edits them):\n",
		       CONF_PATH);
		for (i = 0; i < ex.n; i++)
			if (ex.v[i].target == driver && ex.v[i].kind != EXISTING_QUBES)
				printf("#   %s: %s%s\n", existing_where(&ex.v[i], where, sizeof(where)),
				       ex.v[i].text, ex.v[i].unread ? "   (once its entries not "
				       "imported are in the conf by hand)" : ex.v[i].kind ==
				       EXISTING_INSTALL && !ex.v[i].devs.n ? "   (once its devices are "
				       "in slots)" : "");
	}
	if (r == 0 && o->opt[IMPORT_WRITE] && ex.n) {
		ctx = s.ctx;    /* its log, and the caller's dry run */
		ctx.dry_run = c0->dry_run;
		w = write_conf(&ctx, driver, &done);
	}
	if (kept)
		log_err(&s.ctx, "%d device(s) the old configuration binds are kept by lockout guards "
			"(commented out above): see pciback-early check", kept);
	strset_free(&done);
	existing_free(&ex);
	device_list_free(&now);
	session_close(&s);
	return r < 0 || w || kept ? EXIT_FAILED : EXIT_OK;
}

const struct cli_command import_command = {
	"import", cmd_import, NULL,
	"print what other tools bind here (vfio-pci.ids, driverctl...) as conf lines",
	import_options, sizeof(import_options) / sizeof(import_options[0]),
};
