/* app_link: finishing the billing profile link wizard, and its drafts
 * (app_link.h, DOMAIN.md §6). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_draft.h"
#include "billcon/app_link.h"
#include "billcon/app_linkdraft.h"
#include "billcon/app_partner.h"
#include "billcon/app_role.h"
#include "billcon/app_write.h"
#include "billcon/store_draft.h"
#include "billcon/store_role.h"

/* count characters of [A-Z0-9] drawn from fresh GUIDs' bytes into out. */
static void
random_code(char *out, int count)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	char guid[37], hex[3] = "";
	int i, k = 0;

	for (i = 0; i < count; i++) {
		if (i % 12 == 0) {
			app_new_guid(guid);
			k = 0;
		}
		/* The bytes past the GUID's version and variant digits. */
		hex[0] = guid[24 + k];
		hex[1] = guid[25 + k];
		k = (k + 1) % 11;
		out[i] = alphabet[strtoul(hex, NULL, 16) % 36];
	}
	out[count] = '\0';
}

/* A profile's or section's ARM name as Microsoft makes them: "PBFV-4XYZ-BG7-TGB". */
static void
new_profile_name(char out[18])
{
	char code[14];

	random_code(code, 13);
	snprintf(out, 18, "%.4s-%.4s-%.3s-%.3s", code, code + 4, code + 8, code + 10);
}

/* What one link writes, as the apply goes. */
struct link_call {
	struct core_link *l;
	struct store_partner p;
	struct store_account a;
	struct store_profile profile;
	char account_scope[512];
	char msg[512];
};

static json_t *
account_json(const struct store_account *a)
{
	json_t *sold_to = json_pack("{s:o, s:o, s:o}", "companyName", app_json_text(a->sold_to_company),
				    "addressLine1", app_json_text(a->sold_to_address), "country",
				    app_json_text(a->sold_to_country));

	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "name", app_json_text(a->name), "displayName",
			 app_json_text(a->display_name), "agreementType", app_json_text(a->agreement_type),
			 "accountType", app_json_text(a->account_type), "primaryBillingTenantId",
			 app_json_text(a->primary_tenant_id), "soldTo", sold_to, "primaryContact",
			 a->primary_contact[0] ? app_json_text(a->primary_contact) : json_null());
}

/* The actor owns the account they created (DOMAIN.md §4's owner). */
static enum core_status
make_owner(struct app_ctx *ctx, struct link_call *c, const char *tenant, struct core_error *err)
{
	struct store_role r = { .account_id = c->a.id };
	char guid[37], object[1024];
	enum core_status rc;

	app_new_guid(guid);
	snprintf(r.scope, sizeof(r.scope), "%s", c->account_scope);
	app_role_builtin_id(c->account_scope, 0, APP_ROLE_BUILTIN_OWNER, r.role_definition_id,
			    sizeof(r.role_definition_id));
	snprintf(r.name, sizeof(r.name), "%s_%s", strrchr(r.role_definition_id, '/') + 1, guid);
	snprintf(r.role_name, sizeof(r.role_name), "Billing account owner");
	snprintf(r.principal_email, sizeof(r.principal_email), "%s", ctx->actor);
	snprintf(r.principal_tenant_id, sizeof(r.principal_tenant_id), "%s", tenant);
	snprintf(r.created_by, sizeof(r.created_by), "%s", ctx->actor);
	snprintf(r.created_on, sizeof(r.created_on), "%s", ctx->now_iso);
	snprintf(r.status, sizeof(r.status), "Active");
	if ((rc = store_role_insert(ctx->st, &r, err)))
		return rc;
	snprintf(object, sizeof(object), "%s/billingRoleAssignments/%s", r.scope, r.name);
	return app_write_record(ctx, "role.assign", object, NULL, app_role_json(ctx, &r), APP_LOCAL, err);
}

static enum core_status
create_account(struct app_ctx *ctx, struct link_call *c, struct core_error *err)
{
	char g1[37], g2[37], tenant[64];
	struct store_account *a = &c->a;
	enum core_status rc;

	app_partner_sign_in_tenant(ctx, tenant, sizeof(tenant));
	memset(a, 0, sizeof(*a));
	app_new_guid(g1);
	app_new_guid(g2);
	snprintf(a->name, sizeof(a->name), "%s:%s_2019-05-31", g1, g2);
	snprintf(a->display_name, sizeof(a->display_name), "%s", c->l->account_name);
	snprintf(a->agreement_type, sizeof(a->agreement_type), "MicrosoftCustomerAgreement");
	snprintf(a->account_type, sizeof(a->account_type), "Business");
	snprintf(a->primary_tenant_id, sizeof(a->primary_tenant_id), "%s", tenant);
	snprintf(a->sold_to_company, sizeof(a->sold_to_company), "%s", c->p.legal_company);
	snprintf(a->sold_to_address, sizeof(a->sold_to_address), "%s", c->p.legal_address);
	snprintf(a->sold_to_country, sizeof(a->sold_to_country), "%s", c->p.legal_country);
	snprintf(a->primary_contact, sizeof(a->primary_contact), "%s", c->l->primary_contact);
	if ((rc = store_account_insert(ctx->st, a, err)))
		return rc;
	store_account_scope(a, c->account_scope, sizeof(c->account_scope));
	rc = app_role_seed_definitions(ctx->st, a->id, c->account_scope, 0, err);
	if (!rc)
		rc = app_write_record(ctx, "billingAccount.create", c->account_scope, NULL, account_json(a), APP_LOCAL,
				      err);
	if (!rc)
		rc = make_owner(ctx, c, tenant, err);
	snprintf(c->l->account, sizeof(c->l->account), "%s", a->name);
	return rc;
}

static enum core_status
create_profile(struct app_ctx *ctx, struct link_call *c, struct core_error *err)
{
	char scope[640], section_scope[800], section[18];
	struct store_profile *p = &c->profile;
	long long section_id;
	enum core_status rc;

	memset(p, 0, sizeof(*p));
	new_profile_name(p->name);
	new_profile_name(section);
	snprintf(p->display_name, sizeof(p->display_name), "%s", c->l->profile_name);
	snprintf(p->payment_instrument, sizeof(p->payment_instrument), "None");
	p->account_id = c->a.id;
	rc = store_profile_insert(ctx->st, c->a.id, p->name, p->display_name, "None", &p->id, err);
	if (!rc)
		rc = store_section_insert(ctx->st, p->id, section, p->display_name, &section_id, err);
	snprintf(scope, sizeof(scope), "%s/billingProfiles/%s", c->account_scope, p->name);
	snprintf(section_scope, sizeof(section_scope), "%s/invoiceSections/%s", scope, section);
	if (!rc)
		rc = app_role_seed_definitions(ctx->st, c->a.id, scope, 1, err);
	if (!rc)
		rc = app_role_seed_definitions(ctx->st, c->a.id, section_scope, 2, err);
	if (!rc)
		rc = app_write_record(ctx, "billingProfile.create", scope, NULL,
				      json_pack("{s:o, s:o, s:s, s:o}", "name", app_json_text(p->name), "displayName",
						app_json_text(p->display_name), "paymentInstrument", "None",
						"invoiceSection", app_json_text(section)),
				      APP_LOCAL, err);
	snprintf(c->l->profile, sizeof(c->l->profile), "%s", p->name);
	return rc;
}

static enum core_status
accept_mca(struct app_ctx *ctx, struct link_call *c, struct core_error *err)
{
	json_t *after;
	enum core_status rc;

	if (c->a.mca_accepted_by[0])
		return CORE_OK;
	if ((rc = store_account_accept_mca(ctx->st, c->a.id, ctx->actor, ctx->now_iso, err)))
		return rc;
	after = json_pack("{s:o, s:o}", "acceptedBy", app_json_text(ctx->actor), "acceptedOn",
			  app_json_text(ctx->now_iso));
	if (core_link_needs_italy(c->l))
		json_object_set_new(after, "italyAcknowledged", json_boolean(c->l->accept_mca_italy));
	return app_write_record(ctx, "billingAccount.acceptMca", c->account_scope,
				json_pack("{s:n, s:n}", "acceptedBy", "acceptedOn"), after, APP_LOCAL, err);
}

static enum core_status
record_link(struct app_ctx *ctx, struct link_call *c, struct core_error *err)
{
	struct store_partner_link old;
	char object[256];
	bool linked;
	enum core_status rc = app_partner_current_link(ctx, c->p.id, &old, &linked, err);

	if (rc)
		return rc;
	if (linked && old.profile_id == c->profile.id)
		return core_error_set(err, CORE_REFUSED, "Billing profile \"%s\" of billing account \"%s\" is the "
				      "linked one already: choose another to change the link.",
				      old.profile_name, old.account_name);
	rc = store_partner_link_insert(ctx->st, c->p.id, c->a.id, c->profile.id, ctx->actor, ctx->now_iso, NULL,
				       err);
	app_partner_object(&c->p, true, object, sizeof(object));
	if (!rc)
		rc = app_write_record(ctx, "partner.link", object,
				      linked ? app_partner_link_json(old.account, old.account_name, old.profile, old.profile_name)
					     : NULL,
				      app_partner_link_json(c->a.name, c->a.display_name, c->profile.name, c->profile.display_name),
				      APP_LOCAL, err);
	return rc;
}

/* The chosen account and profile as the store has them (after the
 * facts are filled in and every rule checked). */
static enum core_status
chosen(struct app_ctx *ctx, struct link_call *c, struct core_error *err)
{
	enum core_status rc = CORE_OK;

	if (!c->l->new_account) {
		rc = store_account_find(ctx->st, c->l->account, &c->a, err);
		store_account_scope(&c->a, c->account_scope, sizeof(c->account_scope));
	}
	if (!rc && !c->l->new_profile)
		rc = store_profile_find(ctx->st, c->a.id, c->l->profile, &c->profile, err);
	return rc;
}

static enum core_status
link_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct link_call *c = data;
	char why[512];
	enum core_status rc = app_partner_get(ctx, &c->p, err);

	if (!rc)
		rc = app_partner_fill(ctx, c->l, err);
	if (rc)
		return rc;
	if (!core_link_check(c->l, why, sizeof(why), NULL))
		return core_error_set(err, CORE_REFUSED, "%s", why);
	rc = chosen(ctx, c, err);
	if (!rc && c->l->new_account)
		rc = create_account(ctx, c, err);
	if (!rc && c->l->new_profile)
		rc = create_profile(ctx, c, err);
	if (!rc)
		rc = accept_mca(ctx, c, err);
	if (!rc)
		rc = record_link(ctx, c, err);
	return rc;
}

enum core_status
app_link_finish(struct app_ctx *ctx, struct core_link *l, char *msg, size_t size, struct core_error *err)
{
	struct link_call c = { .l = l };
	struct app_write w = { .doing = APP_PARTNER_DOING_LINK, .permit = app_partner_permit, .apply = link_apply, .data = &c };
	enum core_status rc = app_run_write(ctx, &w, err);

	if (rc)
		return rc;
	app_draft_discard(ctx, APP_PARTNER_DRAFT_KIND, NULL);
	snprintf(l->account_name, sizeof(l->account_name), "%s", c.a.display_name);
	snprintf(l->profile_name, sizeof(l->profile_name), "%s", c.profile.display_name);
	if (size)
		snprintf(msg, size, "Linked billing profile \"%s\" (%s) of billing account \"%s\" to the Partner "
			 "Center account %s (%s): membership purchases go to it.", c.profile.display_name,
			 c.profile.name, c.a.display_name, c.p.display_name, c.p.partner_id);
	return CORE_OK;
}

/* ---- drafts ---- */

enum core_status
app_link_draft_save(struct app_ctx *ctx, const struct core_wizard *w, const struct core_link *l,
		    struct core_error *err)
{
	json_t *o = app_linkdraft_json(l);
	enum core_status rc;

	if (!o)
		return core_error_set(err, CORE_STORE, "Out of memory keeping a draft.");
	rc = app_draft_save(ctx, APP_PARTNER_DRAFT_KIND, core_wizard_step_id(w), o, err);
	json_decref(o);
	return rc;
}

enum core_status
app_link_draft_read(struct app_ctx *ctx, const struct store_draft *d, struct core_link *l, char *step,
		    size_t size, struct core_error *err)
{
	if (strcmp(d->kind, APP_PARTNER_DRAFT_KIND) != 0 || !app_linkdraft_parse(d->fields, l))
		return core_error_set(err, CORE_USAGE, "That draft is not a billing profile link.");
	if (size)
		snprintf(step, size, "%s", d->step);
	return app_partner_fill(ctx, l, err);
}
