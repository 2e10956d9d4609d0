/*
 * cli.c - options and commands of pciback-early.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "apply.h"
#include "cli.h"
#include "log.h"
#include "state.h"
#ifdef HOST_TOOLS
#include "host.h"
#endif

#ifndef VERSION
#define VERSION "0.1"
#endif

static const char usage[] =
#ifdef HOST_TOOLS
	"Usage: pciback-early [OPTIONS] [apply|status|plan|check|assign SEL...|release SEL...]\n"
#else
	"Usage: pciback-early [OPTIONS] [apply|status]\n"
#endif
	"\n"
	"Hand the PCI devices selected by rd.pciback.* on the kernel command line\n"
	"and /etc/pciback-early.conf to xen-pciback (or vfio-pci, pci-stub) before\n"
	"any native driver takes them.  See pciback-early(8).\n"
	"\n"
	"Commands:\n"
	"  apply           select and seize the devices (default)\n"
#ifdef HOST_TOOLS
	"  status          table of PCI devices: driver, override, configuration, boot outcome\n"
	"  plan            resolve modules (libkmod), options and guards for the initramfs\n"
	"  check           what the configuration would do on this host, with warnings\n"
	"  assign SEL...   seize these devices now\n"
	"  release SEL...  give these devices back to their native drivers\n"
#else
	"  status          print the state the last run recorded\n"
#endif
	"\n"
	"Options:\n"
	"  --root DIR      prefix every path (sysfs, /proc, /etc, /run, /lib/modules)\n"
	"  --cmdline STR   use STR instead of /proc/cmdline\n"
	"  --kver KVER     kernel release for /lib/modules (default: uname -r)\n"
	"  --dry-run       print every decision, write nothing\n"
	"  --debug         verbose log (as rd.pciback.debug=1)\n"
#ifdef HOST_TOOLS
	"  --kmoddir DIR   plan: modules directory (default ROOT/lib/modules/KVER)\n"
	"  -o, --output F  plan: write the plan to F (default stdout)\n"
	"  --json          status: JSON instead of a table\n"
	"  --force         assign: skip the lockout guards\n"
#endif
	"  --help          this text\n"
	"  --version       the version\n"
	"\n"
	"Exit status: 0 every selected device seized (or nothing to do),\n"
	"1 some could not be seized or a setting was bad, 2 bad usage.\n";

int pciback_main(int argc, char **argv, const struct kernel_ops *ops)
{
	static const struct option options[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "kver", required_argument, NULL, 'k' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
#ifdef HOST_TOOLS
		{ "kmoddir", required_argument, NULL, 'K' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct host_opts ho = { NULL, NULL, NULL, 0, 0 };
#else
		{ NULL, 0, NULL, 0 },
	};
#endif
	struct ctx c = { "", NULL, false, false, ops, SINK_KMSG };
	const char *cmdline = NULL, *command = "apply";
	int opt;

#ifdef __GLIBC__
	optind = 0;     /* full reset: tests call this more than once */
#else
	optind = 1;
#endif
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		switch (opt) {
		case 'r':
			c.root = optarg;
			break;
		case 'c':
			cmdline = optarg;
			break;
		case 'k':
			c.kver = optarg;
			break;
		case 'n':
			c.dry_run = true;
			c.sink = SINK_STDOUT;
			break;
		case 'd':
			c.debug = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return EXIT_OK;
		case 'V':
			puts("pciback-early " VERSION);
			return EXIT_OK;
#ifdef HOST_TOOLS
		case 'K':
			ho.kmoddir = optarg;
			break;
		case 'o':
			ho.output = optarg;
			break;
		case 'j':
			ho.json = 1;
			break;
		case 'f':
			ho.force = 1;
			break;
#endif
		default:
			fprintf(stderr, "pciback-early: unknown or incomplete option '%s'\n%s",
				argv[optind - 1], usage);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		command = argv[optind++];
#ifdef HOST_TOOLS
	ho.cmdline = cmdline;
	if (strcmp(command, "assign") == 0 || strcmp(command, "release") == 0) {
		if (optind == argc) {
			fprintf(stderr, "pciback-early: %s needs at least one device selector\n", command);
			return EXIT_USAGE;
		}
		return command[0] == 'a' ? cmd_assign(&c, &ho, argv + optind, argc - optind)
					 : cmd_release(&c, &ho, argv + optind, argc - optind);
	}
#endif
	if (optind < argc) {
		fprintf(stderr, "pciback-early: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	if (strcmp(command, "apply") == 0)
		return apply(&c, cmdline);
#ifdef HOST_TOOLS
	if (strcmp(command, "plan") == 0)
		return cmd_plan(&c, &ho);
	if (strcmp(command, "check") == 0)
		return cmd_check(&c, &ho);
	if (strcmp(command, "status") == 0)
		return cmd_status_table(&c, &ho);
#else
	if (strcmp(command, "status") == 0) {
		int r = state_print(&c, stdout);

		if (r < 0) {
			fprintf(stderr, "pciback-early: no state in %s%s/state: %s\n",
				c.root, STATE_DIR, errno_name(r));
			return EXIT_FAILED;
		}
		return EXIT_OK;
	}
#endif
	fprintf(stderr, "pciback-early: unknown command '%s'\n%s", command, usage);
	return EXIT_USAGE;
}
