/* libFuzzer target: one page of an ARM or Microsoft Graph listing
 * (sync_map, the JSON-to-store mapping's parser). The first byte picks the
 * collection (the CORE_REMOTE_DIR_* ones are Graph's: sync_map_graph_page),
 * the rest is the page, NULs and all. A page either maps, keeping every promise of
 * core_remote.h, or is refused with one sentence and nothing kept. The
 * same bytes, as the object a push reads back, are kept as a pull keeps
 * it (sync_map_object_json) and merged into a change resolved --mine
 * (sync_plan_keep_theirs). */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/sync_map.h"
#include "billcon/sync_plan.h"
#include "fuzz_util.h"

#define SCOPE "/tenants/T"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A tenant renamed here, resolved --mine: whatever theirs is, the body
 * stays JSON with my name in it. */
static void
check_keep_theirs(const char *theirs)
{
	struct sync_call call = { 0 };
	struct core_error err;

	call.body = strdup("{\"properties\":{\"displayName\":\"Mine\",\"billingManagementState\":\"Active\"}}");
	FUZZ_CHECK(call.body != NULL);
	if (sync_plan_keep_theirs(&call, "{\"displayName\":\"Old\",\"billingManagementState\":\"Active\"}",
				  "{\"displayName\":\"Mine\",\"billingManagementState\":\"Active\"}", theirs, &err) == CORE_OK)
		FUZZ_CHECK(call.body && strstr(call.body, "\"displayName\":\"Mine\"") != NULL);
	sync_call_clear(&call);
}

static void
check_text(const struct core_remote_text *t)
{
	FUZZ_CHECK(t->s != NULL && t->s[t->len] == '\0');
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct core_remote_page page;
	struct core_error err;
	enum core_remote_kind kind = size ? (enum core_remote_kind)(data[0] % CORE_REMOTE_KIND_COUNT)
					  : CORE_REMOTE_ACCOUNT;
	const char *body = size ? (const char *)data + 1 : "";
	bool graph = kind >= CORE_REMOTE_DIR_TENANT;
	enum core_status rc = graph ? sync_map_graph_page(kind, SCOPE, body, size ? size - 1 : 0, &page, &err)
				    : sync_map_page(kind, body, size ? size - 1 : 0, &page, &err);
	/* A push's read-back, kept as a pull keeps an object: an object or
	 * nothing, and the same when read again. */
	char *kept = sync_map_object_json(body, size ? size - 1 : 0), *again;

	FUZZ_CHECK(!kept || kept[0] == '{');
	if (kept)
		check_keep_theirs(kept);
	if (kept) {
		again = sync_map_object_json(kept, strlen(kept));
		FUZZ_CHECK(again && strcmp(again, kept) == 0);
		free(again);
	}
	free(kept);
	if (rc != CORE_OK) {
		FUZZ_CHECK(rc == CORE_REMOTE && err.message[0] != '\0');
		FUZZ_CHECK(page.n == 0 && page.items == NULL && page.next_link == NULL);
		return 0;
	}
	FUZZ_CHECK(page.kind == kind);
	for (size_t i = 0; i < page.n; i++) {
		const struct core_remote_item *it = &page.items[i];

		FUZZ_CHECK(it->kind == kind && it->json && it->json[0] == '{');
		FUZZ_CHECK(strlen(it->json) == it->json_len);
		check_text(&it->id);
		/* Graph's: under the scope, with the Graph id as the name. */
		FUZZ_CHECK(!graph || strncmp(it->id.s, SCOPE "/", strlen(SCOPE) + 1) == 0);
		check_text(&it->name);
		for (int f = 0; f < CORE_RF_COUNT; f++)
			check_text(&it->f[f]);
	}
	FUZZ_CHECK(!page.next_link || page.next_link[0] != '\0');
	core_remote_page_free(&page);
	return 0;
}
