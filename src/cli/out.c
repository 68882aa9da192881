#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "billcon/cli_out.h"
#include "billcon/core_text.h"

/* Writes (when write) the characters of s, made safe, while they fit in
 * limit columns (no limit when negative); returns the columns they take. */
static int
walk(FILE *f, const char *s, int limit, bool write)
{
	struct core_text_char c;
	size_t n = strlen(s);
	int cols = 0;

	while (n > 0) {
		core_text_next(s, n, &c);
		if (limit >= 0 && cols + c.width > limit)
			break;
		if (write)
			fputs(c.shown, f);
		cols += c.width;
		s += c.len;
		n -= c.len;
	}
	return cols;
}

void
cli_put_safe(FILE *f, const char *s)
{
	walk(f, s, -1, true);
}

const char *
cli_safe(const char *s, char *buf, size_t size)
{
	struct core_text_char c;
	size_t n = strlen(s), o = 0, len;

	while (n > 0) {
		core_text_next(s, n, &c);
		len = strlen(c.shown);
		if (o + len >= size)
			break;
		memcpy(buf + o, c.shown, len);
		o += len;
		s += c.len;
		n -= c.len;
	}
	buf[o] = '\0';
	return buf;
}

void
cli_put_cell(FILE *f, const char *s, int width)
{
	int cols;

	if (walk(f, s, -1, false) <= width) {
		cols = walk(f, s, -1, true);
	} else {
		cols = walk(f, s, width - 1, true);
		fputc('~', f);
		cols++;
	}
	for (; cols < width; cols++)
		fputc(' ', f);
}

void
cli_put_csv(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	/* By runs between quotes: an export writes millions of fields. */
	fputc('"', f);
	for (;;) {
		size_t n = strcspn(s, "\"");

		fwrite(s, 1, n, f);
		if (!s[n])
			break;
		fputs("\"\"", f);
		s += n + 1;
	}
	fputc('"', f);
}

int
cli_fail(const struct core_error *err)
{
	fputs("billcon: ", stderr);
	cli_put_safe(stderr, err->message[0] ? err->message : core_status_name(err->status));
	fputc('\n', stderr);
	return core_status_exit_code(err->status);
}

int
cli_usage(const char *fmt, ...)
{
	struct core_error err = { .status = CORE_USAGE };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err.message, sizeof(err.message), fmt, ap);
	va_end(ap);
	return cli_fail(&err);
}

int
cli_unexpected(const char *command, const char *word)
{
	char shown[CORE_ECHO_BYTES];

	return cli_usage("%s does not take \"%s\"; see billcon --help.", command,
			 core_text_echo(word, shown));
}

void
cli_put_json(FILE *f, json_t *o)
{
	json_dumpf(o, f, JSON_COMPACT | JSON_SORT_KEYS);
	fputc('\n', f);
}

bool
cli_interactive(void)
{
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

bool
cli_confirm(const char *question)
{
	char answer[16];

	if (!cli_interactive())
		return false;
	cli_put_safe(stderr, question);
	fputs(" Continue? [y/N] ", stderr);
	fflush(stderr);
	if (!fgets(answer, sizeof(answer), stdin))
		return false;
	answer[strcspn(answer, "\r\n")] = '\0';
	return strcasecmp(answer, "y") == 0 || strcasecmp(answer, "yes") == 0;
}

int
cli_width(void)
{
	struct winsize ws;
	const char *columns = getenv("COLUMNS");

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (columns && atoi(columns) > 0)
		return atoi(columns);
	return 0;
}

/* The text of a JSON cell: strings as they are, integers in decimal and
 * reals to 15 significant digits (into buf), booleans yes/no (CSV: true/false, as JSON has them), else "". */
static const char *
cell_text(const json_t *v, enum cli_format format, char buf[24])
{
	if (json_is_integer(v)) {
		snprintf(buf, 24, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf;
	}
	if (json_is_real(v)) {
		snprintf(buf, 24, "%.15g", json_real_value(v));
		return buf;
	}
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_boolean(v) && format == CLI_CSV)
		return json_is_true(v) ? "true" : "false";
	if (json_is_boolean(v))
		return json_is_true(v) ? "yes" : "no";
	return "";
}

/* The value at key in o, a dotted path reaching into objects
 * ("createdBy.upn"); NULL when none. */
static json_t *
json_at(const json_t *o, const char *key)
{
	char head[64];
	const char *dot = strchr(key, '.');
	json_t *v;

	if (!dot)
		return json_object_get(o, key);
	snprintf(head, sizeof(head), "%.*s", (int)(dot - key), key);
	v = json_object_get(o, head);
	return json_is_object(v) ? json_at(v, dot + 1) : NULL;
}

static void
table_line(const struct cli_table *t, const json_t *o)
{
	char num[24];
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		const char *text = o ? cell_text(json_at(o, t->cols[i].key), t->format, num) : t->cols[i].title;
		if (i)
			fputc(t->format == CLI_CSV ? ',' : ' ', stdout);
		if (t->format == CLI_CSV)
			cli_put_csv(stdout, o ? text : t->cols[i].key);
		else if (t->cols[i].width > 0 && i + 1 < t->ncols)
			cli_put_cell(stdout, text, t->cols[i].width);
		else
			cli_put_safe(stdout, text);
	}
	fputs(t->format == CLI_CSV ? "\r\n" : "\n", stdout);
}

void
cli_table_begin(struct cli_table *t)
{
	t->rows = 0;
	if (t->format == CLI_JSON)
		fputc('[', stdout);
	else
		table_line(t, NULL);
}

void
cli_table_row(struct cli_table *t, json_t *o)
{
	if (t->format == CLI_JSON) {
		fputs(t->rows ? ",\n" : "\n", stdout);
		json_dumpf(o, stdout, JSON_COMPACT | JSON_SORT_KEYS);
	} else {
		table_line(t, o);
	}
	t->rows++;
	json_decref(o);
}

void
cli_table_end(struct cli_table *t, const char *none)
{
	if (t->format == CLI_JSON)
		fputs(t->rows ? "\n]\n" : "]\n", stdout);
	else if (t->format == CLI_TEXT && t->rows == 0 && none)
		fprintf(stdout, "(%s)\n", none);
}
