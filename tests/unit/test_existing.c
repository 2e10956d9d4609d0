// SPDX-License-Identifier: GPL-2.0-or-later
/* test_existing.c - other tools' configurations (issue 26): `check` finds
 * each on the host and says per device what it does now and what
 * pciback-early would do, a conflict is an error with its file and line
 * and a non-zero exit; `import` prints one slot per device with its IDs,
 * identical twins only where the old line took them, and the old lines
 * that can go.  On the basic fixture: 00:01.0 is the boot VGA, 00:02.0
 * (8086:100e) carries the default route, 00:03.0 is its unbound twin,
 * 00:04.0 (1b36:000d) an xHCI with a keyboard, 00:05.0 (8086:293e) and
 * 00:05.1 (8086:293f) audio, 00:1f.2 the root disk's AHCI, 01:00.0
 * (8086:10d3) an e1000e. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

/* `COMMAND --cmdline CMDLINE` on root, stdout in out */
static int cmd(const char *root, const char *command, const char *cmdline)
{
	char args[1024];

	snprintf(args, sizeof(args), "--kver|6.1.0-test|--cmdline|%s|%s", cmdline, command);
	return run_cli(root, &k.ops, args, out, sizeof(out));
}

static const char *with_dirs(void)
{
	const char *root = setup();

	sh_in(root, "%s", "mkdir -p \"$R/etc/modprobe.d\" \"$R/etc/driverctl.d\" \"$R/boot/config\"");
	return root;
}

/* the first example: an ids= with no device here is explained,
 * not just "no device selected"; import keeps it as an ids line, commented */
static void cmdline_ids_without_a_device_are_explained(void)
{
	const char *root = setup();

	CHECK(cmd(root, "check", "vfio-pci.ids=1af4:1044") == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "kernel command line: vfio-pci.ids=1af4:1044\n    vfio-pci takes every "
		       "device with these IDs when it loads, identical twins too; pciback-early "
		       "reads it as a selection too\n    it binds no device here\n") == 1, "%s", out);
	CHECK(count_of(cli_err, "vfio-pci.ids=1af4:1044: pciback-early hands its devices to "
		       "xen-pciback, not vfio-pci: set driver = vfio-pci") == 1, "%s", cli_err);
	CHECK(cmd(root, "import", "vfio-pci.ids=1af4:1044") == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "driver = vfio-pci\n# kernel command line: vfio-pci.ids=1af4:1044\n"
		       "#   no device with these IDs here; to take them all, as it does:\n"
		       "# ids = 1af4:1044\n") == 1, "%s", out);
	CHECK(k.writes == 0, "check and import write nothing");
}
DEFINE_TEST(cmdline_ids_without_a_device_are_explained,
	    "check explains a vfio-pci.ids= that matches no device; import keeps it");

/* vfio-pci.ids= takes both twins, one of them the default-route NIC: an
 * error naming the line, exit 1; import takes the free twin, comments out
 * the guarded one and says both are twins */
static void cmdline_ids_on_a_guarded_twin_is_a_conflict(void)
{
	static const char line[] = "rd.pciback.driver=vfio-pci vfio-pci.ids=8086:100e";
	const char *root = setup();

	CHECK(cmd(root, "check", line) == 1, "%s%s", out, cli_err);
	CHECK(count_of(out, "    0000:00:02.0 [8086:100e] now: vfio-pci; pciback-early: left alone: "
		       "default-route\n    0000:00:03.0 [8086:100e] now: vfio-pci; pciback-early: "
		       "-> vfio-pci\n    it takes identical twins here: 0000:00:02.0 0000:00:03.0 "
		       "(8086:100e)\n") == 1, "%s", out);
	CHECK(count_of(cli_err, "kernel command line: vfio-pci.ids=8086:100e hands 0000:00:02.0 "
		       "[8086:100e] to vfio-pci, but a lockout guard keeps it (default-route)") == 1,
	      "%s", cli_err);
	CHECK(count_of(cli_err, "not vfio-pci") == 0, "the configured driver is the line's");
	CHECK(count_of(out, "1 error(s)") == 1, "%s", out);

	CHECK(cmd(root, "import", line) == 1, "%s%s", out, cli_err);
	CHECK(count_of(out, "# slots = 0000:00:02.0@8086:100e   (left alone: default-route; the "
		       "old line takes it)\n# 0000:00:02.0 and 0000:00:03.0 are identical twins "
		       "(8086:100e): both taken, as the line takes both") == 1, "%s", out);
	CHECK(count_of(out, "\nslots = 0000:00:03.0@8086:100e\n") == 1, "%s", out);
	CHECK(count_of(out, "\nslots = ") == 1, "%s", out);
	CHECK(count_of(out, "can go (pciback-early never edits them):\n"
		       "#   kernel command line: vfio-pci.ids=8086:100e\n") == 1, "%s", out);
}
DEFINE_TEST(cmdline_ids_on_a_guarded_twin_is_a_conflict,
	    "an ids= that takes a guarded twin is an error; import takes the other twin");

/* the Proxmox recipe: options vfio-pci ids= and a softdep, each found
 * with its file and line, imported, both listed as removable */
static void modprobe_d_ids_and_softdep_are_imported(void)
{
	const char *root = with_dirs();

	spit(root, "/etc/modprobe.d/vfio.conf", "# passthrough\noptions vfio-pci ids=8086:10d3,"
	     "8086:293e disable_vga=1\nsoftdep e1000e pre: vfio-pci\nsoftdep e1000 pre: ahci\n");
	CHECK(cmd(root, "check", "rd.pciback.driver=vfio-pci") == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "/etc/modprobe.d/vfio.conf:2: options vfio_pci ids=8086:10d3,8086:293e\n"
		       "    vfio-pci takes every device with these IDs") == 1, "%s", out);
	CHECK(count_of(out, "    0000:00:05.0 [8086:293e] now: vfio-pci; pciback-early: -> vfio-pci\n"
		       "    0000:01:00.0 [8086:10d3] now: vfio-pci; pciback-early: -> vfio-pci\n") == 1,
	      "%s", out);
	CHECK(count_of(out, "/etc/modprobe.d/vfio.conf:3: softdep e1000e pre: vfio-pci\n    vfio-pci "
		       "loads before e1000e, so that its ids= take the devices first\n") == 1, "%s", out);
	CHECK(count_of(out, "pre: ahci") == 0, "a softdep to no target is not theirs");

	CHECK(cmd(root, "import", "quiet") == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "driver = vfio-pci\n") == 1, "%s", out);
	CHECK(count_of(out, "\nslots = 0000:00:05.0@8086:293e\nslots = 0000:01:00.0@8086:10d3\n") == 1,
	      "%s", out);
	CHECK(count_of(out, "#   /etc/modprobe.d/vfio.conf:2: options vfio_pci ids=8086:10d3,8086:293e\n"
		       "#   /etc/modprobe.d/vfio.conf:3: softdep e1000e pre: vfio-pci\n") == 1, "%s", out);
	CHECK(count_of(out, "twin") == 0, "no twins here: %s", out);
}
DEFINE_TEST(modprobe_d_ids_and_softdep_are_imported,
	    "modprobe.d's ids= and softdep are found, explained and imported");

/* the Xen wiki recipes: hide= in modprobe.d and an install line that
 * binds an address; hide= of the root disk's controller is a conflict */
static void modprobe_d_hide_and_install_are_imported(void)
{
	const char *root = with_dirs();

	spit(root, "/etc/modprobe.d/xen.conf", "options xen-pciback hide=(0000:01:00.0)(00:1f.2)\n"
	     "install snd_hda_intel /sbin/modprobe xen-pciback; echo 0000:00:05.0 > "
	     "/sys/bus/pci/drivers/pciback/new_slot; /sbin/modprobe --ignore-install snd_hda_intel\n"
	     "install e1000 /sbin/modprobe pci-stub\n"
	     "install xen-pciback /usr/local/sbin/hide-nics; modprobe --ignore-install xen-pciback\n"
	     "softdep xen-pciback pre: pci-stub\n");
	CHECK(cmd(root, "check", "quiet") == 1, "%s%s", out, cli_err);
	CHECK(count_of(out, "/etc/modprobe.d/xen.conf:1: options xen_pciback "
		       "hide=(0000:01:00.0)(00:1f.2)\n    xen-pciback holds these addresses") == 1,
	      "%s", out);
	CHECK(count_of(cli_err, "/etc/modprobe.d/xen.conf:1: options xen_pciback hide=(0000:01:00.0)"
		       "(00:1f.2) hands 0000:00:1f.2 [8086:2922] to pciback, but a lockout guard "
		       "keeps it (root-storage)") == 1, "%s", cli_err);
	CHECK(count_of(out, "    loading snd_hda_intel runs this recipe, which loads xen-pciback and "
		       "binds the addresses in it\n    0000:00:05.0 [8086:293e] now: pciback; "
		       "pciback-early: -> pciback\n") == 1, "%s", out);
	CHECK(count_of(out, "install e1000 /sbin/modprobe pci-stub\n    loading e1000 runs this "
		       "recipe, which loads pci-stub; which devices it binds cannot be read") == 1,
	      "%s", out);

	CHECK(count_of(out, "/etc/modprobe.d/xen.conf:4: install xen_pciback /usr/local/sbin/hide-nics; "
		       "modprobe --ignore-install xen-pciback\n    loading xen_pciback runs this "
		       "recipe instead; which devices it binds cannot be read") == 1, "%s", out);
	CHECK(count_of(out, "softdep xen_pciback") == 0, "a target's own softdep: %s", out);

	CHECK(cmd(root, "import", "quiet") == 1, "%s%s", out, cli_err);
	CHECK(count_of(out, "driver = xen-pciback\n") == 1, "%s", out);
	CHECK(count_of(out, "#   it names no address: put the devices it binds in slots by hand\n")
	      == 1, "%s", out);
	CHECK(count_of(out, "modprobe --ignore-install xen-pciback   (once its devices are in slots)\n")
	      == 1, "%s", out);
	CHECK(count_of(out, "\n# slots = 0000:00:1f.2@8086:2922   (left alone: root-storage; the old "
		       "line takes it)\nslots = 0000:01:00.0@8086:10d3\n") == 1, "%s", out);
	CHECK(count_of(out, "\nslots = 0000:00:05.0@8086:293e\n") == 1, "%s", out);
	CHECK(count_of(out, "#   not imported: it binds to pci-stub, and pciback-early to one "
		       "driver, xen-pciback\n") == 1, "%s", out);
}
DEFINE_TEST(modprobe_d_hide_and_install_are_imported,
	    "modprobe.d's hide= and install recipes are found, explained and imported");

/* driverctl: an override to vfio-pci is imported with its IDs; one to
 * another driver on a device the configuration selects is an error with
 * the file; one on a device nobody selects is only explained */
static void driverctl_overrides(void)
{
	const char *root = with_dirs();

	spit(root, "/etc/driverctl.d/pci-0000:00:05.1", "vfio-pci\n");
	spit(root, "/etc/driverctl.d/pci-0000:01:00.0", "nouveau\n");
	spit(root, "/etc/driverctl.d/pci-0000:00:03.0", "");
	CHECK(cmd(root, "check", "rd.pciback.driver=vfio-pci") == 3, "%s%s", out, cli_err);
	CHECK(count_of(out, "/etc/driverctl.d/pci-0000:00:05.1:1: vfio-pci\n    driverctl's udev rule "
		       "hands the device to vfio-pci after the boot\n    0000:00:05.1 [8086:293f] now: "
		       "vfio-pci; pciback-early: -> vfio-pci\n") == 1, "%s", out);
	CHECK(count_of(out, "    0000:01:00.0 [8086:10d3] now: nouveau; pciback-early: not selected\n")
	      == 1, "%s", out);
	CHECK(count_of(out, "pci-0000:00:03.0") == 0, "an empty file is no override (load-override)");

	CHECK(cmd(root, "check", "rd.pciback.driver=vfio-pci rd.pciback.slots=01:00.0") == 1, "%s", out);
	CHECK(count_of(cli_err, "/etc/driverctl.d/pci-0000:01:00.0:1: driverctl overrides 0000:01:00.0 "
		       "to nouveau, but the configuration selects it for vfio-pci") == 1, "%s", cli_err);

	CHECK(cmd(root, "import", "rd.pciback.driver=vfio-pci") == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "\nslots = 0000:00:05.1@8086:293f\n") == 1, "%s", out);
	CHECK(count_of(out, "# /etc/driverctl.d/pci-0000:01:00.0:1: nouveau\n#   not imported: it "
		       "binds to nouveau") == 1, "%s", out);
	CHECK(count_of(out, "#   /etc/driverctl.d/pci-0000:00:05.1:1: vfio-pci\n") == 1, "%s", out);
	CHECK(count_of(out, "#   /etc/driverctl.d/pci-0000:01:00.0") == 0, "not ours to remove");
}
DEFINE_TEST(driverctl_overrides,
	    "driverctl overrides are imported; one against a selection is an error");

/* Unraid: BIND= entries by address, with IDs checked; a twin the line
 * leaves out is said to be left out; IDs alone that two devices have
 * bind nothing (vfio-pci-bind refuses) */
static void unraid_bind(void)
{
	const char *root = with_dirs();

	spit(root, "/boot/config/vfio-pci.cfg", "BIND=00:03.0|8086:100e 0000:00:05.0|8086:1111 "
	     "8086:10d3 8086:100e\n");
	CHECK(cmd(root, "check", "rd.pciback.driver=vfio-pci") == 3, "%s%s", out, cli_err);
	CHECK(count_of(out, "/boot/config/vfio-pci.cfg:1: BIND=00:03.0|8086:100e 0000:00:05.0|8086:1111 "
		       "8086:10d3 8086:100e\n    Unraid's vfio-pci script binds these addresses to "
		       "vfio-pci at boot") == 1, "%s", out);
	CHECK(count_of(out, "    1 of its entries bind nothing here") == 1, "%s", out);
	CHECK(count_of(out, "    0000:00:03.0 [8086:100e] now: vfio-pci; pciback-early: -> vfio-pci\n")
	      == 1, "%s", out);
	CHECK(count_of(out, "    0000:00:05.0  not bound: its IDs are not the line's\n") == 1, "%s", out);
	CHECK(count_of(out, "    0000:01:00.0 [8086:10d3] now: vfio-pci") == 1, "%s", out);

	CHECK(cmd(root, "import", "quiet") == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "\nslots = 0000:00:03.0@8086:100e\n# 0000:00:02.0 is an identical twin of "
		       "0000:00:03.0 (8086:100e): left out, as the line leaves it\n") == 1, "%s", out);
	CHECK(count_of(out, "\nslots = 0000:01:00.0@8086:10d3\n") == 1, "%s", out);
	CHECK(count_of(out, "slots = 0000:00:05.0") == 0, "%s", out);
	CHECK(count_of(out, "#   /boot/config/vfio-pci.cfg:1: BIND=00:03.0|8086:100e 0000:00:05.0|"
		       "8086:1111 8086:10d3 8086:100e   (once its entries not imported are in the conf "
		       "by hand)\n") == 1, "an old line is gone only when all of it is moved: %s", out);
}
DEFINE_TEST(unraid_bind, "Unraid's BIND= is found, explained and imported, twins left out");

/* the kernel command line's hide= of the boot VGA: a conflict, and a
 * host with nothing of the kind says so */
static void cmdline_hide_and_nothing_to_import(void)
{
	const char *root = setup();

	CHECK(cmd(root, "check", "xen-pciback.hide=(0000:00:01.0)") == 1, "%s%s", out, cli_err);
	CHECK(count_of(cli_err, "kernel command line: xen-pciback.hide=(0000:00:01.0) hands "
		       "0000:00:01.0 [1234:1111] to pciback, but a lockout guard keeps it "
		       "(boot-vga)") == 1, "%s", cli_err);
	CHECK(cmd(root, "import", "quiet") == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "# nothing to import") == 1, "%s", out);
	CHECK(cmd(root, "check", "quiet") == 3, "%s%s", out, cli_err);
	CHECK(count_of(out, "other tools") == 0, "%s", out);
}
DEFINE_TEST(cmdline_hide_and_nothing_to_import,
	    "a hide= of a guarded device is an error; nothing found, nothing said");

/* a host shape of tests/fixtures/hosts, built beside a fresh fixture copy,
 * with the fake kernel on it */
static const char *shape(const char *name)
{
	static char root[4096];
	char cmd[8300];

	snprintf(root, sizeof(root), "%s.%s", fixture("basic"), name);
	snprintf(cmd, sizeof(cmd), "sh tests/fixtures/hosts/%s.sh '%s' && mkdir -p '%s/etc/modprobe.d' "
		 "'%s/boot/config'", name, root, root, root);
	CHECK(system(cmd) == 0, "%s", cmd);
	memset(&k, 0, sizeof(k));
	fake_kernel_init(&k, root);
	return root;
}

/* the Proxmox shape (tests/fixtures/hosts/proxmox.sh): the GPU and its
 * audio function by the VFIO guides' recipe, IOMMU group 14 whole; the
 * two I210s (8086:1533) are twins, eno1 under vmbr0's default route:
 * Unraid's BIND= of the other one imports it alone and says the twin is
 * left out, vfio-pci.ids=8086:1533 takes eno1 too and is an error */
static void proxmox_recipes(void)
{
	const char *root = shape("proxmox");

	spit(root, "/etc/modprobe.d/vfio.conf", "options vfio-pci ids=10de:1b80,10de:10f0\n"
	     "softdep nouveau pre: vfio-pci\nsoftdep snd_hda_intel pre: vfio-pci\n");
	CHECK(cmd(root, "check", "quiet amd_iommu=on rd.pciback.driver=vfio-pci") == 0, "%s%s",
	      out, cli_err);
	CHECK(count_of(out, "    0000:01:00.0 [10de:1b80] now: vfio-pci; pciback-early: -> vfio-pci\n"
		       "    0000:01:00.1 [10de:10f0] now: vfio-pci; pciback-early: -> vfio-pci\n") == 1,
	      "%s", out);
	CHECK(cmd(root, "import", "quiet amd_iommu=on") == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "driver = vfio-pci\n# /etc/modprobe.d/vfio.conf:1: options vfio_pci "
		       "ids=10de:1b80,10de:10f0\nslots = 0000:01:00.0@10de:1b80\n"
		       "slots = 0000:01:00.1@10de:10f0\n") == 1, "%s", out);
	CHECK(count_of(out, "#   /etc/modprobe.d/vfio.conf:3: softdep snd_hda_intel pre: vfio-pci\n")
	      == 1, "%s", out);

	spit(root, "/boot/config/vfio-pci.cfg", "BIND=07:00.0|8086:1533\n");
	CHECK(cmd(root, "import", "quiet") == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "# /boot/config/vfio-pci.cfg:1: BIND=07:00.0|8086:1533\nslots = "
		       "0000:07:00.0@8086:1533\n# 0000:06:00.0 is an identical twin of 0000:07:00.0 "
		       "(8086:1533): left out, as the line leaves it\n") == 1, "%s", out);

	CHECK(cmd(root, "check", "quiet vfio-pci.ids=8086:1533 rd.pciback.driver=vfio-pci") == 1,
	      "%s%s", out, cli_err);
	CHECK(count_of(cli_err, "kernel command line: vfio-pci.ids=8086:1533 hands 0000:06:00.0 "
		       "[8086:1533] to vfio-pci, but a lockout guard keeps it (default-route)") == 1,
	      "%s", cli_err);
	CHECK(count_of(out, "    0000:07:00.0 [8086:1533] now: vfio-pci; pciback-early: -> vfio-pci\n")
	      == 2, "the BIND= line and the ids= line: %s", out);
}
DEFINE_TEST(proxmox_recipes,
	    "on the Proxmox shape: the VFIO guides' recipe, Unraid's BIND=, a twin");

/* Qubes OS dom0's keys on the command line: check explains what
 * 90qubes-pciback hides with them (every NIC, the xHCI with
 * hide_all_usb, hide_pci's device) and that pciback-early reads them
 * itself; the default-route NIC Qubes would hide is a conflict; import
 * keeps the keys where they are */
static void qubes_keys_are_explained_not_imported(void)
{
	static const char line[] = "rd.qubes.hide_all_usb rd.qubes.hide_pci=00:05.0 quiet";
	const char *root = setup();

	CHECK(cmd(root, "check", line) == 1, "%s%s", out, cli_err);
	CHECK(count_of(out, "kernel command line: rd.qubes.hide_all_usb rd.qubes.hide_pci=00:05.0\n"
		       "    Qubes OS dom0's 90qubes-pciback hides every network controller from dom0 "
		       "at boot, the USB controllers too with rd.qubes.hide_all_usb, and the devices "
		       "of rd.qubes.hide_pci, but not those of rd.qubes.dom0_usb; pciback-early reads "
		       "these keys too, with Qubes' meanings (a drop-in for 90qubes-pciback)\n") == 1,
	      "%s", out);
	CHECK(count_of(out, "    0000:00:05.0 [8086:293e] now: pciback; pciback-early: -> pciback\n")
	      == 1, "%s", out);
	CHECK(count_of(out, "    0000:01:00.0 [8086:10d3] now: pciback; pciback-early: -> pciback\n")
	      == 1, "%s", out);
	CHECK(count_of(out, "    0000:00:05.1 ") == 0, "hide_pci names one function: %s", out);
	CHECK(count_of(cli_err, "kernel command line: rd.qubes.hide_all_usb "
		       "rd.qubes.hide_pci=00:05.0 hands 0000:00:02.0 [8086:100e] to pciback, but a "
		       "lockout guard keeps it (default-route)") == 1, "%s", cli_err);
	CHECK(count_of(cli_err, "0000:00:04.0 [1b36:000d] to pciback, but a lockout guard keeps "
		       "it (keyboard)") == 1, "%s", cli_err);

	CHECK(cmd(root, "import", line) == 0, "%s%s", out, cli_err);
	CHECK(count_of(out, "#   pciback-early reads these keys itself, with Qubes' meanings: keep "
		       "them on the kernel command line; nothing to import\n") == 1, "%s", out);
	CHECK(count_of(out, "slots =") == 0, "%s", out);
	CHECK(count_of(out, "can go") == 0, "%s", out);
	CHECK(k.writes == 0, "check and import write nothing");
}
DEFINE_TEST(qubes_keys_are_explained_not_imported,
	    "check explains Qubes' rd.qubes.* keys; import keeps them on the command line");
