#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "billcon/cli_out.h"

/* The length of the UTF-8 sequence at s (n bytes left), 0 when malformed,
 * and its code point in *wc. */
static size_t
decode(const char *s, size_t n, wchar_t *wc)
{
	mbstate_t ps;
	size_t len;

	memset(&ps, 0, sizeof(ps));
	len = mbrtowc(wc, s, n, &ps);
	if (len == (size_t)-1 || len == (size_t)-2)
		return 0;
	return len ? len : 1;
}

/* Writes the safe form of one character; returns its width in columns. */
static int
put_char(FILE *f, const char *s, size_t len, wchar_t wc, bool write)
{
	int w;

	if (len == 0) {
		if (write)
			fprintf(f, "\\x%02X", (unsigned char)*s);
		return 4;
	}
	if (wc < 0x20 || wc == 0x7f) {
		if (write)
			fprintf(f, "^%c", wc == 0x7f ? '?' : (char)(wc + '@'));
		return 2;
	}
	if (wc >= 0x80 && wc < 0xa0) {
		if (write)
			fprintf(f, "\\u%04X", (unsigned)wc);
		return 6;
	}
	w = wcwidth(wc);
	if (write)
		fwrite(s, 1, len, f);
	return w < 0 ? 1 : w;
}

/* Writes (when write) the characters of s while they fit in limit columns
 * (no limit when negative); returns the columns they take. */
static int
walk(FILE *f, const char *s, int limit, bool write)
{
	size_t n = strlen(s);
	int cols = 0;

	while (n > 0) {
		wchar_t wc = 0;
		size_t len = decode(s, n, &wc);
		int w = put_char(f, s, len, wc, false);
		if (limit >= 0 && cols + w > limit)
			break;
		put_char(f, s, len, wc, write);
		cols += w;
		s += len ? len : 1;
		n -= len ? len : 1;
	}
	return cols;
}

void
cli_put_safe(FILE *f, const char *s)
{
	walk(f, s, -1, true);
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
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
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
