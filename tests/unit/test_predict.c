// SPDX-License-Identifier: GPL-2.0-or-later
/* test_predict.c - a property: what `check` predicts for this boot is what
 * `apply` does, for a few hundred generated configurations (slots, ids,
 * class, except, driver, fallback, force; Xen dom0 or not) on the basic
 * fixture with the fake kernel.  Both go through decide(); a check that
 * judged on its own would drift from the boot and fail here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

#define CONFIGS 200

static const char *const slot_pool[] = {
	"00:02.0", "00:03.0", "00:04.0", "00:05", "00:05.*", "00:01.0", "00:1f.2",
	"00:1c.0", "0000:00:1c.0/00.0", "0000:00:1c.0/00.0@8086:10d3",
	"00:03.0@1234:5678", "00:1e.0", "zz", "00:02.0@8086:100e", "(0000:00:05.1)",
};
static const char *const id_pool[] = {
	"8086:100e", "1b36:000d", "8086:10d3", "1234:1111", "8086:2922", "8086:zz",
};
static const char *const class_pool[] = { "02", "0c03", "01", "0300", "06", "04", "0200" };
static const char *const except_pool[] = {
	"00:02.0", "8086:100e", "0000:00:1c.0/00.0", "00:05.1", "1b36:000d",
};
static const char *const driver_pool[] = { "xen-pciback", "vfio-pci", "pci-stub" };
static const char *const fallback_pool[] = { "none", "pci-stub", "vfio-pci" };

static unsigned long seed = 12345;

static unsigned pick(unsigned n)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)(seed >> 33) % n;
}

/* " rd.pciback.KEY=a,b" with 0..max tokens of the pool, or nothing */
static void add_list(char *cmd, size_t n, const char *key, const char *const *pool,
		     unsigned size, unsigned max)
{
	unsigned i, count = pick(max + 1);

	if (!count)
		return;
	snprintf(cmd + strlen(cmd), n - strlen(cmd), " rd.pciback.%s=", key);
	for (i = 0; i < count; i++)
		snprintf(cmd + strlen(cmd), n - strlen(cmd), "%s%s", i ? "," : "",
			 pool[pick(size)]);
}

#define ADD_LIST(cmd, key, pool, max) \
	add_list(cmd, sizeof(cmd), key, pool, sizeof(pool) / sizeof(pool[0]), max)

/* check's decision for this boot, as the state file would say it */
static void predicted(const char *line, char *want, size_t n)
{
	static const char *const starts[] = { "-> ", "already on ", "left alone: ",
					      "cannot be seized: " };
	const char *p = strstr(line, "*: "), *end, *q;
	size_t len, i;

	/* one kind of boot only: the decision is the last column */
	if (p)
		p += 3;
	for (i = 0; !p && i < sizeof(starts) / sizeof(starts[0]); i++)
		if ((q = strstr(line, starts[i])) && (!p || q < p))
			p = q;
	if (!p)
		p = line;
	end = strchr(p, ';');
	len = end ? (size_t)(end - p) : strlen(p);
	if (strncmp(p, "-> ", 3) == 0)
		snprintf(want, n, "seized");
	else if (strncmp(p, "already on ", 11) == 0)
		snprintf(want, n, "already");
	else if (strncmp(p, "left alone: ", 12) == 0)
		snprintf(want, n, "skipped:%.*s", (int)(len - 12), p + 12);
	else if (strncmp(p, "cannot be seized: ", 18) == 0)
		snprintf(want, n, "failed:%.*s", (int)(len - 18), p + 18);
	else
		snprintf(want, n, "?%.*s", (int)len, p);
}

/* the target modules gone from the image (files and modules.dep lines) */
static void no_target_modules(const char *root)
{
	sh_in(root, "%s", "cd lib/modules/6.1.0-test && rm -f kernel/drivers/xen/xen-pciback/*.ko "
	      "kernel/drivers/vfio/pci/vfio-pci.ko kernel/drivers/pci/pci-stub.ko && "
	      "sed -i -e '/xen-pciback.ko:/d' -e '/vfio-pci.ko:/d' -e '/pci-stub.ko:/d' modules.dep");
}

/* compare check's lines with the state file of the run; 0 when equal */
static int compare(const char *cmd, const char *check_out, const char *state)
{
	char addr[64], want[96], got[96], line[512];
	const char *p = check_out, *s;
	int devices = 0, bad = 0;

	while (p && *p) {
		size_t len = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		if (sscanf(line, "%63s", addr) != 1 || strncmp(line, "pciback-early:", 14) == 0 ||
		    (!strchr(addr, ':') || strchr(line, '*') == line))
			continue;
		if (strstr(line, "error(s),"))
			continue;
		devices++;
		predicted(line, want, sizeof(want));
		s = strstr(state, addr);
		got[0] = '\0';
		if (s && sscanf(s, "%*s %*s %95s", got) != 1)
			got[0] = '\0';
		if (strcmp(want, got) != 0) {
			fprintf(stderr, "  %s: %s: check says %s, apply did '%s'\n", cmd, addr,
				want, got);
			bad++;
		}
	}
	/* every device the run recorded was predicted */
	for (s = state; s && *s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL)
		if (*s && *s != '\n')
			devices--;
	if (devices != 0) {
		fprintf(stderr, "  %s: check listed %d more devices than the state\n", cmd, devices);
		bad++;
	}
	return bad;
}

static void check_predicts_apply(void)
{
	int i, mismatches = 0, seized = 0, skipped = 0;

	for (i = 0; i < CONFIGS; i++) {
		char cmd[1024] = "root=/dev/sda", args[1200], check_out[1 << 14];
		const char *root = setup();
		bool dom0 = pick(2);

		ADD_LIST(cmd, "slots", slot_pool, 3);
		ADD_LIST(cmd, "ids", id_pool, 2);
		ADD_LIST(cmd, "class", class_pool, 2);
		ADD_LIST(cmd, "except", except_pool, 2);
		if (pick(2))
			snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), " rd.pciback.driver=%s",
				 driver_pool[pick(3)]);
		if (pick(2))
			snprintf(cmd + strlen(cmd), sizeof(cmd) - strlen(cmd), " rd.pciback.fallback=%s",
				 fallback_pool[pick(3)]);
		if (pick(4) == 0)
			strcat(cmd, " rd.pciback.force=1");
		if (!dom0)
			spit(root, "/sys/hypervisor/type", "kvm\n");
		/* an image without the target modules: each selected device fails */
		if (pick(8) == 0)
			no_target_modules(root);
		/* the boot reads the guards from the plan the image carries */
		write_plan(root, "/etc/pciback-early/plan");
		snprintf(args, sizeof(args), "--kver|6.1.0-test|--cmdline|%s|check", cmd);
		run_cli(root, &k.ops, args, out, sizeof(out));
		snprintf(check_out, sizeof(check_out), "%s", out);
		CHECK(k.writes == 0, "%s: check wrote", cmd);
		snprintf(args, sizeof(args), "--kver|6.1.0-test|--cmdline|%s|apply", cmd);
		run_cli(root, &k.ops, args, out, sizeof(out));
		mismatches += compare(cmd, check_out, slurp(root, "/run/pciback-early/state"));
		seized += count_of(slurp(root, "/run/pciback-early/state"), " seized ");
		skipped += count_of(slurp(root, "/run/pciback-early/state"), " skipped:");
	}
	CHECK(mismatches == 0, "%d devices where check and apply disagree", mismatches);
	/* the generator reaches both kinds of outcome */
	CHECK(seized > CONFIGS / 2 && skipped > CONFIGS / 2, "seized %d, skipped %d", seized, skipped);
}
DEFINE_TEST(check_predicts_apply, "check predicts what apply does (200 configurations)");

/* the target module missing from the image: the run fails the device with
 * ENOENT and exits 1; --dry-run and check say so beforehand, not "would
 * seize" */
static void missing_module_predicted(void)
{
	const char *root = setup();
	const char *args = "--kver|6.1.0-test|--cmdline|rd.pciback.slots=00:03.0";
	char cmd[256];

	no_target_modules(root);
	snprintf(cmd, sizeof(cmd), "--dry-run|%s|apply", args);
	CHECK(run_cli(root, &k.ops, cmd, out, sizeof(out)) == 1, "%s", out);
	CHECK(strstr(out, "0000:00:03.0") && strstr(out, "not seized") && strstr(out, "ENOENT"),
	      "%s", out);
	CHECK(!strstr(out, "1 would be seized"), "%s", out);
	snprintf(cmd, sizeof(cmd), "%s|check", args);
	CHECK(run_cli(root, &k.ops, cmd, out, sizeof(out)) == 1, "%s%s", out, cli_err);
	CHECK(strstr(line_with(out, "0000:00:03.0"), "cannot be seized: ENOENT"), "%s", out);
	CHECK(k.writes == 0, "%d writes", k.writes);
	CHECK(run_fixture(root, &k.ops, "rd.pciback.slots=00:03.0", out, sizeof(out)) == 1);
	CHECK(strstr(slurp(root, "/run/pciback-early/state"), "0000:00:03.0 8086:100e failed:ENOENT"),
	      "%s", slurp(root, "/run/pciback-early/state"));
}
DEFINE_TEST(missing_module_predicted,
	    "a missing target module: --dry-run and check predict the ENOENT failure");
