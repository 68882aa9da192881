/* libFuzzer target: the key rebinding file (ui_keymap_apply) and key names
 * (ui_key_parse, ui_key_name). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/ui_keys.h"
#include "fuzz_util.h"

/* A name that parses names a key whose name parses back to it. */
static void
check_round_trip(const char *name)
{
	char again[32];
	int key = ui_key_parse(name);

	if (key < 0)
		return;
	FUZZ_CHECK(key < UI_KEY_LIMIT);
	ui_key_name(key, again, sizeof(again));
	FUZZ_CHECK(ui_key_parse(again) == key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ui_keymap m, before;
	struct core_error err;
	char *text = fuzz_text(data, size);
	char keys[128];
	int a;

	ui_keymap_defaults(&m);
	before = m;
	core_error_clear(&err);
	if (ui_keymap_apply(&m, text, "fuzz.keys", &err) != CORE_OK)
		/* A bad line leaves the map as it was. */
		FUZZ_CHECK(memcmp(&m, &before, sizeof(m)) == 0 && err.message[0]);
	/* One action, picked by the input: listing every action's keys walks
	 * the whole map each time, and would slow the run a hundredfold. */
	a = size ? data[0] % UI_ACTION_COUNT : 0;
	ui_keymap_keys_for(&m, (enum ui_action)a, keys, sizeof(keys));
	FUZZ_CHECK(strlen(keys) < sizeof(keys));
	check_round_trip(text);
	free(text);
	return 0;
}
