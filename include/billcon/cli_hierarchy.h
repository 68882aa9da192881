/* cli_hierarchy: the billing hierarchy from the command line (app_hierarchy,
 * store_tree): `billcon hierarchy show`, `profiles list|add`, `sections
 * list|add` and `subscriptions list|move|link`, every list with --json and
 * --csv. */
#ifndef BILLCON_CLI_HIERARCHY_H
#define BILLCON_CLI_HIERARCHY_H

#include "billcon/cli_args.h"

/* Each runs its command in a->argv (a->argv[0] is the command's name:
 * "hierarchy", "profiles", "sections", "subscriptions") and returns the
 * exit code. */
int cli_hierarchy(struct cli_args *a);
int cli_profiles(struct cli_args *a);
int cli_sections(struct cli_args *a);
int cli_subscriptions(struct cli_args *a);

#endif
