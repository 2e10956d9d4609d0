// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * existing.c - other tools' configurations that bind PCI devices, found
 * on the host and read with their tools' meanings:
 *
 * - the kernel command line and modprobe.d's options: vfio-pci.ids=,
 *   pci-stub.ids= (every device with the IDs: vfio_pci_fill_ids) and
 *   xen-pciback.hide= (by address), the keys cmdline.c takes as selections;
 *   modprobe.d read by modprobe_d.c, as the planner reads it;
 * - modprobe.d's `softdep MODULE pre: TARGET` (the target loads first, so
 *   its ids= win the race) and `install MODULE ...TARGET...` recipes (the
 *   addresses written in them are the devices they bind);
 * - driverctl: /etc/driverctl.d/pci-ADDR holds the driver its udev rule
 *   writes to driver_override (driverctl's save_override/load-override:
 *   the whole file, trailing newlines dropped; "none": no driver);
 * - Unraid: /boot/config/vfio-pci.cfg, "BIND=" and entries separated by
 *   white space, [DDDD:]BB:DD.F, optionally "|VVVV:DDDD" (bound only when
 *   the IDs match), or VVVV:DDDD alone (bound when exactly one device has
 *   them), as Unraid's vfio-pci script (after vfio-pci-bind) reads it.
 *
 * Which devices a line binds is decided by decide() itself, on a copy of
 * the devices, with the line as the only selection and every guard
 * lifted: the same matching as the boot's.  What pciback-early would do
 * is decided again with those devices as slots, this host's guards on.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "decide.h"
#include "devices.h"
#include "existing.h"
#include "qubes.h"
#include "host.h"
#include "log.h"
#include "modprobe_d.h"
#include "sysfs.h"

#define DRIVERCTL_DIR "/etc/driverctl.d"
#define UNRAID_CFG "/boot/config/vfio-pci.cfg"

/* a target driver by a name modprobe or sysfs gives it */
static enum target target_named(const char *name)
{
	int t;

	for (t = 0; t < TARGET_NONE; t++)
		if (modname_eq(name, targets[t].module, strlen(targets[t].module)) ||
		    modname_eq(name, targets[t].sysfs, strlen(targets[t].sysfs)))
			return (enum target)t;
	return TARGET_NONE;
}

static char *squeezed(const char *s)
{
	char *out = malloc(strlen(s) + 1), *w = out;

	for (s += strspn(s, " \t"); out && *s; s++)
		if (*s != ' ' && *s != '\t')
			*w++ = *s;
		else if (s[1] != ' ' && s[1] != '\t' && s[1] != '\0')
			*w++ = ' ';
	if (out)
		*w = '\0';
	return out;
}

/* a new line found; NULL when out of memory (what it holds so far is
 * freed with the list) */
static struct existing *add(struct existing_list *ex, enum existing_kind kind, const char *file,
			    int line, const char *text, enum target target, const char *driver)
{
	struct existing e = { kind, NULL, line, NULL, target, NULL, false, 0, { NULL, 0, 0, false } }, *p;

	if (VEC_PUSH(*ex, e) != 0)
		return NULL;
	p = &ex->v[ex->n - 1];
	p->text = squeezed(text);
	p->file = file ? strdup(file) : NULL;
	p->driver = driver ? strdup(driver) : NULL;
	return !p->text || (file && !p->file) || (driver && !p->driver) ? NULL : p;
}

/* the devices that selecting key=value (as pciback-early reads it), or
 * (qubes not NULL) Qubes' keys, take here, every guard lifted, added to
 * e->devs; a device there already is not added twice.  Returns how many
 * the selection took, or -errno */
static int bind_selection(const struct session *s, struct existing *e, const char *key,
			  const char *value, char **qubes)
{
	struct origin o = { NULL, 0, key, NULL };
	struct ctx quiet = s->ctx;
	struct device_list list = { NULL, 0, 0, false };
	struct config cfg;
	struct plan none;
	size_t i, j;
	int r, n = 0;

	quiet.sink = SINK_NONE;
	config_init(&cfg);
	plan_init(&none);
	cfg.force = FORCE_ALL;
	cfg.driver = e->target == TARGET_NONE ? TARGET_XEN_PCIBACK : e->target;
	r = qubes ? qubes_select(&quiet, &cfg, qubes) : config_apply(&quiet, &cfg, &o, key, value);
	e->unread += cfg.errors;
	if (r == 0)
		r = device_list_copy(&list, &s->list);
	if (r == 0)
		r = decide(&quiet, &cfg, &none, true, &list);
	for (i = 0; r >= 0 && i < list.n; i++) {
		if (list.v[i].outcome == OUT_NONE)
			continue;
		n++;
		for (j = 0; j < e->devs.n && strcmp(e->devs.v[j].name, list.v[i].name) != 0; j++)
			;
		if (j == e->devs.n && VEC_PUSH(e->devs, list.v[i]) != 0)
			r = -ENOMEM;
	}
	device_list_free(&list);
	config_free(&cfg);
	plan_free(&none);
	return r < 0 ? r : n;
}

static int bind_devices(const struct session *s, struct existing *e, const char *key,
			const char *value)
{
	return bind_selection(s, e, key, value, NULL);
}

/* the target of an option "MODULE.PARAM" */
static enum target target_of_option(const char *option)
{
	char module[32];

	snprintf(module, sizeof(module), "%.*s", (int)strcspn(option, "."), option);
	return target_named(module);
}

/* one selecting option (cmdline.c's selecting_option) of the command line
 * or of a modprobe.d options line: both pciback-early reads too */
static int add_selection(struct session *s, struct existing_list *ex, const char *file, int line,
			 const char *text, const char *key, const char *by, const char *value)
{
	struct existing *e = add(ex, strcmp(key, "ids") == 0 ? EXISTING_IDS : EXISTING_HIDE, file,
				 line, text, target_of_option(by), NULL);
	int r;

	if (!e)
		return -ENOMEM;
	e->ours = true;
	r = bind_devices(s, e, key, value);
	return r < 0 ? r : 0;
}

/* the command line's vfio-pci.ids=, pci-stub.ids=, xen-pciback.hide=,
 * and Qubes' rd.qubes.* keys as one line */
static int from_cmdline(struct session *s, const char *cmdline, struct existing_list *ex)
{
	char *text = NULL, *args, *next, *param, *val, *arg, *qubes[QUBES_KEYS] = { NULL };
	const char *key, *by;
	struct existing *e;
	size_t qn = 0, qcap;
	char *qtext = NULL, *grown;
	int r = 0;

	if (!cmdline && (r = read_file(&s->ctx, "/proc/cmdline", &text, 1 << 16)) < 0)
		return r == -ENOENT ? 0 : r;
	if (cmdline && !(text = strdup(cmdline)))
		return -ENOMEM;
	for (args = kernel_skip_spaces(text); *args && r == 0; args = next) {
		if (!(arg = strndup(args, cmdline_arg_len(args)))) {
			r = -ENOMEM;
			break;
		}
		next = cmdline_next_arg(args, &param, &val);
		if ((key = selecting_option(param, &by)) && val) {
			r = add_selection(s, ex, NULL, 0, arg, key, by, val);
		} else if (qubes_key(qubes, param, val) && strncmp(param, "rd.qubes.", 9) == 0) {
			/* Qubes' keys, as one line: "rd.qubes.hide_all_usb ..." */
			qcap = qn + strlen(arg) + 2;
			if (!(grown = realloc(qtext, qcap)))
				r = -ENOMEM;
			else
				qn += (size_t)sprintf((qtext = grown) + qn, "%s%s", qn ? " " : "", arg);
		}
		free(arg);
	}
	/* Qubes OS dom0's 90qubes-pciback reads them at boot; pciback-early
	 * reads them too, with the same meanings (usbcore.authorized_default
	 * only says whether Qubes warns) */
	if (r == 0 && qn) {
		e = add(ex, EXISTING_QUBES, NULL, 0, qtext, TARGET_XEN_PCIBACK, NULL);
		r = e ? bind_selection(s, e, NULL, NULL, qubes) : -ENOMEM;
		if (e)
			e->ours = true;
	}
	free(qtext);
	free(text);
	return r < 0 ? r : 0;
}

/* the words of a modprobe.d line that name a target driver: the first */
static enum target target_in(const char *text)
{
	static const char word_chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					 "0123456789_-";
	char word[64];
	size_t len;
	enum target t;

	for (; *text; text += len) {
		len = strspn(text, word_chars);
		if (!len) {
			len = 1;
			continue;
		}
		snprintf(word, sizeof(word), "%.*s", (int)len, text);
		if (len < sizeof(word) && (t = target_named(word)) != TARGET_NONE)
			return t;
	}
	return TARGET_NONE;
}

/* the full addresses (DDDD:BB:DD.F) written in an install recipe: the
 * devices it binds */
static int addresses_in(struct session *s, struct existing *e, const char *text)
{
	static const char addr_chars[] = "0123456789abcdefABCDEF:.";
	struct pci_addr a;
	char word[32];
	size_t len;
	int r = 0;

	for (; *text && r >= 0; text += len ? len : 1) {
		len = strspn(text, addr_chars);
		if (!len || len >= sizeof(word))
			continue;
		snprintf(word, sizeof(word), "%.*s", (int)len, text);
		if (parse_addr(word, &a) == 0)
			r = bind_devices(s, e, "slots", word);
	}
	return r < 0 ? r : 0;
}

/* an options line's selecting options, one entry each */
static int from_options(struct session *s, struct existing_list *ex,
			const struct modprobe_option *o)
{
	char name[128], *text, *arg, *param, *val;
	const char *in = kernel_skip_spaces(o->options), *key, *by;
	size_t len;
	int r = 0;

	for (; *in && r == 0; in = kernel_skip_spaces(in + len)) {
		len = cmdline_arg_len(in);
		text = malloc(strlen(o->module) + len + 10);
		if (!text || !(arg = strndup(in, len))) {
			free(text);
			return -ENOMEM;
		}
		sprintf(text, "options %s %.*s", o->module, (int)len, in);
		cmdline_next_arg(arg, &param, &val);
		snprintf(name, sizeof(name), "%s.%s", o->module, param);
		if ((key = selecting_option(name, &by)) && val)
			r = add_selection(s, ex, o->file, o->line, text, key, by, val);
		free(arg);
		free(text);
	}
	return r;
}

/* modprobe.d: options (selecting ones), softdeps and install recipes
 * naming a target driver */
static int from_modprobe_d(struct session *s, struct existing_list *ex)
{
	static const char *const commands[] = { "options", "softdep", "install", NULL };
	struct modprobe_options mo;
	struct existing *e;
	char *text;
	size_t i;
	enum target t;
	int r = modprobe_lines_read(&s->ctx, commands, &mo);

	for (i = 0; i < mo.n && r == 0; i++) {
		const struct modprobe_option *o = &mo.v[i];

		if (strcmp(o->command, "options") == 0) {
			r = from_options(s, ex, o);
			continue;
		}
		/* a target's own softdeps are its dependencies; a recipe run
		 * instead of loading a target binds with it */
		t = target_named(o->module);
		if (t != TARGET_NONE && strcmp(o->command, "softdep") == 0)
			continue;
		if (t == TARGET_NONE && (t = target_in(o->options)) == TARGET_NONE)
			continue;
		text = malloc(strlen(o->command) + strlen(o->module) + strlen(o->options) + 3);
		if (!text) {
			r = -ENOMEM;
			break;
		}
		sprintf(text, "%s %s %s", o->command, o->module, o->options);
		e = add(ex, strcmp(o->command, "softdep") == 0 ? EXISTING_SOFTDEP : EXISTING_INSTALL,
			o->file, o->line, text, t, o->module);
		free(text);
		if (!e)
			r = -ENOMEM;
		else if (e->kind == EXISTING_INSTALL)
			r = addresses_in(s, e, o->options);
	}
	modprobe_options_free(&mo);
	return r;
}

/* driverctl: a file pci-ADDR per override, holding the driver */
static int from_driverctl(struct session *s, struct existing_list *ex)
{
	char dir[PATH_MAX], file[PATH_MAX], *driver;
	struct dirent **names = NULL;
	struct existing *e;
	size_t len;
	int r = root_path(&s->ctx, dir, sizeof(dir), DRIVERCTL_DIR), n, i;

	n = r < 0 ? -1 : scandir(dir, &names, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *name = names[i]->d_name;

		if (r < 0 || strncmp(name, "pci-", 4) != 0)
			continue;
		snprintf(file, sizeof(file), DRIVERCTL_DIR "/%s", name);
		if ((r = read_file(&s->ctx, file, &driver, 4096)) < 0) {
			log_warn(&s->ctx, "cannot read %s: %s", file, errno_phrase(r));
			r = 0;
			continue;
		}
		len = strlen(driver);
		while (len && driver[len - 1] == '\n')
			driver[--len] = '\0';
		/* load-override takes only a file that is not empty */
		if (*driver) {
			e = add(ex, EXISTING_DRIVERCTL, file, 1, driver, target_named(driver), driver);
			r = e ? bind_devices(s, e, "slots", name + 4) : -ENOMEM;
		}
		free(driver);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r < 0 ? r : 0;
}

/* one BIND= entry: [DDDD:]BB:DD.F[|VVVV:DDDD], or VVVV:DDDD alone (bound
 * only when one device has it: vfio-pci-bind refuses several) */
static int unraid_entry(struct session *s, struct existing *e, char *entry)
{
	char *bar = strchr(entry, '|'), full[32];
	struct pci_addr a;
	struct id_match id;
	size_t before = e->devs.n;
	int n;

	if (bar)
		*bar = '\0';
	snprintf(full, sizeof(full), "%s%s", strlen(entry) == 7 ? "0000:" : "", entry);
	if (parse_addr(full, &a) == 0) {
		if (bar) {
			*bar = '@';
			snprintf(full + strlen(full), sizeof(full) - strlen(full), "%s", bar);
		}
		n = bind_devices(s, e, "slots", full);
		return n < 0 ? n : 0;
	}
	if (bar || parse_id(entry, &id) < 0 || id.has_subsys) {
		e->unread++;
		return 0;
	}
	n = bind_devices(s, e, "ids", entry);
	if (n > 1) {   /* the script binds none of them */
		e->devs.n = before;
		e->unread++;
	}
	return n < 0 ? n : 0;
}

/* Unraid: BIND=ENTRY ENTRY... */
static int from_unraid(struct session *s, struct existing_list *ex)
{
	char *text, *p, *line, *entry;
	struct existing *e;
	int r = read_file(&s->ctx, UNRAID_CFG, &text, 1 << 20), n = 0;

	if (r < 0) {
		if (r != -ENOENT)
			log_warn(&s->ctx, "cannot read %s: %s", UNRAID_CFG, errno_phrase(r));
		return 0;
	}
	for (p = text, r = 0; r == 0 && (line = strsep(&p, "\n"));) {
		n++;
		line += strspn(line, " \t");
		if (strncmp(line, "BIND=", 5) != 0)
			continue;
		if (!(e = add(ex, EXISTING_UNRAID, UNRAID_CFG, n, line, TARGET_VFIO_PCI, NULL))) {
			r = -ENOMEM;
			break;
		}
		for (line += 5; r == 0 && (entry = strsep(&line, " \t\r\""));)
			if (*entry)
				r = unraid_entry(s, e, entry);
	}
	free(text);
	return r;
}

static bool binds(const struct device *d)
{
	return d->outcome == OUT_SELECTED || d->outcome == OUT_ALREADY;
}

static const struct device *named(const struct device_list *list, const char *name)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return &list->v[i];
	return NULL;
}

/* the configured driver when a line hands devices to it, else the first
 * line's target: pciback-early hands every device to one driver */
static enum target import_driver(const struct session *s, const struct existing_list *ex)
{
	enum target first = TARGET_NONE;
	size_t i;

	for (i = 0; i < ex->n; i++) {
		if (ex->v[i].target == s->cfg.driver)
			return s->cfg.driver;
		if (first == TARGET_NONE)
			first = ex->v[i].target;
	}
	return first == TARGET_NONE ? s->cfg.driver : first;
}

/* the devices the lines hand to a target driver, as slots ADDR@VVVV:DDDD,
 * decided for driver with this host's guards (a Xen dom0 boot for
 * xen-pciback); a guard keeps a device from every target alike */
static int decide_import(struct session *s, const struct existing_list *ex, enum target driver,
			 struct device_list *now)
{
	struct origin o = { NULL, 0, "import", NULL };
	struct ctx quiet = s->ctx;
	struct config cfg;
	char slot[96];
	size_t i, j;
	int r = 0;

	quiet.sink = SINK_NONE;
	config_init(&cfg);
	cfg.driver = driver;
	for (i = 0; i < ex->n && r == 0; i++)
		for (j = 0; ex->v[i].target != TARGET_NONE && j < ex->v[i].devs.n && r == 0; j++) {
			const struct device *d = &ex->v[i].devs.v[j];

			if (!binds(d))
				continue;
			snprintf(slot, sizeof(slot), "%s@%04x:%04x", d->name, d->vendor, d->device);
			r = config_apply(&quiet, &cfg, &o, "slots", slot);
		}
	if (r == 0)
		r = device_list_copy(now, &s->list);
	if (r == 0)
		r = decide(&quiet, &cfg, &s->plan, driver == TARGET_XEN_PCIBACK || s->xen_dom0, now);
	config_free(&cfg);
	return r < 0 ? r : 0;
}

int existing_find(struct session *s, const char *cmdline, struct existing_list *out,
		  struct device_list *now, enum target *driver)
{
	int r;

	memset(out, 0, sizeof(*out));
	memset(now, 0, sizeof(*now));
	r = from_cmdline(s, cmdline, out);
	if (r == 0)
		r = from_modprobe_d(s, out);
	if (r == 0)
		r = from_driverctl(s, out);
	if (r == 0)
		r = from_unraid(s, out);
	*driver = import_driver(s, out);
	if (r == 0)
		r = decide_import(s, out, *driver, now);
	return r;
}

void existing_free(struct existing_list *ex)
{
	size_t i;

	for (i = 0; i < ex->n; i++) {
		free(ex->v[i].file);
		free(ex->v[i].text);
		free(ex->v[i].driver);
		device_list_free(&ex->v[i].devs);
	}
	VEC_FREE(*ex);
}

const char *existing_where(const struct existing *e, char *buf, size_t n)
{
	if (!e->file)
		return "kernel command line";
	snprintf(buf, n, "%s:%d", e->file, e->line);
	return buf;
}

const char *existing_verdict(const struct device *d, enum target t, char *buf, size_t n)
{
	switch (d->outcome) {
	case OUT_SELECTED:
		snprintf(buf, n, "-> %s", targets[t].sysfs);
		break;
	case OUT_ALREADY:
		snprintf(buf, n, "already on %s", targets[t].sysfs);
		break;
	case OUT_SKIPPED:
		snprintf(buf, n, "left alone: %s", d->reason);
		break;
	case OUT_FAILED:
		snprintf(buf, n, "cannot be seized: %s", d->reason);
		break;
	default:
		snprintf(buf, n, "not selected");
		break;
	}
	return buf;
}

/* what the line does today, in a few words */
static const char *what_it_does(const struct existing *e, char *buf, size_t n)
{
	const char *t = e->target == TARGET_NONE ? e->driver : targets[e->target].module;

	switch (e->kind) {
	case EXISTING_IDS:
		snprintf(buf, n, "%s takes every device with these IDs when it loads, identical "
			 "twins too", t);
		break;
	case EXISTING_HIDE:
		snprintf(buf, n, "xen-pciback holds these addresses when it loads");
		break;
	case EXISTING_DRIVERCTL:
		snprintf(buf, n, "driverctl's udev rule hands the device to %s after the boot%s", t,
			 strcmp(t, "none") == 0 ? " (no driver at all)" : "");
		break;
	case EXISTING_UNRAID:
		snprintf(buf, n, "Unraid's vfio-pci script binds these addresses to vfio-pci at boot "
			 "(with |VVVV:DDDD only when the IDs match)");
		break;
	case EXISTING_SOFTDEP:
		snprintf(buf, n, "%s loads before %s, so that its ids= take the devices first", t,
			 e->driver);
		break;
	case EXISTING_QUBES:
		snprintf(buf, n, "Qubes OS dom0's 90qubes-pciback hides every network controller "
			 "from dom0 at boot, the USB controllers too with rd.qubes.hide_all_usb, and "
			 "the devices of rd.qubes.hide_pci, but not those of rd.qubes.dom0_usb");
		break;
	case EXISTING_INSTALL:
		snprintf(buf, n, "loading %s runs this recipe%s%s%s", e->driver,
			 target_named(e->driver) == e->target ? " instead" : ", which loads ",
			 target_named(e->driver) == e->target ? "" : t,
			 e->devs.n ? " and binds the addresses in it" :
			 "; which devices it binds cannot be read from it: name them in slots");
		break;
	}
	return buf;
}

/* one device of a line: what it gets now, what pciback-early would do;
 * 1 for a conflict (logged with the line's place), else 0 */
static int report_device(const struct session *s, const struct existing *e,
			 const struct device *d, const struct device_list *now,
			 const struct device_list *decided, enum target driver, const char *where)
{
	const struct device *imp = named(now, d->name), *cur = named(decided, d->name);
	const char *gets = e->target == TARGET_NONE ? e->driver : targets[e->target].sysfs;
	char v[160];

	if (!binds(d)) {
		printf("    %-13s not bound: %s\n", d->name,
		       d->present ? "its IDs are not the line's" : "no such device here");
		return 0;
	}
	if (imp && (e->target == driver || imp->outcome == OUT_SKIPPED))
		existing_verdict(imp, driver, v, sizeof(v));
	else if (e->target != TARGET_NONE)
		snprintf(v, sizeof(v), "not imported: one driver, %s, for every device",
			 targets[driver].module);
	else
		existing_verdict(cur ? cur : d, s->cfg.driver, v, sizeof(v));
	printf("    %s [%04x:%04x] now: %s; pciback-early: %s\n", d->name, d->vendor, d->device,
	       gets, v);
	if (e->target != TARGET_NONE && imp && imp->outcome == OUT_SKIPPED) {
		log_err(&s->ctx, "%s: %s hands %s [%04x:%04x] to %s, but a lockout guard keeps it "
			"(%s): take it out of that line", where, e->text, d->name, d->vendor,
			d->device, gets, imp->reason);
		return 1;
	}
	if (e->kind == EXISTING_DRIVERCTL && e->target != s->cfg.driver && cur && binds(cur)) {
		log_err(&s->ctx, "%s: driverctl overrides %s to %s, but the configuration selects it "
			"for %s: after the boot driverctl's udev rule takes it away again "
			"(driverctl unset-override %s)", where, d->name, e->driver,
			targets[s->cfg.driver].module, d->name);
		return 1;
	}
	return 0;
}

static bool same_ids(const struct device *a, const struct device *b)
{
	return binds(a) && binds(b) && a->vendor == b->vendor && a->device == b->device;
}

/* "it takes identical twins here: A, B (VVVV:DDDD)", once per IDs that
 * more than one device the line binds has */
static void say_twins(const struct existing *e)
{
	size_t j, k, n;

	for (j = 0; j < e->devs.n; j++) {
		const struct device *d = &e->devs.v[j];

		for (k = 0; k < j && !same_ids(&e->devs.v[k], d); k++)
			;
		if (k < j)   /* said with the first of them */
			continue;
		for (n = 0; k < e->devs.n; k++)
			n += same_ids(&e->devs.v[k], d);
		if (n < 2)
			continue;
		printf("    it takes identical twins here:");
		for (k = j; k < e->devs.n; k++)
			if (same_ids(&e->devs.v[k], d))
				printf(" %s", e->devs.v[k].name);
		printf(" (%04x:%04x)\n", d->vendor, d->device);
	}
}

int existing_report(struct session *s, const char *cmdline, const struct device_list *decided)
{
	struct existing_list ex;
	struct device_list now;
	enum target driver;
	char where[PATH_MAX + 16], what[256];
	const char *at;
	size_t i, j;
	int conflicts = 0, r = existing_find(s, cmdline, &ex, &now, &driver);

	if (r < 0) {
		log_err(&s->ctx, "cannot read other tools' configurations: %s", errno_phrase(r));
		conflicts = 1;
	}
	if (r == 0 && ex.n)
		printf("other tools' configuration (pciback-early import prints it as %s lines):\n",
		       CONF_PATH);
	for (i = 0; r == 0 && i < ex.n; i++) {
		const struct existing *e = &ex.v[i];

		at = existing_where(e, where, sizeof(where));
		printf("%s: %s\n    %s%s\n", at, e->text, what_it_does(e, what, sizeof(what)),
		       e->kind == EXISTING_QUBES ? "; pciback-early reads these keys too, with "
		       "Qubes' meanings (a drop-in for 90qubes-pciback)" :
		       e->ours ? "; pciback-early reads it as a selection too" : "");
		if (e->ours && e->target != s->cfg.driver)
			log_warn(&s->ctx, "%s: %s: pciback-early hands its devices to %s, not %s: "
				 "set driver = %s to keep them there", at, e->text,
				 targets[s->cfg.driver].module, targets[e->target].module,
				 targets[e->target].module);
		if (e->unread)
			printf("    %d of its entries bind nothing here (not read, or IDs alone that "
			       "several devices have)\n", e->unread);
		if (!e->devs.n && e->kind != EXISTING_SOFTDEP && e->kind != EXISTING_INSTALL)
			printf("    it binds no device here\n");
		for (j = 0; j < e->devs.n; j++)
			conflicts += report_device(s, e, &e->devs.v[j], &now, decided, driver, at);
		say_twins(e);
	}
	existing_free(&ex);
	device_list_free(&now);
	return conflicts;
}
