#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/mutate-cov.py - which unit tests can notice a mutant (tests/mutate.sh).

A test binary that never executes the code a mutant changes cannot fail
because of it, so mutate.sh runs only the binaries that do: the others
would pass, and running them only costs time.

  mutate-cov.py record MAP TEST OBJDIR   add what TEST executed (the .gcda
                                         files of a --coverage build in
                                         OBJDIR, one run) to MAP
  mutate-cov.py select MAP FILE ORIG     the tests that can notice a change
                                         of ORIG (mutate.sh's escapes) in
                                         FILE, or "ALL"

The lines a mutant changes are those its ORIGINAL spans.  A test can
notice it when it executed one of them, or, for a line gcov does not list
(a continuation line, a declaration), the nearest listed line above it in
the same function (the statement or function it belongs to).  A change
outside every function (a table, a macro) may reach anything: ALL.
"""
import glob
import json
import os
import subprocess
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return {"tests": {}, "lines": {}, "functions": {}}


def record(path, test, objdir):
    m = load(path)
    gcdas = sorted(glob.glob(os.path.join(objdir, "*.gcda")))
    out = subprocess.run(["gcov", "--json-format", "--stdout", "-o", objdir] + gcdas,
                         capture_output=True, text=True, check=True).stdout
    ran = m["tests"].setdefault(test, {})
    for doc in out.splitlines():
        doc = doc.strip()
        if not doc.startswith("{"):
            continue
        for f in json.loads(doc)["files"]:
            name = os.path.normpath(f["file"])
            if not name.startswith("src/"):
                continue
            m["lines"][name] = sorted({ln["line_number"] for ln in f["lines"]} |
                                      set(m["lines"].get(name, [])))
            m["functions"][name] = sorted({(fn["start_line"], fn["end_line"])
                                           for fn in f["functions"]} |
                                          {tuple(x) for x in m["functions"].get(name, [])})
            hit = {ln["line_number"] for ln in f["lines"] if ln["count"] > 0}
            ran[name] = sorted(hit | set(ran.get(name, [])))
    with open(path, "w") as f:
        json.dump(m, f)


def select(path, name, orig):
    m = load(path)
    orig = orig.replace("\\n", "\n").replace("\\t", "\t")
    text = open(name).read()
    at = text.find(orig)
    if at < 0 or name not in m["lines"]:
        return "ALL"
    first = text.count("\n", 0, at) + 1
    last = first + orig.count("\n")
    listed = set(m["lines"][name])
    funcs = [(a, b) for a, b in m["functions"][name] if a <= first and last <= b]
    if not funcs:
        return "ALL"
    start = max(a for a, _ in funcs)
    wanted = {n for n in range(first, last + 1) if n in listed}
    if not wanted:
        above = [n for n in listed if start <= n < first]
        if not above:
            return "ALL"
        wanted = {max(above)}
    return " ".join(t for t, files in sorted(m["tests"].items())
                    if wanted & set(files.get(name, [])))


if __name__ == "__main__":
    if sys.argv[1] == "record":
        record(*sys.argv[2:5])
    else:
        print(select(*sys.argv[2:5]))
