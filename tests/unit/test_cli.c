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
#include "host.h"

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
	static const struct cli_command other_cmd = { "other", other_run, NULL, "not the default", NULL, 0 };
	static const struct cli_command apply = { "apply", count_run, NULL, "the default", NULL, 0 };
	static const struct cli_command *const cmds[] = { &other_cmd, &apply };
	const struct cli_program prog = { "summary\n", cmds, 2, &apply };
	char *bare[] = { "pciback-early", NULL }, *other[] = { "pciback-early", "other", NULL };

	CHECK(cli_run(1, bare, &k.ops, &prog) == 0 && default_runs == 1);
	CHECK(cli_run(2, other, &k.ops, &prog) == 3 && default_runs == 1);
}
DEFINE_TEST(default_command_is_per_program, "a program's default command runs when none is named");

/* out, the last status --json, checked by tests/unit/status_json.py
 * (a real JSON parser and the schema of pciback-early(8)); expected: a
 * JSON object {address: device, "count": N} of what must be there
 * exactly so.  The script's exit status */
static int check_json(const char *root, const char *expected)
{
	char cmd[1024], path[512], want[512];

	snprintf(path, sizeof(path), "%s/status.json", root);
	snprintf(want, sizeof(want), "%s/expected.json", root);
	spit(root, "/status.json", out);
	spit(root, "/expected.json", expected);
	snprintf(cmd, sizeof(cmd), "python3 tests/unit/status_json.py '%s' '%s'", path, want);
	return system(cmd);
}

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
		       "\"iommu_group\": null, \"config\": {\"outcome\": \"already\", \"errno\": null, "
		       "\"reasons\": [], \"target\": \"xen-pciback\"}, \"boot\": {\"outcome\": \"seized\", "
		       "\"errno\": null, \"reasons\": [], \"route\": \"driver_override\", "
		       "\"driver\": \"pciback\"}}") == 1, "%s", out);
	CHECK(strstr(out, "{\"version\": 1, \"devices\": [\n") == out, "%s", out);
	CHECK(count_of(out, "\n  {\"address\"") == 10 && count_of(out, "},\n") == 9 &&
	      count_of(out, "\n]}\n") == 1);
}
DEFINE_TEST(status_table_and_json, "status table and --json");

/* status --json, every field: the configuration's outcome and the boot's
 * as fields (outcome, errno, reasons as a list, target as --driver
 * spells it, the boot's driver), the IOMMU group as a string, null for
 * what is absent; parsed by a JSON parser and checked against the
 * schema */
static void status_json_schema(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "cd '%s/sys' && mkdir -p kernel/iommu_groups/12 && "
		 "ln -s ../../../kernel/iommu_groups/12 devices/pci0000:00/0000:00:04.0/iommu_group", root);
	CHECK(system(cmd) == 0);
	spit(root, "/etc/pciback-early.conf",
	     "driver = vfio-pci\nslots = 00:04.0,00:02.0@1234:5678,00:1c.0,00:05.0,00:05.1\nexcept = 00:05.0\n");
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/run/pciback-early'", root);
	CHECK(system(cmd) == 0);
	spit(root, "/run/pciback-early/state",
	     "0000:00:04.0 1b36:000d failed:EBUSY xhci_hcd\n"
	     "0000:00:1f.2 8086:2922 skipped:keyboard,root-storage ahci\n"
	     "0000:00:05.0 8086:293e already vfio-pci\n"
	     "0000:00:01.0 1234:1111 failed:id-mismatch -\n");
	CHECK(run_cli(root, &k.ops, "status|--json", out, sizeof(out)) == 0);
	CHECK(check_json(root, "{\"count\": 10,\n"
	      "\"0000:00:04.0\": {\"address\": \"0000:00:04.0\", \"vendor\": \"1b36\", \"device\": \"000d\", "
	      "\"subsystem_vendor\": \"1af4\", \"subsystem_device\": \"1100\", \"class\": \"0c0330\", "
	      "\"driver\": \"xhci_hcd\", \"override\": null, \"iommu_group\": \"12\", "
	      "\"config\": {\"outcome\": \"skipped\", \"errno\": null, \"reasons\": [\"keyboard\"], \"target\": null}, "
	      "\"boot\": {\"outcome\": \"failed\", \"errno\": \"EBUSY\", \"reasons\": [], \"driver\": \"xhci_hcd\"}},\n"
	      "\"0000:00:05.1\": {\"address\": \"0000:00:05.1\", \"vendor\": \"8086\", \"device\": \"293f\", "
	      "\"subsystem_vendor\": \"1af4\", \"subsystem_device\": \"1100\", \"class\": \"040300\", "
	      "\"driver\": null, \"override\": null, \"iommu_group\": null, "
	      "\"config\": {\"outcome\": \"selected\", \"errno\": null, \"reasons\": [], \"target\": \"vfio-pci\"}, "
	      "\"boot\": null},\n"
	      "\"0000:00:02.0\": {\"address\": \"0000:00:02.0\", \"vendor\": \"8086\", \"device\": \"100e\", "
	      "\"subsystem_vendor\": \"8086\", \"subsystem_device\": \"001e\", \"class\": \"020000\", "
	      "\"driver\": \"e1000\", \"override\": null, \"iommu_group\": null, "
	      "\"config\": {\"outcome\": \"failed\", \"errno\": null, \"reasons\": [\"id-mismatch\"], \"target\": null}, "
	      "\"boot\": null},\n"
	      "\"0000:00:1c.0\": {\"address\": \"0000:00:1c.0\", \"vendor\": \"8086\", \"device\": \"2918\", "
	      "\"subsystem_vendor\": \"1af4\", \"subsystem_device\": \"1100\", \"class\": \"060400\", "
	      "\"driver\": \"pcieport\", \"override\": null, \"iommu_group\": null, "
	      "\"config\": {\"outcome\": \"skipped\", \"errno\": null, \"reasons\": [\"bridge\"], \"target\": null}, "
	      "\"boot\": null},\n"
	      "\"0000:00:05.0\": {\"address\": \"0000:00:05.0\", \"vendor\": \"8086\", \"device\": \"293e\", "
	      "\"subsystem_vendor\": \"1af4\", \"subsystem_device\": \"1100\", \"class\": \"040300\", "
	      "\"driver\": \"snd_hda_intel\", \"override\": null, \"iommu_group\": null, "
	      "\"config\": {\"outcome\": \"skipped\", \"errno\": null, \"reasons\": [\"except\"], \"target\": null}, "
	      "\"boot\": {\"outcome\": \"already\", \"errno\": null, \"reasons\": [], \"driver\": \"vfio-pci\"}},\n"
	      "\"0000:00:1f.2\": {\"address\": \"0000:00:1f.2\", \"vendor\": \"8086\", \"device\": \"2922\", "
	      "\"subsystem_vendor\": \"1af4\", \"subsystem_device\": \"1100\", \"class\": \"010601\", "
	      "\"driver\": \"ahci\", \"override\": null, \"iommu_group\": null, \"config\": null, "
	      "\"boot\": {\"outcome\": \"skipped\", \"errno\": null, \"reasons\": [\"keyboard\", \"root-storage\"], "
	      "\"driver\": \"ahci\"}},\n"
	      "\"0000:00:01.0\": {\"address\": \"0000:00:01.0\", \"vendor\": \"1234\", \"device\": \"1111\", "
	      "\"subsystem_vendor\": \"1af4\", \"subsystem_device\": \"1100\", \"class\": \"030000\", "
	      "\"driver\": \"bochs-drm\", \"override\": null, \"iommu_group\": null, \"config\": null, "
	      "\"boot\": {\"outcome\": \"failed\", \"errno\": null, \"reasons\": [\"id-mismatch\"], \"driver\": null}}}\n")
	      == 0, "%s", out);
	/* the checker can fail: a field missing, a wrong value */
	CHECK(check_json(root, "{\"count\": 9}") != 0);
	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.driver=xen-pciback|status|--json|00:05.1", out,
		      sizeof(out)) == 0);
	CHECK(count_of(out, "\"target\": \"xen-pciback\"}") == 1, "%s", out);
	CHECK(check_json(root, "{\"count\": 1}") == 0, "%s", out);
}
DEFINE_TEST(status_json_schema, "status --json: every field, outcome/errno/reasons split, CLI target names, parsed by a JSON parser");

/* status --json on a hostile tree: quotes, backslashes, control
 * characters and non-ASCII bytes in driver_override and a driver's name
 * come out escaped, and a real JSON parser reads them back as they were */
static void status_json_hostile_tree(void)
{
	const char *root = setup();
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "cd '%s/sys' && mkdir -p kernel/iommu_groups/7 \"bus/pci/drivers/ev\\\"il\\\\$(printf '\\001')\" && "
		 "ln -sfn \"../../../bus/pci/drivers/ev\\\"il\\\\$(printf '\\001')\" devices/pci0000:00/0000:00:00.0/driver && "
		 "ln -s ../../../kernel/iommu_groups/7 devices/pci0000:00/0000:00:03.0/iommu_group", root);
	CHECK(system(cmd) == 0);
	spit(root, "/sys/bus/pci/devices/0000:00:03.0/driver_override", "a\"b\\c\001d\t\377\n");
	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0\n");
	CHECK(run_cli(root, &k.ops, "status|--json", out, sizeof(out)) == 0);
	CHECK(count_of(out, "\"override\": \"a\\\"b\\\\c\\u0001d\\u0009\\u00ff\"") == 1, "%s", out);
	CHECK(check_json(root, "{\"count\": 10,\n"
	      "\"0000:00:03.0\": {\"address\": \"0000:00:03.0\", \"vendor\": \"8086\", \"device\": \"100e\", "
	      "\"subsystem_vendor\": \"8086\", \"subsystem_device\": \"001e\", \"class\": \"020000\", "
	      "\"driver\": null, \"override\": \"a\\\"b\\\\c\\u0001d\\t\\u00ff\", \"iommu_group\": \"7\", "
	      "\"config\": {\"outcome\": \"selected\", \"errno\": null, \"reasons\": [], \"target\": \"xen-pciback\"}, "
	      "\"boot\": null},\n"
	      "\"0000:00:00.0\": {\"address\": \"0000:00:00.0\", \"vendor\": \"8086\", \"device\": \"29c0\", "
	      "\"subsystem_vendor\": \"1af4\", \"subsystem_device\": \"1100\", \"class\": \"060000\", "
	      "\"driver\": \"ev\\\"il\\\\\\u0001\", \"override\": null, \"iommu_group\": null, "
	      "\"config\": null, \"boot\": null}}\n") == 0, "%s", out);
}
DEFINE_TEST(status_json_hostile_tree, "status --json on a hostile tree: control bytes, quotes, backslashes and non-ASCII escaped; a JSON parser reads them back");

/* a device without subsystem IDs (sysfs says 0x0000): null in JSON, as
 * for anything absent, never "0000" */
static void status_json_no_subsystem_ids(void)
{
	const char *root = setup();

	spit(root, "/sys/bus/pci/devices/0000:01:00.0/subsystem_vendor", "0x0000\n");
	spit(root, "/sys/bus/pci/devices/0000:01:00.0/subsystem_device", "0x0000\n");
	CHECK(run_cli(root, &k.ops, "status|--json|01:00.0|00:03.0", out, sizeof(out)) == 0);
	CHECK(count_of(out, "\"subsystem_vendor\": null, \"subsystem_device\": null") == 1, "%s", out);
	CHECK(count_of(out, "\"subsystem_vendor\": \"8086\", \"subsystem_device\": \"001e\"") == 1,
	      "%s", out);
	CHECK(check_json(root, "{\"count\": 2}") == 0, "%s", out);
}
DEFINE_TEST(status_json_no_subsystem_ids, "status --json: a device without subsystem IDs has null ones");

/* status SEL... and --selected show only those devices, in the table and
 * in JSON; a selector is read as the slots key reads it (bridge paths
 * too); a bad one is bad usage */
static void status_shows_what_is_named(void)
{
	const char *root = setup();
	char cmd[512];

	spit(root, "/etc/pciback-early.conf", "slots = 00:03.0\n");
	CHECK(run_cli(root, &k.ops, "status|00:05.1|0000:00:1c.0/00.0", out, sizeof(out)) == 0);
	CHECK(count_of(out, "\n") == 3 && count_of(out, "\n0000:00:05.1 ") == 1 &&
	      count_of(out, "\n0000:01:00.0 ") == 1, "%s", out);
	CHECK(run_cli(root, &k.ops, "status|--json|00:05", out, sizeof(out)) == 0);
	CHECK(count_of(out, "\"address\"") == 2 && count_of(out, "\"0000:00:05.0\"") == 1 &&
	      count_of(out, "\"0000:00:05.1\"") == 1, "%s", out);
	CHECK(run_cli(root, &k.ops, "status|--selected", out, sizeof(out)) == 0);
	CHECK(count_of(out, "\n") == 2 && count_of(out, "\n0000:00:03.0 ") == 1, "%s", out);
	/* and what this boot recorded, selected or not now */
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/run/pciback-early'", root);
	CHECK(system(cmd) == 0);
	spit(root, "/run/pciback-early/state", "0000:00:04.0 1b36:000d failed:EBUSY xhci_hcd\n");
	CHECK(run_cli(root, &k.ops, "--selected|status|--json", out, sizeof(out)) == 0);
	CHECK(count_of(out, "\"address\"") == 2 && count_of(out, "\"0000:00:03.0\"") == 1 &&
	      count_of(out, "\"0000:00:04.0\"") == 1, "%s", out);
	CHECK(run_cli(root, &k.ops, "status|00:05.1|zz:00.0", out, sizeof(out)) == 2);
	CHECK(out[0] == '\0' && count_of(cli_err, "zz:00.0") >= 1, "%s|%s", out, cli_err);
}
DEFINE_TEST(status_shows_what_is_named, "status SEL... and --selected show only those devices; a bad SEL is bad usage");

/* every command that takes selectors: a bad one is bad usage (2), as a
 * missing one is, and nothing is written; a bad --driver too */
static void bad_selector_is_usage(void)
{
	const char *root = setup();
	const char *bad[] = {
		"assign|zz:00.0", "assign|00:03.0,00:03.9", "release|00:03.0|bogus",
		"assign|--driver|vfio|00:03.0", "status|00:03.0@12:34", "assign", "release",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(run_cli(root, &k.ops, bad[i], out, sizeof(out)) == 2, "%s", bad[i]);
		CHECK(k.writes == 0 && !k.loaded[0], "%s", bad[i]);
	}
	CHECK(run_cli(root, &k.ops, "--kver|6.1.0-test|assign|00:03.0", out, sizeof(out)) == 0);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(bad_selector_is_usage, "a bad selector or --driver is bad usage (2) for assign, release and status; nothing written");

/* each command has its own --help: its usage line, its options, the
 * common ones; exit 0, whether --help comes before or after it */
static void help_per_command(void)
{
	size_t i, j;

	for (i = 0; i < host_program.ncommands; i++) {
		const struct cli_command *cmd = host_program.commands[i];
		char args[64], line[128];

		CHECK(cmd->noptions <= CLI_COMMAND_OPTIONS, "%s", cmd->name);
		snprintf(args, sizeof(args), i % 2 ? "%s|--help" : "--help|%s", cmd->name);
		CHECK(run_cli(NULL, &k.ops, args, out, sizeof(out)) == 0, "%s", args);
		snprintf(line, sizeof(line), "Usage: pciback-early [OPTIONS] %s%s%s\n", cmd->name,
			 cmd->args ? " " : "", cmd->args ? cmd->args : "");
		CHECK(strstr(out, line) == out, "%s: %s", args, out);
		CHECK(count_of(out, "  --root DIR\n") == 1 && count_of(out, "Commands") == 0, "%s", out);
		for (j = 0; j < cmd->noptions; j++) {
			snprintf(line, sizeof(line), "--%s%s%s\n", cmd->options[j].name,
				 cmd->options[j].arg ? " " : "", cmd->options[j].arg ? cmd->options[j].arg : "");
			CHECK(count_of(out, line) == 1, "%s: %s", cmd->name, line);
		}
	}
	CHECK(run_cli(NULL, &k.ops, "status|--help", out, sizeof(out)) == 0);
	CHECK(count_of(out, "  --json\n") == 1 && count_of(out, "  --selected\n") == 1 &&
	      count_of(out, "--force") == 0 && count_of(out, "--kmoddir") == 0, "%s", out);
	CHECK(run_cli(NULL, &k.ops, "plan|--help", out, sizeof(out)) == 0);
	CHECK(count_of(out, "  -o, --output FILE\n") == 1, "%s", out);
	/* the program's --help lists the commands, not one command's options */
	CHECK(run_cli(NULL, &k.ops, "--help", out, sizeof(out)) == 0);
	CHECK(count_of(out, "\n  status [SEL...]\n") == 1 && count_of(out, "--json") == 0, "%s", out);
}
DEFINE_TEST(help_per_command, "each command has its own --help: usage line, its options, exit 0");

/* an option belongs to its command: given with another it is bad usage,
 * before or after the command; a name two commands share (assign and
 * release --save) is the command's own wherever it is given */
static void options_belong_to_one_command(void)
{
	const char *root = setup();

	CHECK(run_cli(NULL, &k.ops, "plan|--json", out, sizeof(out)) == 2);
	CHECK(count_of(cli_err, "--json is an option of status") == 1, "%s", cli_err);
	CHECK(run_cli(NULL, &k.ops, "--force|status", out, sizeof(out)) == 2);
	CHECK(count_of(cli_err, "--force is an option of assign") == 1, "%s", cli_err);
	CHECK(run_cli(NULL, &k.ops, "--json|--force|status", out, sizeof(out)) == 2);
	CHECK(count_of(cli_err, "--force is an option of assign") == 1, "%s", cli_err);
	CHECK(run_cli(NULL, &k.ops, "--force|--json|status", out, sizeof(out)) == 2);
	CHECK(count_of(cli_err, "--force is an option of assign") == 1, "%s", cli_err);
	CHECK(run_cli(NULL, &k.ops, "--save|status", out, sizeof(out)) == 2);
	CHECK(count_of(cli_err, "--save is an option of assign") == 1, "%s", cli_err);
	CHECK(run_cli(root, &k.ops, "--save|--force|release|--dry-run|00:03.0", out, sizeof(out)) == 2,
	      "assign's --force before release");
	CHECK(count_of(cli_err, "--force is an option of assign") == 1, "%s", cli_err);
	CHECK(run_cli(root, &k.ops, "--save|release|--dry-run|00:03.0", out, sizeof(out)) == 0, "%s", cli_err);
	CHECK(count_of(cli_err, "would save to /etc/pciback-early.conf (dry run)") == 1, "%s", cli_err);
	CHECK(run_cli(root, &k.ops, "--save|--dry-run|release|00:03.0", out, sizeof(out)) == 0, "%s", cli_err);
}
DEFINE_TEST(options_belong_to_one_command, "an option of another command is bad usage, before or after it");

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
