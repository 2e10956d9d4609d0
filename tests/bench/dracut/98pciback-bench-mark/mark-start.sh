#!/bin/sh
# Bench-only, sourced by dracut just before the cmdline 01 hooks.
echo "pciback-bench: hook-start" > /dev/kmsg
