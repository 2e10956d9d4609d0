// SPDX-License-Identifier: GPL-2.0-or-later
/* test_options.c - options that come from somewhere else (issue 22): a
 * target driver's hide= and ids= on the command line are selections,
 * decided with the guards and named by where they came from, never passed
 * to the module.  On the basic fixture: 00:01.0 is the boot
 * VGA, 00:02.0 (8086:100e) carries the default route, 00:03.0 is its
 * unbound twin, 00:05.0 an HDA (8086:293e), 00:04.0 (1b36:000d) an xHCI
 * with a keyboard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fakekernel.h"
#include "harness.h"

/* vfio-pci.ids= and pci-stub.ids= on the command line are rd.pciback.ids:
 * never passed, so except and the guards hold; what parse_id does not
 * take (vfio_pci_fill_ids' subvendor-only and class fields, PCI_ANY_ID)
 * is logged and skipped */
static void command_line_ids_are_selections(void)
{
	const char *root = setup();

	CHECK(run_fixture(root, &k.ops, "rd.pciback.driver=vfio-pci vfio-pci.ids=8086:100e "
			  "pci_stub.ids=8086:10d3 vfio_pci.ids=8086:293e:ffffffff:ffffffff:040300:ffff00 "
			  "rd.pciback.except=00:03.0 vfio-pci.disable_vga=1", out, sizeof(out)) == 1);
	CHECK(count_of(k.loaded, "ids=") == 0, "%s", k.loaded);
	CHECK(count_of(k.loaded, "vfio-pci(disable_vga=1) ") == 1, "%s", k.loaded);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "", "except");
	CHECK_STR(driver_of(root, "0000:01:00.0"), "vfio-pci");
	CHECK_STR(driver_of(root, "0000:00:05.0"), "snd_hda_intel");
	CHECK(count_of(slurp(root, "/dev/kmsg"), "vfio_pci.ids: ignoring "
		       "'8086:293e:ffffffff:ffffffff:040300:ffff00': expected VVVV:DDDD") == 1,
	      "%s", slurp(root, "/dev/kmsg"));
}
DEFINE_TEST(command_line_ids_are_selections,
	    "vfio-pci.ids= and pci-stub.ids= are selections, never passed");

/* check names where each selection came from */
static void check_names_the_source(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--cmdline|rd.pciback.driver=vfio-pci pci-stub.ids=8086:293e|check",
		      out, sizeof(out)) == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "-> vfio-pci (selected by pci-stub.ids)") == 1, "%s", out);
}
DEFINE_TEST(check_names_the_source, "check names where a selection came from");
