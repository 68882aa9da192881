/* libFuzzer target: the headless console's key scripts (ui_script_token),
 * and the same bytes read as keys after an ESC for a cursor position
 * report's answer (ui_wire_match). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/ui_screen.h"
#include "billcon/ui_wire.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each prefix: once not an answer, never one again; a whole one ends in R
 * and nothing longer is one. */
static void
answers(const uint8_t *data, size_t size)
{
	int keys[64], n, m, was = 0;

	for (n = 0; n < (int)size && n < 64; n++) {
		keys[n] = data[n];
		m = ui_wire_match(keys, n + 1);
		FUZZ_CHECK(m >= -1 && m <= 1);
		FUZZ_CHECK(was == 0 || m == -1);
		FUZZ_CHECK(m != 1 || data[n] == 'R');
		was = m;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	const char *p = text, *end = text + strlen(text);
	struct ui_script_token t = { .n = 0 };
	size_t tokens = 0;

	while (ui_script_token(&p, &t)) {
		/* Each token takes a byte at least, and never reads past the end. */
		FUZZ_CHECK(++tokens <= size);
		FUZZ_CHECK(p > text && p <= end);
		FUZZ_CHECK(t.n >= 0 && t.n <= 255);
	}
	free(text);
	answers(data, size);
	return 0;
}
