// SPDX-License-Identifier: GPL-2.0-or-later
/* test_modorder.c - the module order written twice agrees: the plan's load
 * lines (planner.c, libkmod) and the early binary's own walk of
 * modules.dep and modules.softdep (modload.c), on the same modules, both
 * in kmod's probe-list order (libkmod-module.c,
 * __kmod_module_get_probe_list): each dependency with its own pre and post
 * softdeps around it, then the module's pre softdeps, the module, its post
 * softdeps.  The modules are small ELF objects depmod reads as it reads a
 * kernel's: a symbol one exports in __ksymtab_strings and another uses
 * makes a dependency, a "softdep=" in .modinfo a modules.softdep line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakekernel.h"
#include "harness.h"

#define MODDIR "/lib/modules/6.1.0-test"

/* ROOT/MODDIR/rel compiled from C source */
static void ko(const char *root, const char *rel, const char *source)
{
	char src[4096];

	snprintf(src, sizeof(src), "%s/module.c", root);
	spit("", src, source);
	sh_in(root, "cc -c -o \"$R%s/%s\" \"$R/module.c\"", MODDIR, rel);
}

#define MODINFO(text) \
	"__attribute__((section(\".modinfo\"), used)) static const char i[] = \"" text "\";\n"
#define EXPORTS(sym) \
	"__attribute__((section(\"__ksymtab_strings\"), used)) static const char s[] = \"" sym \
	"\";\nint " sym ";\n"
#define USES(sym) "extern int " sym ";\nint *use_" sym " = &" sym ";\n"

/* xen-pciback needs pcidep, which has a pre softdep of its own; xen-pciback
 * has a pre and a post softdep */
static const char *modules(void)
{
	const char *root = setup();

	sh_in(root, "mkdir -p \"$R%s/kernel/extra\"", MODDIR);
	ko(root, "kernel/drivers/xen/xen-pciback/xen-pciback.ko",
	   USES("pcidep_sym") MODINFO("softdep=pre: pcipre post: pcipost"));
	ko(root, "kernel/extra/pcidep.ko", EXPORTS("pcidep_sym") MODINFO("softdep=pre: deppre"));
	ko(root, "kernel/extra/pcipre.ko", MODINFO("license=GPL"));
	ko(root, "kernel/extra/pcipost.ko", MODINFO("license=GPL"));
	ko(root, "kernel/extra/deppre.ko", MODINFO("license=GPL"));
	sh_in(root, "%s", "PATH=$PATH:/usr/sbin:/sbin depmod -b \"$R\" 6.1.0-test 2>/dev/null");
	return root;
}

/* the module names of the plan's load lines for xen-pciback, "a() b() ",
 * as k.loaded has them */
static const char *plan_order(const char *root)
{
	static char names[1024];
	const char *line = slurp(root, "/etc/pciback-early/plan");
	char target[64], name[64], *p;

	names[0] = '\0';
	for (; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (sscanf(line, "load %63s %63s", target, name) != 2 ||
		    strcmp(target, "xen-pciback") != 0)
			continue;
		for (p = name; *p; p++)
			if (*p == '_')
				*p = '-';
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s() ", name);
	}
	return names;
}

#define KMOD_ORDER "deppre() pcidep() pcipre() xen-pciback(async_probe=0) pcipost() "
/* the plan lists names only: the same order without parameters */
#define PLAN_ORDER "deppre() pcidep() pcipre() xen-pciback() pcipost() "

static void plan_and_walk_agree(void)
{
	const char *root = modules();
	char planned[1024], args[512];

	CHECK(strstr(slurp(root, MODDIR "/modules.dep"), "xen-pciback.ko: kernel/extra/pcidep.ko"),
	      "depmod made no dependency: %s", slurp(root, MODDIR "/modules.dep"));
	/* the early binary's own walk, without a plan */
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0, "%s", kmsg(root));
	CHECK_STR(k.loaded, KMOD_ORDER);

	/* the plan the host tool writes with libkmod */
	root = modules();
	sh_in(root, "%s", "mkdir -p \"$R/etc/pciback-early\"");
	snprintf(args, sizeof(args), "--kver|6.1.0-test|plan|-o|%s/etc/pciback-early/plan", root);
	CHECK(run_cli(root, &k.ops, args, out, sizeof(out)) == 0, "%s", cli_err);
	snprintf(planned, sizeof(planned), "%s", plan_order(root));
	CHECK_STR(planned, PLAN_ORDER);
	/* and the early binary loads what the plan says, in its order */
	CHECK(run(root, "rd.pciback.slots=00:03.0") == 0, "%s", kmsg(root));
	CHECK_STR(k.loaded, KMOD_ORDER);
}
DEFINE_TEST(plan_and_walk_agree,
	    "the plan's module order and the early walk's agree, in kmod's order");
