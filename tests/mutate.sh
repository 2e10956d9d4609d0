#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# tests/mutate.sh - mutation testing of the unit tests (make mutate; not
# part of make check: it takes a while).
#
# Each mutant below is one small change to src/: FILE :: ORIGINAL ~> REPLACEMENT,
# where ORIGINAL is exact text that must occur once in FILE (\n and \t stand
# for a newline and a tab).  For each mutant, on a copy of the tree: apply
# it, recompile that one file, relink the code under test (one shared
# library, ASan+UBSan as make builds the tests; the test binaries are
# linked once), run the test binaries that execute the changed lines (the
# ones closest to the file first, stopping at the first failure), and
# restore.  A mutant is killed only by a failing test binary; one that
# runs past MUTATE_TIMEOUT counts as killed and says "(timeout)".  Which
# binaries execute which lines comes from one --coverage run of every
# binary on the unchanged tree (tests/mutate-cov.py; a change outside any
# function runs them all): the others cannot fail because of the mutant.
# A mutant the tests do not notice survives: a test is missing, or the
# change is equivalent (say why in the comment above it).  A mutant whose
# ORIGINAL no longer exists is skipped and reported, never silently dropped.
#
#   tests/mutate.sh            every mutant
#   tests/mutate.sh 3 17 42    only these (numbers as printed)
#   MUTATE_TIMEOUT=300         seconds one test binary may run (a hang kills)
#   MUTATE_SKIP="test_predict" test binaries left out (say so with the score)
#   MUTATE_JOBS=2              mutants run in parallel (each job its own tree)
#   MUTATE_SLOW="test_predict test_scale"  binaries run last (they take minutes)
#   MUTATE_ALL_TESTS=1         every binary for every mutant, not only the
#                              ones that execute it (slow; a check of the map)
#   MUTATE_CACHE=DIR           objects of unchanged files, the coverage map
#                              (default build/mutate-cache)
#   MUTANTS_FILE=FILE          these mutants instead of the list below (a
#                              held-out set: tests/mutate-gen.py makes one)
set -u
repo=$(cd "$(dirname "$0")/.." && pwd)
CC=${CC:-cc}
CFLAGS="-O1 -g -Wall -Wextra -Wno-unused-parameter -Wno-format-truncation \
-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
-DVERSION=\"0.1\" -Isrc/core -Isrc/host"
KMOD_LIBS=$(pkg-config --libs libkmod 2>/dev/null || echo -lkmod)
timeout_s=${MUTATE_TIMEOUT:-300}
[ -n "${MUTANTS_FILE:-}" ] && MUTANTS_FILE=$(realpath "$MUTANTS_FILE")

mutants() {
	cat <<'EOF'
# selection
src/core/decide.c :: if (!addr_matches(&target, &d->addr)) ~> if (addr_matches(&target, &d->addr))
src/core/decide.c :: \tif (hits)\n ~> \tif (!hits)\n
src/core/decide.c :: \t\tset_outcome(d, OUT_SELECTED, NULL);\n\t\td->by = by; ~> \t\td->by = by;
src/core/config.c :: return cfg->slots.n || cfg->ids.n || cfg->classes.n; ~> return cfg->slots.n || cfg->ids.n;
src/core/selector.c :: (sel->fn == ANY_FUNCTION || sel->fn == dev->fn) ~> (sel->fn == dev->fn)
src/core/selector.c :: (!m->has_subsys || ~> (m->has_subsys ||
src/core/selector.c :: return (class_code >> (4 * (6 - m->digits))) == m->value; ~> return (class_code >> (4 * (6 - m->digits))) >= m->value;
src/core/selector.c :: if (**p == '*' && allow_any) { ~> if (**p == '*') {
# except and @VVVV:DDDD
src/core/decide.c :: if (s->check_id && (d->vendor != s->vendor || d->device != s->device)) ~> if (0)
src/core/selector.c :: if (id_pair(&q, &s->vendor, &s->device) < 0 || q != end) ~> if (id_pair(&q, &s->vendor, &s->device) < 0)
src/core/decide.c :: (!s->check_id || (d->vendor == s->vendor && d->device == s->device)) ~> (1)
src/core/decide.c :: if (id_matches(&cfg->except_ids.v[i], ~> if (!id_matches(&cfg->except_ids.v[i],
src/core/decide.c :: if (list->v[i].outcome == OUT_SELECTED || list->v[i].outcome == OUT_FAILED) ~> if (list->v[i].outcome == OUT_SELECTED)
src/core/config.c :: return VEC_PUSH(cfg->except_ids, id); ~> return 0;
# repeated selectors: the first decision about a device stands
src/core/decide.c :: } else if (d->outcome == OUT_NONE) { ~> } else {
src/core/decide.c :: for (j = 0; d->outcome == OUT_NONE && j < cfg->ids.n; j++) ~> for (j = 0; j < cfg->ids.n; j++)
src/core/decide.c :: for (j = 0; d->outcome == OUT_NONE && j < cfg->classes.n; j++) ~> for (j = 0; j < cfg->classes.n; j++)
# guards and force
src/core/decide.c :: held = on & ~cfg->force; ~> held = on;
src/core/util.c :: return (d->class_code >> 16) == 0x06; ~> return (d->class_code >> 8) == 0x06;
src/core/decide.c :: bits |= GUARD_BIT(guard_by_name(g->reason)); ~> bits |= 0;
src/core/decide.c :: if (cfg->driver != TARGET_XEN_PCIBACK || xen_dom0) ~> if (cfg->driver != TARGET_XEN_PCIBACK && xen_dom0)
src/core/decide.c :: if (t == TARGET_NONE)\n\t\t\tset_outcome ~> if (t != TARGET_NONE)\n\t\t\tset_outcome
src/core/decide.c :: else if (strcmp(d->driver, targets[t].sysfs) == 0) ~> else if (strcmp(d->driver, targets[t].sysfs) != 0)
# bare flags, booleans, keys
src/core/config.c :: return 1;   /* a bare flag ~> return -1;   /* a bare flag
src/core/config.c :: cfg->force = b ? FORCE_ALL : 0; ~> cfg->force = b ? 0 : FORCE_ALL;
src/core/config.c :: cfg->halt_on_error = *value == 'h'; ~> cfg->halt_on_error = false;
src/core/config.c :: return (t == TARGET_NONE && !for_fallback) || ~> return (t == TARGET_NONE && for_fallback) ||
src/core/config.c :: if (!value || !*value)\n\t\tbad_token ~> if (!value)\n\t\tbad_token
src/core/config.c :: \tcfg->errors++;\n\tif (why == except_expected) ~> \tif (why == except_expected)
# Qubes OS's keys (issue 26): each meaning of 90qubes-pciback
src/core/qubes.c :: parse_uint(buf, 10, &sec) ~> parse_uint(buf, 16, &sec)
src/core/qubes.c :: strcmp(v, "off") != 0 : dflt ~> strcmp(v, "OFF") != 0 : dflt
src/core/qubes.c :: strcmp(v, "no") != 0 && ~> strcmp(v, "NO") != 0 &&
src/core/qubes.c :: cfg->halt_on_error |= !cfg->on_error_set; ~> cfg->halt_on_error |= false;
src/core/qubes.c :: cfg->errors += hide; ~> cfg->errors += 0;
src/core/decide.c :: cfg->qubes && (d->class_code >> 16) == 0x02 ? OUT_FAILED ~> false ? OUT_FAILED
src/core/qubes.c :: usb ? "02,0c03" : "02") ~> usb ? "02,0c03" : "0c03")
src/core/qubes.c :: usb ? "02,0c03" : "02") ~> usb ? "02" : "02")
src/core/qubes.c :: getargbool(keys[HIDE_ALL_USB], false) ~> getargbool(keys[HIDE_ALL_USB], true)
src/core/qubes.c :: getargbool(keys[AUTHORIZED_DEFAULT], true) ~> getargbool(keys[AUTHORIZED_DEFAULT], false)
src/core/qubes.c :: keys[i] = val ? val : (char *)""; ~> keys[i] = keys[i] ? keys[i] : val ? val : (char *)"";
src/core/qubes.c :: keys[i] = val ? val : (char *)""; ~> keys[i] = val;
src/core/qubes.c :: bogus = v[strspn(v, allowed)]; ~> bogus = 0;
src/core/qubes.c :: if (hide && i < cfg->except_slots.n)\n\t\t\tcontinue; ~> if (0)\n\t\t\tcontinue;
src/core/qubes.c :: if (!keys[HIDE_ALL_USB] && !keys[HIDE_PCI] && !keys[DOM0_USB]) ~> if (!keys[HIDE_ALL_USB] && !keys[HIDE_PCI])
src/core/qubes.c :: if (!keys[HIDE_ALL_USB] && !keys[HIDE_PCI] && !keys[DOM0_USB]) ~> if (!keys[HIDE_ALL_USB] && !keys[HIDE_PCI] && !keys[DOM0_USB] && !keys[AUTHORIZED_DEFAULT])
src/core/qubes.c :: "%.4s:%02x:", seg, bus + sec); ~> "%.4s:%02x:", seg, bus);
src/core/qubes.c :: \t\tseg = id;\n ~> \t\t;\n
src/core/qubes.c :: if ((s = strchr(s, *seq++)))\n\t\t\ts++; ~> s = strchr(s, *seq++);
src/core/qubes.c :: \t\t\t*q = ':'; ~> \t\t\t*q = '-';
src/core/qubes.c :: if (sec > 0xff)\n ~> if (0)\n
src/core/decide.c :: cfg->qubes && (held & GUARD_BIT(GUARD_KEYBOARD)) ? ~> 0 ?
src/core/decide.c :: return s->by ? s->by : except; ~> return except;
src/core/decide.c :: j == cfg->own_classes ? "rd.qubes (network)" ~> j != cfg->own_classes ? "rd.qubes (network)"
src/core/apply.c :: s.cfg.on_error_set ? "rd.pciback.on_error=halt" : ~> !s.cfg.on_error_set ? "rd.pciback.on_error=halt" :
# fixed-size boundaries
# (survived the full run: killed by test_selector's token_fits_its_text; the
# configuration's own 64-byte token buffer keeps such tokens from it)
src/core/selector.c :: if (len == 0 || len >= sizeof(s->text)) ~> if (len == 0 || len > sizeof(s->text))
src/core/selector.c :: s->depth == SEL_MAX_DEPTH) ~> s->depth > SEL_MAX_DEPTH)
# (parse_addr's own range check is now bdf()'s hex_field, the next mutant;
# this is the device range the message for a bad token checks)
src/core/selector.c :: if (dev > 0x1f)\n\t\t\treturn "devices are 00-1f"; ~> if (dev > 0x20)\n\t\t\treturn "devices are 00-1f";
src/core/selector.c :: if (hex_field(p, 2, 0x1f, &a->dev) < 0) ~> if (hex_field(p, 2, 0x20, &a->dev) < 0)
src/core/selector.c :: return hex_field(p, 1, 7, &a->fn); ~> return hex_field(p, 1, 8, &a->fn);
src/core/selector.c :: if (n == 0 || v > max) ~> if (v > max)
src/core/selector.c :: if (len != 2 && len != 4 && len != 6) ~> if (len != 2 && len != 4)
src/core/config.c :: if (len >= sizeof(tok)) { ~> if (len > sizeof(tok)) {
src/core/modload.c :: if (len >= sizeof(params)) { ~> if (len > sizeof(params)) {
src/core/state.c :: static char line[256]; ~> static char line[160];
# binding and give-back
src/core/bind.c :: if (read_override(c, d->name, ovr, sizeof(ovr)))\n\t\tr = back_step ~> if (0)\n\t\tr = back_step
src/core/bind.c :: if ((d->route == ROUTE_NEW_SLOT || strcmp(d->driver, pciback) == 0) && ~> if (0 &&
src/core/bind.c :: if (is_target_driver(d->driver))\n\t\tr = back_step(c, d, write_attr ~> if (0)\n\t\tr = back_step(c, d, write_attr
src/core/bind.c :: if (!d->driver[0]) {\n\t\tr = back_step ~> if (0) {\n\t\tr = back_step
src/core/bind.c :: if (r == 0 && d->driver[0])\n\t\t\tr = -EBUSY; ~> if (0)\n\t\t\tr = -EBUSY;
src/core/bind.c :: fail(c, d, r, "cannot unbind it from its driver");\n\t\t\tgive_back(c, d); ~> fail(c, d, r, "cannot unbind it from its driver");
src/core/bind.c :: strcmp(ovr, tname) != 0)\n\t\twrite_attr ~> strcmp(ovr, tname) == 0)\n\t\twrite_attr
src/core/bind.c :: if (r == 0 && strcmp(d->driver, tname) == 0) { ~> if (r == 0) {
src/core/bind.c :: if (!path_exists(c, PCI_DEVICES "/%s", d->name)) { ~> if (0) {
src/core/bind.c :: if (r == 0 && !d->driver[0])\n\t\tr = bind_by_route ~> if (0)\n\t\tr = bind_by_route
# (the same change as the unbind give_back mutant above: kept for the numbering)
src/core/bind.c :: fail(c, d, r, "cannot unbind it from its driver");\n\t\t\tgive_back(c, d); ~> fail(c, d, r, "cannot unbind it from its driver");
# (finish() is now followed by probe_all: the same change as a later mutant)
src/core/bind.c :: \tgive_back(c, d);\n}\n\n/*\n * Steps 5 and 6 ~> }\n\n/*\n * Steps 5 and 6
# module loading
src/core/modload.c :: if (r == -EEXIST) ~> if (0)
src/core/modload.c :: if (strncmp(real, l->moddir, dl) != 0 || real[dl] != '/') { ~> if (0) {
src/core/modload.c :: || real[dl] != '/') { ~> ) {
src/core/modload.c :: r = deps_backwards(l, line + n + 1);\n\treturn r ? r : with_softdeps(l, line, n); ~> r = with_softdeps(l, line, n);\n\treturn r ? r : deps_backwards(l, line + n + 1);
src/core/modload.c :: r = softdeps(l, w, "pre:"); ~> r = softdeps(l, w, "post:");
src/core/modload.c :: r = strset_add(&l->seen, key);\n\tif (r <= 0) ~> r = strset_add(&l->seen, key);\n\tif (r < 0)
src/core/modload.c :: if (!required) { ~> if (required) {
src/core/modload.c :: if (plan->kver[0] && strcmp(plan->kver, l.kver) == 0) ~> if (!plan->kver[0] || strcmp(plan->kver, l.kver) == 0)
src/core/modload.c :: if (r == 0 && !c->dry_run && !path_exists(c, PCI_DRIVERS ~> if (0 && !c->dry_run && !path_exists(c, PCI_DRIVERS
src/core/cli.c :: if (!value || strchr(value, '/') || value[0] == '.') ~> if (!value)
# state and exit status
src/core/state.c :: if (d->outcome != OUT_NONE)\n\t\t\tlen += ~> if (1)\n\t\t\tlen +=
src/core/state.c :: } else if (r == 0 && root_path(c, line, sizeof(line), STATE_DIR "/halt") == 0) { ~> } else if (0) {
src/core/apply.c :: if (halt)\n\t\tstatus = EXIT_FAILED; ~> if (0)\n\t\tstatus = EXIT_FAILED;
src/core/apply.c :: if (r < 0 || s.cfg.errors)\n\t\tstatus ~> if (r < 0)\n\t\tstatus
src/core/apply.c :: s.cfg.halt_on_error ? halt : NULL ~> halt
src/core/apply.c :: if (!s.cfg.errors) {\n\t\t\tlog_debug ~> if (1) {\n\t\t\tlog_debug
# guard rules (this round): several guards, unknown guards, stale guards,
# the serial console, a bad force, a lost except, group expansion, assign
src/core/decide.c :: return g->has_ids && (!d || d->vendor != g->vendor || d->device != g->device || ~> return g->has_ids && (!d || d->vendor != g->vendor ||
src/core/decide.c :: d->class_code != g->class_code); ~> 0);
src/core/decide.c :: return g->has_ids && (!d ~> return (!d
src/core/decide.c :: class_matches(&g->kind, d->class_code)) ~> 0)
src/core/decide.c :: \tif (!held)\n\t\treturn; ~> \tif (held != on)\n\t\treturn;
src/core/decide.c :: if (!on && plan->damaged) ~> if (0)
src/core/decide.c :: if (refused) { ~> if (0) {
src/core/decide.c :: select_named(c, s, d, target.dev == ANY_DEVICE || target.fn == ANY_FUNCTION); ~> select_named(c, s, d, false);
src/core/decide.c :: (serial_console(c, cfg, d) ? GUARD_BIT(GUARD_SERIAL_CONSOLE) : 0); ~> 0;
# (survived the full run: killed by test_guard_rules' guard_of_an_unknown_name_says_force_1)
src/core/decide.c :: held >= GUARD_BIT(GUARD_UNKNOWN) ? "1" : names ~> names
src/core/cmdline.c :: cfg->except_errors++;\n\t\t\t\tlog_err(c, "%s: unknown option ignored ~> log_err(c, "%s: unknown option ignored
src/core/cmdline.c :: } else if (strcmp(param, "console") == 0 && val && strncmp(val, "ttyS", 4) == 0) { ~> } else if (0) {
src/core/config.c :: cfg->except_errors++;   /* "excpet = ..." */ ~> ;
src/core/config.c :: cfg->except_errors++;   /* it may have been an except line */ ~> ;
# (survived the full run: killed by test_safety's too_long_except_fails_closed)
src/core/config.c :: cfg->except_errors += kind == LIST_EXCEPT; ~> ;
src/core/config.c :: cfg->force = 0;\n\t\t\tbad_token ~> bad_token
src/core/plan.c :: g.has_ids = true; ~> g.has_ids = false;
src/host/runtime.c :: s.cfg.force = o->opt[ASSIGN_FORCE] ? FORCE_ALL : 0; ~> if (o->opt[ASSIGN_FORCE]) s.cfg.force = FORCE_ALL;
# (a failed load: the target now loads before any write, so fail_load
# gives nothing back; these two: it gives back, it fails no device)
src/core/bind.c :: \t\t\tfail(c, &list->v[i], err, what);\n} ~> \t\t\t{ fail(c, &list->v[i], err, what); give_back(c, &list->v[i]); }\n}
src/core/bind.c :: if (list->v[i].outcome == OUT_SELECTED && list->v[i].present)\n\t\t\tfail(c, ~> if (list->v[i].outcome == OUT_PREPARED && list->v[i].present)\n\t\t\tfail(c,
src/host/inspect.c :: if (lr < 0)\n\t\t\tfail_load ~> if (0)\n\t\t\tfail_load
src/host/planner.c :: r = add_list(w, deps);\n\tkmod_module_unref_list(deps);\n\tkmod_module_get_softdeps(mod, &pre, &post);\n\tif (r == 0)\n\t\tr = add_list(w, pre); ~> kmod_module_get_softdeps(mod, &pre, &post);\n\tr = add_list(w, pre);\n\tif (r == 0)\n\t\tr = add_list(w, deps);\n\tkmod_module_unref_list(deps);
src/host/planner.c :: if (r == 0)\n\t\tr = add_list(w, post); ~> if (0)\n\t\tr = add_list(w, post);
src/host/runtime.c :: lock = host_lock(&s.ctx);\n\t\tr = session_scan(&s, host_plan); ~> r = session_scan(&s, host_plan);
# held-out style (mutate task, issue 23): written from DESIGN.md and
# pciback-early(8), before reading the unit tests, one group per promise
# -- guards: several per device, each named, all must be lifted
src/core/decide.c :: bits |= GUARD_BIT(guard_by_name(g->reason)); ~> bits = GUARD_BIT(guard_by_name(g->reason));
src/core/decide.c :: if (!(held & GUARD_BIT(g))) { ~> if (!(on & GUARD_BIT(g))) {
src/core/decide.c :: for (g = 0; g <= GUARD_PLAN_DAMAGED; g++) { ~> for (g = 0; g < GUARD_PLAN_DAMAGED; g++) {
src/core/config.c :: for (g = 0; g < GUARD_UNKNOWN && strcmp(guard_text((enum guard)g, false), name) != 0; g++) ~> for (g = 0; g < GUARD_ROOT_STORAGE && strcmp(guard_text((enum guard)g, false), name) != 0; g++)
# -- guards: stale ones (another machine's) ignored, once logged
src/core/decide.c :: g->addr ? strcmp(g->addr, d->name) == 0 && !guard_stale(g, list, n) : ~> g->addr ? strcmp(g->addr, d->name) == 0 :
src/core/decide.c :: if (first)\n\t\tlog_warn(c, "the plan's host guards ~> if (0)\n\t\tlog_warn(c, "the plan's host guards
# -- guards: what the plan cannot see fails closed (unknown, damaged)
src/core/plan.c :: r = fmt_fd(fd, "unknown ~> r = fmt_fd(fd, "# unknown
src/core/plan.c :: if (r > 0)\n\t\tp->damaged = true; ~> if (0)\n\t\tp->damaged = true;
src/core/plan.c :: p->damaged = true;\n\t}\n ~> }\n
# -- a typo never widens: every broad selection dropped, exact slots kept
src/core/config.c :: cfg->except_errors++;\n\t\tbad_token(c, cfg, o, key, tok, except_expected); ~> bad_token(c, cfg, o, key, tok, except_expected);
src/core/decide.c :: if (d->outcome == OUT_SELECTED && cfg->except_errors && d->broad) { ~> if (d->outcome == OUT_SELECTED && cfg->except_errors > 1 && d->broad) {
src/core/decide.c :: select_named(c, s, d, target.dev == ANY_DEVICE || target.fn == ANY_FUNCTION); ~> select_named(c, s, d, true);
# (survived the first run: fixed by test_contract's vf_wildcard_dropped_by_a_bad_except)
src/core/decide.c :: select_named(c, s, &list->v[i], s->vf == VF_ANY); ~> select_named(c, s, &list->v[i], false);
src/core/decide.c :: e->broad = true;   /* as ids ~> e->broad = false;   /* as ids
src/core/decide.c :: "rd.pciback.ids";\n\t\t\t\td->broad = true; ~> "rd.pciback.ids";
src/core/decide.c :: "rd.qubes.hide_all_usb";\n\t\t\t\td->broad = true; ~> "rd.qubes.hide_all_usb";
src/core/config.c :: cfg->disabled = b != 1; ~> cfg->disabled = b == 0;
# -- fallback binding routes
src/core/bind.c :: if (t == TARGET_VFIO_PCI || (t == TARGET_PCI_STUB && has_twin(c, list, d))) { ~> if (t == TARGET_VFIO_PCI) {
src/core/bind.c :: d->route = t == TARGET_XEN_PCIBACK ? ROUTE_NEW_SLOT : ROUTE_NEW_ID; ~> d->route = ROUTE_NEW_SLOT;
src/core/bind.c :: list->v[i].vendor == d->vendor && list->v[i].device == d->device; ~> list->v[i].vendor == d->vendor;
src/core/bind.c :: if (r == 0 && d->route == ROUTE_NEW_ID) { ~> if (0) {
src/core/bind.c :: if (r == -EOPNOTSUPP || r == -EINVAL || r == -EPERM) ~> if (r == -EOPNOTSUPP || r == -EINVAL)
src/core/bind.c :: if (r == 0 && !d->driver[0] && d->route == ROUTE_OVERRIDE)\n\t\tr = fallback ~> if (0)\n\t\tr = fallback
src/core/bind.c :: if (list->v[i].outcome == OUT_SELECTED && list->v[i].present &&\n\t\t    override_missing ~> if (0 &&\n\t\t    override_missing
src/core/bind.c :: set_outcome(d, OUT_SEIZED, d->route ? route_files[d->route] : NULL); ~> set_outcome(d, OUT_SEIZED, NULL);
# -- give-back: one path, every failed write recorded, never driverless
src/core/bind.c :: if ((d->route == ROUTE_NEW_SLOT || strcmp(d->driver, pciback) == 0) && ~> if (strcmp(d->driver, pciback) == 0 &&
src/core/bind.c :: rs == -ENOENT ? 0 : rs, ~> rs,
src/core/bind.c :: fmt(d->reason + len, sizeof(d->reason) - len, "%sgive-back:%s", ~> fmt(d->reason + len, 0, "%sgive-back:%s",
# (survived the last run: killed by test_host's release_when_it_stays_on_the_target)
src/core/bind.c :: if (is_target_driver(d->driver))\n\t\tr = back_step(c, d, -EBUSY ~> if (0)\n\t\tr = back_step(c, d, -EBUSY
src/core/bind.c :: \tgive_back(c, d);\n}\n\n/*\n * Steps 5 and 6 ~> }\n\n/*\n * Steps 5 and 6
src/host/runtime.c :: failed += give_back(&s.ctx, d) < 0; ~> give_back(&s.ctx, d);
# -- late devices (the udev rule's apply --device)
# (survived: fixed by test_contract's remove_event_drops_the_line)
src/host/late.c :: if (r == 0 && !path_exists(c, PCI_DEVICES "/%s", name)) { ~> if (0) {
src/host/late.c :: \tonly(&s.list, d);\n ~> \t;\n
src/host/late.c :: if (d->outcome == OUT_NONE && !d->hold_vfs && !vf_of_held(c, &s.list, d)) { ~> if (d->outcome == OUT_NONE && !d->hold_vfs) {
# (survived: fixed by test_contract's late_failure_exits_1)
src/host/late.c :: if (d->outcome == OUT_FAILED)\n\t\tstatus = EXIT_FAILED; ~> if (0)\n\t\tstatus = EXIT_FAILED;
src/core/state.c :: if (d && d->outcome != OUT_NONE)\n\t\tstate_line(d, text + len); ~> if (0)\n\t\tstate_line(d, text + len);
# -- existing configurations (check, import)
src/host/existing.c :: strlen(entry) == 7 ? "0000:" : "" ~> ""
src/host/existing.c :: if (n > 1) {   /* the script binds none of them */ ~> if (0) {
# (survived: fixed by test_contract's driverctl_pciback_is_xen_pciback)
src/host/existing.c :: modname_eq(name, targets[t].sysfs, strlen(targets[t].sysfs))) ~> 0)
src/host/inspect.c :: s.cfg.errors += existing_report(&s, o->cmdline, &now.list); ~> existing_report(&s, o->cmdline, &now.list);
# -- the exit status: 0 when a guard holds, 1 on a failure or a bad setting, 3 from check
src/core/apply.c :: if (list->v[i].outcome == OUT_FAILED) { ~> if (list->v[i].outcome == OUT_FAILED || list->v[i].outcome == OUT_SKIPPED) {
# (survived: fixed by test_contract's state_dir_link_refused, exit 1)
src/core/apply.c :: status = EXIT_FAILED;\n\t\t}\n\t}\nout: ~> }\n\t}\nout:
src/core/apply.c :: if (t != TARGET_NONE && hold_vfs(c, &s->list) < 0)\n\t\ts->cfg.errors++; ~> if (t != TARGET_NONE)\n\t\thold_vfs(c, &s->list);
src/host/inspect.c :: return r < 0 ? EXIT_FAILED : nothing ? EXIT_NOTHING : EXIT_OK; ~> return r < 0 ? EXIT_FAILED : EXIT_OK;
# (survived the last run, cause not found: killed in this run by test_existing;
# test_exit's check_status_says_nothing_selected fails on it too: check exits 1 on a bad setting)
src/host/inspect.c :: if (s.cfg.errors || failed)\n\t\tr = -EINVAL; ~> if (failed)\n\t\tr = -EINVAL;
src/host/runtime.c :: failed += d->outcome == OUT_FAILED || d->outcome == OUT_SKIPPED; ~> failed += d->outcome == OUT_FAILED;
# -- status --json
src/host/inspect.c :: if (ch == '"' || ch == '\\') ~> if (ch == '"')
src/host/inspect.c :: else if (ch < 0x20 || ch > 0x7e) ~> else if (ch > 0x7e)
src/host/inspect.c :: printf(", \"%s\": ", key);\n\tif (*val) ~> printf(", \"%s\": ", key);\n\tif (1)
src/host/inspect.c :: fputs("\"driver_override\"", stdout); ~> fputs("null", stdout);
src/host/inspect.c :: d->outcome == OUT_ALREADY) ? targets[t].module : "" ~> d->outcome == OUT_ALREADY) ? targets[t].sysfs : ""
src/host/inspect.c :: if (n && !(n == 1 && *line == '-')) ~> if (n)
# (survived the full run: killed by test_cli's status_json_no_subsystem_ids)
src/host/inspect.c :: if (!d->subvendor)      /* no subsystem IDs ~> if (0)      /* no subsystem IDs
# -- the state file: its fields, and never written through a planted link
src/core/state.c :: d->present ? "%04x:%04x" : "----:----" ~> "%04x:%04x"
src/core/state.c :: d->reason[0] ? ":" : "" ~> ":"
src/core/state.c :: if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid()) ~> if (st.st_uid != geteuid())
src/core/state.c :: O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC ~> O_WRONLY | O_CREAT | O_CLOEXEC
# exact slots read only their devices (issue 28, pciback-early(8) DESCRIPTION)
src/core/apply.c :: s.selected_only = true; ~> s.selected_only = false;
src/core/session.c :: return !cfg->ids.n && !cfg->classes.n; ~> return !cfg->ids.n;
src/core/session.c :: return !cfg->ids.n && !cfg->classes.n; ~> return !cfg->classes.n;
src/core/session.c :: if (cfg->slots.v[i].depth || cfg->slots.v[i].vf) ~> if (cfg->slots.v[i].depth)
src/core/session.c :: if (cfg->slots.v[i].depth || cfg->slots.v[i].vf) ~> if (cfg->slots.v[i].vf)
src/core/session.c :: if (s->plan.guards.v[i].addr && strcmp(s->plan.guards.v[i].addr, name) == 0) ~> if (0)
src/core/session.c :: if (addr_matches(&s->cfg.slots.v[i].addr, a)) ~> if (0)
src/core/devices.c :: for (i = 0; want && r == 0 && i < list->n; i++) ~> for (i = 0; 0 && r == 0 && i < list->n; i++)
src/core/devices.c :: device_list_free(list);\n\t\t\treturn enumerate_devices(c, list, NULL, NULL); ~> return -ENOENT;
src/core/devices.c :: if (strcmp(list->v[i].name, name) == 0)\n\t\t\treturn false; ~> if (0)\n\t\t\treturn false;
src/core/bind.c :: \tif (list->partial)\n\t\tlist = &all; ~> \tif (0)\n\t\tlist = &all;
src/core/decide.c :: if (i == real_n && real_n) ~> if (i == real_n)
# concurrent probes (issue 28, pciback-early(8) DESCRIPTION): the module
# before any override, the waits in device order, each device verified
# after its own probe, at most 16 at once, a child's error passed on
src/core/bind.c :: for (k = 0; k < n; k++) {\n\t\t\t/* the child's ~> for (k = n; k-- > 0; ) {\n\t\t\t/* the child's
src/core/bind.c :: if (pid[k] > 0)\n\t\t\t\tres[k] = waitpid ~> if (0)\n\t\t\t\tres[k] = waitpid
src/core/bind.c :: #define PROBES_AT_ONCE 16 ~> #define PROBES_AT_ONCE 32
src/core/bind.c :: \tif (to_load && (r = load_target(c, cfg, plan, t)) < 0)\n\t\tfail_load(c, list, t, r); ~> \tfor (i = 0; i < list->n; i++)\n\t\tif (list->v[i].outcome == OUT_SELECTED && list->v[i].present)\n\t\t\tprepare(c, list, &list->v[i], t);\n\tif (to_load && (r = load_target(c, cfg, plan, t)) < 0)\n\t\tfail_load(c, list, t, r);
src/core/bind.c :: (pid[n] = fork()) <= 0) {\n\t\t\t\tres[n] = write_attr(c, d->name, "/sys/bus/pci/drivers_probe");\n\t\t\t\tif (pid[n] == 0)\n\t\t\t\t\t_exit(-res[n]); ~> (pid[n] = fork()) <= 0) {\n\t\t\t\tres[n] = write_attr(c, d->name, "/sys/bus/pci/drivers_probe");\n\t\t\t\tif (pid[n] == 0)\n\t\t\t\t\t_exit(0);
EOF
}

# the unit tests closest to a source file, run first
first_tests() {
	case $1 in
	*/selector.c) echo test_selector test_config ;;
	*/qubes.c) echo test_qubes ;;
	*/cmdline.c|*/config.c) echo test_config test_cmdline test_bind ;;
	*/cli.c) echo test_cli test_config test_bind ;;
	*/decide.c) echo test_decide test_select test_bind test_qubes ;;
	*/modload.c) echo test_modload test_modorder test_bind ;;
	*/bind.c) echo test_concurrent test_fallback test_predict test_bind ;;
	*/inspect.c) echo test_predict test_host ;;
	*/state.c) echo test_state test_bind ;;
	*/log.c) echo test_log test_modload ;;
	*/guards_net.c|*/routes.c) echo test_guards_net test_routes test_host ;;
	*/guards_*.c|*/hostguards.c) echo test_guards_storage test_guards_netstore test_host test_guards_net ;;
	*/modprobe_d.c|*/planner.c) echo test_options test_modorder test_host test_modload ;;
	*) echo test_bind test_modload ;;
	esac
}

# several jobs: this script once per job, on every MUTATE_JOBS-th mutant,
# each in its own copy of the tree; the lines merged, the counts summed
jobs=${MUTATE_JOBS:-1}
if [ "$jobs" -gt 1 ] && [ -z "${MUTATE_PART:-}" ]; then
	all=$(if [ -n "${MUTANTS_FILE:-}" ]; then cat "$MUTANTS_FILE"; else mutants; fi |
		grep -v '^#' | grep -cv '^$')
	nums=${*:-$(seq 1 "$all")}
	parts=$(mktemp -d /tmp/pciback-mutate-jobs.XXXXXX)
	# a signal ends the run (the EXIT trap cleans up): without the exit,
	# the script went on without its work tree
	trap 'rm -rf "$parts"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	# the shared objects and coverage map first, once
	MUTATE_PART=1 "$0" 0 > "$parts/prep" || { cat "$parts/prep"; exit 2; }
	k=0
	while [ $k -lt "$jobs" ]; do
		mine=$(echo $nums | tr ' ' '\n' | awk -v j="$jobs" -v k=$k 'NR % j == k' | tr '\n' ' ')
		[ -n "$mine" ] && MUTATE_PART=1 "$0" $mine > "$parts/$k" 2>&1 &
		k=$((k + 1))
	done
	wait
	cat "$parts"/[0-9]* | grep -v '^mutants:\|^survivors:\|^score:\|^RESULT ' |
		sort -t'#' -k2 -n
	cat "$parts"/[0-9]* | awk '/^RESULT / { k += $2; s += $3; sk += $4; if ($5 != "-") sv = sv $5 }
		END { printf "mutants: %d run, %d killed, %d survived, %d skipped\n", k + s, k, s, sk
		      if (sv != "") { gsub(",", " ", sv); print "survivors:" sv }
		      if (k + s) printf "score: %d%% killed\n", k * 100 / (k + s) }'
	exit 0
fi

work=$(mktemp -d /tmp/pciback-mutate.XXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$work/tests" "$work/obj" "$work/bin" "$work/cov/obj" "$work/cov/bin"
cp -a "$repo/src" "$work/"
cp -a "$repo/tests/unit" "$repo/tests/fixtures" "$work/tests/"
cd "$work" || exit 2

# objects of unchanged files come from the cache (the key: the compiler
# line, every header, the file)
cache=${MUTATE_CACHE:-$repo/build/mutate-cache}
mkdir -p "$cache"
hdrsum=$(cat src/core/*.h src/host/*.h tests/unit/*.h | sha1sum | cut -c1-40)
obj_of() { echo "obj/$(echo "$1" | tr / _ | sed 's/\.c$/.o/')"; }
compile() { $CC $CFLAGS -fPIC -c -o "$(obj_of "$1")" "$1"; }
cached_compile() {
	key=$({ echo "$CC $CFLAGS -fPIC $hdrsum"; cat "$1"; } | sha1sum | cut -c1-40)
	if [ -f "$cache/$key.o" ]; then
		cp "$cache/$key.o" "$(obj_of "$1")"
	else
		compile "$1" && cp "$(obj_of "$1")" "$cache/$key.o.$$" &&
			mv "$cache/$key.o.$$" "$cache/$key.o"
	fi
}

SRC=$(ls src/core/*.c src/host/*.c | grep -v '^src/host/main.c$')
TESTS=$(cd tests/unit && ls test_*.c | sed 's/\.c$//')
LIBSRC="$SRC tests/unit/harness.c tests/unit/fakekernel.c tests/unit/fakeprobe.c tests/unit/fakenet.c"
for f in $LIBSRC; do
	cached_compile "$f" || exit 2
done
for t in $TESTS; do
	cached_compile "tests/unit/$t.c" || exit 2
done
LIBOBJS=$(for f in $LIBSRC; do obj_of "$f"; done)

# the code under test is one shared library: a mutant relinks it alone,
# the test binaries are linked once
linklib() { $CC $CFLAGS -shared -o bin/libmut.so $LIBOBJS $KMOD_LIBS; }
linklib || exit 2
cp bin/libmut.so bin/libmut.so.orig
for t in $TESTS; do
	$CC $CFLAGS -o "bin/$t" "$(obj_of "tests/unit/$t.c")" -Lbin -lmut \
		-Wl,-rpath,"$work/bin" $KMOD_LIBS || exit 2
done

# what each test binary executes, from a --coverage build (cached by the
# content of every source and test): which binaries a mutant can reach
treesum=$({ echo "$CC $CFLAGS"; find src tests/unit tests/fixtures -type f | sort |
	xargs cat; } | sha1sum | cut -c1-40)
map="$cache/coverage-$treesum.json"
if [ ! -f "$map" ]; then
	echo "coverage map: building it (once per tree)" >&2
	covobj() { echo "cov/obj/$(echo "$1" | tr / _ | sed 's/\.c$/.o/')"; }
	COVFLAGS="-O0 -g --coverage -DVERSION=\"0.1\" -Isrc/core -Isrc/host -Wno-format-truncation"
	for f in $LIBSRC $(for t in $TESTS; do echo "tests/unit/$t.c"; done); do
		$CC $COVFLAGS -c -o "$(covobj "$f")" "$f" || exit 2
	done
	COVOBJS=$(for f in $LIBSRC; do covobj "$f"; done)
	for t in $TESTS; do
		$CC --coverage -o "cov/bin/$t" "$(covobj "tests/unit/$t.c")" $COVOBJS $KMOD_LIBS ||
			exit 2
		rm -f cov/obj/*.gcda
		timeout "$timeout_s" "cov/bin/$t" >/dev/null 2>&1
		python3 "$repo/tests/mutate-cov.py" record "$map.$$" "$t" cov/obj || exit 2
	done
	mv "$map.$$" "$map"
fi

# the binaries that take minutes, run last unless closest to the file
SLOW=$(printf '%s\n' ${MUTATE_SLOW:-test_predict test_scale})

# the first test binary that fails, "(timeout)" when it hung, or nothing
# when all pass; $2: the binaries that can notice the mutant, or ALL
first_failure() {
	ran=""
	for t in $(first_tests "$1") $(echo $TESTS | tr ' ' '\n' | grep -vx "$SLOW") $SLOW; do
		case " $ran " in *" $t "*) continue ;; esac
		case " ${MUTATE_SKIP:-} " in *" $t "*) continue ;; esac
		ran="$ran $t"
		case "$2" in ALL) ;; *) case " $2 " in *" $t "*) ;; *) continue ;; esac ;; esac
		timeout "$timeout_s" "bin/$t" >/dev/null 2>&1
		case $? in
		0) ;;
		124) echo "$t (timeout)"; return ;;
		*) echo "$t"; return ;;
		esac
	done
}

pass="$cache/pass-$treesum"
if [ ! -f "$pass" ]; then
	bad=$(first_failure none ALL)
	if [ -n "$bad" ]; then
		echo "the unit tests fail without any mutant ($bad); fix them first" >&2
		exit 2
	fi
	touch "$pass"
fi

n=0 killed=0 survived=0 skipped=0 survivors=""
if [ -n "${MUTANTS_FILE:-}" ]; then cat "$MUTANTS_FILE"; else mutants; fi |
	grep -v '^#' | grep -v '^$' > mutants.txt
while IFS= read -r line; do
	n=$((n + 1))
	if [ $# -gt 0 ]; then
		case " $* " in *" $n "*) ;; *) continue ;; esac
	fi
	file=${line%% :: *}
	rest=${line#* :: }
	orig=${rest%% ~> *}
	repl=${rest#* ~> }
	reach=$(python3 "$repo/tests/mutate-cov.py" select "$map" "$file" "$orig")
	[ "${MUTATE_ALL_TESTS:-0}" = 1 ] && reach=ALL
	cp "$file" "$file.orig"
	python3 - "$file" "$orig" "$repl" <<'PY'
import sys
path, orig, repl = sys.argv[1:]
unescape = lambda s: s.replace("\\n", "\n").replace("\\t", "\t")
orig, repl = unescape(orig), unescape(repl)
text = open(path).read()
count = text.count(orig)
if count != 1:
    sys.exit(3 if count == 0 else 4)
open(path, "w").write(text.replace(orig, repl))
PY
	rc=$?
	if [ $rc -ne 0 ]; then
		skipped=$((skipped + 1))
		why="original text not found"
		[ $rc -eq 4 ] && why="original text not unique"
		printf 'SKIPPED #%s %s: %s: %s\n' "$n" "$file" "$why" "$orig"
		rm -f "$file.orig"
		continue
	fi
	obj=$(obj_of "$file")
	cp "$obj" "$obj.orig"
	by=
	if compile "$file" 2>/dev/null && linklib 2>/dev/null; then
		by=$(first_failure "$file" "$reach")
		built=1
	else
		built=0
	fi
	mv "$file.orig" "$file"
	mv "$obj.orig" "$obj"
	cp bin/libmut.so.orig bin/libmut.so
	if [ $built -eq 0 ]; then
		skipped=$((skipped + 1))
		printf 'SKIPPED #%s %s: the mutant does not build: %s ~> %s\n' "$n" "$file" "$orig" "$repl"
	elif [ -n "$by" ]; then
		killed=$((killed + 1))
		printf 'KILLED #%s by %s: %s: %s ~> %s\n' "$n" "$by" "$file" "$orig" "$repl"
	else
		survived=$((survived + 1))
		survivors="$survivors $n"
		[ -z "$reach" ] && reach="none: no test executes it"
		printf 'SURVIVED #%s %s: %s ~> %s (tests run: %s)\n' "$n" "$file" "$orig" "$repl" "$reach"
	fi
done < mutants.txt

tried=$((killed + survived))
echo "mutants: $tried run, $killed killed, $survived survived, $skipped skipped"
[ -n "$survivors" ] && echo "survivors:$survivors"
[ $tried -gt 0 ] && echo "score: $((killed * 100 / tried))% killed"
[ -n "${MUTATE_PART:-}" ] && echo "RESULT $killed $survived $skipped $(echo $survivors | tr ' ' ,)${survivors:+,}" |
	sed 's/ $/ -/'
exit 0
