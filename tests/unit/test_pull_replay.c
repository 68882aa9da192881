/* unit_pull_replay: every list response body of ../shared/arm-examples/
 * (the real payloads, never copied into the repo) through the page parser.
 * Skipped (exit 77) when that folder is absent. */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "billcon/sync_map.h"

#define SKIP 77

static const struct {
	const char *folder;
	enum core_remote_kind kind;
} kinds[] = {
	{ "billing-accounts", CORE_REMOTE_ACCOUNT },
	{ "billing-profiles", CORE_REMOTE_PROFILE },
	{ "billing-invoiceSections", CORE_REMOTE_SECTION },
	{ "billing-subscriptions", CORE_REMOTE_SUBSCRIPTION },
	{ "billing-associatedTenants", CORE_REMOTE_TENANT },
	{ "billing-roleDefinitions", CORE_REMOTE_ROLE_DEFINITION },
	{ "billing-roleAssignments", CORE_REMOTE_ROLE_ASSIGNMENT },
	{ "billing-requests", CORE_REMOTE_REQUEST },
	{ "azurestack-customerSubscriptions", CORE_REMOTE_STACK_CUSTOMER },
};

/* Parses the 200 body of the example at path; the number of items, or -1. */
static long
replay(const char *path, enum core_remote_kind kind)
{
	json_t *ex = json_load_file(path, JSON_ALLOW_NUL, NULL);
	json_t *body = json_object_get(json_object_get(json_object_get(ex, "responses"), "200"), "body");
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	struct core_remote_page page;
	struct core_error err;
	long n = -1;

	if (text && sync_map_page(kind, text, strlen(text), &page, &err) == CORE_OK)
		n = (long)page.n;
	else
		fprintf(stderr, "%s: %s\n", path, text ? err.message : "no 200 body");
	core_remote_page_free(&page);
	free(text);
	json_decref(ex);
	return n;
}

int
main(void)
{
	/* ../shared beside the source tree (ARM_EXAMPLES_DIR, from Makefile.am). */
	const char *root = getenv("ARM_EXAMPLES") ? getenv("ARM_EXAMPLES") : ARM_EXAMPLES_DIR;
	int files = 0, failed = 0;
	char path[2048];

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		DIR *d;
		struct dirent *e;

		snprintf(path, sizeof(path), "%s/%s", root, kinds[k].folder);
		if (!(d = opendir(path)))
			continue;
		while ((e = readdir(d))) {
			if (!strstr(e->d_name, "List") || !strstr(e->d_name, ".json"))
				continue;
			snprintf(path, sizeof(path), "%s/%s/%s", root, kinds[k].folder, e->d_name);
			files++;
			if (replay(path, kinds[k].kind) < 1)
				failed++;
		}
		closedir(d);
	}
	if (!files) {
		printf("SKIP: no list examples under %s\n", root);
		return SKIP;
	}
	printf("%d list examples parsed, %d failed\n", files, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
