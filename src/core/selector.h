/*
 * selector.h - the token forms of the command line: device selectors (SEL),
 * vendor:device IDs and class prefixes.  Pure parsing, no I/O.
 */
#ifndef PCIBACK_SELECTOR_H
#define PCIBACK_SELECTOR_H

#include <stdbool.h>

#define SEL_MAX_DEPTH 8
#define ANY_FUNCTION 0xff

struct pci_addr {
	unsigned domain, bus, dev, fn;   /* fn == ANY_FUNCTION: every function */
};

struct selector {
	struct pci_addr addr;            /* the device, or a bridge path's start */
	int depth;                       /* bridge path elements after addr */
	unsigned char path[SEL_MAX_DEPTH][2]; /* device, function */
	bool check_id;                   /* @VVVV:DDDD given */
	unsigned vendor, device;
	char text[64];                   /* the token, for log lines */
};

struct id_match {
	unsigned vendor, device;
	bool has_subsys;
	unsigned subvendor, subdevice;
};

struct class_match {
	unsigned value;                  /* the prefix digits */
	unsigned digits;                 /* 2, 4 or 6 */
};

/* each returns 0, or -EINVAL for a malformed token */
int parse_selector(const char *tok, struct selector *s);
int parse_id(const char *tok, struct id_match *m);
int parse_class(const char *tok, struct class_match *m);
/* "DDDD:BB:DD.F" exactly as sysfs names devices */
int parse_addr(const char *s, struct pci_addr *a);

bool class_matches(const struct class_match *m, unsigned class_code);
bool id_matches(const struct id_match *m, unsigned vendor, unsigned device,
		unsigned subvendor, unsigned subdevice);
bool addr_matches(const struct pci_addr *sel, const struct pci_addr *dev);

extern const char sel_expected[], id_expected[], class_expected[];

#endif
