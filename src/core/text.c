#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "billcon/core_text.h"

void
core_text_next(const char *s, size_t n, struct core_text_char *c)
{
	mbstate_t ps;
	wchar_t wc = 0;
	size_t len;
	int w;

	memset(&ps, 0, sizeof(ps));
	len = mbrtowc(&wc, s, n, &ps);
	if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
		c->len = 1;
		c->width = len == 0 ? 2 : 4;
		snprintf(c->shown, sizeof(c->shown), len == 0 ? "^@" : "\\x%02X", (unsigned char)*s);
		return;
	}
	c->len = len;
	if (wc < 0x20 || wc == 0x7f) {
		c->width = 2;
		snprintf(c->shown, sizeof(c->shown), "^%c", wc == 0x7f ? '?' : (char)(wc + '@'));
	} else if ((wc >= 0x80 && wc < 0xa0) || (w = wcwidth(wc)) < 0) {
		c->len = 1;
		c->width = 4;
		snprintf(c->shown, sizeof(c->shown), "\\x%02X", (unsigned char)*s);
	} else {
		c->width = w;
		memcpy(c->shown, s, len);
		c->shown[len] = '\0';
	}
}

int
core_text_width(const char *s)
{
	struct core_text_char c;
	size_t n = strlen(s);
	int cols = 0;

	while (n > 0) {
		core_text_next(s, n, &c);
		cols += c.width;
		s += c.len;
		n -= c.len;
	}
	return cols;
}

/* The bytes a line of core_text_wrap holds, its NUL aside. */
#define LINE_BYTES 255

/* Bytes of the line that starts text and fits in width columns and in
 * LINE_BYTES, broken at the last space when the text goes on. */
static size_t
line_length(const char *text, int width)
{
	struct core_text_char c;
	size_t i = 0, n = strlen(text), last_space = 0;
	int cols = 0;

	while (i < n) {
		core_text_next(text + i, n - i, &c);
		/* A character that would pass the line's bytes starts the next
		 * line whole: cut, it would be lost. */
		if (cols + c.width > width || i + c.len > LINE_BYTES)
			break;
		if (text[i] == ' ')
			last_space = i;
		cols += c.width;
		i += c.len;
	}
	if (i < n && last_space)
		return last_space;
	return i ? i : 1;
}

int
core_text_wrap(const char *text, int width, char lines[][256], int max)
{
	int n = 0;

	while (*text && n < max) {
		size_t take = line_length(text, width);
		snprintf(lines[n++], LINE_BYTES + 1, "%.*s", (int)take, text);
		text += take;
		while (*text == ' ')
			text++;
	}
	return n;
}
