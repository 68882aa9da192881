#include "config.h"

#include <string.h>
#include <strings.h>

#include "billcon/core_perm.h"

bool
core_scope_within(const char *scope, const char *parent)
{
	size_t n = strlen(parent);

	while (n > 0 && parent[n - 1] == '/')
		n--;
	/* An empty scope is no scope: it must never grant everything. */
	if (n == 0 || strncasecmp(scope, parent, n) != 0)
		return false;
	return scope[n] == '\0' || scope[n] == '/';
}

static bool
role_meets(enum core_role role, enum core_need need)
{
	switch (need) {
	case CORE_NEED_READ:
		return role != CORE_ROLE_UNKNOWN;
	case CORE_NEED_MANAGE:
		return role == CORE_ROLE_OWNER || role == CORE_ROLE_CONTRIBUTOR;
	case CORE_NEED_OWN:
		return role == CORE_ROLE_OWNER;
	}
	return false;
}

bool
core_perm_allows(const struct core_grant *grants, size_t n, enum core_need need,
		 const char *scope)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (role_meets(grants[i].role, need) && core_scope_within(scope, grants[i].scope))
			return true;
	return false;
}

enum core_role
core_role_from_definition_id(const char *definition_id)
{
	/* The built-in definitions' final GUIDs, per scope: 5 account,
	 * 4 profile, 3 invoice section. */
	static const struct { const char *guid; enum core_role role; } known[] = {
		{ "50000000-aaaa-bbbb-cccc-100000000000", CORE_ROLE_OWNER },
		{ "50000000-aaaa-bbbb-cccc-100000000001", CORE_ROLE_CONTRIBUTOR },
		{ "50000000-aaaa-bbbb-cccc-100000000002", CORE_ROLE_READER },
		{ "50000000-aaaa-bbbb-cccc-100000000003", CORE_ROLE_PURCHASER },
		{ "40000000-aaaa-bbbb-cccc-100000000000", CORE_ROLE_OWNER },
		{ "40000000-aaaa-bbbb-cccc-100000000001", CORE_ROLE_CONTRIBUTOR },
		{ "40000000-aaaa-bbbb-cccc-100000000002", CORE_ROLE_READER },
		{ "40000000-aaaa-bbbb-cccc-100000000004", CORE_ROLE_INVOICE_MANAGER },
		{ "30000000-aaaa-bbbb-cccc-100000000000", CORE_ROLE_OWNER },
		{ "30000000-aaaa-bbbb-cccc-100000000001", CORE_ROLE_CONTRIBUTOR },
		{ "30000000-aaaa-bbbb-cccc-100000000002", CORE_ROLE_READER },
		{ "30000000-aaaa-bbbb-cccc-100000000006", CORE_ROLE_SUBSCRIPTION_CREATOR },
	};
	const char *last = strrchr(definition_id, '/');
	size_t i;

	last = last ? last + 1 : definition_id;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcasecmp(last, known[i].guid) == 0)
			return known[i].role;
	return CORE_ROLE_UNKNOWN;
}

const char *
core_role_display_name(enum core_role role, int depth)
{
	static const char *const names[][3] = {
		[CORE_ROLE_OWNER] = { "Billing account owner", "Billing profile owner", "Invoice section owner" },
		[CORE_ROLE_CONTRIBUTOR] = { "Billing account contributor", "Billing profile contributor", "Invoice section contributor" },
		[CORE_ROLE_READER] = { "Billing account reader", "Billing profile reader", "Invoice section reader" },
		[CORE_ROLE_PURCHASER] = { "Basic Purchaser", "Basic Purchaser", "Basic Purchaser" },
		[CORE_ROLE_INVOICE_MANAGER] = { "Invoice manager", "Invoice manager", "Invoice manager" },
		[CORE_ROLE_SUBSCRIPTION_CREATOR] = { "Azure subscription creator", "Azure subscription creator", "Azure subscription creator" },
	};

	if (role == CORE_ROLE_UNKNOWN || depth < 0 || depth > 2)
		return "Unknown role";
	return names[role][depth];
}

int
core_scope_depth(const char *scope)
{
	static const char account[] = "/providers/Microsoft.Billing/billingAccounts/";
	const char *p;
	int depth = 0;

	if (strncasecmp(scope, account, sizeof(account) - 1) != 0)
		return -1;
	p = scope + sizeof(account) - 1;
	if (!*p || *p == '/')
		return -1;
	while ((p = strchr(p, '/')) != NULL) {
		p++;
		if (strncasecmp(p, "billingProfiles/", 16) == 0 && depth == 0)
			depth = 1, p += 16;
		else if (strncasecmp(p, "invoiceSections/", 16) == 0 && depth == 1)
			depth = 2, p += 16;
		else
			return -1;
		if (!*p || *p == '/')
			return -1;
	}
	return depth;
}

const char *
core_role_short_name(enum core_role role)
{
	static const char *const names[] = {
		[CORE_ROLE_OWNER] = "Owner", [CORE_ROLE_CONTRIBUTOR] = "Contributor",
		[CORE_ROLE_READER] = "Reader", [CORE_ROLE_PURCHASER] = "Basic Purchaser",
		[CORE_ROLE_INVOICE_MANAGER] = "Invoice manager",
		[CORE_ROLE_SUBSCRIPTION_CREATOR] = "Azure subscription creator",
	};

	return role == CORE_ROLE_UNKNOWN ? NULL : names[role];
}

const char *
core_role_description(enum core_role role, int depth)
{
	/* What the portal's role descriptions say, cut to one line each; the
	 * "what is under it" part is DOMAIN.md §4's inheritance. */
	static const char *const text[][3] = {
		[CORE_ROLE_OWNER] = { "Manage everything on the account, and assign roles",
				      "Manage everything on the profile, and assign roles",
				      "Manage everything on the section, and assign roles" },
		[CORE_ROLE_CONTRIBUTOR] = { "Manage everything on the account but roles",
					    "Manage everything on the profile but roles",
					    "Manage everything on the section but roles" },
		[CORE_ROLE_READER] = { "View everything on the account, change nothing",
				       "View everything on the profile, change nothing",
				       "View everything on the section, change nothing" },
		[CORE_ROLE_PURCHASER] = { "Buy products and services in the account", "", "" },
		[CORE_ROLE_INVOICE_MANAGER] = { "", "View and pay the profile's invoices", "" },
		[CORE_ROLE_SUBSCRIPTION_CREATOR] = { "", "", "Create Azure subscriptions billed to the section" },
	};

	if (role == CORE_ROLE_UNKNOWN || depth < 0 || depth > 2)
		return "";
	return text[role][depth];
}
