// SPDX-License-Identifier: GPL-2.0-or-later
/* test_selector.c - every SEL, ID and class form, and their errors. */
#include <string.h>

#include "harness.h"
#include "selector.h"

static void full_sbdf(void)
{
	struct selector s;

	CHECK(parse_selector("0000:00:03.0", &s) == 0);
	CHECK(s.addr.domain == 0 && s.addr.bus == 0 && s.addr.dev == 3 && s.addr.fn == 0);
	CHECK(parse_selector("0001:Af:1F.7", &s) == 0, "upper case hex");
	CHECK(s.addr.domain == 1 && s.addr.bus == 0xaf && s.addr.dev == 0x1f && s.addr.fn == 7);
	CHECK(s.depth == 0 && !s.check_id);
}
DEFINE_TEST(full_sbdf, "full DDDD:BB:DD.F");

static void short_bdf(void)
{
	struct selector s;

	CHECK(parse_selector("01:00.1", &s) == 0);
	CHECK(s.addr.domain == 0 && s.addr.bus == 1 && s.addr.dev == 0 && s.addr.fn == 1);
	CHECK(parse_selector("0:3.0", &s) == 0, "one-digit fields as Xen accepts");
	CHECK(s.addr.bus == 0 && s.addr.dev == 3);
}
DEFINE_TEST(short_bdf, "short BB:DD.F");

static void all_functions(void)
{
	struct selector s;
	struct pci_addr f0 = { 0, 5, 0, 0 }, f3 = { 0, 5, 0, 3 }, other = { 0, 5, 1, 0 };

	CHECK(parse_selector("05:00", &s) == 0);
	CHECK(s.addr.fn == ANY_FUNCTION);
	CHECK(addr_matches(&s.addr, &f0) && addr_matches(&s.addr, &f3));
	CHECK(!addr_matches(&s.addr, &other));
	CHECK(parse_selector("05:00.*", &s) == 0 && s.addr.fn == ANY_FUNCTION);
	CHECK(parse_selector("0000:05:00.*", &s) == 0 && s.addr.fn == ANY_FUNCTION);
}
DEFINE_TEST(all_functions, "all functions BB:DD and BB:DD.*");

static void xen_syntax(void)
{
	struct selector s;

	CHECK(parse_selector("(0000:00:03.0)", &s) == 0);
	CHECK(s.addr.dev == 3 && s.addr.fn == 0);
	CHECK(parse_selector("(00:03.1)", &s) == 0 && s.addr.fn == 1);
	CHECK(parse_selector("(0000:00:03.0", &s) < 0, "unclosed");
	CHECK(parse_selector("0000:00:03.0)", &s) < 0, "unopened");
}
DEFINE_TEST(xen_syntax, "Xen (DDDD:BB:DD.F) syntax");

static void bridge_path(void)
{
	struct selector s;

	CHECK(parse_selector("0000:00:1c.0/00.0", &s) == 0);
	CHECK(s.addr.dev == 0x1c && s.depth == 1 && s.path[0][0] == 0 && s.path[0][1] == 0);
	CHECK(parse_selector("0000:00:1c.4/00.0/02.1", &s) == 0);
	CHECK(s.depth == 2 && s.path[1][0] == 2 && s.path[1][1] == 1);
	CHECK(parse_selector("00:1c.0/00.0", &s) == 0, "domain optional");
	CHECK(parse_selector("0000:00:1c/00.0", &s) < 0, "start needs a function");
	CHECK(parse_selector("0000:00:1c.0/00", &s) < 0, "element needs a function");
	CHECK(parse_selector("0000:00:1c.0/00.*", &s) < 0, "no wildcard inside a path");
	CHECK(parse_selector("0000:00:1c.0/", &s) < 0, "empty element");
	CHECK(parse_selector("0:0:1.0/0.0/0.0/0.0/0.0/0.0/0.0/0.0/0.0/0.0", &s) < 0, "too deep");
	CHECK(parse_selector("0000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0@8086:10d3", &s) == 0,
	      "the deepest path with a check fits");
	CHECK(s.depth == SEL_MAX_DEPTH && s.check_id);
}
DEFINE_TEST(bridge_path, "bridge paths");

static void id_check(void)
{
	struct selector s;

	CHECK(parse_selector("00:03.0@8086:100e", &s) == 0);
	CHECK(s.check_id && s.vendor == 0x8086 && s.device == 0x100e);
	CHECK(parse_selector("0000:00:1c.0/00.0@8086:10D3", &s) == 0);
	CHECK(s.check_id && s.device == 0x10d3 && s.depth == 1);
	CHECK(parse_selector("00:03.0@8086", &s) < 0);
	CHECK(parse_selector("00:03.0@8086:100", &s) < 0, "ids are 4 digits");
	CHECK(parse_selector("00:03.0@", &s) < 0);
}
DEFINE_TEST(id_check, "@VVVV:DDDD check");

static void bad_selectors(void)
{
	static const char *const bad[] = {
		"", "zz:1", "00:03.8", "00:20.0", "100:00.0", "00:03.0x", "3", "00:03:00:0.0",
		"0000:00:99.9x", "00:03.0,", "00: 03.0", "-1:00.0", "000000000:00:00.0",
		"0000:00:03.0.0", "00:03.", ":03.0", "00:.0",
	};
	struct selector s;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(parse_selector(bad[i], &s) < 0, "'%s' accepted", bad[i]);
}
DEFINE_TEST(bad_selectors, "malformed tokens rejected");

/* s.text keeps the token for log lines: one of 63 characters fits with its
 * NUL, one of 64 is refused (a well-formed selector either way: a wide
 * domain, a bridge path of the greatest depth, an ID check) */
static void token_fits_its_text(void)
{
	const char *fits = "00000:00:01.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0@8086:100e";
	const char *too_long = "000000:00:01.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0@8086:100e";
	struct selector s;

	CHECK(strlen(fits) == sizeof(s.text) - 1 && strlen(too_long) == sizeof(s.text));
	CHECK(parse_selector(fits, &s) == 0);
	CHECK(s.depth == SEL_MAX_DEPTH && s.check_id && s.device == 0x100e);
	CHECK_STR(s.text, fits);
	CHECK(parse_selector(too_long, &s) < 0, "a token longer than s.text accepted");
}
DEFINE_TEST(token_fits_its_text, "a token is refused when it does not fit the selector's text");

static void ids(void)
{
	struct id_match m;

	CHECK(parse_id("8086:100e", &m) == 0 && !m.has_subsys);
	CHECK(id_matches(&m, 0x8086, 0x100e, 1, 2));
	CHECK(!id_matches(&m, 0x8086, 0x100f, 1, 2));
	CHECK(parse_id("8086:100E:8086:001e", &m) == 0 && m.has_subsys);
	CHECK(id_matches(&m, 0x8086, 0x100e, 0x8086, 0x1e));
	CHECK(!id_matches(&m, 0x8086, 0x100e, 0x8086, 0x1f));
	CHECK(parse_id("8086", &m) < 0);
	CHECK(parse_id("8086:100e:8086", &m) < 0);
	CHECK(parse_id("8086:100e:", &m) < 0);
	CHECK(parse_id("808g:100e", &m) < 0);
	CHECK(parse_id("80861:100e", &m) < 0);
}
DEFINE_TEST(ids, "vendor:device[:subsystem] ids");

static void classes(void)
{
	struct class_match m;

	CHECK(parse_class("0c03", &m) == 0);
	CHECK(class_matches(&m, 0x0c0330) && class_matches(&m, 0x0c0300));
	CHECK(!class_matches(&m, 0x0c0500));
	CHECK(parse_class("02", &m) == 0 && class_matches(&m, 0x020000));
	CHECK(parse_class("0c0330", &m) == 0 && class_matches(&m, 0x0c0330));
	CHECK(!class_matches(&m, 0x0c0320));
	CHECK(parse_class("0c0", &m) < 0);
	CHECK(parse_class("", &m) < 0);
	CHECK(parse_class("0c03300", &m) < 0);
	CHECK(parse_class("xx", &m) < 0);
}
DEFINE_TEST(classes, "class prefixes");

static void sysfs_names(void)
{
	struct pci_addr a;

	CHECK(parse_addr("0000:00:1f.3", &a) == 0 && a.dev == 0x1f && a.fn == 3);
	CHECK(parse_addr("0000:00:1f.3x", &a) < 0);
	CHECK(parse_addr("00:1f.3", &a) < 0);
	CHECK(parse_addr("pci0000:00", &a) < 0);
	CHECK(parse_addr("0000:00:20.0", &a) < 0);
}
DEFINE_TEST(sysfs_names, "sysfs device names");

/* Intel VMD puts its devices in domains from 0x10000: sysfs names them
 * with "%04x" (drivers/pci/pci.c pci_name -> dev_set_name), so 5+ digits */
static void vmd_domains(void)
{
	struct selector s;
	struct pci_addr a, dev = { 0x10000, 1, 0, 0 };

	CHECK(parse_addr("10000:01:00.0", &a) == 0 && a.domain == 0x10000 && a.bus == 1);
	CHECK(parse_addr("ffffffff:00:00.0", &a) == 0 && a.domain == 0xffffffffu);
	CHECK(parse_addr("100000000:00:00.0", &a) < 0);
	CHECK(parse_addr("000:00:00.0", &a) < 0);
	CHECK(parse_addr("0a000:00:00.0", &a) < 0, "sysfs prints no leading zero there");
	CHECK(parse_selector("10000:01:00.0", &s) == 0 && addr_matches(&s.addr, &dev));
	CHECK(parse_selector("10000:00:0e.0/00.0", &s) == 0 && s.addr.domain == 0x10000 &&
	      s.depth == 1);
}
DEFINE_TEST(vmd_domains, "VMD domains wider than four digits");
