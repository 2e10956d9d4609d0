/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * qubes.h - Qubes OS dom0's keys (rd.qubes.hide_all_usb, rd.qubes.hide_pci,
 * rd.qubes.dom0_usb, usbcore.authorized_default), read with the meanings
 * its dracut module 90qubes-pciback gives them, and turned into the
 * selections of the one decision function: a drop-in for that module.
 */
#ifndef PCIBACK_QUBES_H
#define PCIBACK_QUBES_H

#include "config.h"

#define QUBES_KEYS 4

/* a key of Qubes on the command line: its value (NULL when bare: "")
 * into keys[QUBES_KEYS], the last one counting, as dracut's getarg reads
 * it; 1 when param is one, else 0 */
int qubes_key(char **keys, const char *param, char *val);

/* with any rd.qubes.* key in keys: the selections Qubes makes, and
 * on_error halt unless it was set; bad entries are logged and counted;
 * the values are split in place.  0 or -errno */
int qubes_select(const struct ctx *c, struct config *cfg, char **keys);

/* a device id of rd.qubes.hide_pci / dom0_usb, as resolve_dev() of
 * qubes-pciback.sh resolves it: DDDD:BB:DD.F, BB:DD.F or a path id
 * [SSSS_]BB_DD.F-BB_DD.F-..., lowercase; the result must be a device
 * name as sysfs spells it.  0, or -EINVAL when Qubes would find none */
int qubes_resolve(const struct ctx *c, const char *id, struct pci_addr *a);

#endif
