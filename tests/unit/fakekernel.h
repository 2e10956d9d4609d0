/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fakekernel.h - a kernel behind a fake sysfs tree, good enough to check
 * the binding steps: driver_override, unbind, drivers_probe, module
 * registration seizing overridden devices, pciback's new_slot + bind,
 * new_id / remove_id (dynamic IDs) + bind, and injected faults.
 */
#ifndef PCIBACK_FAKEKERNEL_H
#define PCIBACK_FAKEKERNEL_H

#include <stdbool.h>

#include "ctx.h"

struct fake_kernel {
	const char *root;
	/* fault: a write whose path ends with fail_suffix fails with fail_err
	 * (after fail_skip matching writes succeeded) */
	const char *fail_suffix;
	int fail_err;
	int fail_skip;
	int load_err;            /* every module load returns this */
	int load_delay_ms;       /* every module load takes this long */
	const char *load_err_module; /* ... or only this one */
	/* a driver core that does not honour driver_override for the target
	 * drivers: pciback before it knew overrides, a kernel that allows
	 * overrides only for drivers that opt in (the device stays unbound) */
	bool ignore_override;
	int override_err;        /* every driver_override write fails with this (EINVAL, EPERM) */
	bool no_register;        /* the module loads but registers no driver */
	const char *vanish;      /* this device disappears when probed */
	const char *steal;       /* this device is taken by e1000 on probe */
	const char *sticky;      /* unbinding this device succeeds, it stays bound */
	/* this device's probe by a target driver fails, by every route
	 * (registration, drivers_probe, bind): it stays without the target */
	const char *probe_fail;
	/* module.async_probe=1: a registration attaches asynchronously unless
	 * the load's params say async_probe=0 (the last async_probe wins, as
	 * kernel/module/main.c's unknown_module_param_cb) */
	bool async_default;
	/* asynchronous attach as drivers/base/dd.c really_probe does it: the
	 * driver link appears before the probe ends, a drivers_probe write
	 * does not wait for it; fake_settle() ends the probes in flight */
	char in_flight[256];
	char loaded[512];        /* "name(params) name(params) " in load order */
	int writes;
	struct kernel_ops ops;
};

/* make pf an SR-IOV physical function: total VFs, each at the PF's
 * devfn + offset + n * stride; none yet, autoprobe on.  Writing N to its
 * sriov_numvfs creates VF 0..N-1 (8086:10ca), probed unless its
 * sriov_drivers_autoprobe is 0; writing 0 removes them */
void fake_sriov(const char *root, const char *pf, unsigned total, unsigned offset,
		unsigned stride);

/* the asynchronous probes still in flight end: a failing one takes its
 * driver link away again */
void fake_settle(struct fake_kernel *k);

/* set up ops and root; the rest stays as the test set it */
void fake_kernel_init(struct fake_kernel *k, const char *root);

/* a clean fake kernel on a fresh copy of a fixture; returns the root */
const char *fake_kernel_on(struct fake_kernel *k, const char *fixture_name);

/*
 * What the end-to-end tests share (in harness.c): the fake kernel of the
 * running test and what the last run printed.  Each test starts from
 * setup(), in its own process.
 */
extern struct fake_kernel k;
extern char out[1 << 20];

/* the fake kernel on a fresh copy of the basic fixture; returns the root */
const char *setup(void);
/* setup() with the plan `plan` writes for it, as an image has */
const char *setup_planned(void);
/* `plan -o ROOT/REL` for the fixtures' kernel release (the fixture's
 * modules have no libkmod index: no target module is found, exit 1, the
 * plan is written with its guards) */
void write_plan(const char *root, const char *rel);
/* the program with the fixtures' kernel release and this command line on
 * k, stdout into out */
int run(const char *root, const char *cmdline);
/* the udev rule's run for one device: `apply --device ADDR` on k, with
 * the fixtures' kernel release, stdout into out, stderr in cli_err */
int apply_device(const char *root, const char *addr);

#endif
