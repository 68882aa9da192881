/* core_buf: text that grows as it is appended to (SQL built at run time,
 * a line of output built whole before one write). A failed allocation
 * sets failed and later appends do nothing, so a builder checks once at
 * the end. The text is always terminated. */
#ifndef BILLCON_CORE_BUF_H
#define BILLCON_CORE_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct core_buf {
	char *p;       /* the text (NULL until something is appended); the owner frees it */
	size_t len, cap;
	bool failed;   /* an allocation failed: the text is incomplete */
};

/* Appends the n bytes at s. */
void core_buf_add(struct core_buf *b, const char *s, size_t n);

/* Appends the string s. */
void core_buf_str(struct core_buf *b, const char *s);

/* Appends the printf-style text. */
void core_buf_printf(struct core_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Frees b's text and empties it. */
void core_buf_free(struct core_buf *b);

#endif
