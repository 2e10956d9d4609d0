/* main.c - the host tool (/usr/sbin/pciback-early) on the real kernel. */
#include "host.h"

int main(int argc, char **argv)
{
	return cli_run(argc, argv, &real_kernel, &host_program);
}
