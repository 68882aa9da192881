/* core_text: strings from the store as a terminal may show them. Every
 * character is shown as itself, or made safe: C0 controls and DEL as ^X
 * (ESC as ^[), C1 controls and bytes that are not text (in the current
 * locale) as \xNN, and bidirectional controls and zero-width characters as
 * <U+202E>; so nothing from the store reaches a terminal as a command or
 * hides what it says. Widths are terminal columns (wcwidth). */
#ifndef BILLCON_CORE_TEXT_H
#define BILLCON_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One character of a string, as shown. */
struct core_text_char {
	size_t len;     /* bytes of the string it takes, at least 1 */
	int width;      /* columns it takes when shown */
	char shown[16]; /* what to show, NUL-terminated */
};

/* True for the characters that change what text seems to say without being
 * seen: bidirectional embeddings, overrides and isolates (U+202A-202E,
 * U+2066-2069, U+061C) and zero-width characters (U+200B-200F, U+2060,
 * U+FEFF). Shown as <U+202E>; refused in typed names. */
bool core_text_hidden(uint32_t cp);

/* Writes s into out (size bytes, always terminated) with every byte that is
 * not part of well-formed UTF-8 written as \xNN, so that the result is
 * valid UTF-8 (for JSON); returns the length the whole result needs. */
size_t core_text_utf8(const char *s, char *out, size_t size);

/* Copies s into out (size > 0 bytes, always terminated), cut where it does
 * not fit before a character, never inside one. */
void core_text_copy(char *out, size_t size, const char *s);

/* The character at s (n > 0 bytes left) into *c. */
void core_text_next(const char *s, size_t n, struct core_text_char *c);

/* Columns s takes when shown. */
int core_text_width(const char *s);

/* Splits text into at most max lines of at most width columns, at spaces
 * where it can (a word longer than a line is split). Returns how many. */
int core_text_wrap(const char *text, int width, char lines[][256], int max);

/* What a message may echo of a value someone gave: the first CORE_ECHO_MAX
 * characters, then "…" when it goes on, so that the reason after it stays
 * readable. */
#define CORE_ECHO_MAX 60
#define CORE_ECHO_BYTES (CORE_ECHO_MAX * 4 + 4)

/* s, cut as above, into buf; returns buf. */
const char *core_text_echo(const char *s, char buf[CORE_ECHO_BYTES]);

/* As core_text_echo, keeping the last CORE_ECHO_MAX characters after "…"
 * instead: for a URL, whose end names what was asked for. */
const char *core_text_echo_tail(const char *s, char buf[CORE_ECHO_BYTES]);

#endif
