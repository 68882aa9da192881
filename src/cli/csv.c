#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "billcon/cli_csv.h"

/* Where the reader stands within a record. */
enum csv_state {
	CSV_FIELD_START,  /* nothing of the field read yet: a quote opens it */
	CSV_PLAIN,        /* inside an unquoted field */
	CSV_QUOTED,       /* inside a quoted field */
	CSV_CLOSED,       /* just after a quoted field's closing quote */
};

static const unsigned char csv_bom[3] = { 0xef, 0xbb, 0xbf };

void
cli_csv_init(struct cli_csv *c, FILE *f)
{
	memset(c, 0, sizeof(*c));
	c->f = f;
	c->at = 1;
}

/* The next byte (from what was put back first), counting lines. The
 * reader is one thread's: getc_unlocked spares a lock per byte, which was
 * a fifth of a usage import's time. */
static int
csv_get(struct cli_csv *c)
{
	int ch = c->nback ? c->back[--c->nback] : getc_unlocked(c->f);

	if (ch == '\n')
		c->at++;
	return ch;
}

/* Puts ch back to be read again; EOF is not put back, as it stays. */
static void
csv_unget(struct cli_csv *c, int ch)
{
	if (ch == EOF || c->nback >= (int)(sizeof(c->back) / sizeof(c->back[0])))
		return;
	if (ch == '\n')
		c->at--;
	c->back[c->nback++] = ch;
}

/* Skips a UTF-8 byte order mark at the start of the input: spreadsheets
 * write one, and it is not part of the first column's name. */
static void
csv_skip_bom(struct cli_csv *c)
{
	int b[3];
	int i;

	for (i = 0; i < 3; i++) {
		b[i] = csv_get(c);
		if (b[i] != csv_bom[i])
			break;
	}
	if (i == 3)
		return;
	for (; i >= 0; i--)
		csv_unget(c, b[i]);
}

/* Ends the current field at buf[*o]; false when there is no room. */
static bool
end_field(struct cli_csv *c, size_t *o)
{
	if (c->n >= CLI_CSV_MAX_FIELDS || *o >= sizeof(c->buf))
		return false;
	c->buf[(*o)++] = '\0';
	c->n++;
	if (c->n < CLI_CSV_MAX_FIELDS)
		c->fields[c->n] = c->buf + *o;
	return true;
}

/* Appends ch to the current field; false when the record is too long. */
static bool
put(struct cli_csv *c, size_t *o, int ch)
{
	if (*o + 1 >= sizeof(c->buf))
		return false;
	c->buf[(*o)++] = (char)ch;
	return true;
}

/* Refuses the record for what, found on line; skips the rest of that line
 * (ch being the last byte read) so that the next call reads on from the
 * next line and each bad record gets its own message. */
static int
csv_fail(struct cli_csv *c, const char **problem, const char *what, long line, int ch)
{
	*problem = what;
	c->bad_line = line;
	while (ch != '\n' && ch != EOF)
		ch = csv_get(c);
	return -1;
}

/* After a CR: true when a LF follows, as RFC 4180 breaks lines with CRLF
 * only; *next is the byte read. */
static bool
crlf(struct cli_csv *c, int *next)
{
	*next = csv_get(c);
	return *next == '\n';
}

/* One byte of a quoted field. Returns 0 to go on, -1 for a bad record. */
static int
quoted_byte(struct cli_csv *c, int ch, size_t *o, enum csv_state *st, const char **problem,
	    long here)
{
	int next;

	if (ch == '"') {
		if ((next = csv_get(c)) == '"')
			return put(c, o, '"') ? 0 : csv_fail(c, problem, "it is too long", here, next);
		csv_unget(c, next);
		*st = CSV_CLOSED;
		return 0;
	}
	if (ch == '\r') {
		if (!crlf(c, &next))
			return csv_fail(c, problem, "it has a carriage return not followed by a line feed",
					here, next);
		return put(c, o, '\r') && put(c, o, '\n') ? 0
			: csv_fail(c, problem, "it is too long", here, next);
	}
	return put(c, o, ch) ? 0 : csv_fail(c, problem, "it is too long", here, ch);
}

/* One byte outside quotes. Returns 0 to go on, 1 at the end of the
 * record, -1 for a bad record. */
static int
plain_byte(struct cli_csv *c, int ch, size_t *o, enum csv_state *st, const char **problem,
	   long here)
{
	int next = ch;

	if (ch == '\r' && !crlf(c, &next))
		return csv_fail(c, problem, "it has a carriage return not followed by a line feed", here,
				next);
	if (ch == ',' || next == '\n' || ch == EOF) {
		if (!end_field(c, o))
			return csv_fail(c, problem, "it has too many fields or is too long", here, next);
		*st = CSV_FIELD_START;
		return ch == ',' ? 0 : 1;
	}
	if (ch == '"' && *st == CSV_FIELD_START) {
		*st = CSV_QUOTED;
		return 0;
	}
	if (*st == CSV_CLOSED)
		return csv_fail(c, problem, "it has text after a closing quote", here, ch);
	if (ch == '"')
		return csv_fail(c, problem, "it has a quote inside an unquoted field", here, ch);
	*st = CSV_PLAIN;
	return put(c, o, ch) ? 0 : csv_fail(c, problem, "it is too long", here, ch);
}

int
cli_csv_next(struct cli_csv *c, const char **problem)
{
	enum csv_state st = CSV_FIELD_START;
	size_t o = 0;
	long here, quote_line = 0;
	int ch, rc;

	if (!c->bom_checked) {
		c->bom_checked = true;
		csv_skip_bom(c);
	}
	c->n = 0;
	c->fields[0] = c->buf;
	c->line = c->at;
	*problem = NULL;
	if ((ch = csv_get(c)) == EOF)
		return 0;
	for (;; ch = csv_get(c)) {
		here = c->at - (ch == '\n');
		if (ch == '\0')
			return csv_fail(c, problem, "it holds a NUL byte", here, ch);
		if (st == CSV_QUOTED && ch == EOF)
			return csv_fail(c, problem, "a quoted field is not closed", quote_line, ch);
		if (st == CSV_QUOTED)
			rc = quoted_byte(c, ch, &o, &st, problem, here);
		else
			rc = plain_byte(c, ch, &o, &st, problem, here);
		if (rc != 0)
			return rc;
		if (st == CSV_QUOTED && !quote_line)
			quote_line = here;
		if (st != CSV_QUOTED)
			quote_line = 0;
	}
}
