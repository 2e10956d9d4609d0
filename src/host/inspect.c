// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * inspect.c - `check` (what the configuration would do on this host, for a
 * Xen dom0 boot and a boot without Xen) and `status` (a table of PCI
 * devices, or JSON).  Both decide with decide(), as the boot does.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "modload.h"
#include "decide.h"
#include "devices.h"
#include "existing.h"
#include "exitcode.h"
#include "host.h"
#include "log.h"
#include "session.h"

/* the "version" of status --json (pciback-early(8) has its schema) */
#define STATUS_JSON_VERSION 1
#include "state.h"
#include "sysfs.h"
#include "util.h"

static const char *class_name(unsigned class_code)
{
	static const struct { unsigned code, shift; const char *name; } names[] = {
		{ 0x0c03, 8, "USB controller" }, { 0x0c05, 8, "SMBus" },
		{ 0x0108, 8, "NVMe controller" }, { 0x0300, 8, "VGA controller" },
		{ 0x0403, 8, "audio device" }, { 0x0604, 8, "PCI bridge" },
		{ 0x0600, 8, "host bridge" }, { 0x01, 16, "storage controller" },
		{ 0x02, 16, "network controller" }, { 0x03, 16, "display controller" },
		{ 0x04, 16, "multimedia device" }, { 0x06, 16, "bridge" },
		{ 0x0c, 16, "serial bus controller" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (class_code >> names[i].shift == names[i].code)
			return names[i].name;
	return "device";
}

/* idle: this kind of boot touches nothing (not a Xen dom0, no fallback) */
static void decision_text(const struct device *d, enum target t, bool idle, char *out, size_t n)
{
	switch (d->outcome) {
	case OUT_NONE:       /* the other kind of boot selects it (group=1) */
		snprintf(out, n, "not selected");
		break;
	case OUT_SELECTED:
		snprintf(out, n, "-> %s (selected by %s)", targets[t].sysfs, d->by);
		break;
	case OUT_ALREADY:
		snprintf(out, n, "already on %s", targets[t].sysfs);
		break;
	case OUT_SKIPPED:
		if (!d->present && strcmp(d->reason, "vf-not-created") == 0 && !idle)
			snprintf(out, n, "VF not created yet: -> %s as it appears (selected by %s)",
				 targets[t].sysfs, d->by);
		else if (!d->present && strcmp(d->reason, "vf-not-created") == 0)
			snprintf(out, n, "left alone: not-xen-dom0");
		else
			snprintf(out, n, "left alone: %s", d->reason);
		break;
	default:
		snprintf(out, n, "cannot be seized: %s", d->reason);
		break;
	}
}

/* the decisions of one kind of boot, on a copy of the devices */
struct verdict {
	struct device_list list;
	int target;
};

static int judge(struct session *s, bool xen_dom0, struct verdict *v)
{
	struct ctx quiet = s->ctx;
	int r = device_list_copy(&v->list, &s->list);
	size_t i;

	/* the running kind of boot logs its decisions, the other is silent */
	if (xen_dom0 != s->xen_dom0)
		quiet.sink = SINK_NONE;
	/* predicting a Xen dom0 boot: it has no IOMMU groups (the IOMMU
	 * belongs to Xen) */
	for (i = 0; r == 0 && xen_dom0 && !s->xen_dom0 && i < v->list.n; i++)
		v->list.v[i].iommu_group = -1;
	if (r == 0)
		r = v->target = decide(&quiet, &s->cfg, &s->plan, xen_dom0, &v->list);
	/* a kernel without driver_override: the route, or the refusal */
	if (r >= 0 && v->target != TARGET_NONE) {
		struct ctx modules = quiet;
		int lr;

		bind_predict(&quiet, &v->list, (enum target)v->target);
		/* the target's module, looked for as the boot does (the plan's
		 * load lines, else modules.dep): missing, the devices fail.
		 * Without modules.dep for the kernel (a root of another
		 * machine) there is nothing to go by. */
		modules.sink = SINK_NONE;
		lr = path_exists(&modules, "/lib/modules/%s/modules.dep", kernel_release(&s->ctx))
			? load_target(&modules, &s->cfg, &s->plan, (enum target)v->target) : 0;
		if (lr < 0)
			fail_load(&quiet, &v->list, (enum target)v->target, lr);
	}
	return r < 0 ? r : 0;
}

static enum target shown_target(const struct verdict *v)
{
	return v->target == TARGET_NONE ? TARGET_XEN_PCIBACK : (enum target)v->target;
}

/* one device; with other (xen-pciback), "Xen dom0*: ...; without Xen: ..."
 * with the star on this boot's kind */
static void print_device(const struct device *d, const struct verdict *now,
			 const struct verdict *other, bool xen_dom0, size_t i)
{
	char what[160], alt[160], both[340];
	const char *shown = what;

	decision_text(&now->list.v[i], shown_target(now), now->target == TARGET_NONE, what,
		      sizeof(what));
	if (other) {
		decision_text(&other->list.v[i], shown_target(other), other->target == TARGET_NONE,
			      alt, sizeof(alt));
		snprintf(both, sizeof(both), "%s: %s; %s: %s",
			 xen_dom0 ? "Xen dom0*" : "without Xen*", what,
			 xen_dom0 ? "without Xen" : "Xen dom0", alt);
		shown = both;
	}
	if (d->present)
		printf("%-13s %04x:%04x  %-20s %-14s %s\n", d->name, d->vendor, d->device,
		       class_name(d->class_code), d->driver[0] ? d->driver : "-", shown);
	else
		printf("%-13s %-9s  %-20s %-14s %s\n", d->name, "-", "(not present)", "-", shown);
}

/* the other endpoints of the device's IOMMU group and their drivers: what
 * vfio-pci needs on vfio-pci (or unbound) too */
static void print_group(const struct device *d, const struct device_list *list)
{
	size_t j;
	int n = 0;

	if (d->iommu_group < 0)
		return;
	for (j = 0; j < list->n; j++) {
		const struct device *e = &list->v[j];

		if (e == d || e->iommu_group != d->iommu_group || is_bridge(e))
			continue;
		if (!n++)
			printf("    IOMMU group %d also holds: ", d->iommu_group);
		else
			printf(", ");
		printf("%s (%s)", e->name, e->driver[0] ? e->driver : "no driver");
	}
	if (n)
		printf("\n");
}

/* the plan's guards, each with the way the host reached it; a guard
 * whose device is not here with its recorded IDs is from another machine */
static void print_guards(const struct plan *plan, const struct device_list *list)
{
	char cls[8];
	size_t i;

	for (i = 0; i < plan->guards.n; i++) {
		const struct plan_guard *g = &plan->guards.v[i];

		if (!g->addr) {
			printf("guard on every class %s device: unknown: %s: %s\n",
			       class_text(&g->kind, cls), g->reason, g->via);
			continue;
		}
		printf("guard %s %s%s%s%s\n", g->addr, g->reason, *g->via ? ": " : "", g->via,
		       guard_stale(g, list, list->n) ? " (recorded on another machine: ignored)" : "");
	}
}

/* vfio-pci without an IOMMU: devices bind, but no VM can have them */
static void say_no_iommu(const struct session *s)
{
	size_t i;

	for (i = 0; i < s->list.n; i++)
		if (s->list.v[i].iommu_group >= 0)
			return;
	fflush(stdout);
	log_warn(&s->ctx, "no IOMMU groups on this host: the IOMMU is off, and no VM can have a "
		 "device on vfio-pci; turn on VT-d (Intel) or AMD-Vi (AMD; \"IOMMU\" or \"SVM\" in "
		 "some setups) in the firmware, and on Intel boot with intel_iommu=on (an AMD IOMMU "
		 "is on once the firmware has it, unless amd_iommu=off or iommu=off is given)");
}

static int cmd_check(const struct ctx *c0, const struct cli_opts *o)
{
	struct ctx ctx = *c0;
	struct session s;
	struct verdict now = { { NULL, 0, 0, false }, 0 }, other = { { NULL, 0, 0, false }, 0 };
	bool both = false, nothing = false;
	size_t i;
	int r, failed = 0;

	ctx.dry_run = true;
	r = session_open(&s, &ctx, o->cmdline, SINK_STDERR);
	if (r == 0 && s.cfg.disabled)
		printf("rd.pciback=0: pciback-early would do nothing\n");
	if (r == 0 && !s.cfg.disabled && (r = session_scan(&s, host_plan)) == 0) {
		both = s.cfg.driver == TARGET_XEN_PCIBACK;
		r = judge(&s, s.xen_dom0, &now);
		if (r == 0 && both)
			r = judge(&s, !s.xen_dom0, &other);
	}
	if (r == 0 && !s.cfg.disabled) {
		fflush(stderr);
		printf("%-13s %-9s  %-20s %-14s %s\n", "DEVICE", "IDS", "CLASS", "DRIVER",
		       both ? "DECISION (* this boot)" : "DECISION");
		for (i = 0; i < now.list.n; i++) {
			const struct device *d = &now.list.v[i];

			if (d->outcome == OUT_NONE && (!both || other.list.v[i].outcome == OUT_NONE))
				continue;
			print_device(d, &now, both ? &other : NULL, s.xen_dom0, i);
			print_group(d, &now.list);
			failed += d->outcome == OUT_FAILED;
		}
		if (both)
			printf("* this boot: %s\n", s.xen_dom0 ? "a Xen dom0" :
			       "not a Xen dom0 (here, pciback-early assign --driver vfio-pci SEL... "
			       "hands devices to vfio-pci now)");
		if (now.target == TARGET_VFIO_PCI)
			say_no_iommu(&s);
		if (both && s.cfg.group && !s.xen_dom0)
			printf("no IOMMU groups in a Xen dom0 (the IOMMU belongs to Xen): "
			       "rd.pciback.group=1 adds nothing there\n");
		print_guards(&s.plan, &s.list);
		s.cfg.errors += existing_report(&s, o->cmdline, &now.list);
		if ((nothing = !config_selects(&s.cfg)))
			printf("no device selected: set rd.pciback.slots=, ids= or class= on the kernel "
			       "command line, or slots = ... in %s\n", CONF_PATH);
	}
	printf("%d error(s), %d device(s) that cannot be seized\n", s.cfg.errors, failed);
	if (s.cfg.errors || failed)
		r = -EINVAL;
	device_list_free(&now.list);
	device_list_free(&other.list);
	session_close(&s);
	/* the image-build hooks read this, not the wording above */
	return r < 0 ? EXIT_FAILED : nothing ? EXIT_NOTHING : EXIT_OK;
}

const struct cli_command check_command = {
	"check", cmd_check, NULL, "what the configuration would do on this host, with warnings",
	NULL, 0,
};

/* the state file's line of a device ("ADDR VVVV:DDDD OUTCOME[:REASON]
 * DRIVER"), past its address; NULL when it has none */
static const char *boot_line(const char *state, const char *name)
{
	const char *p = state;
	size_t len = strlen(name);

	while (p && *p) {
		if (strncmp(p, name, len) == 0 && p[len] == ' ')
			return p + len + 1;
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return NULL;
}

/* the n bytes at s, the next field of a state line, up to a space */
static size_t field_len(const char *s)
{
	return strcspn(s, " \n");
}

/* a JSON string (RFC 8259) for the n bytes at val: quotes, backslashes
 * and control characters escaped; bytes outside ASCII as \u00XX, so
 * that any sysfs content gives valid UTF-8 */
static void json_string(const char *val, size_t n)
{
	putchar('"');
	for (; n && *val; val++, n--) {
		unsigned char ch = (unsigned char)*val;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch > 0x7e)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

/* ", KEY: VALUE", the value a string, or null when it is empty */
static void json_field(const char *key, const char *val)
{
	printf(", \"%s\": ", key);
	if (*val)
		json_string(val, strlen(val));
	else
		fputs("null", stdout);
}

/* an errno name (EBUSY, E523), not a word of ours (id-mismatch) */
static bool is_errno_name(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')); i++)
		;
	return n > 1 && s[0] == 'E' && i == n;
}

/* an outcome and its reason (n bytes, "EBUSY" or "keyboard,bridge"), as
 * "outcome": ..., "errno": ..., "reasons": [...] */
static void json_outcome(const char *outcome, size_t olen, const char *reason, size_t n)
{
	bool err = is_errno_name(reason, n);
	size_t k;

	fputs("\"outcome\": ", stdout);
	json_string(outcome, olen);
	fputs(", \"errno\": ", stdout);
	if (err)
		json_string(reason, n);
	else
		fputs("null", stdout);
	fputs(", \"reasons\": [", stdout);
	while (!err && n) {
		k = strcspn(reason, ",");
		k = k < n ? k : n;
		json_string(reason, k);
		if (k < n) {
			fputs(", ", stdout);
			k++;
		}
		reason += k;
		n -= k;
	}
	putchar(']');
}

/* what the configuration decides for d, null when it does not select it */
static void json_config(const struct device *d, int t)
{
	fputs(", \"config\": ", stdout);
	if (d->outcome == OUT_NONE) {
		fputs("null", stdout);
		return;
	}
	putchar('{');
	json_outcome(outcome_name(d->outcome), strlen(outcome_name(d->outcome)), d->reason,
		     strlen(d->reason));
	/* the driver it goes to, as the command line and --driver spell it */
	json_field("target", t != TARGET_NONE && (d->outcome == OUT_SELECTED ||
						  d->outcome == OUT_ALREADY) ? targets[t].module : "");
	putchar('}');
}

/* this boot's outcome from the state line (boot_line), null without one */
static void json_boot(const char *line)
{
	size_t n, o;

	fputs(", \"boot\": ", stdout);
	if (!line) {
		fputs("null", stdout);
		return;
	}
	line += field_len(line);                  /* the IDs */
	line += *line == ' ';
	n = field_len(line);                      /* OUTCOME[:REASON] */
	o = strcspn(line, ": \n");
	o = o < n ? o : n;
	putchar('{');
	if (o == 6 && strncmp(line, "seized", 6) == 0) {
		/* the binding route, not a reason: the state names only the fallbacks */
		json_outcome(line, o, "", 0);
		fputs(", \"route\": ", stdout);
		if (o < n)
			json_string(line + o + 1, n - o - 1);
		else
			fputs("\"driver_override\"", stdout);
	} else {
		json_outcome(line, o, line + o + (o < n), n - o - (o < n));
	}
	line += n;
	line += *line == ' ';
	n = field_len(line);
	fputs(", \"driver\": ", stdout);
	if (n && !(n == 1 && *line == '-'))
		json_string(line, n);
	else
		fputs("null", stdout);
	putchar('}');
}

/* one device as a JSON object: sysfs names for the IDs, null for what
 * is absent, the IOMMU group as its sysfs name (a string: a number today,
 * but nothing promises that a group's name stays one) */
static void print_json(const struct ctx *c, const struct device *d, const char *ovr,
		       const char *boot, int t, size_t n)
{
	char ids[5][8], group[32];

	snprintf(ids[0], sizeof(ids[0]), "%04x", d->vendor);
	snprintf(ids[1], sizeof(ids[1]), "%04x", d->device);
	snprintf(ids[2], sizeof(ids[2]), "%04x", d->subvendor);
	snprintf(ids[3], sizeof(ids[3]), "%04x", d->subdevice);
	snprintf(ids[4], sizeof(ids[4]), "%06x", d->class_code);
	if (!d->subvendor)      /* no subsystem IDs (devices.c reads them as 0) */
		ids[2][0] = ids[3][0] = '\0';
	printf("%s\n  {\"address\": \"%s\"", n ? "," : "", d->name);
	json_field("vendor", ids[0]);
	json_field("device", ids[1]);
	json_field("subsystem_vendor", ids[2]);
	json_field("subsystem_device", ids[3]);
	json_field("class", ids[4]);
	json_field("driver", d->driver);
	json_field("override", ovr);
	if (read_link_name(c, group, sizeof(group), PCI_DEVICES "/%s/iommu_group", d->name) < 0)
		group[0] = '\0';
	json_field("iommu_group", group);
	json_config(d, t);
	json_boot(boot);
	putchar('}');
}

/* the devices SEL... name, in any form the slots key takes: a mark per
 * device of the session in *named (calloc'd); the selection decided on a
 * copy, every guard lifted, nothing logged.  0, 1 when a selector is bad
 * (logged: bad usage), or -errno */
static int named_devices(struct session *s, const struct cli_opts *o, bool **named)
{
	struct origin orig = { NULL, 0, "status", NULL };
	struct ctx quiet = s->ctx;
	struct config cfg;
	struct device_list copy = { NULL, 0, 0, false };
	size_t i;
	int r = 0, k;

	config_init(&cfg);
	cfg.force = FORCE_ALL;
	for (k = 0; k < o->nargs && r == 0; k++)
		r = config_apply(&s->ctx, &cfg, &orig, "slots", o->args[k]);
	if (r == 0 && cfg.errors)
		r = 1;
	*named = r == 0 ? calloc(s->list.n + 1, sizeof(**named)) : NULL;
	if (r == 0 && !*named)
		r = -ENOMEM;
	if (r == 0)
		r = device_list_copy(&copy, &s->list);
	quiet.sink = SINK_NONE;
	if (r == 0 && (r = decide(&quiet, &cfg, &s->plan, true, &copy)) >= 0)
		r = 0;
	for (i = 0; r == 0 && i < s->list.n; i++)
		(*named)[i] = copy.v[i].outcome != OUT_NONE;
	if (r != 0) {
		free(*named);
		*named = NULL;
	}
	device_list_free(&copy);
	config_free(&cfg);
	return r;
}

enum { STATUS_JSON, STATUS_SELECTED };
static const struct cli_option_spec status_options[] = {
	[STATUS_JSON] = { "json", 0, NULL, "JSON instead of a table (the schema: pciback-early(8))" },
	[STATUS_SELECTED] = { "selected", 0, NULL,
			      "only the devices the configuration selects or this boot recorded" },
};

static int cmd_status(const struct ctx *c0, const struct cli_opts *o)
{
	struct ctx ctx = *c0;
	struct session s;
	char *state = NULL, ovr[64];
	bool json = o->opt[STATUS_JSON], *named = NULL;
	size_t i, shown = 0;
	int r, t = TARGET_NONE;

	ctx.dry_run = true;    /* decisions only, nothing written */
	r = session_open(&s, &ctx, o->cmdline, SINK_STDERR);
	if (r == 0)
		r = session_scan(&s, host_plan);
	if (r == 0 && o->nargs && (r = named_devices(&s, o, &named)) > 0) {
		session_close(&s);
		return EXIT_USAGE;
	}
	s.ctx.sink = SINK_NONE;
	if (r == 0)
		r = t = decide(&s.ctx, &s.cfg, &s.plan, s.xen_dom0, &s.list);
	if (r < 0)
		goto out;
	r = 0;
	if (read_file(&s.ctx, STATE_DIR "/state", &state, 1 << 20) < 0)
		state = NULL;
	/* an object, so that fields beside the devices can come later; the
	 * version changes only when a field changes meaning or goes away */
	if (json)
		printf("{\"version\": %d, \"devices\": [", STATUS_JSON_VERSION);
	else
		printf("%-13s %-9s  %-20s %-14s %-10s %-5s %-13s %s\n", "DEVICE", "IDS", "CLASS",
		       "DRIVER", "OVERRIDE", "GROUP", "CONFIG", "BOOT");
	for (i = 0; i < s.list.n; i++) {
		struct device *d = &s.list.v[i];
		const char *conf = d->outcome == OUT_NONE ? "-" :
				   d->outcome == OUT_SKIPPED || d->outcome == OUT_FAILED ? d->reason :
				   "selected";
		const char *boot = boot_line(state, d->name);

		/* a VF a selector names, not created yet: a row of the table
		 * (named devices and JSON are those present) */
		if (!d->present && !named && !json && strcmp(d->reason, "vf-not-created") == 0) {
			printf("%-13s %-9s  %-20s %-14s %-10s %-5s %-13s %.*s\n", d->name, "-",
			       "(VF not created)", "-", "-", "-", d->reason,
			       boot ? (int)field_len(boot + field_len(boot) + 1) : 1,
			       boot ? boot + field_len(boot) + 1 : "-");
			continue;
		}
		if (!d->present || (named && !named[i]) ||
		    (o->opt[STATUS_SELECTED] && d->outcome == OUT_NONE && !boot))
			continue;
		read_override(&s.ctx, d->name, ovr, sizeof(ovr));
		if (json)
			print_json(&s.ctx, d, ovr, boot, t, shown++);
		else {
			char group[12] = "-";

			if (d->iommu_group >= 0)
				snprintf(group, sizeof(group), "%d", d->iommu_group);
			/* the state's OUTCOME[:REASON]; it names only the fallback routes */
			if (boot)
				boot += field_len(boot) + 1;
			if (boot && field_len(boot) == 6 && strncmp(boot, "seized", 6) == 0)
				boot = "seized:driver_override";
			printf("%-13s %04x:%04x  %-20s %-14s %-10s %-5s %-13s %.*s\n", d->name,
			       d->vendor, d->device, class_name(d->class_code),
			       d->driver[0] ? d->driver : "-", ovr[0] ? ovr : "-", group, conf,
			       boot ? (int)field_len(boot) : 1, boot ? boot : "-");
		}
	}
	if (json)
		printf("\n]}\n");
out:
	free(named);
	free(state);
	session_close(&s);
	return r < 0 ? EXIT_FAILED : EXIT_OK;
}

const struct cli_command status_command = {
	"status", cmd_status, "[SEL...]",
	"table of PCI devices (or only these): driver, override, configuration, boot outcome",
	status_options, sizeof(status_options) / sizeof(status_options[0]),
};
