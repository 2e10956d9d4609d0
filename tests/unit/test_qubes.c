// SPDX-License-Identifier: GPL-2.0-or-later
/* test_qubes.c - Qubes OS dom0's keys (src/core/qubes.c), read as
 * dracut/modules.d/90qubes-pciback/qubes-pciback.sh of
 * QubesOS/qubes-core-admin-linux (commit a571230c757abbe88af7122064e660b53e28e348)
 * and dracut's getarg/getargbool (dracut-ng src/util/util.c,
 * modules.d/80base/dracut-lib.sh) read them; on the basic fixture:
 *   00:02.0 e1000 (bound)  00:03.0 e1000 (free)  00:04.0 xhci 1b36:000d
 *   00:05.0/.1 audio  00:1c.0 bridge -> 01:00.0 e1000e  00:1f.2 SATA */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"
#include "qubes.h"

/* class 02 always, with any rd.qubes.* key; no rd.qubes.* key: nothing */
static void network_always(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.qubes.hide_pci=") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:01:00.0"), "pciback");
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd", "USB only with hide_all_usb");
	CHECK(count_of(kmsg(root), "USB in dom0 is not restricted") == 1, "%s", kmsg(root));
	/* each selected device says which of Qubes' rules took it */
	root = setup();
	CHECK(run_cli(root, &k.ops, "--dry-run|--kver|6.1.0-test|--cmdline|rd.qubes.hide_all_usb|apply",
		      out, sizeof(out)) == 0, "%s", cli_err);
	CHECK(count_of(out, "0000:00:03.0 [8086:100e] unbound: would seize for pciback (selected by "
		       "rd.qubes (network))") == 1, "%s", out);
	CHECK(count_of(out, "0000:00:04.0 [1b36:000d] xhci_hcd: would seize for pciback (selected by "
		       "rd.qubes.hide_all_usb)") == 1, "%s", out);
	root = setup();
	CHECK(run(root, "rd.qubes.dom0_usb=") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback", "rd.qubes.dom0_usb is a Qubes key");
	root = setup();
	CHECK(run(root, "quiet") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000", "no Qubes key, no Qubes");
	root = setup();
	CHECK(run(root, "usbcore.authorized_default=0") == 0);
	CHECK_STR(driver_of(root, "0000:00:02.0"), "e1000", "usbcore's key alone is no Qubes");
}
DEFINE_TEST(network_always, "every network controller with any rd.qubes key, nothing without");

/* getargbool: only 0, no and off are false; a bare key is on; the last wins */
static void hide_all_usb_is_getargbool(void)
{
	static const struct { const char *line, *driver; } cases[] = {
		{ "rd.qubes.hide_all_usb", "pciback" },
		{ "rd.qubes.hide_all_usb=1", "pciback" },
		{ "rd.qubes.hide_all_usb=false", "pciback" },
		{ "rd.qubes.hide_all_usb=", "pciback" },
		{ "rd.qubes.hide_all_usb=0", "xhci_hcd" },
		{ "rd.qubes.hide_all_usb=no", "xhci_hcd" },
		{ "rd.qubes.hide_all_usb=off", "xhci_hcd" },
		{ "rd.qubes.hide_all_usb=OFF", "pciback" },
		{ "rd.qubes.hide_all_usb=0 rd.qubes.hide_all_usb", "pciback" },
		{ "rd.qubes.hide_all_usb rd.qubes.hide_all_usb=no", "xhci_hcd" },
		{ "rd.qubes.hide-all-usb", "xhci_hcd" },   /* getarg: the exact name */
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *root = setup();
		char line[128];

		snprintf(line, sizeof(line), "rd.qubes.dom0_usb= %s", cases[i].line);
		CHECK(run(root, line) == 0, "%s", line);
		CHECK(strcmp(driver_of(root, "0000:00:04.0"), cases[i].driver) == 0, "%s", cases[i].line);
	}
}
DEFINE_TEST(hide_all_usb_is_getargbool, "rd.qubes.hide_all_usb as dracut's getargbool reads it");

/* the warning Qubes gives unless USB is hidden or usbcore.authorized_default
 * is off (getargbool, default 1) */
static void authorized_default(void)
{
	static const struct { const char *line; int warns; } cases[] = {
		{ "rd.qubes.hide_pci=", 1 },
		{ "rd.qubes.hide_pci= usbcore.authorized_default=0", 0 },
		{ "rd.qubes.hide_pci= usbcore.authorized_default=no", 0 },
		{ "rd.qubes.hide_pci= usbcore.authorized_default=-1", 1 },
		{ "rd.qubes.hide_pci= usbcore.authorized_default=0 usbcore.authorized_default=1", 1 },
		{ "rd.qubes.hide_all_usb", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *root = setup();

		CHECK(run(root, cases[i].line) == 0, "%s", cases[i].line);
		CHECK(count_of(kmsg(root), "USB in dom0 is not restricted") == cases[i].warns,
		      "%s: %s", cases[i].line, kmsg(root));
		CHECK(strcmp(driver_of(root, "0000:00:03.0"), "pciback") == 0, "%s", cases[i].line);
	}
}
DEFINE_TEST(authorized_default, "usbcore.authorized_default as Qubes reads it");

/* only the last rd.qubes.hide_pci counts; commas split; both address forms */
static void hide_pci_last_counts(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.qubes.hide_pci=00:05.0 rd.qubes.hide_pci=0000:00:05.1,,00:1f.2") == 0);
	CHECK_STR(slurp(root, "/run/pciback-early/state"),
		  "0000:00:02.0 8086:100e seized pciback\n"
		  "0000:00:03.0 8086:100e seized pciback\n"
		  "0000:00:05.1 8086:293f seized pciback\n"
		  "0000:00:1f.2 8086:2922 seized pciback\n"
		  "0000:01:00.0 8086:10d3 seized pciback\n");
	root = setup();
	CHECK(run(root, "rd.qubes.hide_pci=00:05.0 rd.qubes.hide_pci") == 0, "bare: empty");
	CHECK_STR(driver_of(root, "0000:00:05.0"), "snd_hda_intel");
}
DEFINE_TEST(hide_pci_last_counts, "rd.qubes.hide_pci: the last counts, both address forms");

/* uppercase hex (a bogus list) or a missing function: Qubes dies; here the
 * run fails and, Qubes' default, stops the boot */
static void bogus_hide_pci_stops_the_boot(void)
{
	static const char *const lines[] = {
		"rd.qubes.hide_pci=00:1F.2", "rd.qubes.hide_pci=00:1f", "rd.qubes.hide_pci=00_1f",
		"rd.qubes.hide_pci=0000:00:1f.02", "rd.qubes.hide_pci=0:00:1f.2",
		"rd.qubes.hide_pci=00:1f.2;", "rd.qubes.hide_pci=77_00.0-00_00.0",
	};
	size_t i;

	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *root = setup();

		CHECK(run(root, lines[i]) == 1, "%s", lines[i]);
		CHECK(slurp(root, "/run/pciback-early/halt")[0] != '\0', "%s: stops", lines[i]);
		CHECK(strcmp(driver_of(root, "0000:00:1f.2"), "ahci") == 0, "%s", lines[i]);
		CHECK(count_of(kmsg(root), "rd.qubes.hide_pci") >= 1, "%s: %s", lines[i], kmsg(root));
	}
	/* a well-formed address of no device: its bind fails, Qubes dies */
	{
		const char *root = setup();

		CHECK(run(root, "rd.qubes.hide_pci=00:1e.0") == 1);
		CHECK(slurp(root, "/run/pciback-early/halt")[0] != '\0');
	}
}
DEFINE_TEST(bogus_hide_pci_stops_the_boot, "uppercase hex or a missing function stops the boot");

/* rd.qubes.dom0_usb keeps devices in dom0; a bogus one is dropped whole */
static void dom0_usb(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.qubes.hide_all_usb rd.qubes.dom0_usb=00:04.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd");
	CHECK(count_of(kmsg(root), "0000:00:04.0 [1b36:000d]: left alone: listed in rd.qubes.dom0_usb") == 1,
	      "%s", kmsg(root));
	root = setup();
	CHECK(run(root, "rd.qubes.hide_all_usb rd.qubes.dom0_usb=00:04.0,00:1F.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "pciback", "bogus: every USB controller hidden");
	CHECK(count_of(kmsg(root), "rd.qubes.dom0_usb: cannot read '00:04.0,00:1F.0'") == 1,
	      "%s", kmsg(root));
	/* Qubes skips a device dom0_usb names before it binds: one that is
	 * not there is no failure then */
	root = setup();
	CHECK(run(root, "rd.qubes.hide_pci=00:1e.0 rd.qubes.dom0_usb=00:1e.0") == 0);
	CHECK_STR(slurp(root, "/run/pciback-early/halt"), "");
	CHECK(count_of(slurp(root, "/run/pciback-early/state"), "00:1e.0") == 0,
	      "%s", slurp(root, "/run/pciback-early/state"));
	/* an entry that names nothing is no match, the others still count */
	root = setup();
	CHECK(run(root, "rd.qubes.hide_all_usb rd.qubes.dom0_usb=00:1f,0000:00:04.0") == 0);
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd");
}
DEFINE_TEST(dom0_usb, "rd.qubes.dom0_usb keeps devices; a bogus value is dropped whole");

/* path ids: each later bus is a hex offset added to the bridge's
 * secondary_bus_number, which sysfs prints in decimal */
static void path_ids(void)
{
	const char *root = setup();
	struct ctx c = { .root = root, .sink = SINK_NONE };
	struct pci_addr a;
	char cmd[512];

	spit(root, "/sys/bus/pci/devices/0000:00:1c.0/secondary_bus_number", "16\n");
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/bus/pci/devices/0000:1a:00.0'", root);
	CHECK(system(cmd) == 0);
	spit(root, "/sys/bus/pci/devices/0000:1a:00.0/secondary_bus_number", "40\n");
	CHECK(qubes_resolve(&c, "00_1c.0-0a_00.0", &a) == 0);
	CHECK(a.domain == 0 && a.bus == 0x1a && a.dev == 0 && a.fn == 0, "16 + 0x0a = 0x1a");
	CHECK(qubes_resolve(&c, "0000_00_1c.0-0a_00.0-11_1f.7", &a) == 0);
	CHECK(a.bus == 0x39 && a.dev == 0x1f && a.fn == 7, "40 + 0x11 = 0x39, got %x", a.bus);
	CHECK(qubes_resolve(&c, "00_1c.0-00_03.1", &a) == 0 && a.bus == 0x10 && a.dev == 3);
	CHECK(qubes_resolve(&c, "0001_02_03.4", &a) == 0 && a.domain == 1 && a.bus == 2);
	CHECK(qubes_resolve(&c, "00_1c.0-f0_00.0", &a) < 0, "16 + 0xf0 is past bus ff");
	CHECK(qubes_resolve(&c, "00_1d.0-00_00.0", &a) < 0, "no such bridge");
	CHECK(qubes_resolve(&c, "00_1c.0-0a_0.0", &a) < 0, "not sysfs's spelling");
	CHECK(qubes_resolve(&c, "00:1c.0", &a) == 0 && a.bus == 0 && a.dev == 0x1c);
	/* resolve_dev turns every '_' of an element into ':', so the first
	 * may be spelled with ':' (only a later '_' makes it a path id) */
	CHECK(qubes_resolve(&c, "00:1c.0-0a_00.0", &a) == 0 && a.bus == 0x1a, "BB:DD.F first");
	CHECK(qubes_resolve(&c, "0000_00:1c.0-0a_00.0", &a) == 0 && a.bus == 0x1a, "SSSS_BB:DD.F");
	CHECK(qubes_resolve(&c, "0000:00:1c.0-0a_00.0", &a) < 0, "0000:0000:00:1c.0 is no device");
	/* an offset is bash arithmetic on 0x$bus: leading zeros, any number */
	CHECK(qubes_resolve(&c, "00_1c.0-00000000000a_00.0", &a) == 0 && a.bus == 0x1a);
	CHECK(qubes_resolve(&c, "00_1c.0-_00.0", &a) < 0, "0x: no number");
	CHECK(qubes_resolve(&c, "00_1c.0-0a", &a) < 0, "no '_': no device");
	/* bash adds without wrapping: 2 + 4294967295 is no bus */
	spit(root, "/sys/bus/pci/devices/0000:1a:00.0/secondary_bus_number", "4294967295\n");
	CHECK(qubes_resolve(&c, "00_1c.0-0a_00.0-02_00.0", &a) < 0, "a bus number that wraps");
	spit(root, "/sys/bus/pci/devices/0000:1a:00.0/secondary_bus_number", "40\n");
	/* a deep chain: every hop a bridge whose secondary bus is the next */
	{
		char path[256] = "30_00.0";
		int bus;

		for (bus = 0x30; bus < 0x3f; bus++) {
			char attr[64], dec[8];

			snprintf(cmd, sizeof(cmd), "mkdir -p '%s/sys/bus/pci/devices/0000:%02x:00.0'",
				 root, bus);
			CHECK(system(cmd) == 0);
			snprintf(attr, sizeof(attr), "/sys/bus/pci/devices/0000:%02x:00.0/secondary_bus_number",
				 bus);
			snprintf(dec, sizeof(dec), "%d\n", bus + 1);
			spit(root, attr, dec);
			strcat(path, "-00_00.0");
		}
		CHECK(strlen(path) > 100);
		CHECK(qubes_resolve(&c, path, &a) == 0 && a.bus == 0x3f, "%s", path);
	}
	/* the fixture: 00:1c.0's secondary bus is 1 */
	root = setup();
	spit(root, "/sys/bus/pci/devices/0000:00:1c.0/secondary_bus_number", "1\n");
	CHECK(run(root, "rd.qubes.dom0_usb=00_1c.0-00_00.0") == 0);
	CHECK_STR(driver_of(root, "0000:01:00.0"), "e1000e", "kept by its path id");
	CHECK_STR(driver_of(root, "0000:00:02.0"), "pciback");
}
DEFINE_TEST(path_ids, "path ids: hex offsets on decimal secondary bus numbers");

/* guards apply; a network controller a guard keeps is a failure (Qubes'
 * promise), a keyboard's controller is kept with the dom0_usb hint */
static void guards_in_qubes_mode(void)
{
	const char *root = setup_planned();

	CHECK(run(root, "rd.qubes.hide_all_usb") == 1);
	CHECK(count_of(kmsg(root), "rd.qubes.dom0_usb") == 1, "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:00:04.0"), "xhci_hcd", "keyboard");
	CHECK(count_of(slurp(root, "/run/pciback-early/state"), "0000:00:02.0 8086:100e failed:default-route") == 1,
	      "%s", slurp(root, "/run/pciback-early/state"));
	CHECK(slurp(root, "/run/pciback-early/halt")[0] != '\0', "Qubes' fail-closed promise");
}
DEFINE_TEST(guards_in_qubes_mode, "guards: a kept NIC fails and stops the boot, a keyboard's hint");

/* on_error: halt by default with Qubes' keys; rd.pciback.on_error decides */
static void on_error_default(void)
{
	const char *root = setup();

	CHECK(run(root, "rd.qubes.hide_pci=00:1e.0 rd.pciback.on_error=continue") == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/halt"), "", "continue said");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	root = setup();
	CHECK(run(root, "rd.qubes.hide_pci=00:1e.0") == 1);
	CHECK(count_of(slurp(root, "/run/pciback-early/halt"), "00:1e.0") == 1,
	      "%s", slurp(root, "/run/pciback-early/halt"));
	CHECK(count_of(slurp(root, "/run/pciback-early/halt"), "rd.qubes") == 1,
	      "says why: %s", slurp(root, "/run/pciback-early/halt"));
	/* a bad value sets nothing: the default holds, as in hook-lib */
	root = setup();
	CHECK(run(root, "rd.qubes.hide_pci=00:1e.0 rd.pciback.on_error=HALT") == 1);
	CHECK(slurp(root, "/run/pciback-early/halt")[0] != '\0');
	root = setup();
	CHECK(run(root, "rd.pciback.slots=00:1e.0") == 1);
	CHECK_STR(slurp(root, "/run/pciback-early/halt"), "", "not Qubes: continue");
}
DEFINE_TEST(on_error_default, "Qubes' keys make on_error=halt the default");
