#include "config.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "billcon/core_text.h"
#include "billcon/core_validate.h"

bool
core_text_hidden(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061c ||
	       (cp >= 0x200b && cp <= 0x200f) || cp == 0x2060 || cp == 0xfeff;
}

/* Appends the len bytes at p to out (size bytes) at *o while everything so
 * far fits, leaving room for the terminator; counts them either way. */
static void
append(char *out, size_t size, size_t *o, bool *full, const char *p, size_t len)
{
	if (!*full && *o + len < size)
		memcpy(out + *o, p, len);
	else
		*full = true;
	*o += len;
}

size_t
core_text_utf8(const char *s, char *out, size_t size)
{
	size_t n = strlen(s), o = 0, len, kept = 0;
	bool full = false;
	char esc[5];

	while (n > 0) {
		len = core_utf8_char(s, n, NULL);
		if (len) {
			append(out, size, &o, &full, s, len);
		} else {
			len = 1;
			snprintf(esc, sizeof(esc), "\\x%02X", (unsigned char)*s);
			append(out, size, &o, &full, esc, 4);
		}
		if (!full)
			kept = o;
		s += len;
		n -= len;
	}
	if (size)
		out[kept] = '\0';
	return o;
}

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
	if (core_text_hidden((uint32_t)wc)) {
		/* Shown by name, never obeyed: it would reorder or hide what
		 * follows it. */
		c->width = snprintf(c->shown, sizeof(c->shown), "<U+%04X>", (unsigned)wc);
	} else if (wc < 0x20 || wc == 0x7f) {
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

void
core_text_copy(char *out, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

const char *
core_text_echo(const char *s, char buf[CORE_ECHO_BYTES])
{
	size_t i, chars = 0;

	/* Counted in characters (UTF-8 lead bytes), so that no character is
	 * cut in two. */
	for (i = 0; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && chars++ == CORE_ECHO_MAX) {
			snprintf(buf, CORE_ECHO_BYTES, "%.*s\xe2\x80\xa6", (int)i, s);
			return buf;
		}
	}
	snprintf(buf, CORE_ECHO_BYTES, "%s", s);
	return buf;
}

const char *
core_text_echo_tail(const char *s, char buf[CORE_ECHO_BYTES])
{
	size_t i = strlen(s), chars = 0;

	/* Back from the end, a character (its lead byte) at a time. */
	while (i > 0) {
		i--;
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++chars == CORE_ECHO_MAX)
			break;
	}
	snprintf(buf, CORE_ECHO_BYTES, "%s%s", i > 0 ? "\xe2\x80\xa6" : "", s + i);
	return buf;
}
