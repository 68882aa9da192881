/* cli_stream: writing a list of any size as it is read, for `billcon audit
 * list` and `audit export`: the list read window by window in constant
 * memory, an audit entry written by hand as one JSON object or one CSV
 * record (a jansson object per row would cost more than the reading), the
 * export's output file made whole or not at all, and a progress line. */
#ifndef BILLCON_CLI_STREAM_H
#define BILLCON_CLI_STREAM_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>

#include "billcon/core_status.h"
#include "billcon/store_audit.h"
#include "billcon/store_auditlog.h"
#include "billcon/store_list.h"

/* Calls fn for every row of q's list in order, from q->anchor (NULL: the
 * start), reading windows of a thousand rows, so that memory stays flat
 * whatever the list's size; stops early when fn returns non-zero. q's
 * limit is not read; q is left as it was. */
enum core_status cli_stream_walk(struct store *st, const struct store_list_query *q, store_list_fn fn,
				 void *ctx, struct core_error *err);

/* Writes s as a JSON string exactly as jansson writes it (", \ and control
 * characters escaped, the rest as it is), bytes that are not UTF-8 as the
 * text \xNN (core_text_utf8), so that the output is always valid JSON. */
void cli_stream_json_text(FILE *f, const char *s);

/* Writes an audit entry as one compact JSON object on f, without a
 * newline, keys sorted: action, actor, after, at, before, hash, object,
 * seq. before and after are the stored JSON itself, byte for byte, when it
 * is a compact JSON object or array (as billcon writes them), else the
 * stored text as a JSON string; null when there is none. This is the line
 * `audit export --format jsonl` writes for the entry (json joins these),
 * and what `audit prove` embeds: jansson reads it and, dumped with
 * JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII, writes it back the
 * same for every entry billcon wrote (ASCII fields). */
void cli_stream_audit_entry(FILE *f, const struct store_audit_row *r);

/* The entry as cli_stream_audit_entry writes it, as a jansson value for a
 * caller that embeds it in its own JSON; NULL when out of memory. */
json_t *cli_stream_audit_entry_value(const struct store_audit_row *r);

/* The header record of `audit export --format csv`: the entry's fields. */
void cli_stream_audit_csv_header(FILE *f);

/* An audit entry as one CSV record (RFC 4180 quoting, CRLF), in the
 * header's order, before and after as the stored text. */
void cli_stream_audit_csv(FILE *f, const struct store_audit_row *r);

/* A file written whole or not at all: the bytes go to a temporary file in
 * the same folder, renamed over the path only when all went well. */
struct cli_stream_file {
	FILE *f;
	char tmp[4096];
	const char *path;
};

/* Starts writing path. An existing path is refused (CORE_REFUSED) unless
 * replace; a folder that cannot be written is CORE_STORE. */
enum core_status cli_stream_file_open(struct cli_stream_file *o, const char *path, bool replace,
				      struct core_error *err);

/* Ends the file: when ok, flushes it to disk and renames it into place
 * (CORE_STORE when that fails); otherwise removes the temporary file. Either
 * way nothing is left half-written. */
enum core_status cli_stream_file_close(struct cli_stream_file *o, bool ok, struct core_error *err);

/* A progress line on stderr ("Exporting 120000 of 1000000 entries
 * (12%)"), only when stderr is a terminal, redrawn at most ten times a
 * second. */
struct cli_stream_progress {
	bool on;
	const char *what;        /* "Exporting" */
	long long done, total;
	struct timespec last;    /* when it was last drawn */
};

/* Starts p for total items (nothing is drawn unless stderr is a terminal). */
void cli_stream_progress_start(struct cli_stream_progress *p, const char *what, long long total);

/* Counts one item done, redrawing when a tenth of a second has passed. */
void cli_stream_progress_step(struct cli_stream_progress *p);

/* Clears the line, leaving stderr as it was. */
void cli_stream_progress_end(struct cli_stream_progress *p);

#endif
