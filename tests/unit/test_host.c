// SPDX-License-Identifier: GPL-2.0-or-later
/* test_host.c - the host commands on the basic fixture: check against its
 * expected output, assign and release with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

static const char *expected(const char *name)
{
	static char text[1 << 14];
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "tests/unit/expected/%s", name);
	f = fopen(path, "r");
	CHECK(f != NULL, "%s", path);
	if (!f)
		return "";
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	return text;
}

/* results on stdout, diagnostics on stderr */
static void check_matches_expected_output(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.class=02,0c03,01 "
		      "rd.pciback.slots=00:01.0,zz,00:1f.0,00:1c.0/00.0@1234:5678|check",
		      out, sizeof(out)) == 1);
	CHECK_STR(out, expected("check.txt"));
	CHECK_STR(cli_err, expected("check.err"));
	CHECK(k.writes == 0, "check writes nothing");
	CHECK_STR(slurp(root, "/dev/kmsg"), "");
}
DEFINE_TEST(check_matches_expected_output, "check output matches tests/unit/expected/check.txt");

static void check_clean_config_exits_0(void)
{
	const char *root = setup();

	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0\n");
	CHECK(run_cli(root, &k.ops, "--cmdline|quiet|check", out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:00:03.0  8086:100e  network controller   -              "
		       "Xen dom0*: -> pciback (selected by 00:03.0); without Xen: left alone: not-xen-dom0\n") == 1);
	CHECK(count_of(out, "* this boot: a Xen dom0\n") == 1);
	CHECK(count_of(out, "warning:") == 0);
	CHECK(count_of(out, "0 error(s), 0 device(s) that cannot be seized") == 1);
}
DEFINE_TEST(check_clean_config_exits_0, "check of a clean configuration exits 0");

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
	/* a dry run says what it would do and writes nothing */
	k.writes = 0;
	CHECK(run_cli(root, &k.ops, "--dry-run|release|0000:00:02.0", out, sizeof(out)) == 0);
	CHECK(k.writes == 0, "release --dry-run wrote %d times", k.writes);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK(count_of(cli_err, "0000:00:02.0 [8086:100e]: would give it back") == 1, "%s", cli_err);
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
DEFINE_TEST(assign_and_release, "assign and release, each twice");

static void assign_respects_guards(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:01.0", out, sizeof(out)) == 1);
	CHECK_STR(driver_of(root, "0000:00:01.0"), "bochs-drm");
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--force|assign|00:01.0", out, sizeof(out)) == 0);
	CHECK_STR(driver_of(root, "0000:00:01.0"), "pciback");
}
DEFINE_TEST(assign_respects_guards, "assign respects the guards unless --force");

static void assign_release_usage(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "assign", out, sizeof(out)) == 2);
	/* an option of another command is bad usage, not silently ignored */
	CHECK(run_cli(root, &k.ops, "status|--force", out, sizeof(out)) == 2);
	CHECK(count_of(cli_err, "--force is an option of assign") == 1, "%s", cli_err);
	CHECK(run_cli(root, &k.ops, "--json|check", out, sizeof(out)) == 2);
	CHECK(count_of(cli_err, "--json is an option of status") == 1, "%s", cli_err);
	CHECK(run_cli(root, &k.ops, "release|--driver|vfio-pci|00:02.0", out, sizeof(out)) == 2);
	CHECK(run_cli(root, &k.ops, "-o|/dev/null|status", out, sizeof(out)) == 2);
	CHECK(run_cli(root, &k.ops, "release", out, sizeof(out)) == 2);
	CHECK(run_cli(root, &k.ops, "assign|zz", out, sizeof(out)) == 2, "a bad selector is bad usage");
	CHECK(run_cli(root, &k.ops, "release|00:1e.0", out, sizeof(out)) == 1, "absent device");
	CHECK(k.writes == 0);
}
DEFINE_TEST(assign_release_usage, "assign/release usage and bad selectors");

static void release_when_unbind_fails(void)
{
	const char *root = setup_no_route();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:02.0", out, sizeof(out)) == 0);
	k.fail_suffix = "/unbind";
	k.fail_err = -16;
	CHECK(run_cli(root, &k.ops, "release|00:02.0", out, sizeof(out)) == 1);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
}
DEFINE_TEST(release_when_unbind_fails, "release fails cleanly when unbind fails");

/* an unbind the kernel accepts but that leaves the device on pciback: the
 * give-back did not happen, and release says so and exits 1 */
static void release_when_it_stays_on_the_target(void)
{
	const char *root = setup_no_route();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:02.0", out, sizeof(out)) == 0);
	k.sticky = "0000:00:02.0";
	CHECK(run_cli(root, &k.ops, "release|00:02.0", out, sizeof(out)) == 1, "%s", cli_err);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK(count_of(cli_err, "0000:00:02.0 [8086:100e]: giving it back: cannot take it from "
		       "its target driver") == 1, "%s", cli_err);
}
DEFINE_TEST(release_when_it_stays_on_the_target,
	    "release exits 1 and says so when the device stays on the target after the give-back");

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
		write_plan(root, "/plan");
		snprintf(plan, sizeof(plan), "%s/plan", root);
		CHECK(count_of(slurp(root, "/plan"), " root-storage ") == 2 * n,
		      "%d drives: %d guards", n, count_of(slurp(root, "/plan"), " root-storage "));
		CHECK(count_of(slurp(root, "/plan"), "guard 0000:00:01.0 root-storage ") == 1);
		CHECK(count_of(slurp(root, "/plan"), "guard 0000:42:00.0 root-storage ") == 1);
		/* --dry-run writes nothing: the plan goes to stdout */
		snprintf(args, sizeof(args), "--dry-run|--kver|6.1.0-test|plan|-o|%s.dry", plan);
		CHECK(run_cli(root, &k.ops, args, out, sizeof(out)) == 1, "%d drives", n);
		CHECK(count_of(slurp(root, "/plan.dry"), "guard") == 0, "plan --dry-run wrote -o");
		CHECK(count_of(out, " root-storage ") == 2 * n, "%s", out);
	}
}
DEFINE_TEST(many_root_storage_devices,
	    "check and plan keep every root-storage guard (66, 200 NVMe under dm)");

/* check names the other endpoints of a selected device's IOMMU group */
static void check_lists_the_group(void)
{
	const char *root = setup();
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/kernel/iommu_groups/2' && for d in 02 03; do "
		 "ln -s '%s/sys/kernel/iommu_groups/2' '%s/sys/bus/pci/devices/0000:00:'$d'.0/iommu_group'; done",
		 root, root, root);
	CHECK(system(cmd) == 0);
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0|check",
		      out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:00:03.0  8086:100e  network controller   -              "
		       "-> vfio-pci (selected by 00:03.0)\n"
		       "    IOMMU group 2 also holds: 0000:00:02.0 (e1000)\n") == 1, "%s", out);
	CHECK(count_of(cli_err, "IOMMU group 2 is not viable for vfio-pci") == 1);
	CHECK(run_cli(root, &k.ops, "status", out, sizeof(out)) == 0);
	CHECK(count_of(out, " GROUP ") == 1);
	CHECK(count_of(out, "e1000          -          2     ") == 1, "%s", out);
}
DEFINE_TEST(check_lists_the_group, "check lists the IOMMU group, status shows it");
