#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/host/qubes.py [BIN [SEED [TREES [LINES]]]]: the Qubes OS drop-in,
differentially.

A reference model of what Qubes' dracut module selects, written in this
file from reading dracut/modules.d/90qubes-pciback/qubes-pciback.sh of
QubesOS/qubes-core-admin-linux at commit
a571230c757abbe88af7122064e660b53e28e348 (the script is not copied), with
dracut's getarg/getargbool (dracut-ng src/util/util.c, modules.d/80base/
dracut-lib.sh at 02e7ae10830d), against this tool: on the same fake Xen
dom0 trees (tests/fixtures/hosts/mkhost.sh) and many generated command
lines (seeded), both must agree
  - whether the boot stops (Qubes: die; here: the run fails, which the
    hooks turn into a stop with any rd.qubes.* key, hook-lib's default),
  - and, when it does not, which devices leave dom0: the model's hidden
    set is the tool's selection, guards aside (a bridge named in
    rd.qubes.hide_pci is selected, then kept by the bridge guard).
Path ids walk bridges whose secondary bus numbers are above 9 and above
0x10 (sysfs prints them in decimal, the offsets are hex).
A known difference, not generated: an rd.qubes.hide_pci entry that
resolves to an address in a spelling sysfs does not use (0000:0:1f.1) and
is named in rd.qubes.dom0_usb in that same spelling is skipped by Qubes
(string equality, before the bind); here it is a bad entry and stops the
boot.
One deliberate difference, from the issue: Qubes stops the boot for a
failed bind only when it is the last one (set -e inside a subshell tested
with ||); the model stops for any, as the tool does.
Prints one PASS:/FAIL: line; each disagreement goes to stderr with its
seed, tree and command line.
"""
import fnmatch
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "build/host/pciback-early")
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 26
TREES = int(sys.argv[3]) if len(sys.argv) > 3 else 6
LINES = int(sys.argv[4]) if len(sys.argv) > 4 else 30
MKHOST = os.path.join(REPO, "tests/fixtures/hosts/mkhost.sh")
# the target module where the boot looks for it: without one, check and
# the dry run predict that every device fails (ENOENT), as the boot would
KVER = "6.1.0-test"
MODULES = os.path.join(REPO, "tests/fixtures/basic/lib/modules", KVER)


# --- the reference model ---------------------------------------------------

CANONICAL = re.compile(r"^[0-9a-f]{4}:[0-9a-f]{2}:[01][0-9a-f]\.[0-7]$")


def dracut_getarg(words, key):
    """dracut-getarg KEY: the last occurrence counts; a bare key is set
    with no value (""), as is KEY=; None when absent"""
    found = None
    for w in words:
        k, eq, v = w.partition("=")
        if k == key:
            found = v if eq else ""
    return found


def getargbool(words, default, key):
    b = dracut_getarg(words, key)
    if b is None:
        b = default
    return b not in ("0", "no", "off")


class Sysfs:
    def __init__(self, devices):
        self.devices = devices          # name -> dict(cls=, sec=)

    def read_secondary(self, name):
        d = self.devices.get(name)
        if d is None or d.get("sec") is None:
            raise OSError(name)
        return str(d["sec"])             # "%u"


STATS = {"offset>9": 0, "offset>0x10": 0, "secondary>9": 0, "secondary>0x10": 0}


def resolve_dev(dev, sysfs):
    """resolve_dev() of qubes-pciback.sh: "" when it prints nothing"""
    segment, seen = "0000", set()
    if fnmatch.fnmatchcase(dev, "[0-9a-f][0-9a-f][0-9a-f][0-9a-f]_*_*.*"):
        segment, dev = dev.split("_", 1)
    elif fnmatch.fnmatchcase(dev, "*_*.*"):
        pass
    elif fnmatch.fnmatchcase(dev, "*:*:*.*"):
        return dev
    elif fnmatch.fnmatchcase(dev, "*:*.*"):
        return "0000:" + dev
    else:
        return ""                        # "Invalid device format"
    while "-" in dev:
        bridge, dev = dev.split("-", 1)
        bridge = bridge.replace("_", ":")
        bus = dev.split("_", 1)[0]
        try:
            offset = int(sysfs.read_secondary(segment + ":" + bridge), 10)
        except OSError:
            return ""                    # $(<file) failed: return
        assert re.fullmatch(r"[0-9a-f]+", bus), "the generator makes no bash arithmetic errors"
        seen |= {k for k, v in (("offset>9", int(bus, 16) > 9), ("offset>0x10", int(bus, 16) > 0x10),
                                ("secondary>9", offset > 9), ("secondary>0x10", offset > 0x10)) if v}
        bus = "%02x" % (int(bus, 16) + offset)
        dev = bus + "_" + (dev.split("_", 1)[1] if "_" in dev else dev)
    if segment + ":" + dev.replace("_", ":") in sysfs.devices:
        for k in seen:
            STATS[k] += 1
    return segment + ":" + dev.replace("_", ":")


def qubes_model(words, sysfs):
    """(stops, hidden): whether Qubes stops the boot of a Xen dom0, and the
    devices it hides"""
    re_ = r"0(2|c03)" if getargbool(words, "0", "rd.qubes.hide_all_usb") else "02"
    hide = [n for n, d in sorted(sysfs.devices.items())
            if re.match(re_, "%04x" % (d["cls"] >> 8))]
    manual = dracut_getarg(words, "rd.qubes.hide_pci") or ""
    hide_pci = " ".join(hide) + " " + manual.replace(",", " ")
    if not re.fullmatch(r"[0-9a-f_.: \n-]+", hide_pci):
        return True, set()               # die 'Bogus PCI device list'
    dom0_usb = dracut_getarg(words, "rd.qubes.dom0_usb") or ""
    if re.search(r"[^0-9a-f_.:,-]", dom0_usb):
        dom0_usb = ""                     # warn, dropped whole
    exposed = [resolve_dev(e, sysfs) for e in dom0_usb.replace(",", " ").split()]
    stops, hidden = False, set()
    for dev in hide_pci.split():
        bdf = resolve_dev(dev, sysfs)
        if not bdf:
            return True, hidden          # die "Cannot find device"
        if bdf in exposed:
            continue
        if bdf not in sysfs.devices:
            stops = True                 # the bind fails: die under Xen
            continue
        hidden.add(bdf)
    return stops, hidden


# --- fake trees --------------------------------------------------------------

CLASSES = [(0x020000, "e1000e"), (0x020000, ""), (0x028000, "iwlwifi"), (0x0c0330, "xhci_hcd"),
           (0x0c0320, "ehci-pci"), (0x040300, "snd_hda_intel"), (0x010601, "ahci"),
           (0x010802, "nvme"), (0x0c0500, "i801_smbus"), (0x020000, "pciback")]


def make_tree(rng, path):
    """a Xen dom0 with bridges whose secondary buses go past 9 and 0x10,
    devices behind them and on the buses between; returns its Sysfs"""
    devices, lines = {}, []
    free_buses = list(range(1, 0x40))
    rng.shuffle(free_buses)

    def add(name, cls, driver, parent=None, sec=None):
        devices[name] = {"cls": cls, "sec": sec}
        lines.append("pci_dev %s 8086 %04x %06x %s %s" % (
            name, rng.randrange(0x1000, 0xffff), cls, driver or "''", parent or ""))
        if sec is not None:
            lines.append("put \"$(pci_dir %s)/secondary_bus_number\" %d" % (name, sec))

    def populate(seg, bus, parent, depth):
        slots = rng.sample(range(0x20), rng.randrange(2, 6))
        for slot in slots:
            name = "%s:%02x:%02x.%x" % (seg, bus, slot, 0)
            if depth < 3 and rng.random() < 0.35 and free_buses:
                sec = free_buses.pop()
                add(name, 0x060400, "pcieport", parent, sec)
                populate(seg, sec, name, depth + 1)
                continue
            cls, drv = rng.choice(CLASSES)
            for fn in range(rng.choice([1, 1, 1, 2])):
                add("%s:%02x:%02x.%x" % (seg, bus, slot, fn), cls, drv, parent)

    add("0000:00:00.0", 0x060000, "")
    populate("0000", 0, None, 0)
    # buses no bridge of the path leads to directly: offsets above 0
    for _ in range(3):
        if free_buses:
            bus = free_buses.pop()
            bridge = rng.choice([n for n, d in devices.items() if d["sec"] is not None] or [None])
            if bridge:
                populate("0000", bus, bridge, 3)
    if rng.random() < 0.5:
        add("0001:00:00.0", 0x060400, "pcieport", None, 0x12)
        populate("0001", 0x12, "0001:00:00.0", 2)
    script = ". '%s'\nhost_begin '%s'\nxen_dom0\ncmdline quiet\n%s\n" % (
        MKHOST, path, "\n".join(lines))
    subprocess.run(["sh", "-e"], input=script, text=True, check=True)
    shutil.copytree(MODULES, os.path.join(path, "lib/modules", KVER))
    return Sysfs(devices)


# --- command lines -----------------------------------------------------------

def path_ids(rng, sysfs, target):
    """path ids that lead to target: a first bridge by its own bus, then
    each later element's bus as an offset on the bridge before"""
    bridges = [n for n, d in sysfs.devices.items() if d["sec"] is not None and n[:4] == target[:4]]
    out = []
    for _ in range(6):
        chain = []
        cur = rng.choice(bridges) if bridges else None
        while cur and len(chain) < 3:
            chain.append(cur)
            sec = sysfs.devices[cur]["sec"]
            if int(target[5:7], 16) >= sec and (rng.random() < 0.6 or len(chain) == 3):
                break
            nxt = [b for b in bridges if int(b[5:7], 16) >= sec and b not in chain]
            cur = rng.choice(nxt) if nxt else None
        if not chain or int(target[5:7], 16) < sysfs.devices[chain[-1]]["sec"]:
            continue
        # resolve_dev reads every '_' of an element as ':': the first may
        # keep its ':'; an offset is 0x$bus in bash: any leading zeros
        elems = [chain[0][5:] if rng.random() < 0.2 else chain[0][5:].replace(":", "_")]
        for prev, el in zip(chain, chain[1:] + [target]):
            off = int(el[5:7], 16) - sysfs.devices[prev]["sec"]
            elems.append(rng.choice(["%02x", "%02x", "%x", "%03x", "%011x"]) % off + "_" + el[8:])
        seg = target[:4] + "_" if (target[:4] != "0000" or rng.random() < 0.3) else ""
        out.append(seg + "-".join(elems))
    return out


def device_id(rng, sysfs):
    names = sorted(sysfs.devices)
    t = rng.choice(names)
    kind = rng.random()
    if kind < 0.3:
        return t if (t[:4] != "0000" or rng.random() < 0.5) else t[5:]
    if kind < 0.6:
        ids = path_ids(rng, sysfs, t)
        if ids:
            return rng.choice(ids)
        return t
    bad = [
        t.upper(), t[:-2], t[5:-2], "0000:%02x:%02x.%x" % (rng.randrange(0x40), rng.randrange(0x20), rng.randrange(8)),
        t[:5] + t[6:], t[5:].replace(":", "_")[:-2], "77_00.0-00_00.0",
        t[5:].replace(":", "_") + "-f0_00.0", t[:-1] + "9", t + ";", "",
    ]
    return rng.choice(bad)


def command_line(rng, sysfs):
    words = []
    keys = rng.sample(["rd.qubes.hide_all_usb", "rd.qubes.hide_pci", "rd.qubes.dom0_usb",
                       "usbcore.authorized_default", "rd.qubes.hide_pci", "rd.qubes.dom0_usb"],
                      rng.randrange(1, 6))
    if not any(k.startswith("rd.qubes.") for k in keys):
        keys.append("rd.qubes.hide_pci")
    for k in keys:
        if k in ("rd.qubes.hide_all_usb", "usbcore.authorized_default"):
            words.append(k + rng.choice(["", "=1", "=0", "=no", "=off", "=false", "=", "=yes", "=OFF", "=-1"]))
        elif rng.random() < 0.1:
            words.append(k)
        else:
            words.append(k + "=" + ",".join(device_id(rng, sysfs) for _ in range(rng.randrange(0, 4))))
    rng.shuffle(words)
    # a device both hidden and kept: Qubes skips it before binding, so one
    # that is not there stops nothing
    # (a spelling sysfs does not use, named in both, is left out: see above)
    hide = [e for e in (dracut_getarg(words, "rd.qubes.hide_pci") or "").split(",")
            if CANONICAL.match(resolve_dev(e, sysfs))]
    if hide and rng.random() < 0.3:
        words.append("rd.qubes.dom0_usb=" + rng.choice(hide))
    return words


# --- this tool ---------------------------------------------------------------

DECISION = re.compile(r"^([0-9a-f]+:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) .*Xen dom0\*?: ([^;]*)")


def tool(root, words):
    line = " ".join(words)
    common = [BIN, "--root", root, "--kver", KVER, "--cmdline", line]
    chk = subprocess.run(common + ["check"], capture_output=True, text=True)
    run = subprocess.run(common + ["--dry-run", "apply"], capture_output=True, text=True)
    selected = set()
    for out in chk.stdout.splitlines():
        m = DECISION.match(out)
        if not m:
            continue
        what = m.group(2)
        if what.startswith("->") or what.startswith("already on") or \
                (what.startswith("left alone: ") and "except" not in what):
            selected.add(m.group(1))
    return run.returncode != 0, selected, chk.stdout + chk.stderr + run.stdout + run.stderr


def main():
    rng = random.Random(SEED)
    work = tempfile.mkdtemp(prefix="qubes-diff.")
    fails = checked = stopped = 0
    try:
        for t in range(TREES):
            root = os.path.join(work, "t%d" % t)
            sysfs = make_tree(rng, root)
            for _ in range(LINES):
                words = command_line(rng, sysfs)
                want_stop, want = qubes_model(words, sysfs)
                got_stop, got, out = tool(root, words)
                checked += 1
                stopped += want_stop
                if want_stop != got_stop or (not want_stop and want != got):
                    fails += 1
                    if fails <= 5:
                        sys.stderr.write("qubes differential (seed %d, tree %d): %s\n"
                                         "  Qubes: stops=%s hides %s\n  tool:  stops=%s selects %s\n%s\n" % (
                                             SEED, t, " ".join(words), want_stop, sorted(want),
                                             got_stop, sorted(got), out))
    finally:
        if not os.environ.get("KEEP"):
            shutil.rmtree(work)
    name = "host qubes: %d command lines on %d trees (%d stop the boot) select as Qubes does; " \
        "path ids that resolved with %s" % (checked, TREES, stopped,
                                            ", ".join("%s: %d" % kv for kv in STATS.items()))
    if not all(STATS.values()):
        fails += 1
        sys.stderr.write("qubes differential: some kind of path id never resolved\n")
    print(("FAIL: %s: %d differ" % (name, fails)) if fails else "PASS: " + name)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
