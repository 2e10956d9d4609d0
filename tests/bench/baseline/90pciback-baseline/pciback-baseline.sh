#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# BASELINE ONLY: dracut cmdline hook (sourced) running the guide script.
bash /usr/sbin/xen-pciback-bind
