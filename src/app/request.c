#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_config.h"
#include "billcon/app_context.h"
#include "billcon/app_request.h"
#include "billcon/app_tenant.h"
#include "billcon/app_write.h"
#include "billcon/core_tenant.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"
#include "billcon/store_directory.h"
#include "billcon/store_pull.h"
#include "billcon/store_role.h"
#include "billcon/core_clock.h"

void
app_request_object(const char *name, char *out, size_t size)
{
	snprintf(out, size, "/providers/Microsoft.Billing/billingRequests/%s", name);
}

/* Whether the service has the request called name: always in a store
 * that is not synced (the demo's world is its own), else when a pull
 * brought it. */
static bool
at_service(const struct app_ctx *ctx, const char *name)
{
	char object[128], *json = NULL;
	struct core_error err;
	enum core_status rc;

	if (!ctx->signed_in[0])
		return true;
	app_request_object(name, object, sizeof(object));
	core_error_clear(&err);
	rc = store_pull_json(ctx->st, object, &json, &err);
	free(json);
	return rc != CORE_NOT_FOUND;
}

void
app_request_url(const struct app_ctx *ctx, const char *name, char *out, size_t size)
{
	if (size)
		out[0] = '\0';
	if (at_service(ctx, name))
		app_config_expand(ctx->cfg.request_url_template, name, "", ctx->account.name, out, size);
}

const struct store_list_spec *
app_request_list(struct app_ctx *ctx)
{
	struct app_denial d;

	return app_may(ctx, CORE_NEED_READ, NULL, false, &d) ? store_request_list()
							      : store_request_addressed_list();
}

/* True when the actor decides r: its addressee by email, or for a
 * provisioning request a Global administrator of the tenant it is into, as
 * the directory says. */
static bool
is_addressee(struct app_ctx *ctx, const struct store_request *r)
{
	struct store_user u;

	if (strcmp(r->type, "ProvisioningAccess") != 0)
		return strcasecmp(ctx->actor, r->addressee) == 0;
	if (store_user_find(ctx->st, ctx->actor, &u, NULL) != CORE_OK)
		return false;
	return u.global_admin && r->tenant_id[0] && strcasecmp(u.home_tenant_id, r->tenant_id) == 0;
}

static bool
is_creator(const struct app_ctx *ctx, const struct store_request *r)
{
	return strcasecmp(ctx->actor, r->created_by) == 0;
}

static const char *const act_verb[] = {
	[APP_REQUEST_APPROVE] = "approve",
	[APP_REQUEST_DECLINE] = "decline",
	[APP_REQUEST_CANCEL] = "cancel",
};

/* The same, as what a refusal says could not be done. */
static const char *const act_doing[] = {
	[APP_REQUEST_APPROVE] = "approve a request",
	[APP_REQUEST_DECLINE] = "decline a request",
	[APP_REQUEST_CANCEL] = "cancel a request",
};

const char *
app_request_doing(enum app_request_act act)
{
	return act_doing[act];
}

/* The rules of acting on r, as a refusal in a sentence (err) and in a few
 * words (words, for a status line). */
static enum core_status
rule(struct app_ctx *ctx, const struct store_request *r, enum app_request_act act, char *words,
     size_t size, struct core_error *err)
{
	if (strcmp(r->status, "Expired") == 0) {
		snprintf(words, size, "it expired on %.10s", r->expires_on);
		return core_error_set(err, CORE_REFUSED,
			"Request %s expired on %s without an answer; an expired request cannot be approved, declined or cancelled.",
			r->name, r->expires_on);
	}
	if (strcmp(r->status, "Pending") != 0) {
		snprintf(words, size, "it is already %s", r->status);
		return core_error_set(err, CORE_REFUSED,
			"Request %s is already %s (by %s on %s); a decided request never changes.",
			r->name, r->status, r->reviewed_by, r->reviewed_on);
	}
	if (act == APP_REQUEST_CANCEL && !is_creator(ctx, r)) {
		snprintf(words, size, "not yours: %s made it", r->created_by);
		return core_error_set(err, CORE_FORBIDDEN,
			"%s may not cancel request %s: only %s, who made it, may cancel it.", ctx->actor,
			r->name, r->created_by);
	}
	if (act != APP_REQUEST_CANCEL && !is_addressee(ctx, r)) {
		snprintf(words, size, "not the addressee (%s; U acts as another user)", r->addressee);
		return core_error_set(err, CORE_FORBIDDEN,
			"%s may not %s request %s: only its addressee (%s) decides it.", ctx->actor,
			act_verb[act], r->name, r->addressee);
	}
	return CORE_OK;
}

bool
app_request_may(struct app_ctx *ctx, const struct store_request *r, enum app_request_act act,
		struct app_denial *d)
{
	memset(d, 0, sizeof(*d));
	app_touch(ctx);
	if (app_read_only(ctx)) {
		d->why = APP_DENY_READ_ONLY;
		app_read_only_words(ctx, d->words, sizeof(d->words));
	} else if (rule(ctx, r, act, d->words, sizeof(d->words), NULL) != CORE_OK) {
		d->why = APP_DENY_RULE;
	}
	return d->why == APP_ALLOWED;
}

/* The request called name of the account in scope, as at now. */
static enum core_status
find(struct app_ctx *ctx, const char *name, struct store_request *out, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	enum core_status rc = store_request_find(ctx->st, name, ctx->now_iso, out, err);

	if (!rc && out->account_id != ctx->account.id)
		rc = CORE_NOT_FOUND;
	if (rc == CORE_NOT_FOUND)
		core_error_set(err, rc, "Billing account \"%s\" has no request %s.",
			       ctx->account.display_name, core_text_echo(name, shown));
	return rc;
}

enum core_status
app_request_get(struct app_ctx *ctx, const char *name, struct store_request *out,
		struct core_error *err)
{
	struct app_denial d;
	enum core_status rc = CORE_OK;

	if (!app_read_only(ctx))
		rc = app_requests_expire(ctx, NULL, err);
	app_touch(ctx);
	if (!rc)
		rc = find(ctx, name, out, err);
	if (rc || app_may(ctx, CORE_NEED_READ, NULL, false, &d) || is_addressee(ctx, out) ||
	    is_creator(ctx, out))
		return rc;
	return core_error_set(err, CORE_FORBIDDEN,
		"%s may not see request %s: that needs a billing role on \"%s\", or to be its addressee.",
		ctx->actor, out->name, ctx->account.display_name);
}

struct act_call {
	const char *name;
	enum app_request_act act;
	const char *reason;       /* parsed, or NULL */
	struct store_request r;
};

static const char *const act_status[] = {
	[APP_REQUEST_APPROVE] = "Approved",
	[APP_REQUEST_DECLINE] = "Declined",
	[APP_REQUEST_CANCEL] = "Cancelled",
};

/* The assignment a role request approves takes its status from it: the
 * trail says so under the assignment's own name. */
static enum core_status
follow_role(struct app_ctx *ctx, const struct store_request *r, const char *before,
	    struct core_error *err)
{
	struct store_role ra;
	char object[1024];
	enum core_status rc = store_role_of_request(ctx->st, r->id, ctx->now_iso, &ra, err);

	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		return CORE_OK;
	}
	if (rc)
		return rc;
	snprintf(object, sizeof(object), "%s/billingRoleAssignments/%s", ra.scope, ra.name);
	return app_write_record(ctx, "role.status", object, json_pack("{s:s}", "status", before),
				json_pack("{s:s}", "status", ra.status), APP_LOCAL, err);
}

static enum core_status
follow(struct app_ctx *ctx, const struct act_call *c, struct core_error *err)
{
	if (strcmp(c->r.type, "ProvisioningAccess") == 0)
		return app_tenant_follow_request(ctx, &c->r,
			c->act == APP_REQUEST_APPROVE ? CORE_PM_ACTIVE :
			c->act == APP_REQUEST_DECLINE ? CORE_PM_DECLINED : core_pm_after_off(CORE_PM_PENDING),
			err);
	if (strcmp(c->r.type, "RoleAssignment") == 0)
		return follow_role(ctx, &c->r, "PendingApproval", err);
	return CORE_OK;
}

static json_t *
decision_json(const struct store_request *r)
{
	json_t *o = json_pack("{s:s, s:{s:s}, s:s}", "status", r->status, "reviewedBy", "upn",
			      r->reviewed_by, "reviewalDate", r->reviewed_on);

	if (r->decision_reason[0])
		json_object_set_new(o, "decisionReason", app_json_text(r->decision_reason));
	return o;
}

/* Who may act is the request's rule, not a billing role (the addressee
 * may hold none, DOMAIN.md §1): the request is read again under the write
 * lock, since another console may have decided it meanwhile and a decided
 * request never changes. */
static enum core_status
act_permit(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct act_call *c = data;
	char words[160];
	enum core_status rc = find(ctx, c->name, &c->r, err);

	if (!rc)
		rc = rule(ctx, &c->r, c->act, words, sizeof(words), err);
	return rc;
}

static enum core_status
act_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct act_call *c = data;
	char object[128];
	enum core_status rc = store_request_decide(ctx->st, c->r.id, act_status[c->act], ctx->actor,
					  ctx->now_iso, c->reason, err);
	if (rc)
		return rc;
	snprintf(c->r.status, sizeof(c->r.status), "%s", act_status[c->act]);
	snprintf(c->r.reviewed_by, sizeof(c->r.reviewed_by), "%s", ctx->actor);
	snprintf(c->r.reviewed_on, sizeof(c->r.reviewed_on), "%s", ctx->now_iso);
	snprintf(c->r.decision_reason, sizeof(c->r.decision_reason), "%s", c->reason ? c->reason : "");
	app_request_object(c->r.name, object, sizeof(object));
	rc = app_write_record(ctx, c->act == APP_REQUEST_CANCEL ? "request.cancel" :
			      c->act == APP_REQUEST_APPROVE ? "request.approve" : "request.decline",
			      object, json_pack("{s:s}", "status", "Pending"), decision_json(&c->r),
			      APP_PUSHED, err);
	if (!rc)
		rc = follow(ctx, c, err);
	return rc;
}

enum core_status
app_request_act(struct app_ctx *ctx, const char *name, enum app_request_act act,
		const char *reason, struct store_request *out, struct core_error *err)
{
	char parsed[APP_REQUEST_REASON_MAX * 4 + 1];
	struct act_call c = { .name = name, .act = act };
	struct app_write w = { .doing = act_doing[act], .permit = act_permit, .apply = act_apply,
			       .data = &c };
	enum core_status rc;

	if (act == APP_REQUEST_DECLINE && (!reason || !reason[0]))
		return core_error_set(err, CORE_USAGE, "Declining a request needs a reason.");
	if (reason && reason[0] && !core_line_parse(reason, "reason", APP_REQUEST_REASON_MAX, parsed, err))
		return CORE_USAGE;
	c.reason = reason && reason[0] ? parsed : NULL;
	/* A request past its expiry is expired first, in its own change: the
	 * refusal below must not roll the expiry back. */
	rc = app_require_change(ctx, act_doing[act], err);
	if (!rc)
		rc = app_requests_expire(ctx, NULL, err);
	if (!rc)
		rc = app_run_write(ctx, &w, err);
	if (!rc && out)
		*out = c.r;
	return rc;
}

static json_t *
upn_or_null(const char *upn)
{
	return upn[0] ? json_pack("{s:o}", "upn", app_json_text(upn)) : json_null();
}

static json_t *
text_or_null(const char *s)
{
	return s[0] ? app_json_text(s) : json_null();
}

json_t *
app_request_json(const struct app_ctx *ctx, const struct store_request *r)
{
	json_t *o = json_object();
	char url[2048];

	app_request_url(ctx, r->name, url, sizeof(url));
	json_object_set_new(o, "name", app_json_text(r->name));
	json_object_set_new(o, "type", app_json_text(r->type));
	json_object_set_new(o, "status", app_json_text(r->status));
	json_object_set_new(o, "requestScope", app_json_text(r->scope));
	json_object_set_new(o, "createdBy", upn_or_null(r->created_by));
	json_object_set_new(o, "creationDate", app_json_text(r->created_on));
	json_object_set_new(o, "expirationDate", app_json_text(r->expires_on));
	json_object_set_new(o, "reviewedBy", upn_or_null(r->reviewed_by));
	json_object_set_new(o, "reviewalDate", text_or_null(r->reviewed_on));
	json_object_set_new(o, "decisionReason", text_or_null(r->decision_reason));
	json_object_set_new(o, "addressee", app_json_text(r->addressee));
	json_object_set_new(o, "object", text_or_null(r->object));
	json_object_set_new(o, "url", url[0] ? app_json_text(url) : json_null());
	return o;
}

enum core_status
app_request_create(struct app_ctx *ctx, struct store_request *r, enum app_push push,
		   struct core_error *err)
{
	char object[128];
	enum core_status rc;

	r->account_id = ctx->account.id;
	app_new_guid(r->name);
	snprintf(r->status, sizeof(r->status), "Pending");
	snprintf(r->created_by, sizeof(r->created_by), "%s", app_write_actor(ctx));
	snprintf(r->created_on, sizeof(r->created_on), "%s", ctx->now_iso);
	core_time_iso(ctx->now + (time_t)ctx->cfg.request_expiry_days * 86400, r->expires_on);
	rc = store_request_insert(ctx->st, r, err);
	if (rc)
		return rc;
	app_request_object(r->name, object, sizeof(object));
	return app_write_record(ctx, "request.create", object, NULL,
				json_pack("{s:s, s:s, s:s, s:s}", "addressee", r->addressee,
					  "expirationDate", r->expires_on, "status", "Pending",
					  "type", r->type),
				push, err);
}
