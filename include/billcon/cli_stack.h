/* cli_stack: `billcon stack list|add-customer|remove-customer|commands`:
 * Azure Stack registrations and their customer subscriptions (app_stack,
 * core_stack) from the command line. */
#ifndef BILLCON_CLI_STACK_H
#define BILLCON_CLI_STACK_H

#include "billcon/cli_args.h"

/* Runs the stack command in a->argv (a->argv[0] is "stack"); returns the
 * exit code. */
int cli_stack(struct cli_args *a);

#endif
