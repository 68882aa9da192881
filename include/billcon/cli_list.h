/* cli_list: any list the command line prints, from JSON objects: a JSON
 * array of them (--json), CSV of chosen keys (--csv), or a text table of
 * chosen keys. A list command is its columns and its JSON rows. */
#ifndef BILLCON_CLI_LIST_H
#define BILLCON_CLI_LIST_H

#include <stddef.h>

#include <jansson.h>

#include "billcon/cli_out.h"

/* One column: the JSON key it shows (a dotted path reaches into an object:
 * "createdBy.upn"), its CSV header is the key; title and width (terminal
 * columns; 0: the rest of the line; negative: only in CSV) are for the
 * text table. */
struct cli_column {
	const char *key;
	const char *title;
	int width;
};

struct cli_list {
	enum cli_format format;
	const struct cli_column *cols;
	size_t ncols;
	long long rows;            /* rows written so far */
};

/* Writes what comes before the rows (the array's bracket, the CSV header,
 * the table's titles). */
void cli_list_begin(struct cli_list *l);

/* Writes one row from o, and drops the reference to o. */
void cli_list_row(struct cli_list *l, json_t *o);

/* Writes what comes after the rows; in text, empty (may be NULL) when no
 * row was written. */
void cli_list_end(struct cli_list *l, const char *empty);

/* The string at key (a dotted path) in o, "" when none or not a string. */
const char *cli_list_text(json_t *o, const char *key);

#endif
