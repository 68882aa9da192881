#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

char *
fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

FILE *
fuzz_stream(const uint8_t *data, size_t size)
{
	/* fmemopen takes a non-const buffer but, opened "r", never writes it. */
	return size ? fmemopen((void *)(uintptr_t)data, size, "r") : NULL;
}

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: the parser broke its promise: %s\n", file, line, what);
	abort();
}
