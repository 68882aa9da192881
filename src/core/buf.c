/* core_buf: growing text (core_buf.h). */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_buf.h"

/* Makes room for n more bytes and the terminator; false when it cannot. */
static bool
reserve(struct core_buf *b, size_t n)
{
	size_t cap;
	char *grown;

	if (b->failed)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	cap = (b->len + n + 1) * 2;
	grown = realloc(b->p, cap);
	if (!grown) {
		b->failed = true;
		return false;
	}
	b->p = grown;
	b->cap = cap;
	return true;
}

void
core_buf_add(struct core_buf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
core_buf_str(struct core_buf *b, const char *s)
{
	core_buf_add(b, s, strlen(s));
}

void
core_buf_printf(struct core_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
core_buf_free(struct core_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}
