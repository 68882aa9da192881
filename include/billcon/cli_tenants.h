/* cli_tenants: `billcon tenants list|add|set|remove|import`. */
#ifndef BILLCON_CLI_TENANTS_H
#define BILLCON_CLI_TENANTS_H

#include "billcon/cli_args.h"

/* Runs the tenants command in a->argv (a->argv[0] is "tenants"); returns the
 * exit code. */
int cli_tenants(struct cli_args *a);

/* Prints the account's associated tenants in a->format; the exit code. */
int cli_tenants_list(struct cli_args *a);

#endif
