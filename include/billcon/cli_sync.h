/* cli_sync: `billcon sync` from the command line. Each mode is its own
 * function behind one dispatch: --plan (the waiting changes and their
 * calls, app_plan; no network, no sign-in) now; pull and push join it. */
#ifndef BILLCON_CLI_SYNC_H
#define BILLCON_CLI_SYNC_H

#include "billcon/cli_args.h"

/* Runs the sync command in a->argv (a->argv[0] is "sync"); returns the
 * exit code. */
int cli_sync(struct cli_args *a);

#endif
