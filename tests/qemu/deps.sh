#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The boot tests' packages are in the project's one list: tests/deps.sh.
exec "$(dirname "$0")/../deps.sh"
