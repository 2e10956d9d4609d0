// SPDX-License-Identifier: GPL-2.0-or-later
/* test_guards_netstore.c - network storage in the root-storage guards
 * `plan` records, on the basic fixture (/ on sda1, the NIC routes
 * 192.0.2.0/24): NFS, iSCSI, NVMe/TCP, RBD and CIFS guard the route to
 * their server; NBD or a server given by name is an unknown guard. */
#include <string.h>

#include "fakekernel.h"
#include "fakenet.h"
#include "harness.h"

/* network storage: the server's address goes to the route guard
 * (guard_route_to), which records it with how the host got there; what
 * has no address is an unknown guard on every NIC */
static void network_storage(void)
{
	static const struct {
		const char *what, *setup, *mountinfo, *fstab, *needle;
	} cases[] = {
		{ "NFS root", "true",
		  "22 1 0:50 / / rw - nfs4 192.0.2.10:/export/root rw,vers=4.2,addr=192.0.2.10,"
		  "clientaddr=192.0.2.99\n", "", "192.0.2.10" },
		{ "NFS /home in fstab, not mounted", "true", NULL,
		  "[2001:db8::10]:/home /home nfs defaults,_netdev 0 0\n", "2001:db8::10" },
		{ "NFS by name, not mounted", "true", NULL,
		  "nfs.example.com:/x /x nfs defaults 0 0\n", "nfs.example.com" },
		{ "iSCSI /var",
		  "d=sys/devices/platform/host3/session1/target3:0:0/3:0:0:0/block/sdb && "
		  "mkdir -p $d/sdb1 sys/class/iscsi_connection/connection1:0 && echo 1 >$d/sdb1/partition && "
		  "ln -sr $d/sdb1 sys/class/block/ && ln -sr $d/sdb1 sys/dev/block/8:17 && "
		  "echo 192.0.2.20 >sys/class/iscsi_connection/connection1:0/persistent_address",
		  "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n23 22 8:17 / /var rw - xfs /dev/sdb1 rw\n",
		  "LABEL=var /var xfs _netdev 0 0\n", "192.0.2.20" },
		{ "NVMe/TCP /srv",
		  "d=sys/devices/virtual/nvme-fabrics/ctl/nvme2 && mkdir -p $d/nvme2n1 && "
		  "echo tcp >$d/transport && echo traddr=192.0.2.30,trsvcid=4420,src_addr=192.0.2.99 "
		  ">$d/address && ln -sr $d/nvme2n1 sys/class/block/ && ln -sr $d/nvme2n1 sys/dev/block/259:40",
		  "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n23 22 259:40 / /srv rw - xfs /dev/nvme2n1 rw\n",
		  "/dev/nvme2n1 /srv xfs _netdev 0 0\n", "192.0.2.30" },
		{ "Ceph RBD /data",
		  "d=sys/devices/rbd/0 && mkdir -p $d/block/rbd0 && "
		  "echo '192.0.2.40:6789,192.0.2.41:6789 name=admin,key=client.admin rbd vm-1 -' "
		  ">$d/config_info && ln -sr $d/block/rbd0 sys/dev/block/251:0",
		  "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n23 22 251:0 / /data rw - ext4 /dev/rbd0 rw\n",
		  "/dev/rbd0 /data ext4 _netdev 0 0\n", "192.0.2.40" },
		{ "NBD /home",
		  "mkdir -p sys/devices/virtual/block/nbd0 && "
		  "ln -sr sys/devices/virtual/block/nbd0 sys/dev/block/43:0",
		  "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n23 22 43:0 / /home rw - ext4 /dev/nbd0 rw\n",
		  "/dev/nbd0 /home ext4 _netdev 0 0\n", "unknown root-storage 02 /home -> nbd0" },
		{ "CIFS share", "true",
		  "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
		  "23 22 0:60 / /srv/share rw - cifs //files/share rw,vers=3.1.1,addr=192.0.2.50\n",
		  "//files/share /srv/share cifs credentials=/etc/smb 0 0\n", "192.0.2.50" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *root = fake_kernel_on(&k, "basic");

		sh_in(root, "%s", cases[i].setup);
		if (cases[i].mountinfo)
			spit(root, "/proc/self/mountinfo", cases[i].mountinfo);
		if (*cases[i].fstab)
			spit(root, "/etc/fstab", cases[i].fstab);
		plan_of(root);
		CHECK(count_of(line_with(out, cases[i].needle), " root-storage ") == 1, "%s: %s",
		      cases[i].what, out);
		/* an IPv4 server the fixture routes: a guard on the NIC, not an
		 * unknown one (as for a name the plan cannot resolve) */
		if (strncmp(cases[i].needle, "192.0.2.", 8) == 0)
			CHECK(strncmp(line_with(out, cases[i].needle), "guard 0000:", 11) == 0, "%s: %s",
			      cases[i].what, out);
	}
}
DEFINE_TEST(network_storage, "network storage guards the route to its server");
