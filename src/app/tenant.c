#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_tenant.h"
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

/* t as compact JSON for the audit trail; caller frees. */
static char *
tenant_audit_json(const struct store_tenant *t)
{
	json_t *o = app_tenant_json(t);
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);

	json_decref(o);
	return s;
}

static void
tenant_object(const struct app_ctx *ctx, const struct store_tenant *t, char *out, size_t size)
{
	snprintf(out, size, "%s/associatedTenants/%s", ctx->account_scope, tenant_key(t));
}

static enum core_status
audit_tenant(struct app_ctx *ctx, const char *action, const struct store_tenant *before,
	     const struct store_tenant *after, struct core_error *err)
{
	char object[1024];
	char *b = before ? tenant_audit_json(before) : NULL;
	char *a = after ? tenant_audit_json(after) : NULL;
	enum core_status rc;

	tenant_object(ctx, before ? before : after, object, sizeof(object));
	rc = store_audit_append(ctx->st, ctx->now_iso, ctx->actor, action, object, b, a, err);
	free(b);
	free(a);
	return rc;
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

/* The checks every change makes first: writable, an owner, an account that
 * has associated tenants. */
static enum core_status
may_change(struct app_ctx *ctx, struct core_error *err)
{
	struct core_account_kind kind = {
		.agreement_type = ctx->account.agreement_type,
		.account_type = ctx->account.account_type,
		.account_sub_type = ctx->account.account_sub_type,
	};
	enum core_status rc = app_require_writable(ctx, err);

	if (!rc)
		rc = app_require(ctx, CORE_NEED_OWN, ctx->account_scope, DOING, err);
	if (!rc && !core_account_allows_associated_tenants(&kind, err))
		rc = CORE_REFUSED;
	return rc;
}

enum core_status
app_tenant_count(struct app_ctx *ctx, long long *n, struct core_error *err)
{
	return store_tenant_count(ctx->st, ctx->account.id, n, err);
}

enum core_status
app_tenant_may_change(struct app_ctx *ctx, struct core_error *err)
{
	return may_change(ctx, err);
}

enum core_status
app_tenant_page(struct app_ctx *ctx, struct store_tenant_query *q, store_tenant_fn fn, void *data,
		struct core_error *err)
{
	enum core_status rc = app_require(ctx, CORE_NEED_READ, ctx->account_scope,
					  "see this billing account's associated tenants", err);

	if (rc)
		return rc;
	q->account_id = ctx->account.id;
	q->now = ctx->now_iso;
	return store_tenant_page(ctx->st, q, fn, data, err);
}

/* Creates the provisioning request into t and points t at it. */
static enum core_status
request_provisioning(struct app_ctx *ctx, struct store_tenant *t, struct core_error *err)
{
	struct store_request r = { .account_id = ctx->account.id };
	char object[1024];
	char after[512];
	enum core_status rc;

	app_new_guid(r.name);
	snprintf(r.type, sizeof(r.type), "ProvisioningAccess");
	snprintf(r.status, sizeof(r.status), "Pending");
	snprintf(r.scope, sizeof(r.scope), "%s", ctx->account_scope);
	snprintf(r.object, sizeof(r.object), "%s", tenant_key(t));
	snprintf(r.tenant_id, sizeof(r.tenant_id), "%s", t->tenant_id);
	snprintf(r.addressee, sizeof(r.addressee), "Global administrator of %s", tenant_key(t));
	snprintf(r.created_by, sizeof(r.created_by), "%s", ctx->actor);
	snprintf(r.created_on, sizeof(r.created_on), "%s", ctx->now_iso);
	core_time_iso(ctx->now + (time_t)ctx->cfg.request_expiry_days * 86400, r.expires_on);
	rc = store_request_insert(ctx->st, &r, err);
	if (rc)
		return rc;
	t->request_id = r.id;
	snprintf(t->request_name, sizeof(t->request_name), "%s", r.name);
	snprintf(t->provisioning_state, sizeof(t->provisioning_state), "%s", CORE_PM_PENDING);
	snprintf(object, sizeof(object), "/providers/Microsoft.Billing/billingRequests/%s", r.name);
	snprintf(after, sizeof(after),
		 "{\"addressee\":\"%s\",\"expirationDate\":\"%s\",\"status\":\"Pending\",\"type\":\"ProvisioningAccess\"}",
		 tenant_key(t), r.expires_on);
	return store_audit_append(ctx->st, ctx->now_iso, ctx->actor, "request.create", object, NULL, after, err);
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

static enum core_status
add_locked(struct app_ctx *ctx, const struct app_tenant_new *in, struct store_tenant *t,
	   struct core_error *err)
{
	enum core_status rc = refuse_duplicate(ctx, t, in->tenant_id ? in->tenant_id : in->domain, err);

	if (!rc && in->provisioning)
		rc = request_provisioning(ctx, t, err);
	if (!rc)
		rc = store_tenant_insert(ctx->st, t, err);
	if (!rc)
		rc = audit_tenant(ctx, "tenant.add", NULL, t, err);
	return rc;
}

enum core_status
app_tenant_add(struct app_ctx *ctx, const struct app_tenant_new *in, struct store_tenant *out,
	       struct core_error *err)
{
	struct store_tenant t = { .account_id = ctx->account.id };
	enum core_status rc = may_change(ctx, err);

	if (!rc)
		rc = validate_new(ctx, in, &t, err);
	if (rc)
		return rc;
	snprintf(t.billing_state, sizeof(t.billing_state), "%s",
		 in->billing_management ? CORE_BM_ACTIVE : CORE_BM_NOT_ALLOWED);
	snprintf(t.provisioning_state, sizeof(t.provisioning_state), "%s", CORE_PM_NOT_REQUESTED);
	snprintf(t.created_on, sizeof(t.created_on), "%s", ctx->now_iso);
	rc = store_begin(ctx->st, err);
	if (!rc)
		rc = add_locked(ctx, in, &t, err);
	if (!rc)
		rc = store_commit(ctx->st, err);
	else
		store_rollback(ctx->st);
	if (!rc && out)
		*out = t;
	return rc;
}

static enum core_status
cancel_request(struct app_ctx *ctx, const struct store_request *r, struct core_error *err)
{
	char object[128];
	enum core_status rc = store_request_decide(ctx->st, r->id, "Cancelled", ctx->actor, ctx->now_iso,
						   "Cancelled with the associated tenant's access.", err);

	if (rc)
		return rc;
	snprintf(object, sizeof(object), "/providers/Microsoft.Billing/billingRequests/%s", r->name);
	return store_audit_append(ctx->st, ctx->now_iso, ctx->actor, "request.cancel", object,
				  "{\"status\":\"Pending\"}", "{\"status\":\"Cancelled\"}", err);
}

static enum core_status
remove_role(struct app_ctx *ctx, const struct store_role *r, struct core_error *err)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "principalEmail", r->principal_email,
			      "principalTenantId", r->principal_tenant_id, "roleDefinitionId",
			      r->role_definition_id, "scope", r->scope, "status", r->status);
	char *before = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII);
	char object[1024];
	enum core_status rc = store_role_delete(ctx->st, r->id, err);

	snprintf(object, sizeof(object), "%s/billingRoleAssignments/%s", ctx->account_scope, r->name);
	if (!rc)
		rc = store_audit_append(ctx->st, ctx->now_iso, ctx->actor, "role.remove", object, before, NULL, err);
	free(before);
	json_decref(o);
	return rc;
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
	for (i = 0; !rc && i < nreqs; i++) {
		if (request_type && strcmp(reqs[i].type, request_type) != 0)
			continue;
		impact->requests++;
		if (apply)
			rc = cancel_request(ctx, &reqs[i], err);
	}
	for (i = 0; apply && !rc && i < nroles; i++)
		rc = remove_role(ctx, &roles[i], err);
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

static enum core_status
set_locked(struct app_ctx *ctx, const char *key, const struct app_tenant_change *change,
	   const char *name, bool confirmed, struct store_tenant *t,
	   struct app_tenant_impact *impact, struct core_error *err)
{
	struct store_tenant before;
	bool bm_off;
	enum core_status rc = app_tenant_get(ctx, key, t, err);

	if (rc)
		return rc;
	before = *t;
	bm_off = change->billing_management == 0 && core_bm_is_on(t->billing_state);
	if (bm_off) {
		rc = cut_access(ctx, t, "RoleAssignment", false, impact, err);
		if (!rc && impact->roles > 0 && !confirmed)
			return core_error_set(err, CORE_CONFIRM,
				"Turning billing management off for \"%s\" (%s) removes %lld role assignment%s held by its users and cancels %lld pending role request%s.",
				t->display_name, key, impact->roles, impact->roles == 1 ? "" : "s",
				impact->requests, impact->requests == 1 ? "" : "s");
		if (!rc)
			rc = cut_access(ctx, t, "RoleAssignment", true, impact, err);
	}
	if (!rc && change->billing_management >= 0)
		snprintf(t->billing_state, sizeof(t->billing_state), "%s",
			 core_bm_next(t->billing_state, change->billing_management));
	if (!rc && name)
		snprintf(t->display_name, sizeof(t->display_name), "%s", name);
	if (!rc)
		rc = apply_provisioning(ctx, t, change->provisioning, err);
	if (rc || !tenant_changed(&before, t))
		return rc;
	rc = store_tenant_update(ctx->st, t, err);
	if (!rc)
		rc = audit_tenant(ctx, "tenant.update", &before, t, err);
	return rc;
}

enum core_status
app_tenant_set(struct app_ctx *ctx, const char *key, const struct app_tenant_change *change,
	       bool confirmed, struct store_tenant *out, struct app_tenant_impact *impact,
	       struct core_error *err)
{
	char name[CORE_NAME_MAX_BYTES];
	struct store_tenant t;
	struct app_tenant_impact none;
	enum core_status rc = may_change(ctx, err);

	if (!impact)
		impact = &none;
	memset(impact, 0, sizeof(*impact));
	if (!rc && change->name && !core_name_parse(change->name, name, err))
		rc = CORE_USAGE;
	if (!rc)
		rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = set_locked(ctx, key, change, change->name ? name : NULL, confirmed, &t, impact, err);
	if (rc) {
		store_rollback(ctx->st);
		return rc;
	}
	rc = store_commit(ctx->st, err);
	if (!rc && out)
		*out = t;
	return rc;
}

static enum core_status
remove_locked(struct app_ctx *ctx, const char *key, bool confirmed,
	      struct app_tenant_impact *impact, struct core_error *err)
{
	struct store_tenant t;
	enum core_status rc = app_tenant_get(ctx, key, &t, err);

	if (!rc)
		rc = cut_access(ctx, &t, NULL, false, impact, err);
	if (rc)
		return rc;
	if (!confirmed && (impact->roles || impact->requests))
		return core_error_set(err, CORE_CONFIRM,
			"Removing associated tenant \"%s\" (%s) also removes %lld role assignment%s held by its users and cancels %lld pending request%s.",
			t.display_name, key, impact->roles, impact->roles == 1 ? "" : "s",
			impact->requests, impact->requests == 1 ? "" : "s");
	if (!confirmed)
		return core_error_set(err, CORE_CONFIRM,
			"Removing associated tenant \"%s\" (%s) cannot be undone.", t.display_name, key);
	rc = cut_access(ctx, &t, NULL, true, impact, err);
	if (!rc)
		rc = cancel_provisioning(ctx, &t, err);
	if (!rc)
		rc = store_tenant_delete(ctx->st, t.id, err);
	if (!rc)
		rc = audit_tenant(ctx, "tenant.remove", &t, NULL, err);
	return rc;
}

enum core_status
app_tenant_remove(struct app_ctx *ctx, const char *key, bool confirmed,
		  struct app_tenant_impact *impact, struct core_error *err)
{
	struct app_tenant_impact none;
	enum core_status rc = may_change(ctx, err);

	if (!impact)
		impact = &none;
	memset(impact, 0, sizeof(*impact));
	if (!rc)
		rc = store_begin(ctx->st, err);
	if (rc)
		return rc;
	rc = remove_locked(ctx, key, confirmed, impact, err);
	if (rc) {
		store_rollback(ctx->st);
		return rc;
	}
	return store_commit(ctx->st, err);
}
