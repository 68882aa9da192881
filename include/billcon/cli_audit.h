/* cli_audit: `billcon audit list`, `audit export`, `audit verify [--expect
 * HASH]` and `audit head`. */
#ifndef BILLCON_CLI_AUDIT_H
#define BILLCON_CLI_AUDIT_H

#include "billcon/cli_args.h"

/* Runs the audit command in a->argv; returns the exit code. A broken chain
 * exits 3 (refused by a rule) with the first bad entry named. */
int cli_audit(struct cli_args *a);

#endif
