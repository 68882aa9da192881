/* core_text: strings from the store as a terminal may show them. Every
 * character is shown as itself, or made safe: C0 controls and DEL as ^X
 * (ESC as ^[), and C1 controls and bytes that are not text (in the current
 * locale) as \xNN; so nothing from the store reaches a terminal as a
 * command. Widths are terminal columns (wcwidth). */
#ifndef BILLCON_CORE_TEXT_H
#define BILLCON_CORE_TEXT_H

#include <stddef.h>

/* One character of a string, as shown. */
struct core_text_char {
	size_t len;     /* bytes of the string it takes, at least 1 */
	int width;      /* columns it takes when shown */
	char shown[8];  /* what to show, NUL-terminated */
};

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

#endif
