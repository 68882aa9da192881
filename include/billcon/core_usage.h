/* core_usage: one Azure Stack usage row (DOMAIN.md §7 "Usage routing") as
 * pure rules: the columns a usage file's header names, and a row's six
 * texts validated into a record, each refusal one sentence. Reading the
 * file (CSV, JSON lines) and routing the row are elsewhere (cli_usagefile,
 * app_usage); a deployment is checked against the store there too. */
#ifndef BILLCON_CORE_USAGE_H
#define BILLCON_CORE_USAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "billcon/core_status.h"

/* The columns of a usage row, in the order of core_usage_col_name. */
enum core_usage_col {
	CORE_USAGE_DEPLOYMENT,
	CORE_USAGE_TENANT,
	CORE_USAGE_METER,
	CORE_USAGE_QUANTITY,
	CORE_USAGE_START,
	CORE_USAGE_END,
	CORE_USAGE_NCOLS
};

/* Limits of a row's texts, in characters. */
#define CORE_USAGE_NAME_MAX 128
#define CORE_USAGE_NAME_BYTES (CORE_USAGE_NAME_MAX * 4 + 1)
#define CORE_USAGE_TIME_BYTES 40

/* The name of column col ("deployment", "tenant", "meter", "quantity",
 * "start", "end"); NULL out of range. */
const char *core_usage_col_name(int col);

/* The column named name (case-insensitive, surrounding blanks ignored), or
 * -1 when it is none of them. */
int core_usage_col_of(const char *name);

/* Maps a header's n names to cols (cols[c] = the header's index of column
 * c): every column must be there once, in any order; other columns are
 * ignored. CORE_USAGE with one sentence for a column missing or named
 * twice. */
enum core_status core_usage_header(const char *const *names, int n, int cols[CORE_USAGE_NCOLS],
				   struct core_error *err);

/* A row's texts as read, by column (NULL: absent). */
struct core_usage_fields {
	const char *v[CORE_USAGE_NCOLS];
};

/* A row validated. */
struct core_usage_row {
	char deployment[CORE_USAGE_NAME_BYTES]; /* trimmed */
	char tenant[37];                        /* bare lowercase GUID */
	char meter[CORE_USAGE_NAME_BYTES];      /* trimmed */
	double quantity;                        /* finite, >= 0 */
	char start[CORE_USAGE_TIME_BYTES];      /* as written, trimmed */
	char end[CORE_USAGE_TIME_BYTES];
};

/* Validates f into out: deployment and meter one line of 1..128
 * characters; tenant a GUID; quantity a finite decimal number >= 0 (no
 * hex, inf or nan); start and end ISO 8601 dates (2026-11-30) or
 * date-times (2026-11-30T10:00:00, seconds and fraction optional, Z or
 * +hh:mm); end not before start. CORE_USAGE with one sentence (no line
 * number: the reader adds it) for the first fault, in column order. */
enum core_status core_usage_check(const struct core_usage_fields *f, struct core_usage_row *out,
				  struct core_error *err);

/* True when s is an ISO 8601 date or date-time as above; *at receives its
 * instant in milliseconds since 1970 UTC (a date is its midnight, a time
 * with no zone UTC). */
bool core_usage_time(const char *s, int64_t *at);

/* True when s is a decimal number (optional sign, digits, optional
 * fraction and exponent) whose value is finite; *q receives it. */
bool core_usage_quantity(const char *s, double *q);

#endif
