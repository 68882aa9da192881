/* libFuzzer target: the headless console's key scripts (ui_script_token). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/ui_screen.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	return 0;
}
