/* main.c - the program, on the real kernel. */
#include "cli.h"

int main(int argc, char **argv)
{
	return pciback_main(argc, argv, &real_kernel);
}
