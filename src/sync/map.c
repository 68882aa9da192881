#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "billcon/sync_map.h"

/* Where each mapped field is in an item of each kind: a path under the
 * item, parts separated by '/'; NULL for none. */
static const char *const paths[CORE_REMOTE_KIND_COUNT][CORE_RF_COUNT] = {
	[CORE_REMOTE_ACCOUNT] = {
		[CORE_RF_DISPLAY_NAME] = "properties/displayName",
		[CORE_RF_TENANT] = "properties/primaryBillingTenantId",
		[CORE_RF_STATE] = "properties/accountStatus",
		[CORE_RF_TYPE] = "properties/agreementType",
		[CORE_RF_SUBTYPE] = "properties/accountType",
		[CORE_RF_SUBTYPE2] = "properties/accountSubType",
	},
	[CORE_REMOTE_PROFILE] = {
		[CORE_RF_DISPLAY_NAME] = "properties/displayName",
		[CORE_RF_STATE] = "properties/status",
		[CORE_RF_EXTRA] = "properties/currency",
	},
	[CORE_REMOTE_SECTION] = {
		[CORE_RF_DISPLAY_NAME] = "properties/displayName",
		[CORE_RF_STATE] = "properties/state",
	},
	[CORE_REMOTE_INVOICE] = {
		[CORE_RF_STATE] = "properties/status",
		[CORE_RF_CREATED_ON] = "properties/invoiceDate",
		[CORE_RF_EXTRA] = "properties/totalAmount/value",
		[CORE_RF_START] = "properties/invoicePeriodStartDate",
		[CORE_RF_END] = "properties/invoicePeriodEndDate",
		[CORE_RF_DUE] = "properties/dueDate",
		[CORE_RF_CURRENCY] = "properties/totalAmount/currency",
	},
	[CORE_REMOTE_SUBSCRIPTION] = {
		[CORE_RF_DISPLAY_NAME] = "properties/displayName",
		[CORE_RF_TENANT] = "properties/subscriptionId",
		[CORE_RF_STATE] = "properties/status",
		[CORE_RF_SCOPE] = "properties/invoiceSectionId",
		[CORE_RF_EXTRA] = "properties/skuDescription",
	},
	[CORE_REMOTE_TENANT] = {
		[CORE_RF_DISPLAY_NAME] = "properties/displayName",
		[CORE_RF_TENANT] = "properties/tenantId",
		[CORE_RF_STATE] = "properties/billingManagementState",
		[CORE_RF_STATE2] = "properties/provisioningManagementState",
		[CORE_RF_EXTRA] = "properties/provisioningBillingRequestId",
	},
	[CORE_REMOTE_ROLE_DEFINITION] = {
		[CORE_RF_DISPLAY_NAME] = "properties/roleName",
	},
	[CORE_REMOTE_ROLE_ASSIGNMENT] = {
		[CORE_RF_PRINCIPAL] = "properties/principalId",
		[CORE_RF_PRINCIPAL_TENANT] = "properties/principalTenantId",
		[CORE_RF_EMAIL] = "properties/userEmailAddress",
		[CORE_RF_ROLE] = "properties/roleDefinitionId",
		[CORE_RF_SCOPE] = "properties/scope",
		[CORE_RF_CREATED_ON] = "properties/createdOn",
		[CORE_RF_CREATED_BY] = "properties/createdByPrincipalId",
	},
	[CORE_REMOTE_REQUEST] = {
		[CORE_RF_STATE] = "properties/status",
		[CORE_RF_TYPE] = "properties/type",
		[CORE_RF_SCOPE] = "properties/requestScope",
		[CORE_RF_CREATED_ON] = "properties/creationDate",
		[CORE_RF_CREATED_BY] = "properties/createdBy/upn",
		[CORE_RF_DUE] = "properties/expirationDate",
		[CORE_RF_PRINCIPAL] = "properties/reviewedBy/upn",
		[CORE_RF_END] = "properties/reviewalDate",
		[CORE_RF_EXTRA] = "properties/decisionReason",
	},
	[CORE_REMOTE_STACK_CUSTOMER] = {
		[CORE_RF_TENANT] = "properties/tenantId",
	},
	/* Graph objects are flat. */
	[CORE_REMOTE_DIR_TENANT] = {
		[CORE_RF_DISPLAY_NAME] = "displayName",
	},
	[CORE_REMOTE_DIR_POLICY] = {
		[CORE_RF_STATE] = "allowInvitesFrom",
	},
	[CORE_REMOTE_DIR_DOMAIN] = {
		[CORE_RF_STATE] = "isVerified",
		[CORE_RF_TYPE] = "isDefault",
	},
	[CORE_REMOTE_DIR_USER] = {
		[CORE_RF_DISPLAY_NAME] = "displayName",
		[CORE_RF_EMAIL] = "mail",
		[CORE_RF_PRINCIPAL] = "userPrincipalName",
		[CORE_RF_TYPE] = "userType",
		[CORE_RF_STATE] = "externalUserState",
	},
	[CORE_REMOTE_DIR_ADMIN] = {
		[CORE_RF_DISPLAY_NAME] = "displayName",
		[CORE_RF_EMAIL] = "mail",
		[CORE_RF_PRINCIPAL] = "userPrincipalName",
	},
};

/* How deep body nests, counting brackets outside strings: jansson's own
 * limit is far deeper than any page needs. */
static bool
depth_ok(const char *body, size_t len)
{
	int depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < len; i++) {
		char c = body[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > SYNC_MAP_MAX_DEPTH)
				return false;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return true;
}

/* A copy of s (len bytes) with a terminating NUL; false when out of memory. */
static bool
text_set(struct core_remote_text *t, const char *s, size_t len)
{
	t->s = malloc(len + 1);
	if (!t->s)
		return false;
	if (len)
		memcpy(t->s, s, len);
	t->s[len] = '\0';
	t->len = len;
	return true;
}

/* The value at path under o, or NULL. */
static json_t *
walk(json_t *o, const char *path)
{
	char part[64];

	while (o && *path) {
		size_t n = strcspn(path, "/");

		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		o = json_is_object(o) ? json_object_get(o, part) : NULL;
		path += n + (path[n] == '/');
	}
	return o;
}

/* A scalar as text: strings as sent, numbers and booleans written out;
 * anything else (absent, null, object) empty. */
static bool
scalar_text(struct core_remote_text *t, const json_t *v)
{
	char num[64] = "";

	if (json_is_string(v))
		return text_set(t, json_string_value(v), json_string_length(v));
	if (json_is_integer(v))
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(num, sizeof(num), "%.17g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(num, sizeof(num), "%s", json_is_true(v) ? "true" : "false");
	return text_set(t, num, strlen(num));
}

/* How each object's JSON is kept (remote_object): compact, keys sorted. */
#define KEPT_FORM (JSON_COMPACT | JSON_SORT_KEYS)

/* Fills it from o; false when out of memory or o has no string id. */
static bool
map_item(enum core_remote_kind kind, json_t *o, struct core_remote_item *it)
{
	json_t *id = json_object_get(o, "id");
	bool ok = json_is_string(id) && text_set(&it->id, json_string_value(id), json_string_length(id));

	it->kind = kind;
	ok = ok && scalar_text(&it->name, json_object_get(o, "name"));
	for (int f = 0; ok && f < CORE_RF_COUNT; f++)
		ok = scalar_text(&it->f[f], paths[kind][f] ? walk(o, paths[kind][f]) : NULL);
	if (ok) {
		it->json = json_dumps(o, KEPT_FORM);
		it->json_len = it->json ? strlen(it->json) : 0;
		ok = it->json != NULL;
	}
	return ok;
}

static enum core_status
malformed(struct core_remote_page *page, struct core_error *err, const char *why)
{
	enum core_status rc = core_error_set(err, CORE_REMOTE, "The service sent a page of %s that %s.",
					     core_remote_kind_name(page->kind), why);

	core_remote_page_free(page);
	return rc;
}

static enum core_status
map_value(json_t *root, const char *next_key, struct core_remote_page *page, struct core_error *err)
{
	json_t *value = json_object_get(root, "value"), *next = json_object_get(root, next_key);
	size_t n = json_array_size(value);

	if (!json_is_array(value))
		return malformed(page, err, "has no value array");
	if (next && !json_is_null(next) && !json_is_string(next))
		return malformed(page, err, "has a nextLink that is not text");
	if (n && !(page->items = calloc(n, sizeof(*page->items))))
		return malformed(page, err, "did not fit in memory");
	for (size_t i = 0; i < n; i++) {
		page->n = i + 1;
		if (!json_is_object(json_array_get(value, i)))
			return malformed(page, err, "lists something other than an object");
		if (!map_item(page->kind, json_array_get(value, i), &page->items[i]))
			return malformed(page, err, "lists an object without an id (or did not fit in memory)");
	}
	if (json_is_string(next) && json_string_length(next) > 0
	    && !(page->next_link = strdup(json_string_value(next))))
		return malformed(page, err, "did not fit in memory");
	return CORE_OK;
}

/* The body as a JSON object, or NULL with the page refused. */
static json_t *
load_page(enum core_remote_kind kind, const char *body, size_t len, struct core_remote_page *page,
	  struct core_error *err)
{
	json_error_t jerr;
	json_t *root;

	memset(page, 0, sizeof(*page));
	page->kind = kind < CORE_REMOTE_KIND_COUNT ? kind : CORE_REMOTE_ACCOUNT;
	if (!body || !depth_ok(body, len)) {
		malformed(page, err, "nests too deep");
		return NULL;
	}
	root = json_loadb(body, len, JSON_ALLOW_NUL, &jerr);
	if (!json_is_object(root)) {
		json_decref(root);
		malformed(page, err, "is not a JSON object");
		return NULL;
	}
	return root;
}

enum core_status
sync_map_page(enum core_remote_kind kind, const char *body, size_t len,
	      struct core_remote_page *page, struct core_error *err)
{
	json_t *root = load_page(kind, body, len, page, err);
	enum core_status rc;

	if (!root)
		return CORE_REMOTE;
	rc = map_value(root, "nextLink", page, err);
	json_decref(root);
	return rc;
}

/* Graph writes a guest's email into their UPN as "local_domain#EXT#@..."
 * (the '@' made '_'): the email back, or the UPN as it is. */
static bool
email_of_upn(struct core_remote_text *email, const struct core_remote_text *upn)
{
	const char *ext = strstr(upn->s, "#EXT#");
	const char *at = NULL;

	for (const char *p = upn->s; ext && p < ext; p++)
		if (*p == '_')
			at = p;
	free(email->s);
	if (!at)
		return text_set(email, upn->s, upn->len);
	if (!text_set(email, upn->s, (size_t)(ext - upn->s)))
		return false;
	email->s[at - upn->s] = '@';
	return true;
}

/* Graph's id becomes the item's name; its id becomes scope/key (key: a
 * user's email, else the Graph id), unique across listings. */
static bool
graph_key(struct core_remote_item *it, const char *scope)
{
	bool user = it->kind == CORE_REMOTE_DIR_USER || it->kind == CORE_REMOTE_DIR_ADMIN;
	const char *suffix = it->kind == CORE_REMOTE_DIR_ADMIN ? CORE_REMOTE_ADMIN_SUFFIX : "";
	const struct core_remote_text *key;
	size_t n;

	if (user && !it->f[CORE_RF_EMAIL].len && !email_of_upn(&it->f[CORE_RF_EMAIL], &it->f[CORE_RF_PRINCIPAL]))
		return false;
	free(it->name.s);
	it->name = it->id;
	it->id = (struct core_remote_text){ 0 };
	key = user && it->f[CORE_RF_EMAIL].len ? &it->f[CORE_RF_EMAIL] : &it->name;
	n = strlen(scope) + 1 + key->len + strlen(suffix);
	if (!(it->id.s = malloc(n + 1)))
		return false;
	it->id.len = n;
	memcpy(it->id.s, scope, strlen(scope));
	it->id.s[strlen(scope)] = '/';
	memcpy(it->id.s + strlen(scope) + 1, key->s, key->len);
	strcpy(it->id.s + strlen(scope) + 1 + key->len, suffix);
	return true;
}

enum core_status
sync_map_graph_page(enum core_remote_kind kind, const char *scope, const char *body, size_t len,
		    struct core_remote_page *page, struct core_error *err)
{
	json_t *root = load_page(kind, body, len, page, err);
	enum core_status rc;

	if (!root)
		return CORE_REMOTE;
	/* The policy is one object, not a listing: a page of one. */
	if (kind == CORE_REMOTE_DIR_POLICY)
		root = json_pack("{s:[o]}", "value", root);
	rc = root ? map_value(root, "@odata.nextLink", page, err) : malformed(page, err, "did not fit in memory");
	for (size_t i = 0; !rc && i < page->n; i++)
		if (!graph_key(&page->items[i], scope ? scope : ""))
			rc = malformed(page, err, "did not fit in memory");
	json_decref(root);
	return rc;
}

char *
sync_map_object_json(const char *body, size_t len)
{
	json_t *o = json_loadb(body, len, JSON_ALLOW_NUL, NULL);
	char *out = json_is_object(o) ? json_dumps(o, KEPT_FORM) : NULL;

	json_decref(o);
	return out;
}
