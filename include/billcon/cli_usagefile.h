/* cli_usagefile: the rows of an Azure Stack usage file for app_usage, as
 * an app_usage_source: CSV (cli_csv: a header naming deployment, tenant,
 * meter, quantity, start and end in any order, other columns ignored) or
 * JSON lines (one object per line with those keys; quantity a number or
 * a string; blank lines skipped). Each reads its stream from the start at
 * every pass, so the file is never held in memory. */
#ifndef BILLCON_CLI_USAGEFILE_H
#define BILLCON_CLI_USAGEFILE_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "billcon/app_usage.h"
#include "billcon/cli_csv.h"

/* The formats of a usage file. */
enum cli_usage_format { CLI_USAGE_CSV, CLI_USAGE_JSONL };

/* The longest JSON line read; a longer one is a bad row. */
#define CLI_USAGE_LINE_MAX 65536

/* A reader of f in format (f borrowed, seekable). */
struct cli_usagefile {
	FILE *f;
	enum cli_usage_format format;
	struct cli_csv *csv;          /* CSV: the reader (malloc'd) */
	int cols[CORE_USAGE_NCOLS];   /* CSV: each column's field */
	int nfields;                  /* CSV: the header's field count */
	char *line;                   /* JSON lines: the last line (getline's) */
	size_t cap;
	long at;                      /* JSON lines: its number */
	json_t *row;                  /* JSON lines: the last object */
	char quantity[64];            /* JSON lines: a number's text */
};

/* Starts u on f; *src then reads it. false when out of memory. */
bool cli_usagefile_init(struct cli_usagefile *u, FILE *f, enum cli_usage_format format,
			struct app_usage_source *src);

/* Frees what u holds (not f). */
void cli_usagefile_done(struct cli_usagefile *u);

/* The format a file name's extension says (.csv; .jsonl, .ndjson or
 * .json), false when it says none. */
bool cli_usagefile_format_of(const char *name, enum cli_usage_format *format);

/* Decodes one JSON line of n bytes (no NUL needed) into f, whose texts
 * point into *hold (a new reference the caller decrefs, NULL on failure)
 * or into qbuf (64 bytes: a numeric quantity as text). 1 for a row; 0
 * for a blank line; -1 with one sentence in err for a line that is not a
 * JSON object of strings (quantity may be a number). */
int cli_usagefile_json_row(const char *line, size_t n, struct core_usage_fields *f, json_t **hold, char *qbuf,
			   struct core_error *err);

#endif
