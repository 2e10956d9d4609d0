/* test_host.c - the host commands on the basic fixture: check against its
 * expected output, assign and release with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

static struct fake_kernel k;
static char out[1 << 20];

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
	CHECK(count_of(out, "0000:00:03.0  8086:100e  network controller   (none)         "
		       "Xen dom0*: -> pciback (selected by 00:03.0); without Xen: left alone: not-xen-dom0\n") == 1);
	CHECK(count_of(out, "* this boot: a Xen dom0\n") == 1);
	CHECK(count_of(out, "warning:") == 0);
	CHECK(count_of(out, "0 error(s), 0 device(s) that cannot be seized") == 1);
}

/* 00:02.0 carries the fixture's default route: a network without one */
static const char *setup_no_route(void)
{
	const char *root = setup();

	spit(root, "/proc/net/route", "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n");
	return root;
}

static void assign_and_release(void)
{
	const char *root = setup_no_route();

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
	const char *root = setup_no_route();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:02.0", out, sizeof(out)) == 0);
	k.fail_suffix = "/unbind";
	k.fail_err = -16;
	CHECK(run_cli(root, &k.ops, "release|00:02.0", out, sizeof(out)) == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
}

/* a root filesystem on dm over n NVMe drives, each behind a root port */
static const char *dm_nvme_root(int n)
{
	const char *root = fixture("basic");
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s/sys' && tests/fixtures/mk-dm-nvme.sh '%s' %d",
		 root, root, n);
	CHECK(system(cmd) == 0, "%s", cmd);
	return root;
}

/* used to overflow a 4096-byte stack buffer in check (130 functions) and
 * to cut the guards at 2048 bytes of addresses in plan (~160 drives) */
static void many_root_storage_devices(void)
{
	static const int sizes[] = { 66, 200 };
	char args[512], plan[256];
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const char *root = dm_nvme_root(sizes[i]);
		int n = sizes[i];

		CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.class=01|check", out,
			      sizeof(out)) == 0, "%d drives", n);
		CHECK(count_of(out, "without Xen*: left alone: root-storage;") == n, "%d drives", n);
		CHECK(count_of(out, "-> pciback") == 0);
		snprintf(plan, sizeof(plan), "%s/plan", root);
		snprintf(args, sizeof(args), "--kver|6.1.0-test|plan|-o|%s", plan);
		CHECK(run_cli(root, &k.ops, args, out, sizeof(out)) == 0, "%d drives", n);
		CHECK(count_of(slurp(root, "/plan"), " root-storage\n") == 2 * n,
		      "%d drives: %d guards", n, count_of(slurp(root, "/plan"), " root-storage\n"));
		CHECK(count_of(slurp(root, "/plan"), "guard 0000:00:01.0 root-storage\n") == 1);
		CHECK(count_of(slurp(root, "/plan"), "guard 0000:42:00.0 root-storage\n") == 1);
	}
}

static const struct test tests[] = {
	{ "host: check output matches tests/unit/expected/check.txt", check_matches_expected_output },
	{ "host: check of a clean configuration exits 0", check_clean_config_exits_0 },
	{ "host: assign and release, each twice", assign_and_release },
	{ "host: assign respects the guards unless --force", assign_respects_guards },
	{ "host: assign/release usage and bad selectors", assign_release_usage },
	{ "host: release fails cleanly when unbind fails", release_when_unbind_fails },
	{ "host: check and plan keep every root-storage guard (66, 200 NVMe under dm)",
	  many_root_storage_devices },
};

RUN_TESTS(tests)
