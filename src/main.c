#include "config.h"

#include "billcon/cli_main.h"

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
