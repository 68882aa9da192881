/* cli_usagefile: a usage file's rows from CSV or JSON lines
 * (cli_usagefile.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/cli_usagefile.h"
#include "billcon/core_text.h"

bool
cli_usagefile_format_of(const char *name, enum cli_usage_format *format)
{
	const char *dot = name ? strrchr(name, '.') : NULL;

	if (!dot)
		return false;
	if (strcasecmp(dot, ".csv") == 0)
		*format = CLI_USAGE_CSV;
	else if (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0 || strcasecmp(dot, ".json") == 0)
		*format = CLI_USAGE_JSONL;
	else
		return false;
	return true;
}

/* ---- CSV ---- */

static enum core_status
csv_start(void *self, struct core_error *err)
{
	struct cli_usagefile *u = self;
	const char *problem;
	struct core_error why;
	int got;

	if (fseek(u->f, 0, SEEK_SET) != 0)
		return core_error_set(err, CORE_USAGE, "The usage file cannot be read again from its start.");
	cli_csv_init(u->csv, u->f);
	if ((got = cli_csv_next(u->csv, &problem)) < 0)
		return core_error_set(err, CORE_USAGE, "The usage file's header at line %ld is malformed: %s.",
				      u->csv->bad_line, problem);
	if (got == 0)
		return core_error_set(err, CORE_USAGE, "The usage file is empty: it needs a header "
				      "(deployment,tenant,meter,quantity,start,end) and rows.");
	if (core_usage_header((const char *const *)u->csv->fields, u->csv->n, u->cols, &why))
		return core_error_set(err, CORE_USAGE, "Line %ld: %s", u->csv->line, why.message);
	u->nfields = u->csv->n;
	return CORE_OK;
}

static int
csv_next(void *self, struct core_usage_fields *f, long *line, struct core_error *err)
{
	struct cli_usagefile *u = self;
	const char *problem;
	int got, c;

	do
		got = cli_csv_next(u->csv, &problem);
	while (got > 0 && u->csv->n == 1 && !u->csv->fields[0][0]);
	if (got == 0)
		return 0;
	if (got < 0) {
		*line = u->csv->bad_line;
		core_error_set(err, CORE_USAGE, "The record is malformed: %s.", problem);
		return -1;
	}
	*line = u->csv->line;
	if (u->csv->n != u->nfields) {
		core_error_set(err, CORE_USAGE, "The row has %d field%s where the header has %d.", u->csv->n,
			       u->csv->n == 1 ? "" : "s", u->nfields);
		return -1;
	}
	for (c = 0; c < CORE_USAGE_NCOLS; c++)
		f->v[c] = u->csv->fields[u->cols[c]];
	return 1;
}

/* ---- JSON lines ---- */

/* The text of the value of key in o into *out, a number's into qbuf
 * when numbers are allowed; false with the sentence otherwise. */
static bool
json_field(json_t *o, int col, const char **out, char *qbuf, struct core_error *err)
{
	const char *key = core_usage_col_name(col);
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v)
		return core_error_set(err, CORE_USAGE, "The row has no %s.", key), false;
	if (json_is_string(v)) {
		if (strlen(json_string_value(v)) != json_string_length(v))
			return core_error_set(err, CORE_USAGE, "The %s holds a NUL character.", key), false;
		*out = json_string_value(v);
		return true;
	}
	if (col == CORE_USAGE_QUANTITY && json_is_number(v)) {
		if (json_is_integer(v))
			snprintf(qbuf, 64, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		else
			snprintf(qbuf, 64, "%.17g", json_real_value(v));
		*out = qbuf;
		return true;
	}
	return core_error_set(err, CORE_USAGE, "The %s is not a %s.", key,
			      col == CORE_USAGE_QUANTITY ? "number or a string" : "string"), false;
}

int
cli_usagefile_json_row(const char *line, size_t n, struct core_usage_fields *f, json_t **hold, char *qbuf,
		       struct core_error *err)
{
	json_error_t jerr;
	size_t i;
	int c;

	*hold = NULL;
	for (i = 0; i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || line[i] == '\n'); i++)
		;
	if (i == n)
		return 0;
	if (!(*hold = json_loadb(line, n, JSON_REJECT_DUPLICATES, &jerr))) {
		char shown[CORE_ECHO_BYTES];
		core_error_set(err, CORE_USAGE, "The line is not JSON: %s.", core_text_echo(jerr.text, shown));
		return -1;
	}
	if (!json_is_object(*hold)) {
		core_error_set(err, CORE_USAGE, "The line is not a JSON object.");
		return -1;
	}
	for (c = 0; c < CORE_USAGE_NCOLS; c++)
		if (!json_field(*hold, c, &f->v[c], qbuf, err))
			return -1;
	return 1;
}

static enum core_status
jsonl_start(void *self, struct core_error *err)
{
	struct cli_usagefile *u = self;

	u->at = 0;
	if (fseek(u->f, 0, SEEK_SET) != 0)
		return core_error_set(err, CORE_USAGE, "The usage file cannot be read again from its start.");
	return CORE_OK;
}

static int
jsonl_next(void *self, struct core_usage_fields *f, long *line, struct core_error *err)
{
	struct cli_usagefile *u = self;
	ssize_t got;
	int rc;

	do {
		json_decref(u->row);
		u->row = NULL;
		if ((got = getline(&u->line, &u->cap, u->f)) < 0)
			return 0;
		*line = ++u->at;
		if (got > CLI_USAGE_LINE_MAX) {
			core_error_set(err, CORE_USAGE, "The line is longer than %d bytes.", CLI_USAGE_LINE_MAX);
			return -1;
		}
		rc = cli_usagefile_json_row(u->line, (size_t)got, f, &u->row, u->quantity, err);
	} while (rc == 0);
	return rc;
}

bool
cli_usagefile_init(struct cli_usagefile *u, FILE *f, enum cli_usage_format format, struct app_usage_source *src)
{
	memset(u, 0, sizeof(*u));
	u->f = f;
	u->format = format;
	if (format == CLI_USAGE_CSV && !(u->csv = malloc(sizeof(*u->csv))))
		return false;
	*src = format == CLI_USAGE_CSV ? (struct app_usage_source){ csv_start, csv_next, u }
				       : (struct app_usage_source){ jsonl_start, jsonl_next, u };
	return true;
}

void
cli_usagefile_done(struct cli_usagefile *u)
{
	free(u->csv);
	free(u->line);
	json_decref(u->row);
	memset(u, 0, sizeof(*u));
}
