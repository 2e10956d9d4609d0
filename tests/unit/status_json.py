#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""`pciback-early status --json` against its schema in pciback-early(8).

status_json.py FILE [EXPECTED]: FILE holds the output; it must parse as
JSON (Python's parser, strict: no duplicate keys, no NaN) and follow the
schema, every field checked for its type and its values.  The file
EXPECTED holds a JSON object {address: device object} of devices that
must be there exactly so, and "count": how many devices there are.  Exits 1 with one line saying what is wrong.
"""
import json
import re
import sys

DEVICE = ["address", "vendor", "device", "subsystem_vendor", "subsystem_device",
          "class", "driver", "override", "iommu_group", "config", "boot"]
CONFIG = ["outcome", "errno", "reasons", "target"]
BOOT = ["outcome", "errno", "reasons", "driver"]
SEIZED = ["outcome", "errno", "reasons", "route", "driver"]   # boot, when seized
ROUTES = {"driver_override", "new_slot", "new_id"}
TARGETS = {"xen-pciback", "vfio-pci", "pci-stub"}


def fail(what):
    sys.exit("status --json: " + what)


def pairs(items):
    keys = [k for k, _ in items]
    if len(set(keys)) != len(keys):
        fail("a key twice in %s" % keys)
    return dict(items)


def no_constant(name):
    fail("not JSON: %s" % name)


def string_or_null(where, value, pattern=None):
    if value is None:
        return
    if not isinstance(value, str) or not value:
        fail("%s: %r is not a non-empty string or null" % (where, value))
    if pattern and not re.fullmatch(pattern, value):
        fail("%s: %r does not match %s" % (where, value, pattern))


def outcome(where, o, keys, outcomes):
    if o is None:
        return
    if isinstance(o, dict) and keys is BOOT and o.get("outcome") == "seized":
        keys = SEIZED
        if o.get("route") not in ROUTES:
            fail("%s.route: %r is not one of %s" % (where, o.get("route"), sorted(ROUTES)))
    if not isinstance(o, dict) or list(o) != keys:
        fail("%s: %r is not null or an object with %s in this order" % (where, o, keys))
    if o["outcome"] not in outcomes:
        fail("%s.outcome: %r is not one of %s" % (where, o["outcome"], sorted(outcomes)))
    string_or_null(where + ".errno", o["errno"], r"E[A-Z0-9]+")
    reasons = o["reasons"]
    if not isinstance(reasons, list) or not all(isinstance(r, str) and r and "," not in r
                                                for r in reasons):
        fail("%s.reasons: %r is not a list of words" % (where, reasons))
    if o["errno"] is not None and (o["outcome"] != "failed" or reasons):
        fail("%s: an errno with outcome %s and reasons %s" % (where, o["outcome"], reasons))
    if o["outcome"] == "skipped" and not reasons:
        fail("%s: skipped without a reason" % where)
    if o["outcome"] == "failed" and not reasons and o["errno"] is None:
        fail("%s: failed without an errno or a reason" % where)
    if o["outcome"] not in ("skipped", "failed") and (reasons or o["errno"] is not None):
        fail("%s: %s with a reason" % (where, o["outcome"]))


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        top = json.load(f, object_pairs_hook=pairs, parse_constant=no_constant)
    if not isinstance(top, dict) or list(top) != ["version", "devices"]:
        fail("the top is not {\"version\", \"devices\"}: %r" % (top if not isinstance(top, dict) else list(top)))
    if type(top["version"]) is not int or top["version"] != 1:
        fail("version %r, expected the number 1" % top["version"])
    devices = top["devices"]
    if not isinstance(devices, list):
        fail("devices is not a list")
    for d in devices:
        if not isinstance(d, dict) or list(d) != DEVICE:
            fail("a device's keys are %r, expected %s" % (list(d) if isinstance(d, dict) else d, DEVICE))
        a = d["address"]
        string_or_null("address", a, r"[0-9a-f]{4,}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]")
        if a is None:
            fail("a device without an address")
        for k in ("vendor", "device"):
            string_or_null(a + "." + k, d[k], r"[0-9a-f]{4}")
            if d[k] is None:
                fail("%s.%s is null" % (a, k))
        for k in ("subsystem_vendor", "subsystem_device"):
            string_or_null(a + "." + k, d[k], r"[0-9a-f]{4}")
        if (d["subsystem_vendor"] is None) != (d["subsystem_device"] is None):
            fail("%s: one subsystem ID without the other" % a)
        string_or_null(a + ".class", d["class"], r"[0-9a-f]{6}")
        for k in ("driver", "override", "iommu_group"):
            string_or_null(a + "." + k, d[k])
        outcome(a + ".config", d["config"], CONFIG, {"selected", "already", "skipped", "failed"})
        c = d["config"]
        if c is not None:
            if c["outcome"] in ("selected", "already"):
                if c["target"] not in TARGETS:
                    fail("%s.config.target: %r is not one of %s" % (a, c["target"], sorted(TARGETS)))
            elif c["target"] is not None:
                fail("%s.config.target: %r for a device %s" % (a, c["target"], c["outcome"]))
        outcome(a + ".boot", d["boot"], BOOT, {"seized", "already", "skipped", "failed"})
        if d["boot"] is not None:
            string_or_null(a + ".boot.driver", d["boot"]["driver"])
    addresses = [d["address"] for d in devices]
    if addresses != sorted(set(addresses)):
        fail("devices not in address order, or one twice: %s" % addresses)
    expected = {}
    if len(sys.argv) > 2:
        with open(sys.argv[2], encoding="utf-8") as f:
            expected = json.load(f)
    count = expected.pop("count", len(devices))
    if count != len(devices):
        fail("%d devices, expected %d: %s" % (len(devices), count, addresses))
    by_address = {d["address"]: d for d in devices}
    for a, want in expected.items():
        if by_address.get(a) != want:
            fail("%s is %r, expected %r" % (a, by_address.get(a), want))


main()
