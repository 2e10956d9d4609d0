// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fakekernel.c - what the kernel does in response to the writes and loads
 * pciback-early makes, on a directory tree.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fakekernel.h"
#include "harness.h"

static const char *sysfs_name(const char *module)
{
	if (strcmp(module, "xen-pciback") == 0)
		return "pciback";
	return module;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static void bind_to(struct fake_kernel *k, const char *addr, const char *drv);

/* xen-pciback's own list of devices it holds (new_slot, and every device it
 * seized): a re-probe hands a listed device back to it */
static const char *slots_file(struct fake_kernel *k)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/sys/bus/pci/drivers/pciback/new_slot.slots", k->root);
	return path;
}

static bool in_pciback_slots(struct fake_kernel *k, const char *addr)
{
	char line[64];
	bool found = false;
	FILE *f = fopen(slots_file(k), "r");

	while (f && !found && fgets(line, sizeof(line), f))
		found = strncmp(line, addr, strlen(addr)) == 0 && line[strlen(addr)] == '\n';
	if (f)
		fclose(f);
	return found;
}

static void bind_to(struct fake_kernel *k, const char *addr, const char *drv)
{
	char link[PATH_MAX], target[PATH_MAX];

	snprintf(link, sizeof(link), "%s/sys/bus/pci/devices/%s/driver", k->root, addr);
	snprintf(target, sizeof(target), "%s/sys/bus/pci/drivers/%s", k->root, drv);
	unlink(link);
	if (symlink(target, link) < 0)
		perror(link);
	if (strcmp(drv, "pciback") == 0 && !in_pciback_slots(k, addr)) {
		FILE *f = fopen(slots_file(k), "a");

		if (f) {
			fprintf(f, "%s\n", addr);
			fclose(f);
		}
	}
}

static bool registered(struct fake_kernel *k, const char *drv)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/sys/bus/pci/drivers/%s", k->root, drv);
	return stat(path, &st) == 0;
}

static char *override_or_empty(struct fake_kernel *k, const char *addr)
{
	static char buf[64];
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/driver_override", addr);
	snprintf(buf, sizeof(buf), "%s", slurp(k->root, rel));
	buf[strcspn(buf, "\n")] = '\0';
	if (strcmp(buf, "(null)") == 0)
		buf[0] = '\0';
	return buf;
}

/* the kernel's probe: the override decides; without one, the native
 * driver of the fixture's devices, by vendor */
static void probe(struct fake_kernel *k, const char *addr)
{
	char rel[PATH_MAX], cmd[PATH_MAX + 32];
	const char *ovr = override_or_empty(k, addr);

	if (k->vanish && strcmp(addr, k->vanish) == 0) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s/sys/bus/pci/devices/%s'", k->root, addr);
		if (system(cmd) != 0)
			perror("rm");
		return;
	}
	if (k->steal && strcmp(addr, k->steal) == 0) {
		bind_to(k, addr, "e1000");
		return;
	}
	if (*driver_of(k->root, addr))
		return;
	if (*ovr) {
		if (k->probe_fail && strcmp(addr, k->probe_fail) == 0)
			return;
		if (registered(k, ovr) && !k->ignore_override)
			bind_to(k, addr, ovr);
		return;
	}
	if (in_pciback_slots(k, addr)) {
		bind_to(k, addr, "pciback");
		return;
	}
	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/vendor", addr);
	if (strncmp(slurp(k->root, rel), "0x8086", 6) == 0 && registered(k, "e1000"))
		bind_to(k, addr, "e1000");
}

static void register_driver(struct fake_kernel *k, const char *drv)
{
	static const char *const files[] = { "bind", "unbind", "new_slot", "remove_slot", "new_id" };
	char path[PATH_MAX];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/sys/bus/pci/drivers/%s", k->root, drv);
	mkdir(path, 0755);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/sys/bus/pci/drivers/%s/%s", k->root, drv, files[i]);
		if ((f = fopen(path, "w")))
			fclose(f);
	}
}

/* a driver's dynamic IDs (new_id), one "VVVV DDDD" a line */
static const char *dynids_file(struct fake_kernel *k, const char *drv)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/sys/bus/pci/drivers/%s/new_id.ids", k->root, drv);
	return path;
}

/* the device's "VVVV DDDD", from its vendor and device files */
static const char *ids_of(struct fake_kernel *k, const char *addr)
{
	static char ids[16];
	char rel[PATH_MAX];
	unsigned v = 0, d = 0;

	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/vendor", addr);
	sscanf(slurp(k->root, rel), "%x", &v);
	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/device", addr);
	sscanf(slurp(k->root, rel), "%x", &d);
	snprintf(ids, sizeof(ids), "%04x %04x", v, d);
	return ids;
}

static bool in_dynids(struct fake_kernel *k, const char *drv, const char *ids)
{
	char line[64];
	bool found = false;
	FILE *f = fopen(dynids_file(k, drv), "r");

	while (f && !found && fgets(line, sizeof(line), f))
		found = strncmp(line, ids, 9) == 0;
	if (f)
		fclose(f);
	return found;
}

/* pci_match_device: an override naming another driver excludes the
 * device; then the dynamic IDs; then an honoured override naming drv */
static bool matches(struct fake_kernel *k, const char *drv, const char *addr)
{
	const char *ovr = override_or_empty(k, addr);

	if (*ovr && strcmp(ovr, drv) != 0)
		return false;
	return in_dynids(k, drv, ids_of(k, addr)) || (*ovr && !k->ignore_override);
}

/* new_id: add the ID, then attach every unbound device it matches */
static int new_id(struct fake_kernel *k, const char *drv, const char *val)
{
	char cmd[PATH_MAX + 64], addr[64];
	FILE *f, *ls;

	if (strlen(val) != 9 || val[4] != ' ')
		return -EINVAL;
	if (!(f = fopen(dynids_file(k, drv), "a")))
		return -errno;
	fprintf(f, "%s\n", val);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "ls '%s/sys/bus/pci/devices'", k->root);
	ls = popen(cmd, "r");
	while (ls && fgets(addr, sizeof(addr), ls)) {
		addr[strcspn(addr, "\n")] = '\0';
		if (!*driver_of(k->root, addr) && matches(k, drv, addr))
			bind_to(k, addr, drv);
	}
	if (ls)
		pclose(ls);
	return 0;
}

/* VF n of the PF at pf, as drivers/pci/iov.c pci_iov_virtfn_bus/devfn
 * place it: the PF's devfn + sriov_offset + n * sriov_stride, the carry
 * into the bus number */
static void vf_name(struct fake_kernel *k, const char *pf, unsigned n, char *out, size_t len)
{
	char rel[PATH_MAX];
	unsigned dom, bus, dev, fn, offset = 0, stride = 0, devfn;

	sscanf(pf, "%x:%x:%x.%x", &dom, &bus, &dev, &fn);
	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/sriov_offset", pf);
	sscanf(slurp(k->root, rel), "%u", &offset);
	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/sriov_stride", pf);
	sscanf(slurp(k->root, rel), "%u", &stride);
	devfn = (dev << 3 | fn) + offset + n * stride;
	snprintf(out, len, "%04x:%02x:%02x.%x", dom, bus + (devfn >> 8), (devfn & 0xff) >> 3, devfn & 7);
}

/* sriov_numvfs: 0 removes the VFs, N creates VF 0..N-1 (class 020000,
 * 8086:10ca, a physfn link), each probed unless the PF's
 * sriov_drivers_autoprobe is 0 */
static int set_numvfs(struct fake_kernel *k, const char *path, const char *val)
{
	char dir[PATH_MAX], pf[64], rel[PATH_MAX], vf[64], cmd[3 * PATH_MAX];
	unsigned n = 0, old = 0, i;
	bool autoprobe;

	snprintf(dir, sizeof(dir), "%.*s", (int)(strrchr(path, '/') - path), path);
	snprintf(pf, sizeof(pf), "%s", strrchr(dir, '/') + 1);
	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/sriov_numvfs", pf);
	sscanf(slurp(k->root, rel), "%u", &old);
	if (sscanf(val, "%u", &n) != 1 || (n && old))
		return -EBUSY;   /* sriov_numvfs_store: 0 first */
	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/sriov_drivers_autoprobe", pf);
	autoprobe = slurp(k->root, rel)[0] != '0';
	for (i = 0; i < (n ? n : old); i++) {
		vf_name(k, pf, i, vf, sizeof(vf));
		if (!n) {
			snprintf(cmd, sizeof(cmd), "rm -rf '%s/sys/bus/pci/devices/%s' '%s/sys/devices/%s'",
				 k->root, vf, k->root, vf);
			if (system(cmd) != 0)
				return -EIO;
			continue;
		}
		snprintf(cmd, sizeof(cmd), "d='%s/sys/devices/%s' && mkdir -p \"$d\" && cd \"$d\" && "
			 "echo 0x8086 > vendor && echo 0x10ca > device && echo 0x020000 > class && "
			 "echo '(null)' > driver_override && ln -s ../../bus/pci/devices/%s physfn && "
			 "ln -s ../../../devices/%s '%s/sys/bus/pci/devices/%s'",
			 k->root, vf, pf, vf, k->root, vf);
		if (system(cmd) != 0)
			return -EIO;
		if (autoprobe)
			probe(k, vf);
	}
	snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/sriov_numvfs", pf);
	spit(k->root, rel, val);
	return 0;
}

static int fake_write(void *priv, const char *path, const char *buf)
{
	struct fake_kernel *k = priv;
	char val[128], rel[PATH_MAX];
	const char *drv;
	FILE *f;

	k->writes++;
	if (fake_fault(k, path))
		return k->fail_err;
	snprintf(val, sizeof(val), "%s", buf);
	val[strcspn(val, "\n")] = '\0';
	if (ends_with(path, "/driver_override")) {
		if (k->override_err)
			return k->override_err;
		k->overrides_before_load += !k->loaded[0];
		if (!(f = fopen(path, "w")))
			return -errno;
		fputs(*val ? val : "(null)", f);
		fputc('\n', f);
		fclose(f);
		return 0;
	}
	if (ends_with(path, "/unbind")) {
		if (k->sticky && strcmp(val, k->sticky) == 0)
			return 0;
		snprintf(rel, sizeof(rel), "%s/sys/bus/pci/devices/%s/driver", k->root, val);
		return unlink(rel) < 0 ? -ENODEV : 0;
	}
	if (ends_with(path, "/drivers_probe")) {
		bool fails;
		int slot;

		snprintf(rel, sizeof(rel), "%s/sys/bus/pci/devices/%s", k->root, val);
		if (access(rel, F_OK) < 0)
			return -ENODEV;
		fails = k->probe_err && k->probe_fail && strcmp(val, k->probe_fail) == 0 &&
			*override_or_empty(k, val);
		slot = fake_probe_begin(k, val);
		probe(k, val);
		fake_probe_end(k, val, slot);
		return fails ? k->probe_err : 0;
	}
	if (ends_with(path, "/remove_slot")) {
		char cmd[PATH_MAX + 64];

		/* pcistub_device_id_remove: not listed */
		if (!in_pciback_slots(k, val))
			return -ENOENT;
		snprintf(cmd, sizeof(cmd), "sed -i '/^%s$/d' '%s'", val, slots_file(k));
		return system(cmd) == 0 ? 0 : -ENODEV;
	}
	if (ends_with(path, "/new_slot")) {
		snprintf(rel, sizeof(rel), "%s.slots", path);
		if (!(f = fopen(rel, "a")))
			return -errno;
		fprintf(f, "%s\n", val);
		fclose(f);
		return 0;
	}
	if (ends_with(path, "/bind") || ends_with(path, "/new_id") || ends_with(path, "/remove_id")) {
		snprintf(rel, sizeof(rel), "%s", path);
		*strrchr(rel, '/') = '\0';
		drv = strrchr(rel, '/') + 1;
		if (ends_with(path, "/new_id"))
			return new_id(k, drv, val);
		if (ends_with(path, "/remove_id")) {
			char cmd[PATH_MAX + 64];

			if (!in_dynids(k, drv, val))
				return -ENODEV;
			snprintf(cmd, sizeof(cmd), "sed -i '/^%s$/d' '%s'", val, dynids_file(k, drv));
			return system(cmd) == 0 ? 0 : -EIO;
		}
		/* .../drivers/NAME/bind: pciback takes only what new_slot named;
		 * the others what they match (bind_store's driver_match_device) */
		if (strcmp(drv, "pciback") == 0) {
			char slots[PATH_MAX];

			snprintf(slots, sizeof(slots), "%s/new_slot.slots", rel);
			f = fopen(slots, "r");
			if (!f)
				return -ENODEV;
			fclose(f);
		} else if (!matches(k, drv, val)) {
			return -ENODEV;
		}
		if (k->probe_fail && strcmp(val, k->probe_fail) == 0)
			return -ENXIO;
		bind_to(k, val, drv);
		return 0;
	}
	if (ends_with(path, "/sriov_numvfs"))
		return set_numvfs(k, path, val);
	if (!(f = fopen(path, "w")))
		return -errno;
	fputs(buf, f);
	fclose(f);
	return 0;
}

/* the last async_probe of a load's params, else the default */
static bool async_requested(const struct fake_kernel *k, const char *params)
{
	bool on = k->async_default;
	const char *p;

	for (p = params; (p = strstr(p, "async_probe")); p += 11)
		if ((p == params || p[-1] == ' ') && (p[11] == ' ' || p[11] == '\0' || p[11] == '='))
			on = p[11] != '=' || !p[12] || !strchr("0nN", p[12]);
	return on;
}

void fake_settle(struct fake_kernel *k)
{
	char *a, link[PATH_MAX];

	for (a = strtok(k->in_flight, " "); a; a = strtok(NULL, " "))
		if (k->probe_fail && strcmp(a, k->probe_fail) == 0) {
			snprintf(link, sizeof(link), "%s/sys/bus/pci/devices/%s/driver", k->root, a);
			unlink(link);
		}
	k->in_flight[0] = '\0';
}

static int fake_load(void *priv, int fd, const char *params, int flags)
{
	struct fake_kernel *k = priv;
	char link[64], path[PATH_MAX], name[64], rel[PATH_MAX];
	const char *base;
	bool async = async_requested(k, params);
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return -EBADF;
	path[n] = '\0';
	base = strrchr(path, '/') + 1;
	if (k->load_delay_ms)
		usleep((useconds_t)k->load_delay_ms * 1000);
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(base, "."), base);
	if (k->load_err && (!k->load_err_module || strcmp(k->load_err_module, name) == 0))
		return k->load_err;
	snprintf(k->loaded + strlen(k->loaded), sizeof(k->loaded) - strlen(k->loaded),
		 "%s(%s)%s ", name, params, flags ? "[compressed]" : "");
	if (k->no_register)
		return 0;
	if (strcmp(name, "xen-pciback") == 0 || strcmp(name, "pci-stub") == 0 ||
	    strcmp(name, "vfio-pci") == 0) {
		const char *drv = sysfs_name(name);
		char dir[PATH_MAX];
		FILE *ls;

		register_driver(k, drv);
		/* registration probes every unbound device the override names */
		snprintf(dir, sizeof(dir), "ls '%s/sys/bus/pci/devices'", k->root);
		ls = popen(dir, "r");
		while (ls && fgets(rel, sizeof(rel), ls)) {
			rel[strcspn(rel, "\n")] = '\0';
			if (*driver_of(k->root, rel) || strcmp(override_or_empty(k, rel), drv) != 0 ||
			    k->ignore_override)
				continue;
			if (async) {    /* the link first, the probe's end later */
				bind_to(k, rel, drv);
				snprintf(k->in_flight + strlen(k->in_flight),
					 sizeof(k->in_flight) - strlen(k->in_flight), "%s ", rel);
			} else if (!k->probe_fail || strcmp(rel, k->probe_fail) != 0) {
				bind_to(k, rel, drv);
			}
		}
		if (ls)
			pclose(ls);
	}
	return 0;
}

void fake_sriov(const char *root, const char *pf, unsigned total, unsigned offset,
		unsigned stride)
{
	char rel[PATH_MAX], val[16];
	static const char *const names[] = { "sriov_totalvfs", "sriov_offset", "sriov_stride",
					     "sriov_numvfs", "sriov_drivers_autoprobe" };
	unsigned vals[] = { total, offset, stride, 0, 1 }, i;

	for (i = 0; i < 5; i++) {
		snprintf(rel, sizeof(rel), "/sys/bus/pci/devices/%s/%s", pf, names[i]);
		snprintf(val, sizeof(val), "%u\n", vals[i]);
		spit(root, rel, val);
	}
}

void fake_collect(const struct kernel_ops *ops)
{
	struct fake_kernel *k = ops ? ops->priv : NULL;

	if (ops && ops->write_attr == fake_write)
		k->writes += __atomic_exchange_n(&k->probes->child_writes, 0, __ATOMIC_SEQ_CST);
}

void fake_kernel_init(struct fake_kernel *k, const char *root)
{
	k->probes = fake_probes_new();
	k->root = root;
	k->ops.write_attr = fake_write;
	k->ops.load_module = fake_load;
	k->ops.priv = k;
}

const char *fake_kernel_on(struct fake_kernel *k, const char *fixture_name)
{
	const char *root = fixture(fixture_name);

	memset(k, 0, sizeof(*k));
	fake_kernel_init(k, root);
	return root;
}
