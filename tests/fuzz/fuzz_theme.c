/* libFuzzer target: theme files (ui_theme_parse). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/ui_theme.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ui_theme t;
	struct core_error err;
	char *text = fuzz_text(data, size);
	int s;

	core_error_clear(&err);
	if (ui_theme_parse(text, "fuzz.theme", &t, &err) != CORE_OK)
		FUZZ_CHECK(strstr(err.message, "fuzz.theme line ") == err.message);
	/* Good or bad, every slot ends up with a colour a terminal can take. */
	for (s = 0; s < UI_SLOT_COUNT; s++) {
		FUZZ_CHECK(t.slot[s].fg >= -1 && t.slot[s].fg <= 255);
		FUZZ_CHECK(t.slot[s].bg >= -1 && t.slot[s].bg <= 255);
	}
	FUZZ_CHECK(memchr(t.name, '\0', sizeof(t.name)) != NULL);
	free(text);
	return 0;
}
