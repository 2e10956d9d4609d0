#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""tests/mutate-gen.py - held-out mutants for tests/mutate.sh.

Prints a random sample of single-point changes to the given C files, in
mutate.sh's format (FILE :: ORIGINAL ~> REPLACEMENT), chosen by operator
and line, not by the tests: a check of the tests that their authors did
not pick.  The same seed gives the same sample.

  tests/mutate-gen.py [--seed N] [--count N] FILE...
  MUTANTS_FILE=<(tests/mutate-gen.py src/host/routes.c) tests/mutate.sh
"""
import argparse
import random
import re

SWAPS = [(" == ", " != "), (" != ", " == "), (" && ", " || "), (" || ", " && "),
         (" < ", " <= "), (" <= ", " < "), (" > ", " >= "), (" >= ", " > "),
         ("(!", "("), (" + 1", ""), (" - 1", ""), ("return 0;", "return -EIO;"),
         ("return true;", "return false;"), ("return false;", "return true;"),
         ("++;", ";"), (" = 0;", " = 1;")]
SKIP = re.compile(r'^\s*(#|/?\*|//)|\\|^\s*(static |struct |const |char |int |size_t |bool |unsigned )')


def candidates(path):
    lines = open(path).read().split("\n")
    counts = {}
    for line in lines:
        counts[line] = counts.get(line, 0) + 1
    out = []
    for line in lines:
        if not line.strip() or counts[line] != 1 or SKIP.search(line) or '"' in line and '%' in line:
            continue
        for old, new in SWAPS:
            # whole tokens only: " + 1" is not the start of " + 12"
            hits = [m.start() for m in re.finditer(re.escape(old) + (r"(?![\w])" if old[-1].isalnum() else ""), line)]
            if len(hits) == 1:
                i = hits[0]
                out.append((path, line, line[:i] + new + line[i + len(old):]))
        # drop a plain statement (an assignment or a call, not a declaration)
        s = line.strip()
        if s.endswith(";") and not s.startswith(("return", "break", "continue", "goto", "}")) and "(" in s:
            out.append((path, line, re.match(r"\s*", line).group(0) + ";"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    pool = [m for f in a.files for m in candidates(f)]
    random.Random(a.seed).shuffle(pool)
    for path, old, new in pool[:a.count]:
        tab = lambda s: s.replace("\t", "\\t")
        print(f"{path} :: {tab(old)} ~> {tab(new)}")


main()
