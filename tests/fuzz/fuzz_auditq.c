/* libFuzzer target: the audit trail's filter as typed (core_auditq_parse),
 * which the console reads at every keystroke and the command line from its
 * options. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_auditq.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A parsed time is one the parser takes back, unchanged. */
static void
check_time(const char *t)
{
	char again[CORE_TIME_ISO_LEN + 1];
	struct core_error err;

	if (!*t)
		return;
	FUZZ_CHECK(strlen(t) == CORE_TIME_ISO_LEN);
	FUZZ_CHECK(core_auditq_time(t, "since:", again, &err) == CORE_OK);
	FUZZ_CHECK(strcmp(again, t) == 0);
}

static void
check_word(const char *w)
{
	FUZZ_CHECK(*w);
	for (; *w; w++)
		FUZZ_CHECK(!isspace((unsigned char)*w) || *w == '\v' || *w == '\f');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct core_auditq q;
	struct core_error err;
	int i;

	if (core_auditq_parse(text, &q, &err) == CORE_OK) {
		FUZZ_CHECK(q.nwords >= 0 && q.nwords <= CORE_AUDITQ_WORDS);
		for (i = 0; i < q.nwords; i++)
			check_word(q.words[i]);
		check_time(q.since);
		check_time(q.until);
		if (*q.since && *q.until)
			FUZZ_CHECK(strcmp(q.since, q.until) < 0);
	} else {
		/* One sentence: no newline in what the status line shows. */
		FUZZ_CHECK(err.status == CORE_USAGE);
		FUZZ_CHECK(!strchr(err.message, '\n'));
	}
	free(text);
	return 0;
}
