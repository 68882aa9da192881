/* libFuzzer target: the RFC 4180 reader of `tenants import` (cli_csv). */
#include "config.h"

#include <string.h>

#include "billcon/cli_csv.h"
#include "fuzz_util.h"

/* The reader is 64 KiB: static, not on the fuzzer's stack. */
static struct cli_csv csv;

/* Every field of the last record lies in the buffer, NUL-terminated. */
static void
check_record(const struct cli_csv *c)
{
	int i;

	FUZZ_CHECK(c->n >= 1 && c->n <= CLI_CSV_MAX_FIELDS);
	for (i = 0; i < c->n; i++) {
		size_t room = (size_t)(c->buf + sizeof(c->buf) - c->fields[i]);
		FUZZ_CHECK(c->fields[i] >= c->buf && room > 0);
		FUZZ_CHECK(memchr(c->fields[i], '\0', room) != NULL);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fuzz_stream(data, size);
	const char *problem;
	size_t calls = 0;
	int got;

	if (!f)
		return 0;
	cli_csv_init(&csv, f);
	while ((got = cli_csv_next(&csv, &problem)) != 0) {
		/* Each call reads a byte at least: more calls than bytes is a loop. */
		FUZZ_CHECK(++calls <= size);
		if (got > 0)
			check_record(&csv);
		else
			FUZZ_CHECK(problem && csv.bad_line >= csv.line);
	}
	fclose(f);
	return 0;
}
