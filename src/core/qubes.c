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
#include <string.h>

#include "fmt.h"
#include "log.h"
#include "qubes.h"
#include "sysfs.h"
#include "vec.h"

enum { HIDE_ALL_USB, HIDE_PCI, DOM0_USB, AUTHORIZED_DEFAULT };

static const char *const names[QUBES_KEYS] = {
	"rd.qubes.hide_all_usb", "rd.qubes.hide_pci", "rd.qubes.dom0_usb",
	"usbcore.authorized_default",
};

/* the characters Qubes takes in a device list; from +5, its hex digits */
static const char allowed[] = "_.:,-0123456789abcdef";
#define HEX (allowed + 5)

int qubes_key(char **keys, const char *param, char *val)
{
	int i;

	for (i = 0; i < QUBES_KEYS; i++)
		if (strcmp(param, names[i]) == 0) {
			keys[i] = val ? val : (char *)"";   /* never written: empty */
			return 1;
		}
	return 0;
}

/* dracut's getargbool DEFAULT KEY */
static bool getargbool(const char *v, bool dflt)
{
	return v ? strcmp(v, "0") != 0 && strcmp(v, "no") != 0 && strcmp(v, "off") != 0 : dflt;
}

/* s matches the shell pattern *C1*C2*..., the characters of seq */
static bool in_order(const char *s, const char *seq)
{
	while (s && *seq)
		if ((s = strchr(s, *seq++)))
			s++;
	return s;
}

/*
 * resolve_dev() of qubes-pciback.sh: SSSS_ (a segment) when the id
 * matches [0-9a-f][0-9a-f][0-9a-f][0-9a-f]_*_*.*, else 0000: before it
 * unless it is *:*:*.* and not *_*.*; each element up to '-' then names
 * a device with its '_' read as ':'.  Each later element's bus (hex,
 * before its '_') is an offset on the secondary bus number of the bridge
 * before it, which sysfs prints in decimal, and is printed back %02x.
 * An id of none of resolve_dev's forms cannot come out as a device name.
 */
int qubes_resolve(const struct ctx *c, const char *id, struct pci_addr *a)
{
	char name[40], pre[16] = "0000:", buf[16], *q;
	const char *seg = "0000", *p = id, *u;
	unsigned bus, sec;
	size_t len;

	if (strspn(id, HEX) == 4 && id[4] == '_' && in_order(id + 5, "_."))
		seg = id;
	if (seg == id || (!in_order(id, "_.") && in_order(id, "::.")))
		pre[0] = '\0';
	for (;;) {
		len = strcspn(p, "-");
		if (fmt(name, sizeof(name), "%s%.*s", pre, (int)len, p) >= (int)sizeof(name))
			return -EINVAL;
		for (q = name; (q = strchr(q, '_'));)
			*q = ':';
		if (!p[len])
			return parse_addr(name, a);
		p += len + 1;
		u = strchr(p, '_');
		if (read_attr(c, buf, sizeof(buf), PCI_DEVICES "/%s/%s", name,
			      "secondary_bus_number") < 0 ||
		    parse_uint(buf, 10, &sec) < 0 || !u || u == p || strspn(p, HEX) != (size_t)(u - p))
			return -EINVAL;
		for (bus = 0; p < u && bus <= 0xff; p++)
			bus = bus * 16 + (unsigned)(*p > '9' ? *p - 'a' + 10 : *p - '0');
		/* past bus ff: 3 digits, no device name (sec: no wrap) */
		if (sec > 0xff)
			return -EINVAL;
		fmt(pre, sizeof(pre), "%.4s:%02x:", seg, bus + sec);
		p = u + 1;
	}
}

/* rd.qubes.hide_pci's entries as slots, rd.qubes.dom0_usb's as except
 * (from kept on); a character Qubes does not take drops the whole value */
static int add_devices(const struct ctx *c, struct config *cfg, char *v, int key, size_t kept)
{
	bool hide = key == HIDE_PCI, bogus = v[strspn(v, allowed)];
	struct selector s;
	char *next;
	size_t i;
	int r = 0;

	for (; r == 0 && *v; v = next) {
		next = bogus ? v + strlen(v) : v + strcspn(v, ",");
		if (*next)
			*next++ = '\0';
		memset(&s, 0, sizeof(s));
		if (!*v)
			continue;
		if (bogus || qubes_resolve(c, v, &s.addr) < 0) {
			cfg->errors += hide;
			log_msg(c, LOG_ARG "%s: cannot read '%s' (a device as "
				"lowercase DDDD:BB:DD.F, BB:DD.F or [SSSS_]BB_DD.F-BB_DD.F...; one bad "
				"character drops the whole list): %s", hide ? *LOG_ERR : *LOG_WARN, names[key], v, hide ?
				"Qubes stops the boot here, fix your kernel command line" :
				"it keeps nothing in dom0, as for Qubes");
			continue;
		}
		/* Qubes skips the devices dom0_usb names before it binds (a
		 * hide_pci entry of no device is then no failure) */
		for (i = kept; hide && i < cfg->except_slots.n; i++)
			if (addr_matches(&cfg->except_slots.v[i].addr, &s.addr))
				break;
		if (hide && i < cfg->except_slots.n)
			continue;
		fmt(s.text, sizeof(s.text), "%s", v);
		s.by = names[key];
		r = VEC_PUSH(*(hide ? &cfg->slots : &cfg->except_slots), s);
	}
	return r;
}

int qubes_select(const struct ctx *c, struct config *cfg, char **keys)
{
	static struct origin o;   /* zero: the command line, no file (bss) */
	size_t kept = cfg->except_slots.n;
	bool usb = getargbool(keys[HIDE_ALL_USB], false);
	int r;

	if (!keys[HIDE_ALL_USB] && !keys[HIDE_PCI] && !keys[DOM0_USB])
		return 0;
	cfg->qubes = true;
	cfg->own_classes = cfg->classes.n;
	cfg->halt_on_error |= !cfg->on_error_set;
	/* rd.pciback.class's list: 02, then 0c03 */
	r = config_apply(c, cfg, &o, "class", usb ? "02,0c03" : "02");
	if (!usb && getargbool(keys[AUTHORIZED_DEFAULT], true))
		log_warn(c, "rd.qubes: USB in dom0 is not restricted. Consider rd.qubes.hide_all_usb "
			 "or usbcore.authorized_default=0.");
	r = r ?: add_devices(c, cfg, keys[DOM0_USB] ? keys[DOM0_USB] : (char *)"", DOM0_USB, kept);
	return r ?: add_devices(c, cfg, keys[HIDE_PCI] ? keys[HIDE_PCI] : (char *)"", HIDE_PCI, kept);
}
