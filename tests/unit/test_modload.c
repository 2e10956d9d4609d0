// SPDX-License-Identifier: GPL-2.0-or-later
/* test_modload.c - loading modules without a plan or with one (modload.c)
 * on the basic fixture with the fake kernel. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"
#include "log.h"

#define MODDIR "/lib/modules/6.1.0-test"

/* no silent cap: a module with 40 dependencies loads all 40, in order */
static void forty_dependencies(void)
{
	const char *root = setup();
	char dep[8192], want[4096];
	size_t dl, wl = 0;
	int i;

	dl = (size_t)snprintf(dep, sizeof(dep), "kernel/drivers/xen/xen-pciback/xen-pciback.ko:");
	for (i = 39; i >= 0; i--) {
		char rel[128];

		snprintf(rel, sizeof(rel), MODDIR "/kernel/d%02d.ko", i);
		spit(root, rel, "");
		dl += (size_t)snprintf(dep + dl, sizeof(dep) - dl, " kernel/d%02d.ko", i);
	}
	for (i = 0; i < 40; i++)
		wl += (size_t)snprintf(want + wl, sizeof(want) - wl, "d%02d() ", i);
	snprintf(want + wl, sizeof(want) - wl, "xen-pciback(async_probe=0) ");
	snprintf(dep + dl, sizeof(dep) - dl, "\n");
	spit(root, MODDIR "/modules.dep", dep);
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(k.loaded, want);
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(forty_dependencies, "40 dependencies all load, in order");

/* the Debian 6.1 modules.dep and modules.softdep for vfio: vfio_iommu_type1
 * is a post softdep of vfio, and needs vfio itself */
static void softdep_post_loads_vfio_iommu_type1(void)
{
	const char *root = setup();

	spit(root, MODDIR "/modules.dep",
	     "kernel/drivers/vfio/vfio.ko:\n"
	     "kernel/drivers/vfio/vfio_virqfd.ko:\n"
	     "kernel/drivers/vfio/vfio_iommu_type1.ko: kernel/drivers/vfio/vfio.ko\n"
	     "kernel/drivers/vfio/pci/vfio-pci-core.ko: kernel/drivers/vfio/vfio_virqfd.ko "
	     "kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko\n"
	     "kernel/drivers/vfio/pci/vfio-pci.ko: kernel/drivers/vfio/pci/vfio-pci-core.ko "
	     "kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko\n");
	spit(root, MODDIR "/kernel/drivers/vfio/vfio_virqfd.ko", "");
	spit(root, MODDIR "/modules.softdep",
	     "# Soft dependencies extracted from modules themselves.\n"
	     "softdep ext4 pre: crypto-crc32c\n"
	     "softdep vfio post: vfio_iommu_type1 vfio_iommu_spapr_tce\n");
	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(k.loaded, "irqbypass() vfio() vfio_iommu_type1() vfio_virqfd() vfio-pci-core() vfio-pci(async_probe=0) ");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "vfio-pci");
}
DEFINE_TEST(softdep_post_loads_vfio_iommu_type1, "modules.softdep post loads vfio_iommu_type1");

/* pre before, post after, '-' and '_' alike, the first line for a module
 * counts (as in kmod), unknown names skipped, a cycle ends */
static void softdep_pre_and_post(void)
{
	const char *root = setup();

	spit(root, MODDIR "/modules.softdep",
	     "softdep xen_pciback pre: irqbypass nosuch post: vfio_iommu_type1\n"
	     "softdep xen-pciback pre: pci-stub\n"
	     "softdep irqbypass post: xen-pciback\n"
	     "softdep cifs gcm\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(k.loaded, "irqbypass() xen-pciback(async_probe=0) vfio_iommu_type1() ");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(softdep_pre_and_post, "softdep pre and post, first line, cycle");

/* modprobe counts a module the kernel already has as loaded */
static void eexist_dependency_counts_as_loaded(void)
{
	const char *root = setup();

	k.load_err = -EEXIST;
	k.load_err_module = "vfio";
	CHECK(run(root, "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(k.loaded, "vfio_iommu_type1() irqbypass() vfio-pci-core() vfio-pci(async_probe=0) ");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "vfio-pci");
	CHECK(count_of(kmsg(root), "refused") == 0);
}
DEFINE_TEST(eexist_dependency_counts_as_loaded, "EEXIST for a dependency counts as loaded");

static void refused_outside(const char *root, const char *what)
{
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1, "%s", what);
	CHECK(count_of(k.loaded, "outside") == 0, "%s: loaded %s", what, k.loaded);
	CHECK(count_of(kmsg(root), "leaves the modules directory") == 1, "%s: %s", what, kmsg(root));
	/* refused before anything was written: left unbound, as it was */
	CHECK(strcmp(driver_of(root, "0000:00:03.0"), "") == 0, "%s", what);
	CHECK(strcmp(slurp(root, "/run/pciback-early/state"),
		     "0000:00:03.0 8086:100e failed:EPERM -\n") == 0, "%s", what);
}

static void dotdot_in_modules_dep(void)
{
	const char *root = setup();

	sh_in(root, "%s", "echo > ../outside.ko");
	spit(root, MODDIR "/modules.dep",
	     "kernel/drivers/xen/xen-pciback/xen-pciback.ko: ../../../../outside.ko\n");
	refused_outside(root, "modules.dep dependency with ..");
}
DEFINE_TEST(dotdot_in_modules_dep, ".. in modules.dep refused");

static void dotdot_and_absolute_in_plan(void)
{
	static const char *const paths[] = { "../../../../outside.ko", "/outside.ko",
					     "/lib/modules/../outside.ko" };
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const char *root = setup();
		char plan[512];

		sh_in(root, "%s", "echo > ../outside.ko && echo > outside.ko && echo > lib/outside.ko && "
		   "mkdir -p etc/pciback-early");
		snprintf(plan, sizeof(plan), "kver 6.1.0-test\nload xen-pciback xen-pciback %s\n", paths[i]);
		spit(root, "/etc/pciback-early/plan", plan);
		refused_outside(root, paths[i]);
	}
}
DEFINE_TEST(dotdot_and_absolute_in_plan, ".. and absolute paths in the plan refused");

static void symlink_leaving_the_tree(void)
{
	const char *root = setup();
	char cmd[1024];

	snprintf(cmd, sizeof(cmd), "echo > ../outside.ko && cd ." MODDIR "/kernel/drivers/xen/xen-pciback && "
		 "rm xen-pciback.ko && ln -s '%s/../outside.ko' xen-pciback.ko", root);
	sh_in(root, "%s", cmd);
	refused_outside(root, "absolute symlink");
}
DEFINE_TEST(symlink_leaving_the_tree, "a .ko symlink leaving the tree refused");

static void symlink_inside_the_tree_is_fine(void)
{
	const char *root = setup();

	sh_in(root, "%s", "cd lib/modules/6.1.0-test && mkdir updates && "
	   "mv kernel/drivers/xen/xen-pciback/xen-pciback.ko updates/ && "
	   "ln -s ../../../../updates/xen-pciback.ko kernel/drivers/xen/xen-pciback/xen-pciback.ko");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0);
	CHECK_STR(k.loaded, "xen-pciback(async_probe=0) ");
}
DEFINE_TEST(symlink_inside_the_tree_is_fine, "a .ko symlink inside the tree loads");

static void kver_is_not_a_path(void)
{
	const char *root = setup();

	CHECK(run_cli(root, &k.ops, "--kver|../..|--cmdline|rd.pciback.slots=00:03.0|apply", out, sizeof(out)) == 2);
	CHECK(run_cli(root, &k.ops, "--kver|..|--cmdline|rd.pciback.slots=00:03.0|apply", out, sizeof(out)) == 2);
	CHECK(k.writes == 0 && !k.loaded[0]);
}
DEFINE_TEST(kver_is_not_a_path, "--kver must not be a path");

/* mkinitramfs (Debian 12) decompresses the modules after the hooks wrote
 * the plan: the plan's xen-pciback.ko.xz is xen-pciback.ko in the image */
static void plan_names_a_module_the_image_decompressed(void)
{
	const char *root = setup();

	sh_in(root, "%s", "mkdir -p etc/pciback-early");
	spit(root, "/etc/pciback-early/plan", "kver 6.1.0-test\nload xen-pciback xen_pciback "
	     "kernel/drivers/xen/xen-pciback/xen-pciback.ko.xz\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0, "%s", kmsg(root));
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
	CHECK_STR(k.loaded, "xen-pciback(async_probe=0) ", "loaded as a plain .ko");
}
DEFINE_TEST(plan_names_a_module_the_image_decompressed,
	    "a .ko.xz in the plan, decompressed in the image, loads as .ko");

static void compressed_module_kernel_cannot_decompress(void)
{
	const char *root = setup();

	sh_in(root, "%s", "cd ." MODDIR "/kernel/drivers/xen/xen-pciback && mv xen-pciback.ko xen-pciback.ko.zst");
	spit(root, MODDIR "/modules.dep", "kernel/drivers/xen/xen-pciback/xen-pciback.ko.zst:\n");
	k.load_err = -EOPNOTSUPP;
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(kmsg(root), "xen-pciback: this kernel cannot decompress") == 1, "%s", kmsg(root));
	CHECK_STR(slurp(root, "/run/pciback-early/state"), "0000:00:03.0 8086:100e failed:EOPNOTSUPP -\n");
}
DEFINE_TEST(compressed_module_kernel_cannot_decompress,
	    "compressed module, kernel cannot decompress");

static void uncompressed_eopnotsupp_says_no_decompress(void)
{
	const char *root = setup();

	k.load_err = -EOPNOTSUPP;
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(kmsg(root), "decompress") == 0, "%s", kmsg(root));
	CHECK(count_of(kmsg(root), "the kernel refused to load") == 1, "%s", kmsg(root));
	CHECK(count_of(kmsg(root), "EOPNOTSUPP: operation not supported") == 2, "%s", kmsg(root));
}
DEFINE_TEST(uncompressed_eopnotsupp_says_no_decompress,
	    "EOPNOTSUPP on a plain module is not about compression");

static void log_lines_say_the_errno_in_words(void)
{
	const char *root = setup();

	sh_in(root, "%s", "rm ." MODDIR "/kernel/drivers/xen/xen-pciback/xen-pciback.ko");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(kmsg(root), "xen-pciback: cannot open ") == 1);
	CHECK(count_of(kmsg(root), "xen-pciback.ko: ENOENT: no such file or directory") == 1, "%s", kmsg(root));
}
DEFINE_TEST(log_lines_say_the_errno_in_words, "log lines say the errno in words");

static void dry_run_lists_every_module(void)
{
	const char *root = setup();

	spit(root, MODDIR "/modules.softdep", "softdep vfio post: vfio_iommu_type1\n");
	CHECK(run_cli(root, &k.ops, "--dry-run|--kver|6.1.0-test|--cmdline|"
		      "rd.pciback.driver=vfio-pci rd.pciback.slots=00:03.0|apply", out, sizeof(out)) == 0);
	CHECK(count_of(out, "would load ") == 5, "%s", out);
	CHECK(!k.loaded[0]);
}
DEFINE_TEST(dry_run_lists_every_module, "--dry-run lists every module");

/* a sibling directory that starts like the modules directory is outside */
static void module_in_sibling_directory_refused(void)
{
	const char *root = setup();
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "mkdir -p '%s/etc/pciback-early' '%s/lib/modules/6.1.0-test2' && "
		 "echo > '%s/lib/modules/6.1.0-test2/outside.ko'", root, root, root);
	CHECK(system(cmd) == 0);
	spit(root, "/etc/pciback-early/plan", "kver 6.1.0-test\nload xen-pciback xen-pciback /lib/modules/6.1.0-test2/outside.ko\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 1);
	CHECK(count_of(slurp(root, "/dev/kmsg"), "leaves the modules directory") == 1);
	CHECK_STR(k.loaded, "");
}
DEFINE_TEST(module_in_sibling_directory_refused, "a sibling of the modules directory is outside");

/* the kernel's tools read CRLF line ends in modules.dep and
 * modules.softdep; the CR was part of the last word: nothing loaded */
static void crlf_modules_dep_and_softdep(void)
{
	const char *root = setup();

	spit(root, MODDIR "/modules.dep",
	     "kernel/drivers/xen/xen-pciback/xen-pciback.ko: kernel/virt/lib/irqbypass.ko\r\n"
	     "kernel/virt/lib/irqbypass.ko:\r\n"
	     "kernel/drivers/vfio/vfio_iommu_type1.ko:\r\n");
	spit(root, MODDIR "/modules.softdep", "softdep xen-pciback post: vfio_iommu_type1\r\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0, "%s", kmsg(root));
	CHECK_STR(k.loaded, "irqbypass() xen-pciback(async_probe=0) vfio_iommu_type1() ");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(crlf_modules_dep_and_softdep, "CRLF line ends in modules.dep and modules.softdep");

/* modules.dep's lines are found by module name (modload.c's index): among
 * 300 lines, a name that begins another (foo, foo_bar), a module listed
 * twice (the first line counts, as in kmod: its dependency, its file; the
 * second's file does not exist), '-' and '_' alike, an unknown name
 * skipped, and a CRLF line; each module once */
static void index_finds_each_module_by_name(void)
{
	const char *root = setup();
	static char dep[300 * 32 + 512];
	size_t dl = 0;
	int i;

	sh_in(root, "%s", "mkdir -p lib/modules/6.1.0-test/kernel/x lib/modules/6.1.0-test/kernel/a");
	dl += (size_t)snprintf(dep + dl, sizeof(dep) - dl, "kernel/x/foo_bar.ko:\n"
			       "kernel/a/dup.ko: kernel/x/m001.ko\n");
	for (i = 0; i < 300; i++) {
		char rel[128];

		snprintf(rel, sizeof(rel), MODDIR "/kernel/x/m%03d.ko", i);
		spit(root, rel, "");
		dl += (size_t)snprintf(dep + dl, sizeof(dep) - dl, "kernel/x/m%03d.ko:%s\n", i,
				       i == 7 ? "\r" : "");
	}
	snprintf(dep + dl, sizeof(dep) - dl, "kernel/b/dup.ko:\nkernel/x/foo.ko:\n"
		 "kernel/x/sk_b.ko:\nkernel/drivers/xen/xen-pciback/xen-pciback.ko:\n");
	spit(root, MODDIR "/modules.dep", dep);
	spit(root, MODDIR "/kernel/x/foo.ko", "");
	spit(root, MODDIR "/kernel/x/foo_bar.ko", "");
	spit(root, MODDIR "/kernel/x/sk_b.ko", "");
	spit(root, MODDIR "/kernel/a/dup.ko", "");
	spit(root, MODDIR "/modules.softdep",
	     "softdep xen-pciback pre: foo dup m150 sk-b nosuch m299 m007 m001 m000\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0, "%s", kmsg(root));
	CHECK_STR(k.loaded, "foo() m001() dup() m150() sk_b() m299() m007() m000() xen-pciback(async_probe=0) ");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(index_finds_each_module_by_name, "modules.dep lines found by name among 300");

/* a plan with CRLF line ends: its kver was "6.1.0-test\r", for no kernel */
static void crlf_plan(void)
{
	const char *root = setup();

	sh_in(root, "%s", "mkdir -p etc/pciback-early && rm lib/modules/6.1.0-test/modules.dep");
	spit(root, "/etc/pciback-early/plan", "kver 6.1.0-test\r\nload xen-pciback xen-pciback "
	     "kernel/drivers/xen/xen-pciback/xen-pciback.ko permissive=1\r\n");
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0, "%s", kmsg(root));
	CHECK_STR(k.loaded, "xen-pciback(permissive=1 async_probe=0) ");
	CHECK_STR(driver_of(root, "0000:00:03.0"), "pciback");
}
DEFINE_TEST(crlf_plan, "CRLF line ends in the plan");
