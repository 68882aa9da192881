/* cli_directory: `billcon directory users|tenants ...` and `billcon guests
 * list|invite|accept`: the directory kept here, and B2B guests. */
#ifndef BILLCON_CLI_DIRECTORY_H
#define BILLCON_CLI_DIRECTORY_H

#include "billcon/cli_args.h"

/* Runs the directory command in a->argv (a->argv[0] is "directory");
 * returns the exit code. */
int cli_directory(struct cli_args *a);

/* Runs the guests command in a->argv (a->argv[0] is "guests"); returns the
 * exit code. */
int cli_guests(struct cli_args *a);

#endif
