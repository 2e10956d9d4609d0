// SPDX-License-Identifier: GPL-2.0-or-later
/* test_cli.c - the command line of the program itself (cli.c): usage
 * errors, status as a table and as JSON, bare flags; on the basic fixture
 * with the fake kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fakekernel.h"
#include "harness.h"

static void usage_errors(void)
{
	CHECK(run_cli(NULL, &k.ops, "--bogus", out, sizeof(out)) == 2);
	CHECK(run_cli(NULL, &k.ops, "frobnicate", out, sizeof(out)) == 2);
	CHECK(run_cli(NULL, &k.ops, "apply|extra", out, sizeof(out)) == 2);
	CHECK(run_cli(NULL, &k.ops, "--root", out, sizeof(out)) == 2);
	CHECK(run_cli(NULL, &k.ops, "--help", out, sizeof(out)) == 0);
	CHECK(count_of(out, "Usage: pciback-early") == 1);
	CHECK(run_cli(NULL, &k.ops, "--version", out, sizeof(out)) == 0);
	CHECK(count_of(out, "pciback-early ") == 1);
}
DEFINE_TEST(usage_errors, "usage errors exit 2");

/* the host tool never applies unless told to: no command is usage (2,
 * the usage on stderr, nothing written nor loaded), "apply" runs it */
static void host_needs_a_command(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|--cmdline|rd.pciback.slots=00:03.0", out,
		      sizeof(out)) == 2);
	CHECK(k.writes == 0 && !k.loaded[0]);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "");
	CHECK(out[0] == '\0', "stdout: %s", out);
	CHECK(count_of(cli_err, "Usage: pciback-early [OPTIONS] COMMAND [ARGS]\n") == 1, "%s", cli_err);
	CHECK(count_of(cli_err, "\n  apply\n") == 1 && count_of(cli_err, "(default)") == 0, "%s", cli_err);
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(host_needs_a_command, "host: no command prints usage and exits 2; apply is explicit");

static int default_runs;

static int count_run(const struct ctx *c, const struct cli_opts *o)
{
	(void)c;
	(void)o;
	default_runs++;
	return 0;
}

static int other_run(const struct ctx *c, const struct cli_opts *o)
{
	(void)c;
	(void)o;
	return 3;
}

/* a program with a default command (the early binary's apply) runs it
 * when none is named */
static void default_command_is_per_program(void)
{
	static const struct cli_command cmds[] = {
		{ "other", other_run, NULL, "not the default" },
		{ "apply", count_run, NULL, "the default" },
	};
	const struct cli_program prog = { "summary", cmds, 2, &cmds[1], NULL, 0 };
	char *bare[] = { "pciback-early", NULL }, *other[] = { "pciback-early", "other", NULL };

	CHECK(cli_run(1, bare, &k.ops, &prog) == 0 && default_runs == 1);
	CHECK(cli_run(2, other, &k.ops, &prog) == 3 && default_runs == 1);
}
DEFINE_TEST(default_command_is_per_program, "a program's default command runs when none is named");

static void status_table_and_json(void)
{
	const char *root = setup();

	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0\nclass = 06\n");
	CHECK(run_cli(root, &k.ops, "status", out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:00:03.0  8086:100e  network controller   -              -          -     selected      -\n") == 1);
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK(run_cli(root, &k.ops, "status", out, sizeof(out)) == 0);
	CHECK(count_of(out, "0000:00:03.0  8086:100e  network controller   pciback        pciback    -     selected      seized:driver_override\n") == 1);
	CHECK(count_of(out, "0000:00:1c.0  8086:2918  PCI bridge           pcieport       -          -     bridge        skipped:bridge\n") == 1, "%s", out);
	CHECK(count_of(out, "\n") == 11, "a header and 10 devices");
	CHECK(run_cli(root, &k.ops, "status|--json", out, sizeof(out)) == 0);
	CHECK(count_of(out, "{\"address\": \"0000:00:03.0\", \"vendor\": \"8086\", \"device\": \"100e\", "
		       "\"subsystem_vendor\": \"8086\", \"subsystem_device\": \"001e\", "
		       "\"class\": \"020000\", \"driver\": \"pciback\", \"override\": \"pciback\", "
		       "\"iommu_group\": null, \"target\": \"pciback\", "
		       "\"config\": \"selected\", \"boot\": \"seized\"}") == 1, "%s", out);
	CHECK(strstr(out, "{\"version\": 1, \"devices\": [\n") == out, "%s", out);
	CHECK(count_of(out, "{") == 11 && count_of(out, "},") == 9 && count_of(out, "\n]}\n") == 1);
}
DEFINE_TEST(status_table_and_json, "status table and --json");

/* status --json on a hostile tree: quotes, backslashes, control
 * characters and non-ASCII bytes in driver_override and a driver's name;
 * a real JSON parser reads it: an object with "version": 1 and
 * "devices", each device with every field, every value a string or null
 * (the IOMMU group too) */
static void status_json_hostile_tree(void)
{
	const char *root = setup();
	char cmd[2048], path[512];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "cd '%s/sys' && mkdir -p kernel/iommu_groups/7 \"bus/pci/drivers/ev\\\"il\\\\$(printf '\\001')\" && "
		 "ln -sfn \"../../../bus/pci/drivers/ev\\\"il\\\\$(printf '\\001')\" devices/pci0000:00/0000:00:00.0/driver && "
		 "ln -s ../../../kernel/iommu_groups/7 devices/pci0000:00/0000:00:03.0/iommu_group", root);
	CHECK(system(cmd) == 0);
	spit(root, "/sys/bus/pci/devices/0000:00:03.0/driver_override", "a\"b\\c\001d\t\377\n");
	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0,00:02.0@1234:5678\n");
	CHECK(run_cli(root, &k.ops, "status|--json", out, sizeof(out)) == 0);
	snprintf(path, sizeof(path), "%s/status.json", root);
	f = fopen(path, "w");
	if (f) {
		fputs(out, f);
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd), "python3 -c '"
		 "import json, sys\n"
		 "top = json.load(open(sys.argv[1], encoding=\"utf-8\"))\n"
		 "assert list(top) == [\"version\", \"devices\"] and top[\"version\"] == 1, list(top)\n"
		 "d = top[\"devices\"]\n"
		 "assert len(d) == 10 and all(isinstance(v, str) or v is None for x in d for v in x.values()), d\n"
		 "keys = [\"address\", \"vendor\", \"device\", \"subsystem_vendor\", \"subsystem_device\", \"class\", "
		 "\"driver\", \"override\", \"iommu_group\", \"target\", \"config\", \"boot\"]\n"
		 "assert all(list(x) == keys for x in d), d[0]\n"
		 "x = {e[\"address\"]: e for e in d}\n"
		 "n = x[\"0000:00:03.0\"]\n"
		 "assert n[\"override\"] == \"a\\\"b\\\\c\\x01d\\t\\xff\", n\n"
		 "assert n[\"iommu_group\"] == \"7\" and n[\"target\"] == \"pciback\" and n[\"driver\"] is None, n\n"
		 "assert x[\"0000:00:00.0\"][\"driver\"] == \"ev\\\"il\\\\\\x01\", x[\"0000:00:00.0\"]\n"
		 "m = x[\"0000:00:02.0\"]\n"
		 "assert m[\"config\"] == \"id-mismatch\" and m[\"target\"] is None and m[\"iommu_group\"] is None, m\n"
		 "assert m[\"boot\"] is None and m[\"override\"] is None, m\n"
		 "' '%s'", path);
	CHECK(system(cmd) == 0, "%s", out);
}
DEFINE_TEST(status_json_hostile_tree, "status --json on a hostile tree is valid JSON: {version: 1, devices}, every value a string or null");

/* a bare key means on, for rd.pciback itself and for BOOL keys */
static void bare_flags_mean_on(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.pciback rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	root = setup();
	CHECK(run(root, "rd.pciback.force rd.pciback.debug rd.pciback.slots=00:01.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:01.0"), "pciback", "force: the boot VGA guard lifted");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "<7>pciback-early: ") > 0, "debug lines");
}
DEFINE_TEST(bare_flags_mean_on, "bare flags mean on");
