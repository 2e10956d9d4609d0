// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * decide.c - which devices to seize, which to refuse and why, and with
 * which driver.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "decide.h"
#include "devices.h"
#include "log.h"
#include "sysfs.h"
#include "util.h"
#include "vec.h"

static int add_missing(struct device_list *list, const char *text)
{
	struct device d;

	memset(&d, 0, sizeof(d));
	fmt(d.name, sizeof(d.name), "%s", text);
	set_outcome(&d, OUT_FAILED, "ENODEV");
	d.by = "";
	return VEC_PUSH(*list, d);
}

static const struct device *find_name(const struct device_list *list, size_t n,
				      const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list->v[i].name, name) == 0)
			return &list->v[i];
	return NULL;
}

/* a device a slot selector names: selected, or refused by its @VVVV:DDDD */
static void select_named(const struct ctx *c, const struct selector *s, struct device *d,
			 bool broad)
{
	const char *by = s->by ? s->by : s->text;

	if (s->check_id && (d->vendor != s->vendor || d->device != s->device)) {
		log_dev(c, LOG_ERR, d, ": not seized: %s expects %04x:%04x here (was the "
			"device moved or the bus renumbered?)", s->text, s->vendor, s->device);
		set_outcome(d, OUT_FAILED, "id-mismatch");
		d->by = by;
	} else if (d->outcome == OUT_NONE) {
		set_outcome(d, OUT_SELECTED, NULL);
		d->by = by;
		d->broad = broad;
	}
}

/* a PF's decimal sriov_NAME attribute */
static int sriov_attr(const struct ctx *c, const char *pf, const char *name, unsigned *v)
{
	char buf[16];
	int r = read_attr(c, buf, sizeof(buf), PCI_DEVICES "/%s/sriov_%s", pf, name);

	return r < 0 ? r : parse_uint(buf, 10, v);
}

/*
 * PF/vfN, PF/vf*: the PF's sriov_drivers_autoprobe goes to 0 (hold_vfs)
 * so that no driver takes a VF as it is created, and the VFs are where
 * drivers/pci/iov.c pci_iov_virtfn_bus/devfn put them: the PF's devfn +
 * sriov_offset + N * sriov_stride, the carry going into the bus number.
 * A VF there now is selected as any slot; one not created yet is listed
 * (check shows its address), left alone until the udev rule sees it.
 */
static int select_vfs(const struct ctx *c, const struct selector *s, const struct pci_addr *at,
		      struct device_list *list, size_t real_n)
{
	struct device *pf = NULL;
	struct pci_addr a;
	unsigned total, offset, stride, n, end, devfn;
	char pf_name[64];
	size_t i;

	for (i = 0; i < real_n && !pf; i++)
		if (addr_matches(at, &list->v[i].addr))
			pf = &list->v[i];
	if (!pf) {
		log_err(c, "%s: no such PCI device", s->text);
		return add_missing(list, s->text);
	}
	if (!VF_ADDRESSES) {
		pf->hold_vfs = true;
		return 0;
	}
	if (sriov_attr(c, pf->name, "totalvfs", &total) < 0 ||
	    sriov_attr(c, pf->name, "offset", &offset) < 0 ||
	    sriov_attr(c, pf->name, "stride", &stride) < 0) {
		log_err(c, "%s: %s is not an SR-IOV physical function (it has no sriov_totalvfs, "
			"sriov_offset, sriov_stride)", s->text, pf->name);
		return add_missing(list, s->text);
	}
	n = s->vf == VF_ANY ? 0 : s->vf - 1;
	end = s->vf == VF_ANY ? total : s->vf;
	if (n >= total && s->vf != VF_ANY) {
		log_err(c, "%s: %s has %u VFs (sriov_totalvfs), numbered from 0", s->text, pf->name,
			total);
		return add_missing(list, s->text);
	}
	pf->hold_vfs = true;
	a = pf->addr;   /* pf moves as VFs are appended */
	strcpy(pf_name, pf->name);
	for (; n < end; n++) {
		struct device vf;
		int r;

		devfn = (a.dev << 3 | a.fn) + offset + n * stride;
		if (a.bus + (devfn >> 8) > 0xff) {
			log_err(c, "%s: VF %u of %s would be past bus ff: its sriov_offset %u and "
				"sriov_stride %u do not fit", s->text, n, pf_name, offset, stride);
			return add_missing(list, s->text);
		}
		memset(&vf, 0, sizeof(vf));
		vf.iommu_group = -1;
		vf.addr = (struct pci_addr){ a.domain, a.bus + (devfn >> 8), (devfn >> 3) & 0x1f,
					     devfn & 7 };
		fmt(vf.name, sizeof(vf.name), "%04x:%02x:%02x.%x", vf.addr.domain, vf.addr.bus,
		    vf.addr.dev, vf.addr.fn);
		for (i = 0; i < list->n && strcmp(list->v[i].name, vf.name) != 0; i++)
			;
		if (i < real_n) {
			select_named(c, s, &list->v[i], s->vf == VF_ANY);
			continue;
		}
		if (i < list->n)   /* listed by another selector already */
			continue;
		set_outcome(&vf, OUT_SKIPPED, "vf-not-created");
		vf.by = s->by ? s->by : s->text;
		vf.broad = s->vf == VF_ANY;
		if ((r = VEC_PUSH(*list, vf)) < 0)
			return r;
	}
	return 0;
}

/* one slot selector: mark its devices, or say why it matches none */
static int select_slot(const struct ctx *c, const struct selector *s,
		       struct device_list *list, size_t real_n)
{
	struct pci_addr target = s->addr;
	size_t i, hits = 0;

	if (s->depth) {
		char name[40] = "";
		const struct device *d;
		int where;

		if (resolve_path(c, s, name, sizeof(name), &where) < 0) {
			if (where == 0)
				log_err(c, "%s: bridge path start %04x:%02x:%02x.%x does not exist",
					s->text, s->addr.domain, s->addr.bus, s->addr.dev, s->addr.fn);
			else if ((d = find_name(list, real_n, name)) && !is_bridge(d))
				log_err(c, "%s: %s is not a bridge [%04x:%04x, class %06x]: "
					"a path goes from a bridge to the device behind it",
					s->text, name, d->vendor, d->device, d->class_code);
			else
				log_err(c, "%s: bridge path element %d (%02x.%x) not found behind the bridge",
					s->text, where, s->path[where - 1][0], s->path[where - 1][1]);
			return add_missing(list, s->text);
		}
		parse_addr(name, &target);
	}
	if (s->vf)
		return select_vfs(c, s, &target, list, real_n);
	for (i = 0; i < real_n; i++) {
		struct device *d = &list->v[i];

		if (!addr_matches(&target, &d->addr))
			continue;
		hits++;
		/* BB:DD, BB:DD.*, (00:*.*): as broad as ids */
		select_named(c, s, d, target.dev == ANY_DEVICE || target.fn == ANY_FUNCTION);
	}
	if (hits)
		return 0;
	log_err(c, "%s: no such PCI device", s->text);
	return add_missing(list, s->text);
}

static void select_broad(const struct config *cfg, struct device_list *list, size_t real_n)
{
	size_t i, j;

	for (i = 0; i < real_n; i++) {
		struct device *d = &list->v[i];

		for (j = 0; d->outcome == OUT_NONE && j < cfg->ids.n; j++)
			if (id_matches(&cfg->ids.v[j], d->vendor, d->device,
				       d->subvendor, d->subdevice)) {
				set_outcome(d, OUT_SELECTED, NULL);
				d->by = cfg->ids.v[j].by ? cfg->ids.v[j].by : "rd.pciback.ids";
				d->broad = true;
			}
		for (j = 0; d->outcome == OUT_NONE && j < cfg->classes.n; j++)
			if (class_matches(&cfg->classes.v[j], d->class_code)) {
				set_outcome(d, OUT_SELECTED, NULL);
				d->by = !cfg->qubes || j < cfg->own_classes ? "rd.pciback.class" :
					j == cfg->own_classes ? "rd.qubes (network)" : "rd.qubes.hide_all_usb";
				d->broad = true;
			}
	}
}

/* vfio-pci: a group is usable by a VM only when every endpoint in it is
 * on vfio-pci or has no driver; one line per group that will not be */
static void warn_groups(const struct ctx *c, const struct device_list *list)
{
	size_t i, j, k;

	for (i = 0; i < list->n; i++) {
		const struct device *d = &list->v[i];

		if ((d->outcome != OUT_SELECTED && d->outcome != OUT_ALREADY) || d->iommu_group < 0)
			continue;
		for (k = 0; k < i; k++)   /* the group's first selected device says it */
			if (list->v[k].iommu_group == d->iommu_group &&
			    (list->v[k].outcome == OUT_SELECTED || list->v[k].outcome == OUT_ALREADY))
				break;
		for (j = 0; k == i && j < list->n; j++) {
			const struct device *e = &list->v[j];

			if (e->iommu_group != d->iommu_group || is_bridge(e) || !e->driver[0] ||
			    e->outcome == OUT_SELECTED || e->outcome == OUT_ALREADY ||
			    strcmp(e->driver, targets[TARGET_VFIO_PCI].sysfs) == 0)
				continue;
			log_warn(c, "IOMMU group %d is not viable for vfio-pci: %s [%04x:%04x] "
				 "stays on %s; select it too, or set rd.pciback.group=1",
				 d->iommu_group, e->name, e->vendor, e->device, e->driver);
			break;
		}
	}
}

/* the key that keeps d (rd.pciback.except, rd.qubes.dom0_usb), or NULL */
static const char *excepted(const struct config *cfg, const struct ctx *c,
			    const struct device *d)
{
	static const char except[] = "rd.pciback.except";
	size_t i;

	for (i = 0; i < cfg->except_ids.n; i++)
		if (id_matches(&cfg->except_ids.v[i], d->vendor, d->device,
			       d->subvendor, d->subdevice))
			return except;
	for (i = 0; i < cfg->except_slots.n; i++) {
		const struct selector *s = &cfg->except_slots.v[i];
		struct pci_addr a = s->addr;
		char name[40];
		int where;

		if (s->depth && (resolve_path(c, s, name, sizeof(name), &where) < 0 ||
				 parse_addr(name, &a) < 0))
			continue;
		if (addr_matches(&a, &d->addr) &&
		    (!s->check_id || (d->vendor == s->vendor && d->device == s->device)))
			return s->by ? s->by : except;
	}
	return NULL;
}

/* the serial console (console=ttyS...) on this PCI UART */
static bool serial_console(const struct ctx *c, const struct config *cfg,
			   const struct device *d)
{
	char dev[64];
	size_t i;

	for (i = 0; (d->class_code >> 16) == 0x07 && i < cfg->consoles.n; i++)
		if (read_link_name(c, dev, sizeof(dev), "/sys/class/tty/%s/device",
				   cfg->consoles.v[i].name) >= 0 && strcmp(dev, d->name) == 0)
			return true;
	return false;
}

bool guard_stale(const struct plan_guard *g, const struct device_list *list, size_t n)
{
	const struct device *d = find_name(list, n, g->addr);

	return g->has_ids && (!d || d->vendor != g->vendor || d->device != g->device ||
			      d->class_code != g->class_code);
}

/* the plan's guards from another machine are ignored, said once */
static void say_stale(const struct ctx *c, const struct plan *plan,
		      const struct device_list *list, size_t n)
{
	size_t i, count = 0;
	const struct plan_guard *first = NULL;

	for (i = 0; i < plan->guards.n; i++)
		if (plan->guards.v[i].addr && guard_stale(&plan->guards.v[i], list, n) && !count++)
			first = &plan->guards.v[i];
	if (first)
		log_warn(c, "the plan's host guards are for another machine (%s was %04x:%04x "
			 "there): %zu ignored; the boot VGA, bridge and console guards still apply",
			 first->addr, first->vendor, first->device, count);
}

/* every guard on d, as GUARD_BIT()s: boot VGA, bridges and the serial
 * console seen now; what the plan recorded on this machine (root storage,
 * keyboards, the default route) and its unknown guards by class */
static unsigned guards_on(const struct ctx *c, const struct config *cfg,
			  const struct plan *plan, const struct device *d,
			  const struct device_list *list, size_t n)
{
	unsigned bits = (d->boot_vga ? GUARD_BIT(GUARD_BOOT_VGA) : 0) |
			(is_bridge(d) ? GUARD_BIT(GUARD_BRIDGE) : 0) |
			(serial_console(c, cfg, d) ? GUARD_BIT(GUARD_SERIAL_CONSOLE) : 0);
	size_t i;

	for (i = 0; i < plan->guards.n; i++) {
		const struct plan_guard *g = &plan->guards.v[i];

		if (g->addr ? strcmp(g->addr, d->name) == 0 && !guard_stale(g, list, n) :
		    class_matches(&g->kind, d->class_code))
			bits |= GUARD_BIT(guard_by_name(g->reason));
	}
	return bits;
}

/* the lockout guards: every one on the device must be lifted; a damaged
 * plan may have lost one, so it guards everything rd.pciback.force=1 does
 * not lift */
static void apply_guards(const struct ctx *c, const struct config *cfg,
			 const struct plan *plan, struct device *d,
			 const struct device_list *list, size_t n)
{
	unsigned on = guards_on(c, cfg, plan, d, list, n), held;
	char names[96] = "", says[400] = "";
	size_t len = 0, slen = 0;
	int g;

	if (!on && plan->damaged)
		on = GUARD_BIT(GUARD_PLAN_DAMAGED);
	held = on & ~cfg->force;
	for (g = 0; g <= GUARD_PLAN_DAMAGED; g++) {
		if (!(held & GUARD_BIT(g))) {
			if (on & GUARD_BIT(g))
				log_dev(c, LOG_WARN, d, ": lockout guard '%s' lifted by %s", guard_text(g, false),
					FORCE_BY_OPTION(cfg) ? "--force" : "rd.pciback.force");
			continue;
		}
		len += (size_t)fmt(names + len, sizeof(names) - len, "%s%s", len ? "," : "",
				   guard_text(g, false));
		slen += (size_t)fmt(says + slen, sizeof(says) - slen, "%s%s", slen ? "; " : "",
				    guard_text(g, true));
	}
	if (!held)
		return;
	/* unknown and damaged: no name lifts them, only 1 */
	log_dev(c, LOG_WARN, d, ": left alone: %s; %s%s to seize it anyway%s", says,
		FORCE_BY_OPTION(cfg) ? "use --force" : "set rd.pciback.force=",
		FORCE_BY_OPTION(cfg) ? "" : held >= GUARD_BIT(GUARD_UNKNOWN) ? "1" : names,
		cfg->qubes && (held & GUARD_BIT(GUARD_KEYBOARD)) ?
		"; to keep it in dom0 without this warning, name it in rd.qubes.dom0_usb" : "");
	/* Qubes' promise: no network controller in dom0, or no boot */
	set_outcome(d, cfg->qubes && (d->class_code >> 16) == 0x02 ? OUT_FAILED : OUT_SKIPPED, names);
}

/* except, then the guards, for one selected device */
static void refuse_or_keep(const struct ctx *c, const struct config *cfg,
			   const struct plan *plan, struct device *d,
			   const struct device_list *list, size_t n)
{
	const char *by = excepted(cfg, c, d);

	if (by) {
		log_dev(c, LOG_INFO, d, ": left alone: listed in %s", by);
		set_outcome(d, OUT_SKIPPED, "except");
		return;
	}
	/* except could not be read whole: it may have meant this one */
	if (d->outcome == OUT_SELECTED && cfg->except_errors && d->broad) {
		log_dev(c, LOG_WARN, d, ": left alone: selected by %s, and rd.pciback.except "
			 "could not be read", d->by);
		set_outcome(d, OUT_SKIPPED, "except-unreadable");
		return;
	}
	if (d->outcome == OUT_SELECTED)
		apply_guards(c, cfg, plan, d, list, n);
}

/* rd.pciback.group=1: every endpoint sharing an IOMMU group with a
 * device that will be seized (bridges never; except and guards still
 * apply); the group mates of a device left alone are left alone too */
static void select_groups(const struct ctx *c, const struct config *cfg,
			  const struct plan *plan, struct device_list *list, size_t real_n)
{
	size_t i, j;

	for (i = 0; i < real_n; i++) {
		const struct device *d = &list->v[i];
		bool refused = d->outcome == OUT_SKIPPED || d->outcome == OUT_FAILED;

		if ((d->outcome != OUT_SELECTED && !refused) || d->iommu_group < 0 || !d->by ||
		    strcmp(d->by, "rd.pciback.group") == 0 || d->walked)
			continue;
		/* the group's first such device takes its mates; the walk
		 * marks every member, so that each group is walked once */
		for (j = 0; j < real_n; j++) {
			struct device *e = &list->v[j];

			if (e->iommu_group != d->iommu_group)
				continue;
			e->walked = true;
			if (e->outcome != OUT_NONE || is_bridge(e))
				continue;
			e->by = "rd.pciback.group";
			e->broad = true;   /* as ids and class: except must be whole */
			if (refused) {
				log_dev(c, LOG_INFO, e, ": left alone: IOMMU group %d, with %s, which "
					"is left alone (%s)", e->iommu_group, d->name, d->reason);
				set_outcome(e, OUT_SKIPPED, d->reason);
				continue;
			}
			log_dev(c, LOG_INFO, e, ": added: IOMMU group %d, with %s", e->iommu_group, d->name);
			set_outcome(e, OUT_SELECTED, NULL);
			refuse_or_keep(c, cfg, plan, e, list, real_n);
		}
	}
}

/* xen-pciback only works in a Xen dom0; elsewhere use the fallback */
static enum target choose_target(const struct ctx *c, const struct config *cfg,
				 bool xen_dom0)
{
	if (cfg->driver != TARGET_XEN_PCIBACK || xen_dom0)
		return cfg->driver;
	/* assign names what works on this host, not a key of the next boot */
	if (cfg->fallback == TARGET_NONE)
		log_warn(c, "this boot is not a Xen dom0: leaving every device alone "
			 "(%s would hold them)", FORCE_BY_OPTION(cfg) ?
			 HELP("--driver vfio-pci or pci-stub") : "rd.pciback.fallback=pci-stub or vfio-pci");
	else
		log_info(c, "this boot is not a Xen dom0: holding devices with %s instead "
			 "(rd.pciback.fallback)", targets[cfg->fallback].module);
	return cfg->fallback;
}

int decide(const struct ctx *c, const struct config *cfg, const struct plan *plan,
	   bool xen_dom0, struct device_list *list)
{
	size_t real_n = list->n, i;
	enum target t;
	int r;

	for (i = 0; i < cfg->slots.n; i++)
		if ((r = select_slot(c, &cfg->slots.v[i], list, real_n)) < 0)
			return r;
	select_broad(cfg, list, real_n);
	say_stale(c, plan, list, real_n);
	for (i = 0; i < real_n; i++)
		if (list->v[i].outcome == OUT_SELECTED || list->v[i].outcome == OUT_FAILED)
			refuse_or_keep(c, cfg, plan, &list->v[i], list, real_n);
	if (cfg->group)
		select_groups(c, cfg, plan, list, real_n);
	t = choose_target(c, cfg, xen_dom0);
	/* group=1 and the vfio-pci group checks go by the IOMMU groups: say
	 * when there are none, as always in a Xen dom0 (the IOMMU is Xen's,
	 * /sys/kernel/iommu_groups is empty) */
	if (cfg->group || t == TARGET_VFIO_PCI) {
		for (i = 0; i < real_n && list->v[i].iommu_group < 0; i++)
			;
		if (i == real_n && real_n)
			log_warn(c, "no IOMMU groups%s: rd.pciback.group=1 and the vfio-pci group "
				 "checks have nothing to go by", xen_dom0 ?
				 " in a Xen dom0 (the IOMMU belongs to Xen)" : "");
	}
	for (i = 0; i < list->n; i++) {
		struct device *d = &list->v[i];

		if (d->outcome != OUT_SELECTED)
			continue;
		if (t == TARGET_NONE)
			set_outcome(d, OUT_SKIPPED, "not-xen-dom0");
		else if (strcmp(d->driver, targets[t].sysfs) == 0)
			set_outcome(d, OUT_ALREADY, NULL);
		if (t == TARGET_VFIO_PCI && d->boot_vga)
			log_info(c, "%s: the boot VGA device for vfio-pci: boot with video=efifb:off "
				 "(or initcall_blacklist=sysfb_init) so the console lets go of it", d->name);
	}
	if (t == TARGET_VFIO_PCI)
		warn_groups(c, list);
	return (int)t;
}
