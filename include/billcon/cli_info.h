/* cli_info: `billcon info`, every path in use and the library versions. */
#ifndef BILLCON_CLI_INFO_H
#define BILLCON_CLI_INFO_H

#include "billcon/cli_args.h"

/* `billcon info`: versions and paths, as text or JSON; the exit code. */
int cli_info(struct cli_args *a);

#endif
