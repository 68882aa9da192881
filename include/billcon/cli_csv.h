/* cli_csv: reading RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF,
 * line breaks inside quotes) for `tenants import`. A UTF-8 byte order mark
 * at the start is skipped. Refused, each as one bad record: a NUL byte, a
 * CR not followed by LF, a quote inside an unquoted field, text after a
 * closing quote, an unclosed quote, too many fields or too long a record. */
#ifndef BILLCON_CLI_CSV_H
#define BILLCON_CLI_CSV_H

#include <stdbool.h>
#include <stdio.h>

#define CLI_CSV_MAX_FIELDS 32
#define CLI_CSV_MAX_RECORD 65536

struct cli_csv {
	FILE *f;                            /* borrowed */
	long line;                          /* line the last record started on */
	long bad_line;                      /* line of the last bad record's fault */
	long at;                            /* line of the next byte */
	int back[4];                        /* bytes put back, read again first */
	int nback;
	bool bom_checked;                   /* the start was checked for a BOM */
	char buf[CLI_CSV_MAX_RECORD];       /* the fields, NUL-separated */
	char *fields[CLI_CSV_MAX_FIELDS];   /* into buf, valid until the next call */
	int n;                              /* fields in the last record */
};

/* Starts reading f. */
void cli_csv_init(struct cli_csv *c, FILE *f);

/* Reads the next record into c->fields / c->n. Returns 1 for a record, 0 at
 * the end, -1 for a malformed one, naming the fault in problem ("it holds a
 * NUL byte") and its line in c->bad_line; the rest of that line is skipped,
 * so that reading on finds the next record. */
int cli_csv_next(struct cli_csv *c, const char **problem);

#endif
