/* cli_tlog: the transparency log's commands: `billcon audit checkpoint`,
 * `audit key`, `audit prove SEQ`, `audit verify [--expect HASH]
 * [--checkpoint FILE [--key KEY]] [--json]` and `audit verify-proof`. */
#ifndef BILLCON_CLI_TLOG_H
#define BILLCON_CLI_TLOG_H

#include "billcon/cli_args.h"

/* Runs the verb a->argv[1] when it is one of the log's; returns its exit
 * code, or -1 when the verb is not the log's. Exit 3 when a check fails,
 * with the first bad entry named. */
int cli_tlog(struct cli_args *a);

#endif
