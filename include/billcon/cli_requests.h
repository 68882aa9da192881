/* cli_requests: `billcon requests list|show|url|approve|decline|cancel`
 * (DOMAIN.md §5). */
#ifndef BILLCON_CLI_REQUESTS_H
#define BILLCON_CLI_REQUESTS_H

#include "billcon/cli_args.h"

/* Runs the requests command in a->argv (a->argv[0] is "requests");
 * returns the exit code. */
int cli_requests(struct cli_args *a);

#endif
