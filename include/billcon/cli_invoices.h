/* cli_invoices: `billcon invoices list` (the invoices of the account in
 * scope, app_invoice) and `billcon accounts list` (the billing accounts the
 * actor sees, app_account) from the command line. */
#ifndef BILLCON_CLI_INVOICES_H
#define BILLCON_CLI_INVOICES_H

#include "billcon/cli_args.h"

/* Runs the invoices command in a->argv (a->argv[0] is "invoices");
 * returns the exit code. */
int cli_invoices(struct cli_args *a);

/* Runs the accounts command in a->argv (a->argv[0] is "accounts");
 * returns the exit code. */
int cli_accounts(struct cli_args *a);

#endif
