#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/core_remote.h"

void
core_remote_page_free(struct core_remote_page *page)
{
	if (!page)
		return;
	for (size_t i = 0; i < page->n; i++) {
		struct core_remote_item *it = &page->items[i];

		free(it->id.s);
		free(it->name.s);
		for (int f = 0; f < CORE_RF_COUNT; f++)
			free(it->f[f].s);
		free(it->json);
	}
	free(page->items);
	free(page->next_link);
	memset(page, 0, sizeof(*page));
}

const char *
core_remote_kind_name(enum core_remote_kind kind)
{
	static const char *const names[CORE_REMOTE_KIND_COUNT] = {
		[CORE_REMOTE_ACCOUNT] = "billingAccounts",
		[CORE_REMOTE_PROFILE] = "billingProfiles",
		[CORE_REMOTE_SECTION] = "invoiceSections",
		[CORE_REMOTE_INVOICE] = "invoices",
		[CORE_REMOTE_SUBSCRIPTION] = "billingSubscriptions",
		[CORE_REMOTE_TENANT] = "associatedTenants",
		[CORE_REMOTE_ROLE_DEFINITION] = "billingRoleDefinitions",
		[CORE_REMOTE_ROLE_ASSIGNMENT] = "billingRoleAssignments",
		[CORE_REMOTE_REQUEST] = "billingRequests",
		[CORE_REMOTE_STACK_CUSTOMER] = "customerSubscriptions",
		[CORE_REMOTE_DIR_TENANT] = "organization",
		[CORE_REMOTE_DIR_POLICY] = "authorizationPolicy",
		[CORE_REMOTE_DIR_DOMAIN] = "domains",
		[CORE_REMOTE_DIR_USER] = "users",
		[CORE_REMOTE_DIR_ADMIN] = "globalAdministrators",
	};

	return kind < CORE_REMOTE_KIND_COUNT ? names[kind] : "unknown";
}
