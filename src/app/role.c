#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_directory.h"
#include "billcon/app_request.h"
#include "billcon/app_role.h"
#include "billcon/app_write.h"
#include "billcon/core_validate.h"
#include "billcon/store_directory.h"
#include "billcon/store_request.h"
#include "billcon/store_tenant.h"


static void
role_object(const struct store_role *r, char *out, size_t size)
{
	/* Under the assignment's own scope, as ARM names it. */
	snprintf(out, size, "%s/billingRoleAssignments/%s", r->scope, r->name);
}

enum core_status
app_role_scope(struct app_ctx *ctx, const char *text, char *out, size_t size,
	       struct core_error *err)
{
	struct store_role_definition *defs = NULL;
	size_t n = 0;
	enum core_status rc;

	if (!text || !*text || strcmp(text, "/") == 0)
		text = ctx->account_scope;
	if (text[0] == '/')
		snprintf(out, size, "%s", text);
	else
		snprintf(out, size, "%s/%s", ctx->account_scope, text);
	while (strlen(out) > 1 && out[strlen(out) - 1] == '/')
		out[strlen(out) - 1] = '\0';
	if (core_scope_depth(out) < 0)
		return core_error_set(err, CORE_USAGE,
			"\"%s\" is not a billing scope: give billingProfiles/NAME or billingProfiles/NAME/invoiceSections/NAME.",
			text);
	if (!core_scope_within(out, ctx->account_scope))
		return core_error_set(err, CORE_USAGE, "The scope %s is not under the billing account %s.", out,
				      ctx->account.name);
	/* Scopes are known by their roles: every profile and section has its
	 * built-in definitions. */
	rc = store_role_definitions_at(ctx->st, ctx->account.id, out, &defs, &n, err);
	free(defs);
	/* The account itself may lack definitions in a store sync has not
	 * filled yet: name the account then, not an empty path. */
	if (!rc && n == 0)
		return core_error_set(err, CORE_NOT_FOUND, "The billing account %s has no %s.", ctx->account.display_name,
				      strlen(out) > strlen(ctx->account_scope) ? out + strlen(ctx->account_scope) + 1
									    : "role definitions of its own yet");
	return rc;
}

enum core_status
app_role_scopes(struct app_ctx *ctx, char (**out)[512], size_t *n, struct core_error *err)
{
	return store_role_definition_scopes(ctx->st, ctx->account.id, out, n, err);
}

/* The portal lists owner, contributor, reader, then the scope's own role. */
static int
by_rank(const void *a, const void *b)
{
	return (int)((const struct app_role_def *)a)->role - (int)((const struct app_role_def *)b)->role;
}

enum core_status
app_role_definitions(struct app_ctx *ctx, const char *scope, struct app_role_def **out, size_t *n,
		     struct core_error *err)
{
	struct store_role_definition *defs = NULL;
	size_t i, count = 0;
	int depth = core_scope_depth(scope);
	enum core_status rc = store_role_definitions_at(ctx->st, ctx->account.id, scope, &defs, &count, err);

	*out = NULL;
	*n = 0;
	if (rc)
		return rc;
	*out = calloc(count ? count : 1, sizeof(**out));
	if (!*out) {
		free(defs);
		return core_error_set(err, CORE_STORE, "Out of memory.");
	}
	for (i = 0; i < count; i++) {
		struct app_role_def *d = &(*out)[i];

		snprintf(d->id, sizeof(d->id), "%s", defs[i].id);
		snprintf(d->name, sizeof(d->name), "%s", defs[i].role_name);
		d->role = core_role_from_definition_id(defs[i].id);
		d->description = core_role_description(d->role, depth);
	}
	free(defs);
	qsort(*out, count, sizeof(**out), by_rank);
	*n = count;
	return CORE_OK;
}

/* True when text names d: its name, its short name ("Reader"), its whole
 * definition ID or that ID's final GUID. */
static bool
names_definition(const struct app_role_def *d, const char *text)
{
	const char *last = strrchr(d->id, '/');
	const char *short_name = core_role_short_name(d->role);

	return strcasecmp(text, d->name) == 0 || strcasecmp(text, d->id) == 0 ||
	       (last && strcasecmp(text, last + 1) == 0) ||
	       (short_name && strcasecmp(text, short_name) == 0);
}

static enum core_status
find_definition(struct app_ctx *ctx, const char *scope, const char *text, struct app_role_def *out,
		struct core_error *err)
{
	struct app_role_def *defs = NULL;
	size_t n = 0, i;
	char known[512] = "";
	enum core_status rc = app_role_definitions(ctx, scope, &defs, &n, err);

	for (i = 0; !rc && i < n; i++) {
		const char *short_name = core_role_short_name(defs[i].role);

		if (names_definition(&defs[i], text)) {
			*out = defs[i];
			free(defs);
			return CORE_OK;
		}
		snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s", i ? ", " : "",
			 short_name ? short_name : defs[i].name);
	}
	free(defs);
	if (rc)
		return rc;
	return core_error_set(err, CORE_USAGE, "There is no role \"%s\" at this scope; its roles are %s.", text,
			      known);
}

enum core_status
app_role_tenants(struct app_ctx *ctx, size_t max, struct app_role_tenant **out, size_t *n,
		 struct core_error *err)
{
	struct store_tenant *ts = NULL;
	size_t count = 0, i;
	enum core_status rc;

	*out = NULL;
	*n = 0;
	app_touch(ctx);
	rc = store_tenants_billing_on(ctx->st, ctx->account.id, ctx->now_iso, max > 1 ? max - 1 : 0, &ts,
				      &count, err);
	if (rc)
		return rc;
	*out = calloc(count + 1, sizeof(**out));
	if (!*out) {
		free(ts);
		return core_error_set(err, CORE_STORE, "Out of memory.");
	}
	snprintf((*out)[0].tenant_id, sizeof((*out)[0].tenant_id), "%s", ctx->account.primary_tenant_id);
	snprintf((*out)[0].name, sizeof((*out)[0].name), "%s (primary tenant)", ctx->account.display_name);
	(*out)[0].primary = true;
	for (i = 0; i < count; i++) {
		snprintf((*out)[i + 1].tenant_id, sizeof((*out)[i + 1].tenant_id), "%s", ts[i].tenant_id);
		snprintf((*out)[i + 1].name, sizeof((*out)[i + 1].name), "%s", ts[i].display_name);
	}
	free(ts);
	*n = count + 1;
	return CORE_OK;
}

/* The primary tenant's users are in the directory: a member, or a guest who
 * accepted. Anyone else is refused with what to do. */
static enum core_status
check_primary_user(struct app_ctx *ctx, const char *email, struct core_error *err)
{
	struct store_user u;
	enum core_status rc = store_user_find(ctx->st, email, &u, err);

	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, CORE_REFUSED,
			"%s is not a user of the primary tenant: invite them as a guest first (i in :directory, or billcon guests invite --email %s), or choose their own associated tenant.",
			email, email);
	if (rc)
		return rc;
	if (strcmp(u.guest_state, "PendingAcceptance") == 0)
		return core_error_set(err, CORE_REFUSED,
			"%s is a guest who has not accepted the invitation yet: a role can be given once they accept.",
			email);
	if (!app_user_of_primary(ctx, &u))
		return core_error_set(err, CORE_REFUSED,
			"%s belongs to another tenant (%s), not the primary tenant: choose that tenant, or invite them as a guest.",
			email, u.home_tenant_id);
	return CORE_OK;
}

/* The tenant a role is given in: the primary, or an associated tenant with
 * billing management on (DOMAIN.md §4). */
static enum core_status
check_tenant(struct app_ctx *ctx, const char *given, char tenant_id[64], bool *primary,
	     struct core_error *err)
{
	struct store_tenant t;
	char guid[CORE_GUID_LEN + 1];
	enum core_status rc;

	*primary = !given || !*given;
	if (!*primary && !core_guid_parse(given, guid, err))
		return CORE_USAGE;
	if (*primary || strcasecmp(guid, ctx->account.primary_tenant_id) == 0) {
		*primary = true;
		snprintf(tenant_id, 64, "%s", ctx->account.primary_tenant_id);
		return CORE_OK;
	}
	rc = store_tenant_find(ctx->st, ctx->account.id, guid, NULL, ctx->now_iso, &t, err);
	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, CORE_REFUSED,
			"The tenant %s is neither the primary tenant nor associated with this billing account: add it in Associated tenants first.",
			guid);
	if (rc)
		return rc;
	if (strcmp(t.billing_state, "Active") != 0)
		return core_error_set(err, CORE_REFUSED,
			"Billing management is %s for \"%s\" (%s): its users can be given billing roles only once it is on.",
			t.billing_state, t.display_name, guid);
	snprintf(tenant_id, 64, "%s", guid);
	return CORE_OK;
}

struct assign_call {
	const struct app_role_new *in;
	char scope[512];
	char email[CORE_EMAIL_MAX + 1];
	struct store_role r;
	char *url;
	size_t url_size;
};

static enum core_status
refuse_duplicate(struct app_ctx *ctx, struct assign_call *c, const struct app_role_def *d,
		 struct core_error *err)
{
	struct store_role_match m = { .definition_id = d->id, .scope = c->scope, .email = c->email };
	long long n = 0;
	enum core_status rc = store_roles_matching(ctx->st, ctx->account.id, &m, ctx->now_iso, &n, err);

	if (!rc && n > 0)
		return core_error_set(err, CORE_REFUSED,
				      "%s already has the role %s here (active or awaiting approval).", c->email,
				      d->name);
	return rc;
}

/* The request the user of an associated tenant approves (DOMAIN.md §4,
 * §5): the service makes it itself when the assignment is pushed. */
static enum core_status
request_approval(struct app_ctx *ctx, struct assign_call *c, struct core_error *err)
{
	struct store_request q = { .account_id = ctx->account.id };
	enum core_status rc;

	snprintf(q.type, sizeof(q.type), "RoleAssignment");
	snprintf(q.scope, sizeof(q.scope), "%s", c->scope);
	snprintf(q.object, sizeof(q.object), "%s", c->r.name);
	snprintf(q.tenant_id, sizeof(q.tenant_id), "%s", c->r.principal_tenant_id);
	snprintf(q.addressee, sizeof(q.addressee), "%s", c->email);
	rc = app_request_create(ctx, &q, APP_LOCAL, err);
	if (rc)
		return rc;
	c->r.request_id = q.id;
	snprintf(c->r.request_name, sizeof(c->r.request_name), "%s", q.name);
	if (c->url)
		app_request_url(ctx, q.name, c->url, c->url_size);
	return CORE_OK;
}

/* Fills c->r for definition d, the actor and the time. */
static void
fill_assignment(struct app_ctx *ctx, struct assign_call *c, const struct app_role_def *d, bool primary)
{
	const char *guid_of_role = strrchr(d->id, '/');
	char guid[37];

	app_new_guid(guid);
	c->r.account_id = ctx->account.id;
	/* ARM names an assignment "<role GUID>_<principal GUID>"; without the
	 * principal's object ID a fresh GUID stands for it. */
	snprintf(c->r.name, sizeof(c->r.name), "%s_%s", guid_of_role ? guid_of_role + 1 : d->id, guid);
	snprintf(c->r.scope, sizeof(c->r.scope), "%s", c->scope);
	snprintf(c->r.role_definition_id, sizeof(c->r.role_definition_id), "%s", d->id);
	snprintf(c->r.role_name, sizeof(c->r.role_name), "%s", d->name);
	snprintf(c->r.principal_email, sizeof(c->r.principal_email), "%s", c->email);
	snprintf(c->r.created_by, sizeof(c->r.created_by), "%s", app_write_actor(ctx));
	snprintf(c->r.created_on, sizeof(c->r.created_on), "%s", ctx->now_iso);
	snprintf(c->r.status, sizeof(c->r.status), "%s", primary ? "Active" : "PendingApproval");
}

static enum core_status
assign_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct assign_call *c = data;
	struct app_role_def d;
	char object[1024];
	bool primary = false;
	enum core_status rc = find_definition(ctx, c->scope, c->in->role, &d, err);

	if (!rc)
		rc = check_tenant(ctx, c->in->tenant_id, c->r.principal_tenant_id, &primary, err);
	if (!rc && primary)
		rc = check_primary_user(ctx, c->email, err);
	if (!rc)
		rc = refuse_duplicate(ctx, c, &d, err);
	if (rc)
		return rc;
	fill_assignment(ctx, c, &d, primary);
	if (!primary)
		rc = request_approval(ctx, c, err);
	if (!rc)
		rc = store_role_insert(ctx->st, &c->r, err);
	role_object(&c->r, object, sizeof(object));
	if (!rc)
		rc = app_write_record(ctx, "role.assign", object, NULL, app_role_json(ctx, &c->r), APP_PUSHED,
				      err);
	return rc;
}

enum core_status
app_role_assign(struct app_ctx *ctx, const struct app_role_new *in, struct store_role *out, char *url,
		size_t url_size, struct core_error *err)
{
	struct assign_call c = { .in = in, .url = url, .url_size = url_size };
	struct app_write w = { .doing = "assign billing roles", .need = CORE_NEED_OWN, .scope = c.scope,
			       .apply = assign_apply, .data = &c };
	enum core_status rc;

	if (url && url_size)
		url[0] = '\0';
	if (!in->role || !*in->role)
		return core_error_set(err, CORE_USAGE, "Choose the role to assign.");
	if (!in->email || !*in->email)
		return core_error_set(err, CORE_USAGE, "Give the user's email.");
	if (!core_email_parse(in->email, c.email, err))
		return CORE_USAGE;
	rc = app_role_scope(ctx, in->scope, c.scope, sizeof(c.scope), err);
	if (!rc)
		rc = app_run_write(ctx, &w, err);
	if (!rc && out)
		*out = c.r;
	return rc;
}

enum core_status
app_role_get(struct app_ctx *ctx, const char *name, struct store_role *out, struct core_error *err)
{
	enum core_status rc;

	app_touch(ctx);
	rc = store_role_find(ctx->st, ctx->account.id, name, ctx->now_iso, out, err);
	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, CORE_NOT_FOUND, "No role assignment %s on this billing account.", name);
	return rc;
}

/* The account's owner role: its definition at the account's own scope. */
static enum core_status
owner_definition(struct app_ctx *ctx, struct app_role_def *out, struct core_error *err)
{
	struct app_role_def *defs = NULL;
	size_t n = 0, i;
	enum core_status rc = app_role_definitions(ctx, ctx->account_scope, &defs, &n, err);

	for (i = 0; !rc && i < n; i++)
		if (defs[i].role == CORE_ROLE_OWNER) {
			*out = defs[i];
			free(defs);
			return CORE_OK;
		}
	free(defs);
	return rc ? rc : CORE_NOT_FOUND;
}

enum core_status
app_role_keep_owner(struct app_ctx *ctx, long long except_id, const char *except_tenant,
		    const char *doing, struct core_error *err)
{
	struct app_role_def owner;
	struct store_role_match all = { .scope = ctx->account_scope, .only_active = true };
	struct store_role_match left;
	long long before = 0, after = 0;
	enum core_status rc = owner_definition(ctx, &owner, err);

	if (rc == CORE_NOT_FOUND)
		return CORE_OK;
	all.definition_id = owner.id;
	left = all;
	left.except_id = except_id;
	left.except_tenant = except_tenant;
	if (!rc)
		rc = store_roles_matching(ctx->st, ctx->account.id, &all, ctx->now_iso, &before, err);
	if (!rc)
		rc = store_roles_matching(ctx->st, ctx->account.id, &left, ctx->now_iso, &after, err);
	/* An account that lost its owners some other way (sync) may still
	 * change; a change here never takes the last one. */
	if (!rc && before > 0 && after == 0)
		return core_error_set(err, CORE_REFUSED,
			"%s would leave the billing account %s without an active owner: assign another Billing account owner first.",
			doing, ctx->account.display_name);
	return rc;
}

static enum core_status
cancel_pending(struct app_ctx *ctx, const struct store_role *r, struct core_error *err)
{
	struct store_request q;
	char object[128];
	enum core_status rc;

	if (!r->request_id)
		return CORE_OK;
	rc = store_request_get(ctx->st, r->request_id, &q, err);
	if (rc || strcmp(q.status, "Pending") != 0)
		return rc;
	rc = store_request_decide(ctx->st, q.id, "Cancelled", app_write_actor(ctx), ctx->now_iso,
				  "Cancelled with the role assignment.", err);
	app_request_object(q.name, object, sizeof(object));
	if (!rc)
		rc = app_write_record(ctx, "request.cancel", object, json_pack("{s:s}", "status", "Pending"),
				      json_pack("{s:s}", "status", "Cancelled"), APP_LOCAL, err);
	return rc;
}

enum core_status
app_role_remove_one(struct app_ctx *ctx, const struct store_role *r, struct core_error *err)
{
	char object[1024];
	enum core_status rc = cancel_pending(ctx, r, err);

	if (!rc)
		rc = store_role_delete(ctx->st, r->id, err);
	role_object(r, object, sizeof(object));
	if (!rc)
		rc = app_write_record(ctx, "role.remove", object, app_role_json(ctx, r), NULL, APP_PUSHED, err);
	return rc;
}

struct remove_call {
	const char *name;
	bool confirmed;
	struct store_role r;
};

static enum core_status
remove_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct remove_call *c = data;
	char where[600], doing[800];
	enum core_status rc = app_role_get(ctx, c->name, &c->r, err);

	if (rc)
		return rc;
	/* The write was let in on any role: the assignment's own scope says
	 * who owns it (a profile owner may remove roles of the profile). */
	rc = app_require(ctx, CORE_NEED_OWN, c->r.scope, "remove billing roles", err);
	app_role_scope_label(ctx, c->r.scope, where, sizeof(where));
	snprintf(doing, sizeof(doing), "Removing %s as %s", c->r.principal_email, c->r.role_name);
	if (!rc)
		rc = app_role_keep_owner(ctx, c->r.id, NULL, doing, err);
	if (!rc && !c->confirmed)
		return core_error_set(err, CORE_CONFIRM, "Remove %s as %s on %s?", c->r.principal_email,
				      c->r.role_name, where);
	if (!rc)
		rc = app_role_remove_one(ctx, &c->r, err);
	return rc;
}

enum core_status
app_role_remove(struct app_ctx *ctx, const char *name, bool confirmed, struct store_role *out,
		struct core_error *err)
{
	struct remove_call c = { .name = name, .confirmed = confirmed };
	struct app_write w = { .doing = "remove billing roles", .need = CORE_NEED_READ,
			       .apply = remove_apply, .data = &c };
	enum core_status rc = app_run_write(ctx, &w, err);

	if (out)
		*out = c.r;
	return rc;
}

bool
app_role_may_change(struct app_ctx *ctx, const char *scope, struct app_denial *d)
{
	return app_may(ctx, CORE_NEED_OWN, scope, true, d);
}

static const char *
scope_tail(const char *scope, const char *marker)
{
	const char *p = strstr(scope, marker);

	return p ? p + strlen(marker) : scope;
}

void
app_role_scope_label(const struct app_ctx *ctx, const char *scope, char *out, size_t size)
{
	switch (core_scope_depth(scope)) {
	case 0:
		snprintf(out, size, "billing account %s", ctx->account.display_name);
		break;
	case 1:
		snprintf(out, size, "billing profile %s", scope_tail(scope, "/billingProfiles/"));
		break;
	case 2:
		snprintf(out, size, "invoice section %s", scope_tail(scope, "/invoiceSections/"));
		break;
	default:
		snprintf(out, size, "%s", scope);
	}
}

const char *
app_role_assigned_words(const struct app_ctx *ctx, const struct store_role *r)
{
	if (!ctx->signed_in[0])
		return strcmp(r->status, "Active") == 0 ? "active now" : "pending the user's approval";
	return strcmp(r->status, "Active") == 0 ? "active here, and at the service after the next sync"
						: "the next sync sends it, and the service asks the user's approval";
}

void
app_role_origin(const char *view_scope, const char *role_scope, char *out, size_t size)
{
	const char *profile = scope_tail(role_scope, "/billingProfiles/");

	if (strcasecmp(view_scope, role_scope) == 0)
		snprintf(out, size, "This scope");
	else if (core_scope_depth(role_scope) == 0)
		snprintf(out, size, "Inherited from the billing account");
	else
		snprintf(out, size, "Inherited from billing profile %.*s", (int)strcspn(profile, "/"), profile);
}

json_t *
app_role_json(const struct app_ctx *ctx, const struct store_role *r)
{
	char url[1024] = "";
	json_t *o = json_object();

	if (r->request_name[0])
		app_request_url(ctx, r->request_name, url, sizeof(url));
	json_object_set_new(o, "name", app_json_text(r->name));
	json_object_set_new(o, "userEmailAddress", app_json_text(r->principal_email));
	json_object_set_new(o, "principalTenantId", app_json_text(r->principal_tenant_id));
	json_object_set_new(o, "roleDefinitionId", app_json_text(r->role_definition_id));
	json_object_set_new(o, "roleName", app_json_text(r->role_name));
	json_object_set_new(o, "scope", app_json_text(r->scope));
	json_object_set_new(o, "status", app_json_text(r->status));
	json_object_set_new(o, "billingRequestId",
			    r->request_name[0] ? app_json_text(r->request_name) : json_null());
	json_object_set_new(o, "url", url[0] ? app_json_text(url) : json_null());
	json_object_set_new(o, "createdByEmailAddress", app_json_text(r->created_by));
	json_object_set_new(o, "createdOn", app_json_text(r->created_on));
	return o;
}

/* Each depth's definitions have an ID prefix of their own. */
static const char *const builtin_prefix[] = { "50000000", "40000000", "30000000" };

void
app_role_builtin_id(const char *scope, int depth, enum app_role_builtin suffix, char *out, size_t size)
{
	snprintf(out, size, "%s/billingRoleDefinitions/%s-aaaa-bbbb-cccc-1000000000%02d", scope,
		 builtin_prefix[depth], (int)suffix);
}

enum core_status
app_role_seed_definitions(struct store *st, long long account_id, const char *scope, int depth,
			  struct core_error *err)
{
	static const struct {
		enum app_role_builtin suffix;
		const char *name[3];
	} roles[] = {
		{ APP_ROLE_BUILTIN_OWNER, { "Billing account owner", "Billing profile owner", "Invoice section owner" } },
		{ APP_ROLE_BUILTIN_CONTRIBUTOR,
		  { "Billing account contributor", "Billing profile contributor", "Invoice section contributor" } },
		{ APP_ROLE_BUILTIN_READER, { "Billing account reader", "Billing profile reader", "Invoice section reader" } },
		{ APP_ROLE_BUILTIN_PURCHASER, { "Basic Purchaser", NULL, NULL } },
		{ APP_ROLE_BUILTIN_INVOICE_MANAGER, { NULL, "Invoice manager", NULL } },
		{ APP_ROLE_BUILTIN_SUBSCRIPTION_CREATOR, { NULL, NULL, "Azure subscription creator" } },
	};
	char id[1024];
	size_t i;
	enum core_status rc = CORE_OK;

	for (i = 0; !rc && i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (!roles[i].name[depth])
			continue;
		app_role_builtin_id(scope, depth, roles[i].suffix, id, sizeof(id));
		rc = store_role_definition_insert(st, id, account_id, scope, roles[i].name[depth], err);
	}
	return rc;
}
