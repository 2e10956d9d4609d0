// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * guards_netstore.c - storage the network carries: the block devices of
 * iSCSI sessions, NVMe over fabrics controllers, Ceph RBD and NBD, and
 * the NFS, CIFS and CephFS filesystems.  Each server's address goes to the
 * route guard (guard_route_to: the NICs that reach it).  A server that
 * cannot be found, or is a name and not an address (the plan resolves no
 * names), guards every network device (class 02).
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage.h"
#include "sysfs.h"

/* the host of "192.0.2.1:6789", "[2001:db8::1]:6789" or "2001:db8::1",
 * in place */
static char *host_of(char *s)
{
	char *colon = strchr(s, ':');

	if (*s == '[') {
		s[strcspn(s, "]")] = '\0';
		return s + 1;
	}
	if (colon && !strchr(colon + 1, ':'))
		*colon = '\0';
	return s;
}

/* the route guard for one server (via ends in its kind: "/ nfs4"); 1 */
static int server(struct storage_walk *w, char *host, const char *via)
{
	unsigned char addr[16];
	char *v;
	int r;

	host = host_of(host);
	if (!(v = via_text("%s %s", via, host)))
		return -ENOMEM;
	if (inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1)
		r = guard_route_to(w->c, w->plan, host, "root-storage", v);
	else
		r = storage_unknown(w, "02", "%s: a name, not an address: the plan cannot tell "
				    "which network reaches it", v);
	if (r < 0 && r != -ENOMEM)
		r = storage_unknown(w, "02", "%s: no route to it: %s", v, errno_phrase(r));
	free(v);
	return r < 0 ? r : 1;
}

/* each server of a list such as "192.0.2.1:6789,192.0.2.2:6789"; 1, or
 * unknown when there is none */
static int servers(struct storage_walk *w, const char *list, const char *seps, const char *kind,
		   const char *via)
{
	char *v = via_text("%s %s", via, kind);
	int r = v ? storage_split(w, list, seps, v, server) : -ENOMEM;

	if (r == 0)
		r = storage_unknown(w, "02", "%s: no server address", v);
	free(v);
	return r < 0 ? r : 1;
}

/* an iSCSI disk is under its session (.../session1/target3:0:0/...); the
 * session's connections say where the target is */
static int iscsi(struct storage_walk *w, const char *session, const char *via)
{
	static const char *const attrs[] = { "persistent_address", "address" };
	char path[PATH_MAX], prefix[64], addr[256], last[256] = "";
	int id = (int)strcspn(session, "/"), r = 0, n = 0;
	struct dirent *de;
	size_t i;
	DIR *d;

	snprintf(prefix, sizeof(prefix), "connection%.*s:", id - 7, session + 7);
	if (root_path(w->c, path, sizeof(path), "/sys/class/iscsi_connection") == 0 &&
	    (d = opendir(path))) {
		while (r >= 0 && (de = readdir(d))) {
			if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
				continue;
			for (i = 0; i < 2 && r >= 0; i++)
				if (read_attr(w->c, addr, sizeof(addr), "/sys/class/iscsi_connection/%s/%s",
					      de->d_name, attrs[i]) > 0 && strcmp(addr, last) != 0) {
					r = servers(w, addr, ",", "iscsi", via);
					snprintf(last, sizeof(last), "%s", addr);
					n++;
				}
		}
		closedir(d);
	}
	if (r >= 0 && n == 0)
		r = storage_unknown(w, "02", "%s: iSCSI %.*s: no connection address in "
				    "/sys/class/iscsi_connection", via, id, session);
	return r;
}

int storage_nvme_ctrl(struct storage_walk *w, const char *ctrl, const char *via)
{
	char transport[32], address[512], *traddr = NULL;
	int r = 0;

	if (read_attr(w->c, transport, sizeof(transport), "%s/transport", ctrl) < 0 ||
	    strcmp(transport, "pcie") == 0)
		return 0;
	if (strcmp(transport, "tcp") == 0 || strcmp(transport, "rdma") == 0) {
		/* "traddr=192.0.2.10,trsvcid=4420,src_addr=..." */
		if (read_attr(w->c, address, sizeof(address), "%s/address", ctrl) >= 0)
			traddr = option_value(address, "traddr", &r);
		if (r == 0)
			r = traddr ? servers(w, traddr, ",", *transport == 't' ? "nvme-tcp" :
					     "nvme-rdma", via) :
			    storage_unknown(w, "02", "%s: NVMe over %s: no traddr in %s/address",
					    via, transport, ctrl);
		free(traddr);
	} else if (strcmp(transport, "fc") == 0) {
		/* the Fibre Channel HBA is not on the controller's sysfs path */
		r = storage_unknown(w, "0c04", "%s: NVMe over Fibre Channel", via);
	} else {
		r = storage_unknown(w, "01", "%s: NVMe over %s", via, transport);
	}
	return r < 0 ? r : 1;
}

/* Ceph RBD: the monitors, as `rbd map` wrote them to /sys/bus/rbd/add
 * ("192.0.2.1:6789,192.0.2.2:6789 name=admin,... pool image snap") */
static int rbd(struct storage_walk *w, const char *id, const char *via)
{
	char path[PATH_MAX], *text;
	int r;

	snprintf(path, sizeof(path), "/sys/devices/rbd/%.*s/config_info", (int)strcspn(id, "/"), id);
	r = read_file(w->c, path, &text, INT_MAX);
	if (r < 0)
		return storage_unknown(w, "02", "%s: Ceph RBD: cannot read %s: %s", via, path,
				       read_error(r));
	text[strcspn(text, " \n")] = '\0';
	r = servers(w, text, ",", "ceph", via);
	free(text);
	return r;
}

int storage_net_block(struct storage_walk *w, const char *dev, const char *name, const char *via)
{
	const char *session = strstr(dev, "/session"), *rbd_dev = strstr(dev, "/devices/rbd/");
	char ctrl[PATH_MAX];
	int r;

	if (session && strspn(session + 8, "0123456789") > 0 &&
	    session[8 + strspn(session + 8, "0123456789")] == '/')
		r = iscsi(w, session + 1, via);
	else if (rbd_dev)
		r = rbd(w, rbd_dev + 13, via);
	else if (strncmp(name, "nbd", 3) == 0 && strspn(name + 3, "0123456789") > 0)
		r = storage_unknown(w, "02", "%s: NBD does not show its server's address", via);
	else {
		/* an NVMe namespace or path is in its controller's directory */
		snprintf(ctrl, sizeof(ctrl), "%s", dev);
		*strrchr(ctrl, '/') = '\0';
		return storage_nvme_ctrl(w, ctrl, via);
	}
	return r < 0 ? r : 1;
}

int storage_net_fs(struct storage_walk *w, const struct mount *m, const char *via)
{
	static const char *const net_fs[] = { "nfs", "nfs4", "cifs", "smb3", "ceph", NULL };
	const char *t = m->fstype;
	char *addr, *host;
	int r = 0;

	if (!is_one_of(t, net_fs))
		return 0;
	/* the kernel's options say the address it connected to (addr=, or
	 * CephFS's mon_addr=); else the source names the server:
	 * "server:/path", "//server/share", "mon1:6789,mon2:6789:/path" */
	addr = option_value(m->options, strcmp(t, "ceph") == 0 ? "mon_addr" : "addr", &r);
	if (r < 0)
		return r;
	if (addr) {
		r = servers(w, addr, "/", t, via);
		free(addr);
		return r;
	}
	if (!(host = strdup(m->source + (strncmp(m->source, "//", 2) == 0 ? 2 : 0))))
		return -ENOMEM;
	if (strncmp(m->source, "//", 2) == 0)
		host[strcspn(host, "/")] = '\0';
	else if (strstr(host, ":/"))
		*strstr(host, ":/") = '\0';
	else
		*host = '\0';
	r = servers(w, host, ",", t, via);
	free(host);
	return r;
}
