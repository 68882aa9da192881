/* cli_info: `billcon info`, every path in use and the library versions. */
#ifndef BILLCON_CLI_INFO_H
#define BILLCON_CLI_INFO_H

#include "billcon/cli_args.h"

int cli_info(struct cli_args *a);

#endif
