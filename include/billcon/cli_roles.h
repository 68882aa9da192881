/* cli_roles: `billcon roles definitions|list|assign|remove` (DOMAIN.md §4). */
#ifndef BILLCON_CLI_ROLES_H
#define BILLCON_CLI_ROLES_H

struct cli_args;

/* Runs the roles command in a (argv[0] is "roles"); returns the exit code. */
int cli_roles(struct cli_args *a);

#endif
