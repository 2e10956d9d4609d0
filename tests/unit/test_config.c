// SPDX-License-Identifier: GPL-2.0-or-later
/* test_config.c - the command line (kernel quoting rules) and the
 * configuration file: every key, every error, precedence. */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "harness.h"

static struct ctx c;
static struct config cfg;

static int parse(const char *cmdline)
{
	char *copy = strdup(cmdline);
	int r;

	c = (struct ctx){ .root = fixture("basic"), .ops = &real_kernel };
	config_free(&cfg);
	r = config_parse_cmdline(&c, &cfg, copy);
	free(copy);
	return r;
}

static int parse_file(const char *text)
{
	char *copy = strdup(text);
	int r;

	c = (struct ctx){ .root = fixture("basic"), .ops = &real_kernel };
	config_free(&cfg);
	r = config_parse_file(&c, &cfg, "/etc/pciback-early.conf", copy);
	free(copy);
	return r;
}

static void every_list_key(void)
{
	CHECK(parse("root=/dev/sda rd.pciback.slots=00:03.0,01:00.0 rd.pciback.ids=8086:100e "
		    "rd.pciback.class=0c03 rd.pciback.except=00:02.0,1b36:000d quiet") == 0);
	CHECK(cfg.slots.n == 2 && cfg.ids.n == 1 && cfg.classes.n == 1);
	CHECK(cfg.except_slots.n == 1 && cfg.except_ids.n == 1);
	CHECK(cfg.errors == 0);
	CHECK(config_selects(&cfg));
	CHECK_STR(kmsg(c.root), "");
}
DEFINE_TEST(every_list_key, "every list key");

static void lists_accumulate(void)
{
	CHECK(parse("rd.pciback.slots=00:03.0 rd.pciback.slots=00:04.0,00:05.0") == 0);
	CHECK(cfg.slots.n == 3);
}
DEFINE_TEST(lists_accumulate, "lists accumulate");

static void scalars_last_wins(void)
{
	CHECK(parse("rd.pciback.driver=vfio-pci rd.pciback.driver=pci-stub rd.pciback.fallback=none "
		    "rd.pciback.fallback=vfio-pci rd.pciback.on_error=halt "
		    "rd.pciback.force=1 rd.pciback.debug=yes") == 0);
	CHECK(cfg.driver == TARGET_PCI_STUB);
	CHECK(cfg.fallback == TARGET_VFIO_PCI);
	CHECK(cfg.halt_on_error && cfg.force && cfg.debug);
	CHECK(parse("rd.pciback.on_error=halt rd.pciback.on_error=continue rd.pciback.force=1 "
		    "rd.pciback.force=0 rd.pciback.driver=xen_pciback") == 0);
	CHECK(!cfg.halt_on_error && !cfg.force && cfg.driver == TARGET_XEN_PCIBACK);
}
DEFINE_TEST(scalars_last_wins, "scalars, last one wins");

static void defaults(void)
{
	CHECK(parse("quiet") == 0);
	CHECK(cfg.driver == TARGET_XEN_PCIBACK && cfg.fallback == TARGET_NONE);
	CHECK(!cfg.halt_on_error && !cfg.force && !cfg.disabled);
	CHECK(!config_selects(&cfg));
}
DEFINE_TEST(defaults, "defaults");

static void disable_switch(void)
{
	CHECK(parse("rd.pciback=0 rd.pciback.slots=00:03.0") == 0);
	CHECK(cfg.disabled);
	CHECK(parse("rd.pciback=0 rd.pciback=1") == 0 && !cfg.disabled);
	/* fail safe: a value that is not a boolean disables */
	CHECK(parse("rd.pciback=maybe") == 0 && cfg.disabled && cfg.errors == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback=maybe: not a boolean") == 1);
}
DEFINE_TEST(disable_switch, "rd.pciback=0");

static void quoting(void)
{
	CHECK(parse("a=\"x y\" rd.pciback.slots=\"00:03.0,00:04.0\" \"rd.pciback.ids=8086:100e\"") == 0);
	CHECK(cfg.slots.n == 2, "quoted value");
	CHECK(cfg.ids.n == 1, "quoted whole argument");
	CHECK(cfg.errors == 0);
	CHECK(parse("  rd.pciback.class=02   \n") == 0 && cfg.classes.n == 1, "spaces and newline");
	CHECK(parse("quiet\trd.pciback.class=02\trd.pciback.ids=8086:100e") == 0, "tabs separate");
	CHECK(cfg.classes.n == 1 && cfg.ids.n == 1 && cfg.errors == 0);
}
DEFINE_TEST(quoting, "kernel quoting rules");

static void bad_tokens_logged_once_good_kept(void)
{
	CHECK(parse("rd.pciback.slots=zz:1,00:03.0,0000:00:99.9x rd.pciback.ids=8086,8086:100e "
		    "rd.pciback.class=0c0,02") == 0);
	CHECK(cfg.slots.n == 1 && cfg.ids.n == 1 && cfg.classes.n == 1);
	CHECK(cfg.errors == 4);
	CHECK(count_of(kmsg(c.root), "rd.pciback.slots: ignoring 'zz:1': expected") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.slots: ignoring '0000:00:99.9x': devices are 00-1f") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.ids: ignoring '8086': expected VVVV:DDDD") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.class: ignoring '0c0': expected a class prefix") == 1);
	CHECK(count_of(kmsg(c.root), "\n") == 4, "one line per bad token");
}
DEFINE_TEST(bad_tokens_logged_once_good_kept, "bad tokens logged once, good ones kept");

/* a number out of range is named, not only the expected syntax */
static void out_of_range_parts_named(void)
{
	CHECK(parse("rd.pciback.slots=00:1f.9,00:20.0,00:1c.0/00.8,(0000:00:03.f) "
		    "rd.pciback.except=00:02.8") == 0);
	CHECK(cfg.slots.n == 0 && cfg.errors == 5);
	CHECK(count_of(kmsg(c.root), "rd.pciback.slots: ignoring '00:1f.9': functions are 0-7") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.slots: ignoring '00:20.0': devices are 00-1f") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.slots: ignoring '00:1c.0/00.8': functions are 0-7") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.slots: ignoring '(0000:00:03.f)': functions are 0-7") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.except: ignoring '00:02.8': functions are 0-7") == 1);
}
DEFINE_TEST(out_of_range_parts_named, "a function or device out of range is named");

static void bad_scalars(void)
{
	CHECK(parse("rd.pciback.driver=nvidia rd.pciback.fallback=xen rd.pciback.on_error=stop "
		    "rd.pciback.force=2 rd.pciback.slots= rd.pciback.sltos=00:03.0 "
		    "rd.pciback.fallback=xen-pciback rd.pciback.driver=none") == 0);
	CHECK(cfg.errors == 8);
	CHECK(count_of(kmsg(c.root), "rd.pciback.fallback: ignoring 'xen-pciback'") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.driver: ignoring 'none'") == 1);
	CHECK(cfg.driver == TARGET_XEN_PCIBACK && cfg.fallback == TARGET_NONE);
	CHECK(count_of(kmsg(c.root), "rd.pciback.driver: ignoring 'nvidia': expected xen-pciback, vfio-pci or pci-stub") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.fallback: ignoring 'xen': expected none, pci-stub or vfio-pci") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.on_error: ignoring 'stop'") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.force: ignoring '2'") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.slots: ignoring '': expected a value") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.sltos: unknown option") == 1);
}
DEFINE_TEST(bad_scalars, "bad scalar values and unknown keys");

/* the key table's names: each key once, on_error also spelt on-error (as
 * modprobe reads '-' and '_'), the alias not in the list */
static void known_keys(void)
{
	static const char known[] = "(known: slots, ids, class, except, hide, driver, fallback, "
				    "on_error, force, debug, group); devices selected by ids";

	CHECK(parse("rd.pciback.colour=blue") == 0);
	CHECK(count_of(kmsg(c.root), "rd.pciback.colour: unknown option ignored ") == 1);
	CHECK(count_of(kmsg(c.root), known) == 1, "%s", kmsg(c.root));
	CHECK(parse_file("colour = blue\n") == 0);
	CHECK(count_of(kmsg(c.root), known) == 1, "%s", kmsg(c.root));
	CHECK(parse("rd.pciback.on-error=halt") == 0 && cfg.halt_on_error && cfg.errors == 0);
	CHECK(parse_file("on-error = halt\n") == 0 && cfg.halt_on_error && cfg.errors == 0);
	CHECK(parse("rd.pciback.on-error=stop rd.pciback.on_errors=halt") == 0);
	CHECK(!cfg.halt_on_error && cfg.errors == 2);
	CHECK(count_of(kmsg(c.root), "rd.pciback.on-error: ignoring 'stop'") == 1);
	CHECK(count_of(kmsg(c.root), "rd.pciback.on_errors: unknown option") == 1);
}
DEFINE_TEST(known_keys, "the known keys, on-error as on_error");

static void hide_compat(void)
{
	CHECK(parse("xen-pciback.hide=(0000:00:03.0)(0000:00:04.0) pciback.hide=(00:05.0)") == 0);
	CHECK(cfg.slots.n == 1, "the last hide= wins, as for the kernel");
	CHECK(cfg.modopts.n == 0, "hide is never passed to the module");
	CHECK(parse("xen_pciback.hide=(0000:00:03.0)(zz)(00:05.*)") == 0);
	CHECK(cfg.slots.n == 2 && cfg.errors == 1);
	CHECK(count_of(kmsg(c.root), "xen_pciback.hide: ignoring '(zz)'") == 1);
}
DEFINE_TEST(hide_compat, "xen-pciback.hide= and pciback.hide= compatibility");

static void module_options(void)
{
	CHECK(parse("xen-pciback.permissive=1 xen_pciback.passthrough=1 e1000.debug=2 "
		    "xen-pciback.verbose_request") == 0);
	CHECK(cfg.modopts.n == 4);
	CHECK_STR(cfg.modopts.v[0].module, "xen-pciback");
	CHECK_STR(cfg.modopts.v[0].opt, "permissive=1");
	CHECK_STR(cfg.modopts.v[1].module, "xen_pciback");
	CHECK_STR(cfg.modopts.v[3].opt, "verbose_request");
	CHECK(modname_eq("xen_pciback", "xen-pciback", 11));
	CHECK(!modname_eq("xen_pcibackx", "xen-pciback", 11));
	CHECK(!modname_eq("xen", "xen-pciback", 11));
}
DEFINE_TEST(module_options, "module options from the command line");

static void conf_file(void)
{
	CHECK(parse_file("# devices for the router VM\n"
			 "slots = 00:03.0, 01:00.0\n"
			 "\n"
			 "  ids=8086:100e   # trailing comment\n"
			 "driver = vfio-pci\n"
			 "on_error = halt\n") == 0);
	CHECK(cfg.slots.n == 2, "spaces after commas: %zu", cfg.slots.n);
	CHECK(cfg.ids.n == 1 && cfg.driver == TARGET_VFIO_PCI && cfg.halt_on_error);
	CHECK(cfg.errors == 0);
	CHECK_STR(kmsg(c.root), "");
}
DEFINE_TEST(conf_file, "configuration file");

static void conf_errors_name_file_line(void)
{
	CHECK(parse_file("slots = 00:03.0\n"
			 "this line has no equals sign\n"
			 "colour = blue\n"
			 "slots = 00:04.0,qq\n") == 0);
	CHECK(cfg.slots.n == 2 && cfg.errors == 3);
	CHECK(count_of(kmsg(c.root), "/etc/pciback-early.conf:2: ignoring 'this line has no equals sign'") == 1);
	CHECK(count_of(kmsg(c.root), "/etc/pciback-early.conf:3: unknown key 'colour'") == 1);
	CHECK(count_of(kmsg(c.root), "/etc/pciback-early.conf:4: slots: ignoring 'qq'") == 1);
}
DEFINE_TEST(conf_errors_name_file_line, "file errors name file:line");

static void cmdline_overrides_file(void)
{
	char *text = strdup("driver = vfio-pci\nslots = 00:03.0\n");
	char *line = strdup("rd.pciback.driver=pci-stub rd.pciback.slots=00:04.0");

	c = (struct ctx){ .root = fixture("basic"), .ops = &real_kernel };
	config_free(&cfg);
	CHECK(config_parse_file(&c, &cfg, "f", text) == 0);
	CHECK(config_parse_cmdline(&c, &cfg, line) == 0);
	CHECK(cfg.driver == TARGET_PCI_STUB);
	CHECK(cfg.slots.n == 2, "lists merge over file and command line");
	free(text);
	free(line);
}
DEFINE_TEST(cmdline_overrides_file, "command line over file");
