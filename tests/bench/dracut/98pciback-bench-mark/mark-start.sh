#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Bench-only, sourced by dracut just before the cmdline 01 hooks.
echo "pciback-bench: hook-start" > /dev/kmsg
