// SPDX-License-Identifier: GPL-2.0-or-later
/* test_safety.c - boot safety (no surprise on any input): the escape
 * hatch and booleans, guards at boot from the plan, the force list, a bad
 * except token or a damaged file fails closed, files that are not regular,
 * and symlinks planted in /run/pciback-early.  On the basic fixture:
 * 00:02.0 carries the default route, 00:04.0 (xhci) a USB keyboard,
 * 00:1f.2 the root filesystem, 00:01.0 is the boot VGA. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

static void escape_hatch_every_spelling(void)
{
	static const char *const off[] = { "0", "no", "off", "false", "n", "OFF", "No", "FALSE" };
	size_t i;

	for (i = 0; i < sizeof(off) / sizeof(off[0]); i++) {
		const char *root = setup_planned();
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rd.pciback=%s rd.pciback.slots=00:03.0", off[i]);
		CHECK(run(root, cmd) == 0, "%s", cmd);
		CHECK_STR(driver_of(root, "0000:00:03.0"), "", "%s", cmd);
		CHECK(k.writes == 0, "%s: %d writes", cmd, k.writes);
	}
}
DEFINE_TEST(escape_hatch_every_spelling, "rd.pciback=off/no/false/n/0, any case, disables");

static void escape_hatch_unknown_value_disables(void)
{
	const char *root = setup_planned();

	CHECK(run(root, "rd.pciback=of rd.pciback.slots=00:03.0") == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	CHECK(k.writes == 0);
	CHECK(count_of(kmsg(root), "rd.pciback=of") == 1, "%s", kmsg(root));
	root = setup_planned();
	CHECK(run(root, "rd.pciback=yes rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	root = setup_planned();
	CHECK(run(root, "rd.pciback rd.pciback.slots=00:03.0") == 0, "bare key: on");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(escape_hatch_unknown_value_disables,
	    "rd.pciback=UNKNOWN disables and says so; bare key is on");

static void booleans_every_key(void)
{
	const char *root = setup_planned();

	CHECK(run(root, "rd.pciback.slots=00:01.0 rd.pciback.force=Yes rd.pciback.debug=on") == 0);
	CHECK_STR(driver_of(root, "0000:00:01.0"), "pciback");
	CHECK(count_of(kmsg(root), "<7>pciback-early: ") > 0, "debug=on logs debug lines");
	root = setup_planned();
	CHECK(run(root, "rd.pciback.slots=00:01.0 rd.pciback.force=TRUE rd.pciback.force=off") == 0);
	CHECK_STR(driver_of(root, "0000:00:01.0"), "bochs-drm", "last one wins: off");
	root = setup_planned();
	CHECK(run(root, "rd.pciback.slots=00:01.0 rd.pciback.force") == 0, "bare force: on");
	CHECK_STR(driver_of(root, "0000:00:01.0"), "pciback");
}
DEFINE_TEST(booleans_every_key, "every boolean key reads getargbool's words");

/* the plan recorded the keyboard's controller: the boot leaves it alone */
static void keyboard_guard_at_boot(void)
{
	const char *root = setup_planned();

	CHECK(count_of(slurp(root, "/etc/pciback-early/plan"), "guard 0000:00:04.0 keyboard 1b36:000d 0c0330 ") == 1,
	      "%s", slurp(root, "/etc/pciback-early/plan"));
	CHECK(count_of(slurp(root, "/etc/pciback-early/plan"), "guard 0000:00:02.0 default-route 8086:100e 020000 ") == 1);
	CHECK(run(root, "rd.pciback.class=0c03") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd");
	CHECK_STR(state(root), "0000:00:04.0 1b36:000d skipped:keyboard xhci_hcd\n");
	CHECK(count_of(kmsg(root), "0000:00:04.0 [1b36:000d]: left alone: a keyboard is attached "
		       "to it; set rd.pciback.force=keyboard to seize it anyway") == 1, "%s", kmsg(root));
}
DEFINE_TEST(keyboard_guard_at_boot, "the plan's keyboard guard holds at boot");

static void force_list_lifts_only_those_named(void)
{
	const char *root = setup_planned();

	CHECK(run(root, "rd.pciback.class=0c03,02 rd.pciback.slots=00:01.0 "
		  "rd.pciback.force=keyboard") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback", "keyboard lifted");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000", "default-route kept");
	CHECK_STR(driver_of(root, "0000:00:01.0"), "bochs-drm", "boot-vga kept");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK(count_of(kmsg(root), "0000:00:02.0 [8086:100e]: left alone: it carries the default "
		       "route (the network); set rd.pciback.force=default-route to seize it anyway") == 1,
	      "%s", kmsg(root));
	root = setup_planned();
	CHECK(run(root, "rd.pciback.class=0c03,02 rd.pciback.force=default-route,keyboard") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	root = setup_planned();
	CHECK(run(root, "rd.pciback.class=0c03 rd.pciback.force=keybaord") == 1, "bad guard name");
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd", "a typo lifts nothing");
	CHECK(count_of(kmsg(root), "ignoring 'keybaord'") == 1, "%s", kmsg(root));
}
DEFINE_TEST(force_list_lifts_only_those_named, "rd.pciback.force=LIST lifts only the guards named");

static void assign_refusal_names_its_option(void)
{
	const char *root = setup_planned();
	char err[256];

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:04.0", out, sizeof(out)) == 1);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd");
	(void)err;
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--force|assign|00:04.0", out, sizeof(out)) == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback");
}
DEFINE_TEST(assign_refusal_names_its_option, "assign refuses a guarded device unless --force");

/* class=02 except=00:02.O: a typo in except must not widen the seizure */
static void bad_except_fails_closed(void)
{
	const char *root = setup_planned();

	CHECK(run(root, "rd.pciback.class=02 rd.pciback.slots=00:05.0 "
		  "rd.pciback.except=00:02.O rd.pciback.force=default-route") == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000", "broad selection dropped");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "", "broad selection dropped");
	CHECK_STR(driver_of(root, "0000:00:05.0"), "pciback", "named one by one: still seized");
	CHECK(count_of(state(root), "0000:00:03.0 8086:100e skipped:except-unreadable") == 1,
	      "%s", state(root));
	CHECK(count_of(kmsg(root), "ignoring '00:02.O'") == 1);
}
DEFINE_TEST(bad_except_fails_closed, "a bad except token drops broad selections");

/* an except token too long to read may have named anything: it fails
 * closed as a bad one does; a too long slots token drops nothing else */
static void too_long_except_fails_closed(void)
{
	const char *tok64 = "000000:00:1c.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0/00.0@8086:1234";
	const char *root = setup_planned();
	char cmdline[256];

	snprintf(cmdline, sizeof(cmdline), "rd.pciback.class=02 rd.pciback.slots=00:05.0 "
		 "rd.pciback.except=%s rd.pciback.force=default-route", tok64);
	CHECK(run(root, cmdline) == 1);
	CHECK(count_of(kmsg(root), "rd.pciback.except: ignoring '000000:00:1c.0/") == 1 &&
	      count_of(kmsg(root), "token too long") == 1, "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:00:03.0"), "", "broad selection dropped");
	CHECK_STR(driver_of(root, "0000:00:05.0"), "pciback", "named one by one: still seized");
	CHECK(count_of(state(root), "0000:00:03.0 8086:100e skipped:except-unreadable") == 1,
	      "%s", state(root));
	root = setup_planned();
	snprintf(cmdline, sizeof(cmdline), "rd.pciback.class=02 rd.pciback.slots=%s "
		 "rd.pciback.force=default-route", tok64);
	CHECK(run(root, cmdline) == 1);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback", "a long slots token drops nothing");
}
DEFINE_TEST(too_long_except_fails_closed,
	    "a too long except token drops broad selections, a too long slots token does not");

/* ROOT/REL holds these bytes, NULs included (spit stops at the first) */
static void write_bytes(const char *root, const char *rel, const char *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "w");
	CHECK(f && fwrite(data, 1, len, f) == len, "%s", path);
	if (f)
		fclose(f);
}

static void nul_in_config_is_rejected(void)
{
	const char *root = setup_planned();
	static const char conf[] = "class = 02\nforce = default-route\n\0except = 00:02.0\n";

	write_bytes(root, "/etc/pciback-early.conf", conf, sizeof(conf) - 1);
	CHECK(run(root, "rd.pciback.slots=00:05.0") == 1);
	CHECK(count_of(kmsg(root), "/etc/pciback-early.conf: binary data at byte 33") == 1,
	      "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000", "nothing of the file is used");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	CHECK_STR(driver_of(root, "0000:00:05.0"), "pciback", "the command line still counts");
}
DEFINE_TEST(nul_in_config_is_rejected, "NUL in the config: rejected, not truncated");

static void nul_in_plan_fails_closed(void)
{
	const char *root = setup_planned();
	static const char plan[] = "kver 6.1.0-test\nguard 0000:00:1f.2 root-storage\n\0"
				   "guard 0000:00:03.0 root-storage\n";

	write_bytes(root, "/etc/pciback-early/plan", plan, sizeof(plan) - 1);
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(kmsg(root), "/etc/pciback-early/plan: binary data at byte 48") == 1,
	      "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:00:03.0"), "", "a guard may have been lost: not seized");
	CHECK(count_of(state(root), "0000:00:03.0 8086:100e skipped:plan-unreadable") == 1,
	      "%s", state(root));
}
DEFINE_TEST(nul_in_plan_fails_closed, "NUL in the plan: fails closed");

static void config_that_is_not_a_file(void)
{
	const char *root = setup_planned();
	char path[512];

	snprintf(path, sizeof(path), "%s/etc/pciback-early.conf", root);
	CHECK(mkfifo(path, 0600) == 0);
	alarm(20);   /* a blocking open would hang the boot: fail the test instead */
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	alarm(0);
	CHECK(count_of(kmsg(root), "/etc/pciback-early.conf: not a regular file") == 1, "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	root = setup_planned();
	snprintf(path, sizeof(path), "%s/etc/pciback-early.conf", root);
	CHECK(mkdir(path, 0700) == 0);
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(kmsg(root), "/etc/pciback-early.conf: not a regular file") == 1, "%s", kmsg(root));
}
DEFINE_TEST(config_that_is_not_a_file, "a config that is a FIFO or a directory");

/* a symlink planted in /run/pciback-early must not redirect a root write */
static void state_files_do_not_follow_symlinks(void)
{
	const char *root = setup_planned();
	static const char *const names[] = { "state", ".state.tmp", "lock", "halt", ".halt.tmp" };
	char link[512], victim[512];
	size_t i;

	snprintf(link, sizeof(link), "mkdir -p '%s/run/pciback-early'", root);
	CHECK(system(link) == 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(victim, sizeof(victim), "%s/victim-%s", root, names[i]);
		spit(root, strrchr(victim, '/'), "precious\n");
		snprintf(link, sizeof(link), "%s/run/pciback-early/%s", root, names[i]);
		CHECK(symlink(victim, link) == 0);
	}
	run(root, "rd.pciback.slots=00:03.0,00:09.0 rd.pciback.on_error=halt");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(victim, sizeof(victim), "/victim-%s", names[i]);
		CHECK_STR(slurp(root, victim), "precious\n", "%s followed", names[i]);
	}
}
DEFINE_TEST(state_files_do_not_follow_symlinks, "symlinks in /run/pciback-early are not followed");
