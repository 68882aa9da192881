/* cli_csv: reading RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF,
 * line breaks inside quotes) for `tenants import`. */
#ifndef BILLCON_CLI_CSV_H
#define BILLCON_CLI_CSV_H

#include <stdio.h>

#define CLI_CSV_MAX_FIELDS 32
#define CLI_CSV_MAX_RECORD 65536

struct cli_csv {
	FILE *f;                            /* borrowed */
	long line;                          /* line the last record started on */
	char buf[CLI_CSV_MAX_RECORD];       /* the fields, NUL-separated */
	char *fields[CLI_CSV_MAX_FIELDS];   /* into buf, valid until the next call */
	int n;                              /* fields in the last record */
};

/* Starts reading f. */
void cli_csv_init(struct cli_csv *c, FILE *f);

/* Reads the next record into c->fields / c->n. Returns 1 for a record, 0 at
 * the end, -1 for a malformed one (an unclosed quote, too many fields or a
 * record too long), naming it in problem. */
int cli_csv_next(struct cli_csv *c, const char **problem);

#endif
