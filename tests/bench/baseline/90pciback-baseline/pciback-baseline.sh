#!/bin/sh
# BASELINE ONLY: dracut cmdline hook (sourced) running the guide script.
bash /usr/sbin/xen-pciback-bind
