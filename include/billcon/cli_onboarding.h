/* cli_onboarding: `billcon stack onboarding [TENANT [start|tick|untick|
 * manage ...]]`: the Azure Stack end-customer onboarding checklist
 * (app_onboarding) from the command line. */
#ifndef BILLCON_CLI_ONBOARDING_H
#define BILLCON_CLI_ONBOARDING_H

#include "billcon/cli_args.h"

/* Runs `stack onboarding ...` in a->argv (a->argv[0] is "stack",
 * a->argv[1] "onboarding"); returns the exit code. */
int cli_onboarding(struct cli_args *a);

#endif
