/* cli_partner: `billcon partner show|set|link|change-account|change-profile|
 * purchase`: the Partner Center account's billing profile page and the
 * link wizard's rules and sentences (app_partner, core_link) from the
 * command line. */
#ifndef BILLCON_CLI_PARTNER_H
#define BILLCON_CLI_PARTNER_H

#include "billcon/cli_args.h"

/* Runs the partner command in a->argv (a->argv[0] is "partner"); returns
 * the exit code. */
int cli_partner(struct cli_args *a);

#endif
