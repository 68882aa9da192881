#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_request.h"
#include "billcon/app_role.h"
#include "billcon/app_tenant.h"
#include "billcon/app_write.h"
#include "billcon/core_tenant.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"
#include "billcon/store_audit.h"
#include "billcon/store_db.h"
#include "billcon/store_directory.h"
#include "billcon/store_request.h"
#include "billcon/store_role.h"

#define DOING "change associated tenants"

/* The tenant ID or, while unresolved, the domain: how users name a tenant. */
static const char *
tenant_key(const struct store_tenant *t)
{
	return t->tenant_id[0] ? t->tenant_id : t->domain;
}

json_t *
app_tenant_json(const struct store_tenant *t)
{
	json_t *o = json_object();
	char request[128];

	json_object_set_new(o, "tenantId", t->tenant_id[0] ? app_json_text(t->tenant_id) : json_null());
	if (t->domain[0])
		json_object_set_new(o, "domain", app_json_text(t->domain));
	json_object_set_new(o, "displayName", app_json_text(t->display_name));
	json_object_set_new(o, "billingManagementState", app_json_text(t->billing_state));
	json_object_set_new(o, "provisioningManagementState", app_json_text(t->provisioning_state));
	if (t->request_name[0]) {
		snprintf(request, sizeof(request), "/providers/Microsoft.Billing/billingRequests/%s", t->request_name);
		json_object_set_new(o, "provisioningBillingRequestId", app_json_text(request));
	} else {
		json_object_set_new(o, "provisioningBillingRequestId", json_null());
	}
	json_object_set_new(o, "createdOn", app_json_text(t->created_on));
	return o;
}

void
app_tenant_object(const struct app_ctx *ctx, const struct store_tenant *t, char *out, size_t size)
{
	snprintf(out, size, "%s/associatedTenants/%s", ctx->account_scope, tenant_key(t));
}

/* Records a change of an associated tenant: the service has a call for
 * each, so sync pushes them. */
static enum core_status
record_tenant(struct app_ctx *ctx, const char *action, const struct store_tenant *before,
	      const struct store_tenant *after, struct core_error *err)
{
	char object[1024];

	app_tenant_object(ctx, before ? before : after, object, sizeof(object));
	return app_write_record(ctx, action, object, before ? app_tenant_json(before) : NULL,
				after ? app_tenant_json(after) : NULL, APP_PUSHED, err);
}

void
app_tenant_invitation_url(const struct app_ctx *ctx, const struct store_tenant *t, char *out,
			  size_t size)
{
	out[0] = '\0';
	if (t->request_name[0])
		app_config_expand(ctx->cfg.invitation_url_template, t->request_name, tenant_key(t),
				  ctx->account.name, out, size);
}

/* The tenant ID the directory maps domain to, into tenant_id (left empty
 * when the domain is unknown, to be resolved at sync); only a store that
 * cannot be read fails. */
static enum core_status
domain_tenant(struct app_ctx *ctx, const char *domain, char tenant_id[64], struct core_error *err)
{
	enum core_status rc = store_dir_domain_tenant(ctx->st, domain, tenant_id, err);

	if (rc != CORE_NOT_FOUND)
		return rc;
	core_error_clear(err);
	return CORE_OK;
}

/* Parses key as a GUID, or else a domain, into exactly one of the buffers. */
static enum core_status
parse_key(struct app_ctx *ctx, const char *key, char tenant_id[64], char domain[256],
	  struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];

	tenant_id[0] = domain[0] = '\0';
	if (core_guid_parse(key, tenant_id, NULL))
		return CORE_OK;
	if (core_domain_parse(key, domain, NULL))
		return domain_tenant(ctx, domain, tenant_id, err);
	return core_error_set(err, CORE_USAGE,
		"\"%s\" is neither a tenant ID (a GUID) nor a domain name.", core_text_echo(key, shown));
}

enum core_status
app_tenant_get(struct app_ctx *ctx, const char *key, struct store_tenant *out,
	       struct core_error *err)
{
	char tenant_id[64], domain[256], shown[CORE_ECHO_BYTES];
	enum core_status rc = parse_key(ctx, key, tenant_id, domain, err);

	if (rc)
		return rc;
	rc = store_tenant_find(ctx->st, ctx->account.id, tenant_id, domain, ctx->now_iso, out, err);
	if (rc == CORE_NOT_FOUND)
		core_error_set(err, rc, "No tenant %s is associated with billing account \"%s\".",
			       core_text_echo(key, shown),
			       ctx->account.display_name);
	return rc;
}

enum core_status
app_tenant_each(struct app_ctx *ctx, store_tenant_fn fn, void *data, struct core_error *err)
{
	enum core_status rc = app_require(ctx, CORE_NEED_READ, ctx->account_scope,
					  "see this billing account's associated tenants", err);

	if (rc)
		return rc;
	return store_tenant_each(ctx->st, ctx->account.id, ctx->now_iso, fn, data, err);
}

/* The rule every change meets besides the pipeline's (writable, an
 * owner): an account that may have associated tenants. */
static enum core_status
account_allows(struct app_ctx *ctx, struct core_error *err)
{
	struct core_account_kind kind = {
		.agreement_type = ctx->account.agreement_type,
		.account_type = ctx->account.account_type,
		.account_sub_type = ctx->account.account_sub_type,
	};

	return core_account_allows_associated_tenants(&kind, err) ? CORE_OK : CORE_REFUSED;
}

/* Runs apply as a change of associated tenants, through the one pipeline. */
static enum core_status
run_change(struct app_ctx *ctx, enum core_status (*apply)(struct app_ctx *, void *, struct core_error *),
	   void *data, struct core_error *err)
{
	struct app_write w = { .doing = DOING, .need = CORE_NEED_OWN, .apply = apply, .data = data };

	return app_run_write(ctx, &w, err);
}

bool
app_tenant_may_change(struct app_ctx *ctx, struct app_denial *d)
{
	struct core_error err;

	if (!app_may(ctx, CORE_NEED_OWN, NULL, true, d))
		return false;
	if (account_allows(ctx, &err) == CORE_OK)
		return true;
	d->why = APP_DENY_RULE;
	snprintf(d->words, sizeof(d->words), "this billing account cannot have associated tenants");
	return false;
}

/* Creates the provisioning request into t and points t at it. The service
 * makes the request itself when the tenant change is pushed: it is
 * recorded here, never pushed. */
static enum core_status
request_provisioning(struct app_ctx *ctx, struct store_tenant *t, struct core_error *err)
{
	struct store_request r = { .account_id = ctx->account.id };
	enum core_status rc;

	snprintf(r.type, sizeof(r.type), "ProvisioningAccess");
	snprintf(r.scope, sizeof(r.scope), "%s", ctx->account_scope);
	snprintf(r.object, sizeof(r.object), "%s", tenant_key(t));
	snprintf(r.tenant_id, sizeof(r.tenant_id), "%s", t->tenant_id);
	snprintf(r.addressee, sizeof(r.addressee), "Global administrator of %s", tenant_key(t));
	rc = app_request_create(ctx, &r, APP_LOCAL, err);
	if (rc)
		return rc;
	t->request_id = r.id;
	snprintf(t->request_name, sizeof(t->request_name), "%s", r.name);
	snprintf(t->provisioning_state, sizeof(t->provisioning_state), "%s", CORE_PM_PENDING);
	return CORE_OK;
}

static enum core_status
validate_new(struct app_ctx *ctx, const struct app_tenant_new *in, struct store_tenant *t,
	     struct core_error *err)
{
	enum core_status rc;

	if (!in->tenant_id == !in->domain)
		return core_error_set(err, CORE_USAGE, "Give either a tenant ID or a domain name, not both.");
	if (in->tenant_id && !core_guid_parse(in->tenant_id, t->tenant_id, err))
		return CORE_USAGE;
	if (in->domain) {
		if (!core_domain_parse(in->domain, t->domain, err))
			return CORE_USAGE;
		/* A domain the directory knows is its tenant; an unknown one is
		 * kept as given and resolved at sync. */
		if ((rc = domain_tenant(ctx, t->domain, t->tenant_id, err)))
			return rc;
	}
	if (!core_name_parse(in->name ? in->name : "", t->display_name, err))
		return CORE_USAGE;
	if (t->tenant_id[0] && core_guid_nil(t->tenant_id))
		return core_error_set(err, CORE_REFUSED,
			"%s is the nil GUID (all zeros), which is no tenant's ID.",
			in->tenant_id ? in->tenant_id : in->domain);
	if (t->tenant_id[0] && strcasecmp(t->tenant_id, ctx->account.primary_tenant_id) == 0)
		return core_error_set(err, CORE_REFUSED,
			"%s is the primary billing tenant of this account; it cannot also be an associated tenant.",
			in->tenant_id ? in->tenant_id : in->domain);
	return CORE_OK;
}

static enum core_status
refuse_duplicate(struct app_ctx *ctx, const struct store_tenant *t, const char *given,
		 struct core_error *err)
{
	struct store_tenant found;
	enum core_status rc = store_tenant_find(ctx->st, ctx->account.id, t->tenant_id, t->domain,
						ctx->now_iso, &found, err);

	if (rc == CORE_NOT_FOUND)
		return CORE_OK;
	if (rc)
		return rc;
	return core_error_set(err, CORE_REFUSED,
		"%s is already associated with this billing account, as \"%s\" (%s).", given,
		found.display_name, tenant_key(&found));
}

struct add_call {
	const struct app_tenant_new *in;
	struct store_tenant t;
};

static enum core_status
add_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct add_call *a = data;
	struct store_tenant *t = &a->t;
	enum core_status rc = account_allows(ctx, err);

	t->account_id = ctx->account.id;
	if (!rc)
		rc = validate_new(ctx, a->in, t, err);
	if (!rc)
		rc = refuse_duplicate(ctx, t, a->in->tenant_id ? a->in->tenant_id : a->in->domain, err);
	if (rc)
		return rc;
	snprintf(t->billing_state, sizeof(t->billing_state), "%s",
		 a->in->billing_management ? CORE_BM_ACTIVE : CORE_BM_NOT_ALLOWED);
	snprintf(t->provisioning_state, sizeof(t->provisioning_state), "%s", CORE_PM_NOT_REQUESTED);
	snprintf(t->created_on, sizeof(t->created_on), "%s", ctx->now_iso);
	t->version = 1;
	if (a->in->provisioning)
		rc = request_provisioning(ctx, t, err);
	if (!rc)
		rc = store_tenant_insert(ctx->st, t, err);
	if (!rc)
		rc = record_tenant(ctx, "tenant.add", NULL, t, err);
	return rc;
}

enum core_status
app_tenant_add(struct app_ctx *ctx, const struct app_tenant_new *in, struct store_tenant *out,
	       struct core_error *err)
{
	struct add_call a = { .in = in };
	enum core_status rc = run_change(ctx, add_apply, &a, err);

	if (!rc && out)
		*out = a.t;
	return rc;
}

static enum core_status
cancel_request(struct app_ctx *ctx, const struct store_request *r, struct core_error *err)
{
	char object[128];
	enum core_status rc = store_request_decide(ctx->st, r->id, "Cancelled", app_write_actor(ctx),
						   ctx->now_iso, "Cancelled with the associated tenant's access.", err);

	if (rc)
		return rc;
	app_request_object(r->name, object, sizeof(object));
	return app_write_record(ctx, "request.cancel", object, json_pack("{s:s}", "status", "Pending"),
				json_pack("{s:s}", "status", "Cancelled"), APP_LOCAL, err);
}

/* Counts into *impact the assignments of t's users that give or await
 * access and the pending requests into t of request_type (NULL: of any
 * type); when apply, cancels those requests and removes those assignments. */
static enum core_status
cut_access(struct app_ctx *ctx, const struct store_tenant *t, const char *request_type, bool apply,
	   struct app_tenant_impact *impact, struct core_error *err)
{
	struct store_role *roles = NULL;
	struct store_request *reqs = NULL;
	size_t nroles = 0, nreqs = 0, i;
	enum core_status rc = CORE_OK;

	memset(impact, 0, sizeof(*impact));
	if (t->tenant_id[0])
		rc = store_roles_live_for_tenant(ctx->st, ctx->account.id, t->tenant_id, ctx->now_iso,
						 &roles, &nroles, err);
	if (!rc && t->tenant_id[0])
		rc = store_requests_pending(ctx->st, ctx->account.id, t->tenant_id, ctx->now_iso,
					    &reqs, &nreqs, err);
	impact->roles = (long long)nroles;
	/* Asked before the confirmation too: no use confirming what is refused. */
	if (!rc && nroles > 0)
		rc = app_role_keep_owner(ctx, 0, t->tenant_id, request_type ? "Turning billing management off"
						: "Removing the tenant", err);
	for (i = 0; !rc && i < nreqs; i++) {
		if (request_type && strcmp(reqs[i].type, request_type) != 0)
			continue;
		impact->requests++;
		if (apply)
			rc = cancel_request(ctx, &reqs[i], err);
	}
	for (i = 0; apply && !rc && i < nroles; i++)
		rc = app_role_remove_one(ctx, &roles[i], err);
	free(roles);
	free(reqs);
	return rc;
}

/* Cancels t's own provisioning request when it is still pending (a tenant
 * added by a domain not yet resolved has no tenant ID to find it by). */
static enum core_status
cancel_provisioning(struct app_ctx *ctx, const struct store_tenant *t, struct core_error *err)
{
	struct store_request r;
	enum core_status rc;

	if (!t->request_id)
		return CORE_OK;
	rc = store_request_get(ctx->st, t->request_id, &r, err);
	if (rc || strcmp(r.status, "Pending") != 0)
		return rc;
	return cancel_request(ctx, &r, err);
}

static enum core_status
apply_provisioning(struct app_ctx *ctx, struct store_tenant *t, int on, struct core_error *err)
{
	if (on < 0 || on == core_pm_is_on(t->provisioning_state))
		return CORE_OK;
	if (on)
		return request_provisioning(ctx, t, err);
	snprintf(t->provisioning_state, sizeof(t->provisioning_state), "%s",
		 core_pm_after_off(t->provisioning_state));
	return cancel_provisioning(ctx, t, err);
}

/* True when a change altered what is stored of a tenant. */
static bool
tenant_changed(const struct store_tenant *a, const struct store_tenant *b)
{
	return strcmp(a->display_name, b->display_name) != 0 ||
	       strcmp(a->billing_state, b->billing_state) != 0 ||
	       strcmp(a->provisioning_state, b->provisioning_state) != 0 ||
	       a->request_id != b->request_id;
}

/* What changed in a tenant since shown, as a clause: "its billing
 * management is now Revoked (was Active)"; "" when nothing the user sees. */
static void
changed_since(const struct store_tenant *shown, const struct store_tenant *now, char *out,
	      size_t size)
{
	if (strcmp(shown->display_name, now->display_name) != 0)
		snprintf(out, size, "its name is now \"%s\" (was \"%s\")", now->display_name,
			 shown->display_name);
	else if (strcmp(shown->billing_state, now->billing_state) != 0)
		snprintf(out, size, "its billing management is now %s (was %s)", now->billing_state,
			 shown->billing_state);
	else if (strcmp(shown->provisioning_state, now->provisioning_state) != 0)
		snprintf(out, size, "its provisioning is now %s (was %s)", now->provisioning_state,
			 shown->provisioning_state);
	else
		snprintf(out, size, "it was saved again");
}

/* Refuses an edit of a row that changed since the user saw it (another
 * console or the command line wrote it meanwhile). */
static enum core_status
refuse_stale(const struct store_tenant *shown, const struct store_tenant *now,
	     struct core_error *err)
{
	char what[700];

	if (!shown || shown->version == now->version)
		return CORE_OK;
	changed_since(shown, now, what, sizeof(what));
	return core_error_set(err, CORE_REFUSED,
		"\"%.64s\" changed since it was shown (%s); nothing was saved: check your input and save again.",
		shown->display_name, what);
}

struct set_call {
	const char *key;
	const struct app_tenant_change *change;
	const char *name;        /* the parsed new name, or NULL */
	bool confirmed;
	struct store_tenant t;
	struct app_tenant_impact *impact;
};

/* Turns billing management off, taking its users' roles with it once
 * confirmed. */
static enum core_status
billing_off(struct app_ctx *ctx, struct set_call *c, struct core_error *err)
{
	enum core_status rc = cut_access(ctx, &c->t, "RoleAssignment", false, c->impact, err);

	if (!rc && c->impact->roles > 0 && !c->confirmed)
		return core_error_set(err, CORE_CONFIRM,
			"Turning billing management off for \"%s\" (%s) removes %lld role assignment%s held by its users and cancels %lld pending role request%s.",
			c->t.display_name, c->key, c->impact->roles, c->impact->roles == 1 ? "" : "s",
			c->impact->requests, c->impact->requests == 1 ? "" : "s");
	if (!rc)
		rc = cut_access(ctx, &c->t, "RoleAssignment", true, c->impact, err);
	return rc;
}

static enum core_status
set_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct set_call *c = data;
	struct store_tenant *t = &c->t, before;
	enum core_status rc = account_allows(ctx, err);

	if (!rc)
		rc = app_tenant_get(ctx, c->key, t, err);
	if (!rc)
		rc = refuse_stale(c->change->shown, t, err);
	if (rc)
		return rc;
	before = *t;
	if (c->change->billing_management == 0 && core_bm_is_on(t->billing_state))
		rc = billing_off(ctx, c, err);
	if (!rc && c->change->billing_management >= 0)
		snprintf(t->billing_state, sizeof(t->billing_state), "%s",
			 core_bm_next(t->billing_state, c->change->billing_management));
	if (!rc && c->name)
		snprintf(t->display_name, sizeof(t->display_name), "%s", c->name);
	if (!rc)
		rc = apply_provisioning(ctx, t, c->change->provisioning, err);
	if (rc || !tenant_changed(&before, t))
		return rc;
	rc = store_tenant_update(ctx->st, t, err);
	t->version++;
	if (!rc)
		rc = record_tenant(ctx, "tenant.update", &before, t, err);
	return rc;
}

enum core_status
app_tenant_set(struct app_ctx *ctx, const char *key, const struct app_tenant_change *change,
	       bool confirmed, struct store_tenant *out, struct app_tenant_impact *impact,
	       struct core_error *err)
{
	char name[CORE_NAME_MAX_BYTES];
	struct app_tenant_impact none;
	struct set_call c = { .key = key, .change = change, .confirmed = confirmed,
			      .impact = impact ? impact : &none };
	enum core_status rc;

	memset(c.impact, 0, sizeof(*c.impact));
	if (change->name && !core_name_parse(change->name, name, err))
		return CORE_USAGE;
	c.name = change->name ? name : NULL;
	rc = run_change(ctx, set_apply, &c, err);
	if (!rc && out)
		*out = c.t;
	return rc;
}

struct remove_call {
	const char *key;
	bool confirmed;
	struct app_tenant_impact *impact;
};

static enum core_status
remove_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct remove_call *c = data;
	struct store_tenant t;
	enum core_status rc = account_allows(ctx, err);

	if (!rc)
		rc = app_tenant_get(ctx, c->key, &t, err);
	if (!rc)
		rc = cut_access(ctx, &t, NULL, false, c->impact, err);
	if (rc)
		return rc;
	if (!c->confirmed && (c->impact->roles || c->impact->requests))
		return core_error_set(err, CORE_CONFIRM,
			"Removing associated tenant \"%s\" (%s) also removes %lld role assignment%s held by its users and cancels %lld pending request%s.",
			t.display_name, c->key, c->impact->roles, c->impact->roles == 1 ? "" : "s",
			c->impact->requests, c->impact->requests == 1 ? "" : "s");
	if (!c->confirmed)
		return core_error_set(err, CORE_CONFIRM,
			"Removing associated tenant \"%s\" (%s) cannot be undone.", t.display_name, c->key);
	rc = cut_access(ctx, &t, NULL, true, c->impact, err);
	if (!rc)
		rc = cancel_provisioning(ctx, &t, err);
	if (!rc)
		rc = store_tenant_delete(ctx->st, t.id, err);
	if (!rc)
		rc = record_tenant(ctx, "tenant.remove", &t, NULL, err);
	return rc;
}

enum core_status
app_tenant_remove(struct app_ctx *ctx, const char *key, bool confirmed,
		  struct app_tenant_impact *impact, struct core_error *err)
{
	struct app_tenant_impact none;
	struct remove_call c = { .key = key, .confirmed = confirmed, .impact = impact ? impact : &none };

	memset(c.impact, 0, sizeof(*c.impact));
	return run_change(ctx, remove_apply, &c, err);
}

enum core_status
app_tenant_follow_request(struct app_ctx *ctx, const struct store_request *r, const char *state,
			  struct core_error *err)
{
	struct store_tenant t, before;
	enum core_status rc = store_tenant_find(ctx->st, r->account_id, r->tenant_id[0] ? r->tenant_id : NULL,
						r->object, ctx->now_iso, &t, err);

	/* A tenant removed since, or one that asked again meanwhile, is not
	 * this request's any more. */
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		return CORE_OK;
	}
	if (rc || t.request_id != r->id)
		return rc;
	before = t;
	snprintf(t.provisioning_state, sizeof(t.provisioning_state), "%s", state);
	rc = store_tenant_update(ctx->st, &t, err);
	t.version++;
	if (!rc)
		rc = record_tenant(ctx, "tenant.update", &before, &t, err);
	return rc;
}
