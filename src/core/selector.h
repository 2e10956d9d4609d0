/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * selector.h - the token forms of the command line: device selectors (SEL),
 * vendor:device IDs and class prefixes.  Pure parsing, no I/O.
 */
#ifndef PCIBACK_SELECTOR_H
#define PCIBACK_SELECTOR_H

#include <stdbool.h>

#define SEL_MAX_DEPTH 8
#define ANY_FUNCTION 0xff
#define ANY_DEVICE 0xff
#define VF_ANY 0xffffffffu

struct pci_addr {
	unsigned domain, bus, dev, fn;   /* ANY_DEVICE, ANY_FUNCTION: every one */
};

struct selector {
	struct pci_addr addr;            /* the device, or a bridge path's start */
	int depth;                       /* bridge path elements after addr */
	unsigned char path[SEL_MAX_DEPTH][2]; /* device, function */
	unsigned vf;                     /* PF/vfN: N + 1; PF/vf*: VF_ANY; 0: not a VF */
	bool check_id;                   /* @VVVV:DDDD given */
	bool hide;                       /* from a hide= value (the last one wins) */
	unsigned vendor, device;
	char text[64];                   /* the token, for log lines */
	const char *by;                  /* where it came from, when not the token itself */
};

struct id_match {
	unsigned vendor, device;
	bool has_subsys;
	unsigned subvendor, subdevice;
	const char *by;                  /* where it came from; NULL: rd.pciback.ids */
};

struct class_match {
	unsigned value;                  /* the prefix digits */
	unsigned digits;                 /* 2, 4 or 6 */
};

/* each returns 0, or -EINVAL for a malformed token */
int parse_selector(const char *tok, struct selector *s);
int parse_id(const char *tok, struct id_match *m);
int parse_class(const char *tok, struct class_match *m);
/* "DDDD:BB:DD.F" exactly as sysfs names devices (a VMD domain has 5+ digits) */
int parse_addr(const char *s, struct pci_addr *a);

/* the kernel's white space (lib/ctype.c), not the C library's */
bool kernel_isspace(int ch);
char *kernel_skip_spaces(const char *s);

/* the entry of a hide= value at *p (not at white space): 0 when it is
 * xen-pciback's own syntax, 1 when only ours, -EINVAL when neither; *p
 * moves past it, s->text holds it as written */
int next_hide_entry(const char **p, struct selector *s);

bool class_matches(const struct class_match *m, unsigned class_code);
bool id_matches(const struct id_match *m, unsigned vendor, unsigned device,
		unsigned subvendor, unsigned subdevice);
bool addr_matches(const struct pci_addr *sel, const struct pci_addr *dev);

extern const char sel_expected[], id_expected[], class_expected[];
const char *selector_problem(const char *tok);
/* all of s a number in base 10 or 16 (0x allowed), at most 0xffffffff */
int parse_uint(const char *s, unsigned base, unsigned *out);

#endif
