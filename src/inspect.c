/*
 * inspect.c - `check` (what the configuration would do on this host, and
 * what it could take away) and `status` (a table of PCI devices, or JSON).
 */
#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "bind.h"
#include "cli.h"
#include "host.h"
#include "log.h"
#include "select.h"
#include "state.h"
#include "sysfs.h"

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

/* the last PCI device on the resolved path of a sysfs link */
static int pci_parent(const struct ctx *c, const char *link, char *out, size_t n)
{
	char path[PATH_MAX], real[PATH_MAX], *part, *save = NULL;
	struct pci_addr a;

	out[0] = '\0';
	if (root_path(c, path, sizeof(path), "%s", link) < 0 || !realpath(path, real))
		return -ENOENT;
	for (part = strtok_r(real, "/", &save); part; part = strtok_r(NULL, "/", &save))
		if (parse_addr(part, &a) == 0 && strlen(part) < n)
			strcpy(out, part);
	return out[0] ? 0 : -ENOENT;
}

static struct device *find(struct device_list *list, const char *name)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return &list->v[i];
	return NULL;
}

static bool chosen(const struct device *d)
{
	return d && (d->outcome == OUT_SELECTED || d->outcome == OUT_ALREADY);
}

/* NICs with the IPv4 default route */
static int warn_default_route(const struct ctx *c, struct device_list *list)
{
	char *text, *line, *next, iface[64], link[128], pci[40];
	unsigned dest, mask;
	int warned = 0;

	if (read_file(c, "/proc/net/route", &text, 1 << 20) < 0)
		return 0;
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (sscanf(line, "%63s %x %*x %*x %*d %*d %*d %x", iface, &dest, &mask) != 3 ||
		    dest != 0 || mask != 0)
			continue;
		snprintf(link, sizeof(link), "/sys/class/net/%s/device", iface);
		if (pci_parent(c, link, pci, sizeof(pci)) == 0 && chosen(find(list, pci))) {
			printf("warning: %s carries the default route (%s): seizing it takes this "
			       "host off the network\n", pci, iface);
			warned++;
		}
	}
	free(text);
	return warned;
}

/* USB controllers with a keyboard: an input device with keys that repeat */
static int warn_keyboards(const struct ctx *c, struct device_list *list)
{
	char path[PATH_MAX], ev[32], name[128], link[PATH_MAX], pci[40];
	struct dirent *de;
	unsigned long bits;
	int warned = 0;
	DIR *dir;

	if (root_path(c, path, sizeof(path), "/sys/class/input") < 0 || !(dir = opendir(path)))
		return 0;
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "input", 5) != 0 ||
		    read_attr(c, ev, sizeof(ev), "/sys/class/input/%s/capabilities/ev", de->d_name) < 0)
			continue;
		bits = strtoul(ev, NULL, 16);
		if (!(bits & (1ul << 1)) || !(bits & (1ul << 20)))
			continue;
		snprintf(link, sizeof(link), "/sys/class/input/%s", de->d_name);
		if (pci_parent(c, link, pci, sizeof(pci)) < 0 || !chosen(find(list, pci)))
			continue;
		if (read_attr(c, name, sizeof(name), "/sys/class/input/%s/name", de->d_name) < 0)
			strcpy(name, "?");
		printf("warning: %s has a keyboard attached (%s: %s): seizing it takes that "
		       "keyboard away\n", pci, de->d_name, name);
		warned++;
	}
	closedir(dir);
	return warned;
}

static int build_guard_plan(const struct ctx *c, struct plan *plan)
{
	char guards[2048], text[4096], *g, *save = NULL;
	size_t len = 0;

	if (root_storage_devices(c, guards, sizeof(guards)) < 0)
		return 0;
	text[0] = '\0';
	for (g = strtok_r(guards, " ", &save); g; g = strtok_r(NULL, " ", &save))
		len += (size_t)snprintf(text + len, sizeof(text) - len, "guard %s root-storage\n", g);
	return plan_parse(c, plan, "root filesystem", text);
}

static void print_decision(const struct device *d, const char *tname)
{
	char what[96];

	switch (d->outcome) {
	case OUT_SELECTED:
		snprintf(what, sizeof(what), "-> %s (selected by %s)", tname, d->by);
		break;
	case OUT_ALREADY:
		snprintf(what, sizeof(what), "already on %s", tname);
		break;
	case OUT_SKIPPED:
		snprintf(what, sizeof(what), "left alone: %s", d->reason);
		break;
	default:
		snprintf(what, sizeof(what), "cannot be seized: %s", d->reason);
		break;
	}
	if (d->present)
		printf("%-13s %04x:%04x  %-20s %-14s %s\n", d->name, d->vendor, d->device,
		       class_name(d->class_code), d->driver[0] ? d->driver : "(none)", what);
	else
		printf("%-13s %-9s  %-20s %-14s %s\n", d->name, "-", "(not present)", "-", what);
}

int cmd_check(const struct ctx *c0, const struct host_opts *o)
{
	struct ctx ctx = *c0;
	const struct ctx *c = &ctx;
	struct device_list list = { NULL, 0, 0 };
	struct config cfg;
	struct plan plan;
	enum target t;
	size_t i;
	int r, failed = 0;

	ctx.dry_run = true;
	ctx.sink = SINK_STDOUT;
	config_init(&cfg);
	plan_init(&plan);
	r = read_config(c, &cfg, o->cmdline);
	if (r == 0 && (r = enumerate_devices(c, &list)) < 0)
		log_err(c, "cannot list PCI devices: %s", errno_name(r));
	if (r == 0 && cfg.disabled)
		printf("rd.pciback=0: pciback-early would do nothing\n");
	if (r == 0 && !cfg.disabled) {
		build_guard_plan(c, &plan);
		select_devices(c, &cfg, &plan, &list);
		t = cfg.driver;
		for (i = 0; i < list.n; i++) {
			struct device *d = &list.v[i];

			if (d->outcome == OUT_NONE)
				continue;
			if (d->outcome == OUT_SELECTED && strcmp(d->driver, targets[t].sysfs) == 0)
				d->outcome = OUT_ALREADY;
			print_decision(d, targets[t].sysfs);
			failed += d->outcome == OUT_FAILED;
		}
		if (!config_selects(&cfg))
			printf("no device selected\n");
		warn_default_route(c, &list);
		warn_keyboards(c, &list);
		for (i = 0; i < list.n; i++)
			if (list.v[i].outcome == OUT_SKIPPED && list.v[i].reason &&
			    strcmp(list.v[i].reason, "root-storage") == 0)
				printf("warning: %s carries the root filesystem: left alone "
				       "unless rd.pciback.force=1\n", list.v[i].name);
			else if (list.v[i].outcome == OUT_SKIPPED && list.v[i].reason &&
				 strcmp(list.v[i].reason, "boot-vga") == 0)
				printf("warning: %s is the boot VGA device: left alone "
				       "unless rd.pciback.force=1\n", list.v[i].name);
	}
	printf("%d error(s), %d device(s) that cannot be seized\n", cfg.errors, failed);
	if (cfg.errors || failed || r < 0)
		r = -EINVAL;
	device_list_free(&list);
	plan_free(&plan);
	config_free(&cfg);
	return r < 0 ? EXIT_FAILED : EXIT_OK;
}

/* the boot's outcome for a device from the state file text */
static void boot_outcome(const char *state, const char *name, char *out, size_t n)
{
	const char *p = state;
	size_t len = strlen(name);

	snprintf(out, n, "-");
	while (p && *p) {
		if (strncmp(p, name, len) == 0 && p[len] == ' ') {
			char ids[16];

			sscanf(p + len + 1, "%15s %63s", ids, out);
			return;
		}
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
}

int cmd_status_table(const struct ctx *c0, const struct host_opts *o)
{
	struct ctx ctx = *c0;
	const struct ctx *c = &ctx;
	struct device_list list = { NULL, 0, 0 };
	struct config cfg;
	struct plan plan;
	char *state = NULL, ovr[64], boot[64];
	size_t i;
	int r;

	ctx.dry_run = true;    /* selection only, nothing written */
	ctx.sink = SINK_STDERR;
	config_init(&cfg);
	plan_init(&plan);
	read_config(c, &cfg, NULL);
	r = enumerate_devices(c, &list);
	if (r < 0) {
		log_err(c, "cannot list PCI devices: %s", errno_name(r));
		goto out;
	}
	select_devices(c, &cfg, &plan, &list);
	if (read_file(c, STATE_DIR "/state", &state, 1 << 20) < 0)
		state = NULL;
	if (o->json)
		printf("[");
	else
		printf("%-13s %-9s  %-20s %-14s %-10s %-13s %s\n", "DEVICE", "IDS", "CLASS",
		       "DRIVER", "OVERRIDE", "CONFIG", "BOOT");
	for (i = 0; i < list.n; i++) {
		struct device *d = &list.v[i];
		const char *conf = d->outcome == OUT_NONE ? "-" :
				   d->outcome == OUT_SKIPPED || d->outcome == OUT_FAILED ? d->reason :
				   "selected";

		if (!d->present)
			continue;
		if (read_attr(c, ovr, sizeof(ovr), "/sys/bus/pci/devices/%s/driver_override", d->name) < 0 ||
		    strcmp(ovr, "(null)") == 0)
			strcpy(ovr, "");
		boot_outcome(state, d->name, boot, sizeof(boot));
		if (o->json)
			printf("%s\n {\"device\": \"%s\", \"vendor\": \"%04x\", \"device_id\": \"%04x\", "
			       "\"class\": \"%06x\", \"driver\": \"%s\", \"override\": \"%s\", "
			       "\"config\": \"%s\", \"boot\": \"%s\"}",
			       i ? "," : "", d->name, d->vendor, d->device, d->class_code,
			       d->driver, ovr, strcmp(conf, "-") ? conf : "", strcmp(boot, "-") ? boot : "");
		else
			printf("%-13s %04x:%04x  %-20s %-14s %-10s %-13s %s\n", d->name, d->vendor,
			       d->device, class_name(d->class_code), d->driver[0] ? d->driver : "-",
			       ovr[0] ? ovr : "-", conf, boot);
	}
	if (o->json)
		printf("\n]\n");
out:
	free(state);
	device_list_free(&list);
	plan_free(&plan);
	config_free(&cfg);
	return r < 0 ? EXIT_FAILED : EXIT_OK;
}
