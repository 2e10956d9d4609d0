// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * qubes.c - Qubes OS dom0's keys, with the meanings its dracut module
 * gives them (dracut/modules.d/90qubes-pciback/qubes-pciback.sh in
 * QubesOS/qubes-core-admin-linux, read at commit a571230c757a), so that
 * this program can replace that module:
 *   - every network controller (class 02) is hidden from dom0, and every
 *     USB controller (0c03) too when rd.qubes.hide_all_usb is on (dracut's
 *     getargbool: only 0, no and off are false, a bare key is on);
 *   - plus the devices of rd.qubes.hide_pci (the last one counts, as for
 *     dracut's getarg; a character outside 0-9 a-f _ . : , - makes Qubes
 *     stop the boot, so does an entry that names no device);
 *   - minus those of rd.qubes.dom0_usb (a bogus value is dropped whole);
 *   - without hide_all_usb, Qubes warns unless usbcore.authorized_default
 *     is off.
 * The selections go to the one decision function: guards apply, and with
 * any rd.qubes.* key a failure stops the boot unless on_error says not.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "log.h"
#include "qubes.h"
#include "sysfs.h"
#include "vec.h"

enum { HIDE_ALL_USB, HIDE_PCI, DOM0_USB, AUTHORIZED_DEFAULT };

static const char *const names[] = {
	"rd.qubes.hide_all_usb", "rd.qubes.hide_pci", "rd.qubes.dom0_usb",
	"usbcore.authorized_default",
};

int qubes_key(struct config *cfg, const char *param, const char *val)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(param, names[i]) == 0) {
			free(cfg->qubes_keys[i]);
			cfg->qubes_keys[i] = strdup(val ? val : "");
			return cfg->qubes_keys[i] ? 1 : -ENOMEM;
		}
	return 0;
}

/* dracut's getargbool DEFAULT KEY */
static bool getargbool(const struct config *cfg, int key, bool dflt)
{
	const char *v = cfg->qubes_keys[key];

	return v ? strcmp(v, "0") != 0 && strcmp(v, "no") != 0 && strcmp(v, "off") != 0 : dflt;
}

/* lowercase hex digits, exactly n, at s: their value, or -1 */
static int hex_n(const char *s, size_t n)
{
	char buf[8];
	unsigned v;

	if (strlen(s) < n || n >= sizeof(buf) || strspn(s, "0123456789abcdef") < n)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return parse_uint(buf, 16, &v) < 0 ? -1 : (int)v;
}

int qubes_resolve(const struct ctx *c, const char *id, struct pci_addr *a)
{
	char seg[5] = "0000", name[32], buf[16];
	const char *p = id, *u = strchr(id, '_'), *dash;
	unsigned sec;
	int bus, off;

	if (!u || !strchr(u, '.')) {
		/* DDDD:BB:DD.F as it is, BB:DD.F in segment 0000 */
		u = strchr(id, ':');
		if (!u || !strchr(u, '.') || strlen(id) > 20)
			return -EINVAL;
		fmt(name, sizeof(name), "%s%s", strchr(u + 1, ':') ? "" : "0000:", id);
		return parse_addr(name, a);
	}
	/* [SSSS_]BB_DD.F-BB_DD.F-...: SSSS_ when a '_' and a '.' follow */
	if (hex_n(id, 4) >= 0 && id[4] == '_' && (u = strchr(id + 5, '_')) && strchr(u, '.')) {
		memcpy(seg, id, 4);
		p = id + 5;
	}
	/* each later bus (hex) is an offset on the secondary bus number of
	 * the bridge before it, which sysfs prints in decimal */
	for (bus = hex_n(p, 2), p += 3;; p = u + 1) {
		if (bus < 0 || bus > 0xff || p[-1] != '_')
			return -EINVAL;
		dash = strchr(p, '-');
		fmt(name, sizeof(name), "%s:%02x:%.4s", seg, (unsigned)bus, p);
		if ((dash ? (size_t)(dash - p) : strlen(p)) != 4 || parse_addr(name, a) < 0)
			return -EINVAL;
		if (!dash)
			return 0;
		u = strchr(dash + 1, '_');
		if (!u || read_attr(c, buf, sizeof(buf), PCI_DEVICES "/%s/secondary_bus_number", name) < 0 ||
		    parse_uint(buf, 10, &sec) < 0 || sec > 0xff ||
		    (off = hex_n(dash + 1, (size_t)(u - dash - 1))) < 0)
			return -EINVAL;
		bus = off + (int)sec;
	}
}

/* rd.qubes.hide_pci's entries as slots, rd.qubes.dom0_usb's as except; a
 * character Qubes does not take drops the whole value */
static int add_devices(const struct ctx *c, struct config *cfg, int key)
{
	char *v = cfg->qubes_keys[key], *id;
	bool hide = key == HIDE_PCI, bogus = v && v[strspn(v, "0123456789abcdef_.:,-")];
	struct selector s;
	size_t i, n;
	int r = 0;

	while (r == 0 && v && (id = strsep(&v, bogus ? "" : ","))) {
		memset(&s, 0, sizeof(s));
		if (!*id)
			continue;
		if (bogus || qubes_resolve(c, id, &s.addr) < 0) {
			cfg->errors += hide;
			log_msg(c, hide ? LOG_ERR : LOG_WARN, "%s: cannot read '%s' (a device as "
				"lowercase DDDD:BB:DD.F, BB:DD.F or [SSSS_]BB_DD.F-BB_DD.F...; one bad "
				"character drops the whole list): %s", names[key], id, hide ?
				"Qubes stops the boot here, fix your kernel command line" :
				"it keeps nothing in dom0, as for Qubes");
			continue;
		}
		/* Qubes skips the devices dom0_usb names before it binds (a
		 * hide_pci entry of no device is then no failure) */
		for (i = n = 0; !hide && i < cfg->slots.n; i++)
			if (cfg->slots.v[i].by != names[HIDE_PCI] ||
			    memcmp(&cfg->slots.v[i].addr, &s.addr, sizeof(s.addr)) != 0)
				cfg->slots.v[n++] = cfg->slots.v[i];
		if (!hide)
			cfg->slots.n = n;
		fmt(s.text, sizeof(s.text), "%s", id);
		s.by = names[key];
		r = VEC_PUSH(*(hide ? &cfg->slots : &cfg->except_slots), s);
	}
	return r;
}

int qubes_select(const struct ctx *c, struct config *cfg)
{
	static const struct class_match network = { 0x02, 2, "rd.qubes (network)" },
		usb = { 0x0c03, 4, "rd.qubes.hide_all_usb" };
	int r;

	cfg->qubes = cfg->qubes_keys[HIDE_ALL_USB] || cfg->qubes_keys[HIDE_PCI] ||
		     cfg->qubes_keys[DOM0_USB];
	if (!cfg->qubes)
		return 0;
	cfg->halt_on_error |= !cfg->on_error_set;
	r = VEC_PUSH(cfg->classes, network);
	if (getargbool(cfg, HIDE_ALL_USB, false))
		r = r ?: VEC_PUSH(cfg->classes, usb);
	else if (getargbool(cfg, AUTHORIZED_DEFAULT, true))
		log_warn(c, "rd.qubes: USB in dom0 is not restricted. Consider rd.qubes.hide_all_usb "
			 "or usbcore.authorized_default=0.");
	r = r ?: add_devices(c, cfg, HIDE_PCI);
	return r ?: add_devices(c, cfg, DOM0_USB);
}
