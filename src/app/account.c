#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_account.h"
#include "billcon/app_context.h"
#include "billcon/app_json.h"
#include "billcon/app_role.h"
#include "billcon/core_clock.h"
#include "billcon/core_text.h"
#include "billcon/store_role.h"

enum core_status
app_account_switch(struct app_ctx *ctx, const char *name, struct core_error *err)
{
	struct store_account was = ctx->account, to;
	char shown[CORE_ECHO_BYTES];
	enum core_status rc = store_account_find(ctx->st, name, &to, err);

	if (rc)
		return rc;
	app_touch(ctx);
	ctx->account = to;
	store_account_scope(&ctx->account, ctx->account_scope, sizeof(ctx->account_scope));
	rc = app_load_grants(ctx, err);
	if (!rc && ctx->ngrants == 0)
		rc = core_error_set(err, CORE_FORBIDDEN, "%s holds no billing role on \"%s\", so it stays hidden.",
				    ctx->actor, core_text_echo(to.display_name, shown));
	if (rc) {
		ctx->account = was;
		store_account_scope(&ctx->account, ctx->account_scope, sizeof(ctx->account_scope));
		app_load_grants(ctx, NULL);
		return rc;
	}
	/* Chosen now: no longer one that stood in for several. */
	ctx->account_note[0] = '\0';
	return CORE_OK;
}

json_t *
app_account_json(const struct app_ctx *ctx, const struct store_account *a)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
			 "name", app_json_text(a->name), "displayName", app_json_text(a->display_name),
			 "agreementType", app_json_text(a->agreement_type),
			 "accountType", app_json_text(a->account_type),
			 "accountStatus", app_json_text(a->account_status),
			 "primaryTenantId", app_json_text(a->primary_tenant_id),
			 "soldToCountry", app_json_text(a->sold_to_country),
			 "inScope", a->id == ctx->account.id);
}

static const char *const seed_names[] = {
	"Adatum", "Alpine Ski House", "Bellows College", "Coho Winery", "Fourth Coffee",
	"Litware", "Lucerne Publishing", "Margie's Travel", "Proseware", "Tailspin Toys",
	"Wide World Importers", "Woodgrove Bank",
};
#define NSEED_NAMES (sizeof(seed_names) / sizeof(seed_names[0]))

static enum core_status
seed_one(struct store *st, long i, const char *email, const char *tenant_id, const char *now,
	 struct core_error *err)
{
	struct store_account a = { 0 };
	struct store_role r = { 0 };
	char scope[512], profile[32], section[32];
	long long pid = 0;
	enum core_status rc;

	snprintf(a.name, sizeof(a.name), "a%07lx-0000-4000-8000-000000000000:b%07lx-0000-4000-8000-000000000000_2020-01-01",
		 i, i);
	snprintf(a.display_name, sizeof(a.display_name), "%s %04ld", seed_names[i % NSEED_NAMES], i);
	snprintf(a.agreement_type, sizeof(a.agreement_type), "MicrosoftCustomerAgreement");
	snprintf(a.account_type, sizeof(a.account_type), i % 3 ? "Business" : "Enterprise");
	snprintf(a.primary_tenant_id, sizeof(a.primary_tenant_id), "d%07lx-0000-4000-8000-000000000000", i);
	snprintf(a.sold_to_country, sizeof(a.sold_to_country), "US");
	snprintf(profile, sizeof(profile), "GP%05ld-AAA-TGB", i);
	snprintf(section, sizeof(section), "GS%05ld-AAA-TGB", i);
	rc = store_account_insert(st, &a, err);
	if (!rc)
		rc = store_profile_insert(st, a.id, profile, a.display_name, NULL, &pid, err);
	if (!rc)
		rc = store_section_insert(st, pid, section, a.display_name, NULL, err);
	store_account_scope(&a, scope, sizeof(scope));
	if (!rc)
		rc = app_role_seed_definitions(st, a.id, scope, 0, err);
	if (rc)
		return rc;
	r.account_id = a.id;
	snprintf(r.scope, sizeof(r.scope), "%s", scope);
	app_role_builtin_id(scope, 0, APP_ROLE_BUILTIN_READER, r.role_definition_id, sizeof(r.role_definition_id));
	snprintf(r.name, sizeof(r.name), "e%07lx-0000-4000-8000-000000000000", i);
	snprintf(r.principal_email, sizeof(r.principal_email), "%s", email);
	snprintf(r.principal_tenant_id, sizeof(r.principal_tenant_id), "%s", tenant_id);
	snprintf(r.created_by, sizeof(r.created_by), "%s", email);
	snprintf(r.created_on, sizeof(r.created_on), "%s", now);
	return store_role_insert(st, &r, err);
}

enum core_status
app_account_seed_many(struct store *st, long n, const char *email, const char *tenant_id,
		      time_t now, struct core_error *err)
{
	char when[CORE_TIME_ISO_LEN + 1];
	enum core_status rc = CORE_OK;
	long i;

	core_time_iso(now, when);
	for (i = 1; !rc && i <= n; i++)
		rc = seed_one(st, i, email, tenant_id, when, err);
	return rc;
}
