/* libFuzzer target: an Azure Stack usage file's rows (cli_usagefile,
 * core_usage). The input is read twice: as a CSV file (header, then rows)
 * and as JSON lines; every row read is validated, and a row that passes
 * must keep core_usage_check's promises. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "billcon/cli_usagefile.h"
#include "billcon/core_usage.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a valid row promises. */
static void
check_row(const struct core_usage_fields *f)
{
	struct core_usage_row row;
	struct core_error err;
	int64_t from, to;
	size_t i;

	if (core_usage_check(f, &row, &err) != CORE_OK) {
		FUZZ_CHECK(err.status == CORE_USAGE && err.message[0] != '\0');
		FUZZ_CHECK(memchr(err.message, '\0', sizeof(err.message)) != NULL);
		return;
	}
	FUZZ_CHECK(row.deployment[0] && row.meter[0]);
	FUZZ_CHECK(strlen(row.tenant) == 36);
	for (i = 0; i < 36; i++)
		FUZZ_CHECK(row.tenant[i] == '-' || (row.tenant[i] >= '0' && row.tenant[i] <= '9') ||
			   (row.tenant[i] >= 'a' && row.tenant[i] <= 'f'));
	FUZZ_CHECK(isfinite(row.quantity) && row.quantity >= 0 && !signbit(row.quantity));
	FUZZ_CHECK(core_usage_time(row.start, &from) && core_usage_time(row.end, &to) && to >= from);
}

/* Reads every row of src; each call must move on, never loop. */
static void
read_all(const struct app_usage_source *src, size_t size)
{
	struct core_usage_fields f;
	struct core_error err;
	size_t calls = 0;
	long line = 0, last = 0;
	int got;

	if (src->start(src->self, &err) != CORE_OK) {
		FUZZ_CHECK(err.message[0] != '\0');
		return;
	}
	while ((got = src->next(src->self, &f, &line, &err)) != 0) {
		FUZZ_CHECK(++calls <= size + 1);
		FUZZ_CHECK(line >= last && line >= 1);
		last = line;
		if (got > 0)
			check_row(&f);
		else
			FUZZ_CHECK(err.status == CORE_USAGE && err.message[0] != '\0');
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum cli_usage_format formats[] = { CLI_USAGE_CSV, CLI_USAGE_JSONL };
	struct app_usage_source src;
	struct cli_usagefile u;
	size_t k;

	for (k = 0; k < 2; k++) {
		FILE *f = fuzz_stream(data, size);

		if (!f)
			return 0;
		FUZZ_CHECK(cli_usagefile_init(&u, f, formats[k], &src));
		read_all(&src, size);
		/* A second pass reads the same again, as the import does. */
		read_all(&src, size);
		cli_usagefile_done(&u);
		fclose(f);
	}
	return 0;
}
