/* fuzz_util: what the libFuzzer targets in tests/fuzz/ share. The input
 * stays in memory: no target writes a file. */
#ifndef BILLCON_FUZZ_UTIL_H
#define BILLCON_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The input as a C string (malloc'd, the caller frees); it ends at the
 * input's first NUL byte, as the parsers taking strings see it. Aborts when
 * out of memory, so that no target goes on half-fed. */
char *fuzz_text(const uint8_t *data, size_t size);

/* The input as a read-only stream (fclose it), NULL for an empty input,
 * which fmemopen refuses. */
FILE *fuzz_stream(const uint8_t *data, size_t size);

/* Stops the run with a crash that libFuzzer records, naming the broken
 * promise: for a parser that returned but broke its contract. */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, #cond); \
	} while (0)

/* Reports what and aborts; used by FUZZ_CHECK. */
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

#endif
