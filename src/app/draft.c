#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_draft.h"
#include "billcon/app_onbdraft.h"
#include "billcon/app_partner.h"
#include "billcon/core_link.h"
#include "billcon/store_db.h"

enum core_status
app_draft_save(struct app_ctx *ctx, const char *kind, const char *step, const json_t *fields,
	       struct core_error *err)
{
	struct store_draft d = { 0 };
	enum core_status rc = app_require_writable(ctx, err);

	if (rc)
		return rc;
	snprintf(d.kind, sizeof(d.kind), "%s", kind);
	snprintf(d.actor, sizeof(d.actor), "%s", ctx->actor);
	snprintf(d.step, sizeof(d.step), "%s", step ? step : "");
	app_touch(ctx);
	snprintf(d.saved_on, sizeof(d.saved_on), "%s", ctx->now_iso);
	d.fields = json_dumps(fields, JSON_COMPACT | JSON_SORT_KEYS);
	if (!d.fields)
		return core_error_set(err, CORE_STORE, "Out of memory keeping a draft.");
	rc = store_draft_save(ctx->st, &d, err);
	free(d.fields);
	return rc;
}

enum core_status
app_draft_save_values(struct app_ctx *ctx, const char *kind, const char *step,
		      const char *const *names, const char *const *values, int n,
		      struct core_error *err)
{
	json_t *o = json_object();
	enum core_status rc;
	int i;

	for (i = 0; o && i < n; i++)
		json_object_set_new(o, names[i], json_string(values[i]));
	if (!o)
		return core_error_set(err, CORE_STORE, "Out of memory keeping a draft.");
	rc = app_draft_save(ctx, kind, step, o, err);
	json_decref(o);
	return rc;
}

bool
app_draft_value(const struct store_draft *d, const char *name, char *out, size_t size)
{
	json_t *o = d->fields ? json_loads(d->fields, 0, NULL) : NULL;
	const char *v = json_string_value(json_object_get(o, name));

	if (v)
		snprintf(out, size, "%s", v);
	json_decref(o);
	return v != NULL;
}

enum core_status
app_draft_get(struct app_ctx *ctx, const char *kind, struct store_draft *out,
	      struct core_error *err)
{
	if (!kind)
		return store_draft_newest(ctx->st, ctx->actor, out, err);
	return store_draft_get(ctx->st, kind, ctx->actor, out, err);
}

enum core_status
app_draft_discard(struct app_ctx *ctx, const char *kind, struct core_error *err)
{
	if (store_read_only(ctx->st))
		return CORE_OK;
	return store_draft_discard(ctx->st, kind, ctx->actor, err);
}

void
app_draft_free(struct store_draft *d)
{
	free(d->fields);
	d->fields = NULL;
}

/* The forms that keep drafts, by kind (ui_form.draft_kind). */
static const struct {
	const char *kind;
	const char *words;
} draft_kinds[] = {
	{ "tenants.add", "adding an associated tenant" },
	{ "tenants.edit", "editing an associated tenant" },
	{ "tenants.provision", "provisioning a subscription into an associated tenant" },
	{ "iam.scope", "choosing the scope of access control" },
	{ "requests.approve", "approving a request" },
	{ "requests.decline", "declining a request" },
	{ "requests.actas", "choosing a user to act as" },
	{ "hierarchy.profile", "adding a billing profile" },
	{ "hierarchy.section", "adding an invoice section" },
	{ "hierarchy.move", "moving a subscription to another invoice section" },
	{ "hierarchy.link", "linking a subscription from another tenant" },
	{ "audit.jump", "jumping to a date in the audit trail" },
	{ "iam.add", "adding a role assignment" },
	{ "directory.add", "adding a user to the directory" },
	{ "directory.edit", "editing a user of the directory" },
	{ "directory.invite", "inviting a guest" },
	{ "domains.edit", "editing a tenant's domains" },
	{ "stack.add", "adding a customer subscription to an Azure Stack registration" },
	{ "stack.start", "starting an Azure Stack onboarding" },
};

void
app_draft_words(const struct store_draft *d, char *out, size_t size)
{
	size_t i;
	int step;

	if (strcmp(d->kind, APP_PARTNER_DRAFT_KIND) == 0) {
		for (step = 0; step < CORE_LINK_NSTEPS && strcmp(core_link_steps[step].id, d->step) != 0; step++)
			;
		snprintf(out, size, "the billing profile link wizard%s%s", step < CORE_LINK_NSTEPS ? " at " : "",
			 step < CORE_LINK_NSTEPS ? core_link_steps[step].title : "");
		return;
	}
	if (strcmp(d->kind, APP_ONBOARDING_DRAFT_KIND) == 0) {
		app_onboarding_draft_words(d, out, size);
		return;
	}
	for (i = 0; i < sizeof(draft_kinds) / sizeof(draft_kinds[0]); i++)
		if (strcmp(d->kind, draft_kinds[i].kind) == 0) {
			snprintf(out, size, "%s", draft_kinds[i].words);
			return;
		}
	snprintf(out, size, "a form (%s)", d->kind);
}
