#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_context.h"
#include "billcon/app_provision.h"
#include "billcon/app_tenant.h"
#include "billcon/app_write.h"
#include "billcon/core_tenant.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"

#define DOING "provision subscriptions"

/* The rule of DOMAIN.md §3: only into a tenant whose provisioning is
 * Active, as a sentence (err) and in a few words (words). */
static enum core_status
rule(const struct store_tenant *t, char *words, size_t size, struct core_error *err)
{
	if (strcmp(t->provisioning_state, CORE_PM_ACTIVE) != 0) {
		snprintf(words, size, "provisioning is %s, not Active", core_pm_words(t->provisioning_state));
		return core_error_set(err, CORE_REFUSED,
			"Subscriptions can be provisioned into \"%s\" only while its provisioning is Active; it is %s (%s).",
			t->display_name, core_pm_words(t->provisioning_state), t->provisioning_state);
	}
	if (!t->tenant_id[0]) {
		snprintf(words, size, "the tenant's ID is not known yet");
		return core_error_set(err, CORE_REFUSED,
			"\"%s\" is known only by its domain %s until sync resolves its tenant ID; a subscription needs the ID.",
			t->display_name, t->domain);
	}
	return CORE_OK;
}

bool
app_provision_may(struct app_ctx *ctx, const struct store_tenant *t, struct app_denial *d)
{
	if (!app_may(ctx, CORE_NEED_MANAGE, NULL, true, d))
		return false;
	if (rule(t, d->words, sizeof(d->words), NULL) == CORE_OK)
		return true;
	d->why = APP_DENY_RULE;
	return false;
}

struct provision_call {
	const char *key;
	const char *name;       /* parsed */
	const char *section;    /* or NULL */
	struct store_subscription sub;
};

static enum core_status
section_of(struct app_ctx *ctx, const char *name, struct store_section *out, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	enum core_status rc = store_section_find(ctx->st, ctx->account.id, name, out, err);

	if (rc == CORE_NOT_FOUND && name)
		core_error_set(err, rc, "Billing account \"%s\" has no invoice section \"%s\".",
			       ctx->account.display_name, core_text_echo(name, shown));
	else if (rc == CORE_NOT_FOUND)
		core_error_set(err, rc, "Billing account \"%s\" has no invoice section to bill a subscription to.",
			       ctx->account.display_name);
	return rc;
}

static enum core_status
provision_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct provision_call *c = data;
	struct store_subscription *sub = &c->sub;
	struct store_tenant t;
	struct store_section sec;
	char words[160], object[1024], section[1024];
	enum core_status rc = app_tenant_get(ctx, c->key, &t, err);

	if (!rc)
		rc = rule(&t, words, sizeof(words), err);
	if (!rc)
		rc = section_of(ctx, c->section, &sec, err);
	if (rc)
		return rc;
	sub->section_id = sec.id;
	app_new_guid(sub->subscription_id);
	snprintf(sub->display_name, sizeof(sub->display_name), "%s", c->name);
	snprintf(sub->service_tenant_id, sizeof(sub->service_tenant_id), "%s", t.tenant_id);
	snprintf(sub->status, sizeof(sub->status), "Active");
	rc = store_subscription_insert(ctx->st, sub, err);
	if (rc)
		return rc;
	snprintf(object, sizeof(object), "%s/billingSubscriptions/%s", ctx->account_scope, sub->subscription_id);
	snprintf(section, sizeof(section), "%s/billingProfiles/%s/invoiceSections/%s", ctx->account_scope,
		 sec.profile_name, sec.name);
	return app_write_record(ctx, "subscription.provision", object, NULL,
				json_pack("{s:s, s:s, s:s, s:s, s:s}", "displayName", sub->display_name,
					  "productCategory", "Microsoft 365", "serviceTenantId",
					  sub->service_tenant_id, "invoiceSectionId", section, "status",
					  sub->status),
				APP_PUSHED, err);
}

enum core_status
app_provision_subscription(struct app_ctx *ctx, const char *key, const char *name,
			   const char *section, struct store_subscription *out,
			   struct core_error *err)
{
	char parsed[CORE_NAME_MAX_BYTES];
	struct provision_call c = { .key = key, .name = parsed, .section = section };
	struct app_write w = { .doing = DOING, .need = CORE_NEED_MANAGE, .apply = provision_apply,
			       .data = &c };
	enum core_status rc;

	if (!core_name_parse(name ? name : "", parsed, err))
		return CORE_USAGE;
	rc = app_run_write(ctx, &w, err);
	if (!rc && out)
		*out = c.sub;
	return rc;
}
