/* cli_out: what the command line writes: errors, tables, CSV and JSON, with
 * every string from the store made safe for a terminal. */
#ifndef BILLCON_CLI_OUT_H
#define BILLCON_CLI_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "billcon/core_status.h"

enum cli_format { CLI_TEXT, CLI_JSON, CLI_CSV };

/* Writes s to f with control characters shown as ^X (ESC as ^[) and bytes
 * that are not UTF-8 as \xNN, so nothing from the store reaches the terminal
 * as a command. */
void cli_put_safe(FILE *f, const char *s);

/* s made safe as cli_put_safe writes it, into buf (size > 0 bytes, cut
 * at a whole character when longer); returns buf, for a printf argument. */
const char *cli_safe(const char *s, char *buf, size_t size);

/* Writes s made safe, then padded with spaces (or cut with '~') to width
 * terminal columns. */
void cli_put_cell(FILE *f, const char *s, int width);

/* Writes s as one CSV field (RFC 4180 quoting when needed). */
void cli_put_csv(FILE *f, const char *s);

/* "billcon: <sentence>" on stderr, made safe; returns the exit code of
 * err->status. */
int cli_fail(const struct core_error *err);

/* Like cli_fail for a usage error worded here. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The usage error for a word command does not take, the word cut to
 * CORE_ECHO_MAX characters; returns the usage exit code. */
int cli_unexpected(const char *command, const char *word);

/* Writes o as one JSON value on f, then a newline. */
void cli_put_json(FILE *f, json_t *o);

/* Asks question on the terminal; true for "y" or "yes". False when stdin or
 * stderr is not a terminal. */
bool cli_confirm(const char *question);

/* The terminal's width when stdout is a terminal, else COLUMNS when set,
 * else 0 (any width). */
int cli_width(void);

/* True when both stdin and stderr are terminals (someone can be asked). */
bool cli_interactive(void);

/* One column of a list the command line prints: the key of its value in
 * each row's JSON object (a dotted path reaches into an object:
 * "createdBy.upn") and its CSV header, its title in the text
 * table, and its width there (the last column takes the rest). */
struct cli_column {
	const char *key;
	const char *title;
	int width;
};

/* A list printed row by row in one format: a JSON array of the objects,
 * CSV of the columns' values, or a text table of them. */
struct cli_table {
	enum cli_format format;
	const struct cli_column *cols;
	size_t ncols;
	long long rows;   /* printed so far */
};

/* Starts t on stdout: "[" or the header line. */
void cli_table_begin(struct cli_table *t);

/* Prints the row o (a JSON object; this takes its reference). */
void cli_table_row(struct cli_table *t, json_t *o);

/* Ends t: "]" for JSON; for text with no rows, "(none)" in parentheses
 * when none is not NULL. */
void cli_table_end(struct cli_table *t, const char *none);

#endif
