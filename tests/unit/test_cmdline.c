// SPDX-License-Identifier: GPL-2.0-or-later
/* test_cmdline.c - the kernel command line read exactly as the kernel,
 * xen-pciback and modprobe read it.  Each expected value is what the cited
 * upstream function does with the same text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fakekernel.h"
#include "harness.h"

static struct ctx c;
static struct config cfg;

static void fresh(void)
{
	c = (struct ctx){ .root = fixture("basic"), .ops = &real_kernel };
	config_free(&cfg);
}

static int parse(const char *cmdline)
{
	char *copy = strdup(cmdline);
	int r;

	fresh();
	r = config_parse_cmdline(&c, &cfg, copy);
	free(copy);
	return r;
}

/* the value of one xen-pciback.hide=, quoted so white space stays in it */
static int hide(const char *value)
{
	char line[512];

	snprintf(line, sizeof(line), "xen-pciback.hide=\"%s\"", value);
	return parse(line);
}

#define ANY 0xff

/* slot i of cfg selects domain:bus:dev.fn, every device or function where
 * ANY, and nothing else */
static bool slot_is(size_t i, unsigned domain, unsigned bus, unsigned dev, unsigned fn)
{
	const struct selector *s = &cfg.slots.v[i];
	struct pci_addr a;
	unsigned d, f;

	if (i >= cfg.slots.n || s->depth || s->check_id)
		return false;
	for (d = 0; d < 32; d++)
		for (f = 0; f < 8; f++) {
			a = (struct pci_addr){ domain, bus, d, f };
			if (addr_matches(&s->addr, &a) != ((dev == ANY || d == dev) && (fn == ANY || f == fn)))
				return false;
		}
	a = (struct pci_addr){ domain + 1, bus, dev == ANY ? 0 : dev, fn == ANY ? 0 : fn };
	if (addr_matches(&s->addr, &a))
		return false;
	a.domain = domain;
	a.bus = bus ^ 1;
	return !addr_matches(&s->addr, &a);
}

/*
 * lib/ctype.c _ctype[]: the bytes with _S are 9-13, 32 and 160 (0xa0);
 * lib/cmdline.c next_arg() and skip_spaces() split on exactly these, in
 * both builds (glibc's isspace() says no to 0xa0 in the C locale).
 */
static void kernel_white_space(void)
{
	char line[64];
	int ch;

	for (ch = 1; ch < 256; ch++) {
		bool space = (ch >= 9 && ch <= 13) || ch == ' ' || ch == 0xa0;

		snprintf(line, sizeof(line), "quiet%crd.pciback.class=02%c", ch, ch);
		CHECK(parse(line) == 0);
		CHECK(cfg.classes.n == (space ? 1u : 0u), "byte 0x%02x: %zu classes", ch, cfg.classes.n);
		CHECK(cfg.errors == 0, "byte 0x%02x", ch);
	}
}
DEFINE_TEST(kernel_white_space, "the kernel's white space (lib/ctype.c)");

/*
 * lib/cmdline.c next_arg(): double quotes group white space; quotes are
 * stripped around the whole argument and at the start of the value
 * (then the last character too, when it is a quote), nowhere else; the
 * first '=' after the first character splits.
 */
static void next_arg_quotes(void)
{
	CHECK(parse("\"rd.pciback.slots=00:03.0,00:04.0\"") == 0 && cfg.slots.n == 2);
	CHECK(parse("rd.pciback.slots=\"00:03.0, 00:04.0\" rd.pciback.class=02") == 0);
	CHECK(cfg.slots.n == 2 && cfg.classes.n == 1 && cfg.errors == 0);
	CHECK(parse("rd.pciback.class=\"02\"x") == 0 && cfg.classes.n == 0 && cfg.errors == 1,
	      "a quote not at the end stays in the value");
	CHECK(count_of(kmsg(c.root), "ignoring '02\"x'") == 1);
	CHECK(parse("rd.pciback.class=\"0c03 rd.pciback.class=02") == 0,
	      "an open quote runs to the end of the line");
	CHECK(cfg.classes.n == 0 && cfg.errors == 1);
	CHECK(parse("=rd.pciback.class=02") == 0 && cfg.classes.n == 0 && cfg.errors == 0,
	      "a leading '=' is part of the name");
	CHECK(parse("a\"b c\"d rd.pciback.class=02") == 0 && cfg.classes.n == 1,
	      "quotes inside a word group its white space");
}
DEFINE_TEST(next_arg_quotes, "next_arg quoting (lib/cmdline.c)");

/*
 * kernel/params.c parse_args() stops at "--" (the rest goes to init), but
 * dracut's getarg (src/util/util.c, next_arg over the whole line) and
 * modprobe (libkmod-config.c kmod_config_parse_kcmdline) read on: we run
 * in dracut's initramfs and follow them.
 */
static void double_dash(void)
{
	CHECK(parse("quiet -- rd.pciback.slots=00:04.0 xen-pciback.hide=(0:0:3.0) "
		    "xen-pciback.permissive=1") == 0);
	CHECK(cfg.slots.n == 2 && cfg.modopts.n == 1 && cfg.errors == 0);
}
DEFINE_TEST(double_dash, "read past -- as dracut and modprobe do");

/*
 * drivers/xen/xen-pciback/pci_stub.c pcistub_init(): sscanf with
 * " (%x:%x:%x.%x) %n", then ".*" and "*.*" forms, then the same without
 * the domain; lib/vsprintf.c vsscanf(): %x skips white space before the
 * number, takes a 0x prefix and any number of digits, and stores the
 * value in an int (wrapping); pcistub_device_id_add(): a negative slot or
 * function means all of them, domain <= 0xffff, bus <= 0xff.
 */
static void hide_as_pcistub_init(void)
{
	CHECK(hide("(0000:00:03.0)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 0, 3, 0));
	CHECK(hide("(00:03.1)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 0, 3, 1));
	CHECK(hide("(0000:00:03.*)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 0, 3, ANY));
	CHECK(hide("(00:03.*)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 0, 3, ANY));
	CHECK(hide("(0000:05:*.*)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 5, ANY, ANY),
	      "a whole bus");
	CHECK(hide("(05:*.*)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 5, ANY, ANY));
	CHECK(hide("( 0: 0:\t3. 1)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 0, 3, 1),
	      "white space before each number");
	CHECK(hide("(000000000000:0000000000:00000000003.000000001)") == 0 &&
	      cfg.slots.n == 1 && slot_is(0, 0, 0, 3, 1), "leading zeros, no width");
	CHECK(hide("(0x0:0X0:0x1f.0x7)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 0, 0x1f, 7));
	CHECK(hide("(0:0:0x.0)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 0, 0, 0),
	      "a bare 0x reads as 0 (_parse_integer_fixup_radix)");
	CHECK(hide("(ffff:ff:1f.7)") == 0 && cfg.slots.n == 1 && slot_is(0, 0xffff, 0xff, 0x1f, 7));
	CHECK(hide("(0:0:ffffffff.1)") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 0, ANY, 1),
	      "slot -1: function 1 of every slot");
	CHECK(hide("(100000003:0:3.0)") == 0 && cfg.slots.n == 1 && slot_is(0, 3, 0, 3, 0),
	      "domain wraps at 32 bits");
	CHECK(hide("  (0:0:3.0)\t\n(0:0:4.0)(0:0:5.0)  ") == 0 && cfg.slots.n == 3);
	CHECK(slot_is(0, 0, 0, 3, 0) && slot_is(1, 0, 0, 4, 0) && slot_is(2, 0, 0, 5, 0));
	CHECK(cfg.errors == 0);
	CHECK_STR(kmsg(c.root), "", "kernel syntax: nothing to say");
}
DEFINE_TEST(hide_as_pcistub_init, "hide= as pcistub_init reads it");

/*
 * What pcistub_init() refuses (and with it the whole list): each entry
 * that is still one of our selectors is taken, with a warning; the others
 * are errors; neither stops the rest.
 */
static void hide_beyond_the_kernel(void)
{
	CHECK(hide("(0:0:3.0 )") == 0 && cfg.slots.n == 0 && cfg.errors == 2,
	      "white space before ')': neither half is a selector");
	CHECK(count_of(kmsg(c.root), "xen-pciback.hide: ignoring '(0:0:3.0'") == 1);
	CHECK(hide("(10000:01:00.0)") == 0 && cfg.slots.n == 1 && slot_is(0, 0x10000, 1, 0, 0),
	      "VMD domain: pcistub_device_id_add allows 0xffff at most");
	CHECK(count_of(kmsg(c.root), "not xen-pciback syntax") == 1);
	CHECK(hide("0000:00:03.0") == 0 && cfg.slots.n == 1 && slot_is(0, 0, 0, 3, 0));
	CHECK(count_of(kmsg(c.root), "not xen-pciback syntax") == 1);
	CHECK(hide("(0:0:3.0),(0:0:4.0)") == 0 && cfg.slots.n == 2 && slot_is(1, 0, 0, 4, 0));
	CHECK(count_of(kmsg(c.root), "',(0:0:4.0)' is not xen-pciback syntax") == 1);
	CHECK(hide("(0:100:0.0)(0:0:20.0)(0:0:3.8)") == 0 && cfg.slots.n == 0 && cfg.errors == 3,
	      "out of range for pcistub_device_id_add and for us");
	CHECK(hide("(0:0:3.0)(zz)(0:0:5.0)") == 0 && cfg.slots.n == 2 && cfg.errors == 1);
	CHECK(count_of(kmsg(c.root), "xen-pciback.hide: ignoring '(zz)'") == 1);
	CHECK(hide("(0:0:3.0)@8086:100e") == 0 && cfg.slots.n == 0 && cfg.errors == 1,
	      "never drop an ID check: the whole entry is refused");
	CHECK(hide("(0000:00:03.0@8086:100e)") == 0 && cfg.slots.n == 1 &&
	      cfg.slots.v[0].check_id && cfg.slots.v[0].device == 0x100e);
}
DEFINE_TEST(hide_beyond_the_kernel, "hide= entries the kernel refuses");

/*
 * kernel/params.c parse_args() -> parse_one(): every occurrence sets the
 * charp parameter again, so the last hide= wins (one typed at the boot
 * prompt replaces the boot loader's); a bare key is refused (-EINVAL) and
 * keeps the value; an empty value hides nothing.  Our list keys still add up.
 */
static void hide_last_wins(void)
{
	CHECK(parse("xen-pciback.hide=(0:0:3.0)(0:0:6.0) rd.pciback.slots=00:05.0 "
		    "xen_pciback.hide=(0:0:4.0)") == 0);
	CHECK(cfg.slots.n == 2 && slot_is(0, 0, 0, 5, 0) && slot_is(1, 0, 0, 4, 0));
	CHECK(parse("xen-pciback.hide=(0:0:3.0) pciback.hide=(0:0:4.0)") == 0 &&
	      cfg.slots.n == 1 && slot_is(0, 0, 0, 4, 0), "one key in every spelling");
	CHECK(parse("xen-pciback.hide=(0:0:3.0) xen-pciback.hide") == 0 &&
	      cfg.slots.n == 1 && cfg.errors == 1, "a bare key changes nothing");
	CHECK(parse("xen-pciback.hide=(0:0:3.0) xen-pciback.hide=") == 0 &&
	      cfg.slots.n == 0 && cfg.errors == 0, "an empty value hides nothing");
}
DEFINE_TEST(hide_last_wins, "last hide= wins (parse_args)");

/* the configuration file: hide is one value there too, the command line's replaces it */
static void hide_file_then_cmdline(void)
{
	char *text = strdup("hide = (0:0:1.0)\nhide = (0:0:2.0)\nslots = 00:07.0\n");
	char *line = strdup("xen-pciback.hide=(0:0:3.0)");

	fresh();
	CHECK(config_parse_file(&c, &cfg, "f", text) == 0);
	CHECK(cfg.slots.n == 2 && slot_is(0, 0, 0, 2, 0) && slot_is(1, 0, 0, 7, 0),
	      "last hide line wins");
	CHECK(config_parse_cmdline(&c, &cfg, line) == 0);
	CHECK(cfg.slots.n == 2 && slot_is(0, 0, 0, 7, 0) && slot_is(1, 0, 0, 3, 0));
	free(text);
	free(line);
}
DEFINE_TEST(hide_file_then_cmdline, "hide in the file, replaced by the command line");

/*
 * libkmod/libkmod-config.c kmod_config_parse_kcmdline(): the option is the
 * text after the module name, quotes kept ("dyndbg=\"file x.c +p\""); a
 * whole argument in quotes comes out as PARAM="VALUE"; a quote or white
 * space in the name, or a '.' in the parameter name, makes modprobe skip
 * it; an open quote at the end of the line never completes.
 */
static void modprobe_options(void)
{
	CHECK(parse("xen_pciback.dyndbg=\"file pci_stub.c +p\" xen-pciback.permissive") == 0);
	CHECK(cfg.modopts.n == 2);
	CHECK_STR(cfg.modopts.v[0].module, "xen_pciback");
	CHECK_STR(cfg.modopts.v[0].opt, "dyndbg=\"file pci_stub.c +p\"");
	CHECK_STR(cfg.modopts.v[1].opt, "permissive");
	CHECK(parse("\"xen_pciback.dyndbg=file pci_stub.c +p\"") == 0 && cfg.modopts.n == 1);
	CHECK_STR(cfg.modopts.v[0].opt, "dyndbg=\"file pci_stub.c +p\"");
	CHECK(parse("vfio-pci.disable_vga=1 xen-pciback.a\"b\"=1 \"xen-pciback.x y=1\" "
		    "xen-pciback.a.b=1 xen-pciback.v=\"open") == 0);
	CHECK(cfg.modopts.n == 1);
	CHECK_STR(cfg.modopts.v[0].opt, "disable_vga=1");
}
DEFINE_TEST(modprobe_options, "module options as modprobe builds them");

/* hide never reaches the module, in any spelling the kernel or modprobe takes */
static void hide_never_a_module_option(void)
{
	CHECK(parse("xen-pciback.hide=(0:0:3.0) xen_pciback.hide=(0:0:3.0) "
		    "\"xen_pciback.hide=(0:0:3.0)\" xen-pciback.\"hide=(0:0:3.0)\" "
		    "\"xen-pciback.hide\"=(0:0:3.0) xen_pciback.hide=\"(0:0:3.0) (0:0:4.0)\"") == 0);
	CHECK(cfg.modopts.n == 0, "%zu options, first '%s'", cfg.modopts.n,
	      cfg.modopts.n ? cfg.modopts.v[0].opt : "");
	CHECK(cfg.slots.n == 2, "the last one the kernel reads as hide");
}
DEFINE_TEST(hide_never_a_module_option, "hide never a module option");

/* a module option's value may hold '=': the first one splits, as in the kernel */
static void module_option_value_with_equals(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback.slots=00:03.0 xen-pciback.hide_opt=a=b") == 0);
	CHECK_STR(k.loaded, "xen-pciback(hide_opt=a=b async_probe=0) ");
	root = setup();
	CHECK(run(root, "rd.pciback.slots=00:03.0,x=y") == 1, "slots, with a bad token 'x=y'");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(module_option_value_with_equals, "a module option value with '='");
