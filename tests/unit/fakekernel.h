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
#include <sys/types.h>

#include "ctx.h"

/* counted across the test's process and the children that write
 * drivers_probe (fakeprobe.c) */
struct fake_probes {
	pid_t owner;             /* the test's process; the others are children */
	int child_writes;        /* writes the children made, not yet in writes */
	int matched;             /* writes that matched fail_suffix, all processes */
	int in_flight;           /* probes running now */
	int most;                /* the most that ran at the same time */
	int same_device;         /* a device probed while its own probe still ran */
	char running[32][16];    /* the addresses of the probes running */
};

struct fake_kernel {
	const char *root;
	/* fault: a write whose path ends with fail_suffix fails with fail_err
	 * (after fail_skip matching writes succeeded, in any process) */
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
	 * (registration, drivers_probe, bind): it stays without the target;
	 * with probe_err, its drivers_probe write by the target fails with it */
	const char *probe_fail;
	int probe_err;
	/* drivers_probe writes of separate processes probe at the same time,
	 * as in the kernel: each takes probe_delay_ms (the device slow three
	 * times as long); each start and end is a line of ROOT/probes.log */
	int probe_delay_ms;
	const char *slow;
	struct fake_probes *probes; /* shared with the child processes */
	int overrides_before_load;  /* driver_override writes before any load */
	/* module.async_probe=1: a registration attaches asynchronously unless
	 * the load's params say async_probe=0 (the last async_probe wins, as
	 * kernel/module/main.c's unknown_module_param_cb) */
	bool async_default;
	/* asynchronous attach as drivers/base/dd.c really_probe does it: the
	 * driver link appears before the probe ends, a drivers_probe write
	 * does not wait for it; fake_settle() ends the probes in flight */
	char in_flight[256];
	char loaded[512];        /* "name(params) name(params) " in load order */
	int writes;              /* the children's too, once fake_collect ran */
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

/* the shared page, zeroed, owned by this process */
struct fake_probes *fake_probes_new(void);
/* a drivers_probe of addr starts (counted, logged, delayed): its slot for
 * fake_probe_end, which says it ended */
int fake_probe_begin(struct fake_kernel *k, const char *addr);
void fake_probe_end(struct fake_kernel *k, const char *addr, int slot);
/* a write to path: counted (a child's in the shared page); does the
 * injected fault fail it */
bool fake_fault(struct fake_kernel *k, const char *path);
/* ops is a fake kernel's: the writes its children made join its writes
 * (run_cli does it after each run) */
void fake_collect(const struct kernel_ops *ops);

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
