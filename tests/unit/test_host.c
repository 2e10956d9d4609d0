/* test_host.c - the host commands on the basic fixture: check against its
 * expected output, assign and release with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

static struct fake_kernel k;
static char out[1 << 16];

static const char *setup(void)
{
	return fake_kernel_on(&k, "basic");
}

static void check_matches_expected_output(void)
{
	const char *root = setup();
	char expected[1 << 14];
	FILE *f = fopen("tests/unit/expected/check.txt", "r");
	size_t n;

	CHECK(f != NULL);
	if (!f)
		return;
	n = fread(expected, 1, sizeof(expected) - 1, f);
	expected[n] = '\0';
	fclose(f);
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.class=02,0c03,01 "
		      "rd.pciback.slots=00:01.0,zz,00:1f.0,00:1c.0/00.0@1234:5678|check",
		      out, sizeof(out)) == 1);
	CHECK_STR(out, expected);
	CHECK(k.writes == 0, "check writes nothing");
	CHECK_STR(slurp(root, "/dev/kmsg"), "");
}

static void check_clean_config_exits_0(void)
{
	const char *root = setup();

	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0\n");
	CHECK(run_cli(root, &k.ops, "--cmdline|quiet|check", out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:00:03.0  8086:100e  network controller   (none)         -> pciback (selected by 00:03.0)") == 1);
	CHECK(count_of(out, "warning:") == 0);
	CHECK(count_of(out, "0 error(s), 0 device(s) that cannot be seized") == 1);
}

static void assign_and_release(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:02.0", out, sizeof(out)) == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:02.0", out, sizeof(out)) == 0,
	      "assign twice");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK(run_cli(root, &k.ops, "release|0000:00:02.0", out, sizeof(out)) == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000");
	CHECK_STR(slurp(root, "/sys/bus/pci/devices/0000:00:02.0/driver_override"), "(null)\n");
	k.writes = 0;
	CHECK(run_cli(root, &k.ops, "release|0000:00:02.0", out, sizeof(out)) == 0, "release twice");
	CHECK(k.writes == 0, "already released: nothing written");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:02.0", out, sizeof(out)) == 0,
	      "assign again after release");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
}

static void assign_respects_guards(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:01.0", out, sizeof(out)) == 1);
	CHECK_STR(driver_of(root, "0000:00:01.0"), "bochs-drm");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--force|assign|00:01.0", out, sizeof(out)) == 0);
	CHECK_STR(driver_of(root, "0000:00:01.0"), "pciback");
}

static void assign_release_usage(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "assign", out, sizeof(out)) == 2);
	CHECK(run_cli(root, &k.ops, "release", out, sizeof(out)) == 2);
	CHECK(run_cli(root, &k.ops, "assign|zz", out, sizeof(out)) == 1);
	CHECK(run_cli(root, &k.ops, "release|00:1e.0", out, sizeof(out)) == 1, "absent device");
	CHECK(k.writes == 0);
}

static void release_when_unbind_fails(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:02.0", out, sizeof(out)) == 0);
	k.fail_suffix = "/unbind";
	k.fail_err = -16;
	CHECK(run_cli(root, &k.ops, "release|00:02.0", out, sizeof(out)) == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
}

static const struct test tests[] = {
	{ "host: check output matches tests/unit/expected/check.txt", check_matches_expected_output },
	{ "host: check of a clean configuration exits 0", check_clean_config_exits_0 },
	{ "host: assign and release, each twice", assign_and_release },
	{ "host: assign respects the guards unless --force", assign_respects_guards },
	{ "host: assign/release usage and bad selectors", assign_release_usage },
	{ "host: release fails cleanly when unbind fails", release_when_unbind_fails },
};

RUN_TESTS(tests)
