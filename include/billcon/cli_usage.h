/* cli_usage: `billcon usage import FILE|- [--format csv|jsonl]` and
 * `billcon usage report [--by subscription|tenant|meter]` (app_usage):
 * Azure Stack usage routed to the subscriptions charged for it. */
#ifndef BILLCON_CLI_USAGE_H
#define BILLCON_CLI_USAGE_H

#include "billcon/cli_args.h"

/* Runs the usage command in a->argv (a->argv[0] is "usage"); returns the
 * exit code. */
int cli_usage_cmd(struct cli_args *a);

#endif
