// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Test-only: take a PCI device through VFIO the way QEMU does, and say
 * which step fails. Runs inside the boot test guests (static, no libc
 * beyond what gcc -static links).
 *
 *   vfio-open 0000:00:03.0
 *
 * One line per step on stdout, then `VFIO OK VVVV:DDDD` (exit 0) or
 * `VFIO FAIL step: errno` (exit 1).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/vfio.h>

static int fail(const char *step, int err)
{
	printf("VFIO FAIL %s: %s (errno %d)\n", step, strerror(err), err);
	return 1;
}

static void step(const char *what)
{
	printf("VFIO step %s\n", what);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	char path[PATH_MAX + 16], link[PATH_MAX], *group;
	const char *addr;
	int container, grp, dev, ver;
	ssize_t n;

	if (argc != 2) {
		fprintf(stderr, "usage: vfio-open DDDD:BB:DD.F\n");
		return 2;
	}
	addr = argv[1];
	setvbuf(stdout, NULL, _IOLBF, 0);

	container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (container < 0)
		return fail("open /dev/vfio/vfio", errno);
	step("open /dev/vfio/vfio");

	ver = ioctl(container, VFIO_GET_API_VERSION);
	if (ver != VFIO_API_VERSION) {
		printf("VFIO step api version %d, expected %d\n", ver, VFIO_API_VERSION);
		return fail("VFIO_GET_API_VERSION", ver < 0 ? errno : EPROTO);
	}
	step("VFIO_GET_API_VERSION");

	errno = 0;
	int ext = ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU);
	if (ext < 0)
		return fail("VFIO_CHECK_EXTENSION(VFIO_TYPE1v2_IOMMU)", errno);
	if (ext != 1) {
		/* 0: no IOMMU backend registered that offers TYPE1v2 */
		printf("VFIO FAIL VFIO_CHECK_EXTENSION(VFIO_TYPE1v2_IOMMU): returned %d, "
		       "no TYPE1v2 backend (is vfio_iommu_type1 loaded?)\n", ext);
		return 1;
	}
	step("VFIO_CHECK_EXTENSION(VFIO_TYPE1v2_IOMMU)");

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", addr);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return fail("readlink iommu_group", errno);
	link[n] = '\0';
	group = strrchr(link, '/');
	group = group ? group + 1 : link;
	printf("VFIO step iommu_group %s\n", group);

	snprintf(path, sizeof(path), "/dev/vfio/%s", group);
	grp = open(path, O_RDWR | O_CLOEXEC);
	if (grp < 0)
		return fail("open /dev/vfio/GROUP", errno);
	step("open /dev/vfio/GROUP");

	struct vfio_group_status status = { .argsz = sizeof(status) };
	if (ioctl(grp, VFIO_GROUP_GET_STATUS, &status) < 0)
		return fail("VFIO_GROUP_GET_STATUS", errno);
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		printf("VFIO step group flags 0x%x\n", status.flags);
		return fail("VFIO_GROUP_FLAGS_VIABLE", EPERM);
	}
	step("VFIO_GROUP_GET_STATUS viable");

	if (ioctl(grp, VFIO_GROUP_SET_CONTAINER, &container) < 0)
		return fail("VFIO_GROUP_SET_CONTAINER", errno);
	step("VFIO_GROUP_SET_CONTAINER");

	if (ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0)
		return fail("VFIO_SET_IOMMU(VFIO_TYPE1v2_IOMMU)", errno);
	step("VFIO_SET_IOMMU(VFIO_TYPE1v2_IOMMU)");

	long page = sysconf(_SC_PAGESIZE);
	void *buf = mmap(NULL, page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return fail("mmap", errno);
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)buf,
		.iova = 0x100000,
		.size = (uint64_t)page,
	};
	if (ioctl(container, VFIO_IOMMU_MAP_DMA, &map) < 0)
		return fail("VFIO_IOMMU_MAP_DMA", errno);
	step("VFIO_IOMMU_MAP_DMA");

	dev = ioctl(grp, VFIO_GROUP_GET_DEVICE_FD, addr);
	if (dev < 0)
		return fail("VFIO_GROUP_GET_DEVICE_FD", errno);
	step("VFIO_GROUP_GET_DEVICE_FD");

	struct vfio_region_info reg = {
		.argsz = sizeof(reg),
		.index = VFIO_PCI_CONFIG_REGION_INDEX,
	};
	if (ioctl(dev, VFIO_DEVICE_GET_REGION_INFO, &reg) < 0)
		return fail("VFIO_DEVICE_GET_REGION_INFO(config)", errno);
	step("VFIO_DEVICE_GET_REGION_INFO(config)");

	uint16_t ids[2];
	n = pread(dev, ids, sizeof(ids), (off_t)reg.offset);
	if (n != (ssize_t)sizeof(ids))
		return fail("pread config", n < 0 ? errno : EIO);
	step("pread config");

	printf("VFIO OK %04x:%04x\n", ids[0], ids[1]);
	return 0;
}
