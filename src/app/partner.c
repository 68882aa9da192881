/* app_partner: the Partner Center account's billing profile page and the
 * link wizard's actions (app_partner.h, DOMAIN.md §6). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_partner.h"
#include "billcon/app_write.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"
#include "billcon/store_directory.h"

#define DOING_SET "change the Partner Center account"
#define PARTNER_SET_HINT "billcon partner set --id ID --name NAME --tenants GUID[,GUID]"

/* ---- reading ---- */

void
app_partner_sign_in_tenant(const struct app_ctx *ctx, char *out, size_t size)
{
	struct store_user me;

	if (ctx->cfg.tenant[0])
		snprintf(out, size, "%s", ctx->cfg.tenant);
	else if (store_user_find(ctx->st, ctx->actor, &me, NULL) == CORE_OK)
		snprintf(out, size, "%s", me.home_tenant_id);
	else if (size)
		out[0] = '\0';
}

/* A tenant for a sentence: "Contoso (c0000000-...)", or its ID alone when
 * the directory does not know it. */
static void
tenant_label(struct app_ctx *ctx, const char *tenant_id, char *out, size_t size)
{
	struct store_dir_tenant t;

	if (store_dir_tenant_find(ctx->st, tenant_id, &t, NULL) == CORE_OK)
		snprintf(out, size, "%s (%s)", t.display_name, tenant_id);
	else
		snprintf(out, size, "%s", tenant_id[0] ? tenant_id : "no tenant");
}

enum core_status
app_partner_get(struct app_ctx *ctx, struct store_partner *p, struct core_error *err)
{
	enum core_status rc = store_partner_get(ctx->st, p, err);

	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, rc, "This store has no Partner Center account: enter it with " PARTNER_SET_HINT ".");
	return rc;
}

static void
read_tenant_names(struct app_ctx *ctx, struct app_partner_page *out)
{
	struct store_dir_tenant t;
	int i;

	for (i = 0; i < out->ntenants && i < APP_PARTNER_MAX_TENANTS; i++)
		snprintf(out->tenant_names[i], sizeof(out->tenant_names[i]), "%s",
			 store_dir_tenant_find(ctx->st, out->tenants[i], &t, NULL) == CORE_OK ? t.display_name : "");
}

enum core_status
app_partner_current_link(struct app_ctx *ctx, long long partner, struct store_partner_link *l, bool *linked,
	     struct core_error *err)
{
	enum core_status rc = store_partner_link_current(ctx->st, partner, l, err);

	*linked = rc == CORE_OK;
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		memset(l, 0, sizeof(*l));
		return CORE_OK;
	}
	return rc;
}

enum core_status
app_partner_read(struct app_ctx *ctx, struct app_partner_page *out, struct core_error *err)
{
	enum core_status rc;

	memset(out, 0, sizeof(*out));
	app_touch(ctx);
	if ((rc = app_partner_get(ctx, &out->partner, err)))
		return rc;
	rc = store_partner_tenants(ctx->st, out->partner.id, out->tenants, APP_PARTNER_MAX_TENANTS,
				   &out->ntenants, err);
	if (out->ntenants > APP_PARTNER_MAX_TENANTS)
		out->ntenants = APP_PARTNER_MAX_TENANTS;
	if (!rc)
		read_tenant_names(ctx, out);
	app_partner_sign_in_tenant(ctx, out->sign_in_tenant, sizeof(out->sign_in_tenant));
	if (!rc)
		rc = app_partner_current_link(ctx, out->partner.id, &out->link, &out->linked, err);
	if (!rc)
		rc = store_partner_links(ctx->st, out->partner.id, out->history, APP_PARTNER_MAX_HISTORY,
					 &out->history_total, err);
	out->nhistory = out->history_total < APP_PARTNER_MAX_HISTORY ? out->history_total
								     : APP_PARTNER_MAX_HISTORY;
	return rc;
}

/* ---- the preconditions ---- */

/* The partner's tenants, and whether tenant_id is one of them. */
struct partner_facts {
	struct store_partner p;
	char tenants[APP_PARTNER_MAX_TENANTS][64];
	int ntenants;
	char sign_in[64];
};

static enum core_status
read_facts(struct app_ctx *ctx, struct partner_facts *f, struct core_error *err)
{
	enum core_status rc = app_partner_get(ctx, &f->p, err);

	f->ntenants = 0;
	if (!rc)
		rc = store_partner_tenants(ctx->st, f->p.id, f->tenants, APP_PARTNER_MAX_TENANTS, &f->ntenants, err);
	if (f->ntenants > APP_PARTNER_MAX_TENANTS)
		f->ntenants = APP_PARTNER_MAX_TENANTS;
	app_partner_sign_in_tenant(ctx, f->sign_in, sizeof(f->sign_in));
	return rc;
}

static bool
has_tenant(const struct partner_facts *f, const char *tenant_id)
{
	int i;

	for (i = 0; i < f->ntenants; i++)
		if (strcasecmp(f->tenants[i], tenant_id) == 0)
			return true;
	return false;
}

/* CORE_OK when the actor is a member Global administrator of the sign-in
 * tenant; doing names what it is needed for. */
static enum core_status
require_global_admin(struct app_ctx *ctx, const char *sign_in, const char *doing, struct core_error *err)
{
	struct store_user me;
	char tenant[400];
	enum core_status rc = store_user_find(ctx->st, ctx->actor, &me, err);

	if (rc && rc != CORE_NOT_FOUND)
		return rc;
	core_error_clear(err);
	if (!rc && me.global_admin && !me.guest_state[0] && strcasecmp(me.home_tenant_id, sign_in) == 0)
		return CORE_OK;
	tenant_label(ctx, sign_in, tenant, sizeof(tenant));
	return core_error_set(err, CORE_FORBIDDEN,
			      "%s is not a Global administrator of %s, the tenant you sign in through: only a "
			      "Global administrator may %s; sign in as one (--as EMAIL, and --tenant GUID).",
			      ctx->actor, tenant, doing);
}

/* The sign-in tenant is one of the account's. */
static enum core_status
require_member_tenant(struct app_ctx *ctx, const struct partner_facts *f, struct core_error *err)
{
	char signed_in[400];

	if (has_tenant(f, f->sign_in))
		return CORE_OK;
	tenant_label(ctx, f->sign_in, signed_in, sizeof(signed_in));
	return core_error_set(err, CORE_FORBIDDEN,
			      "You sign in through %s, which is not one of the Partner Center account's tenants: "
			      "sign in through one of them (billcon partner show lists them).", signed_in);
}

/* With several tenants, the sign-in tenant is the one chosen for
 * membership purchases. */
static enum core_status
require_purchase_tenant(struct app_ctx *ctx, const struct partner_facts *f, struct core_error *err)
{
	char chosen[400];

	if (f->ntenants < 2 || strcasecmp(f->sign_in, f->p.purchase_tenant_id) == 0)
		return CORE_OK;
	if (!f->p.purchase_tenant_id[0])
		return core_error_set(err, CORE_REFUSED,
				      "Several tenants are linked to the Partner Center account and none is chosen "
				      "for membership purchases: choose one (billcon partner set --purchase-tenant GUID).");
	tenant_label(ctx, f->p.purchase_tenant_id, chosen, sizeof(chosen));
	return core_error_set(err, CORE_REFUSED,
			      "Several tenants are linked to the Partner Center account: sign in through %s, the "
			      "tenant chosen for membership purchases (billcon --tenant %s).",
			      chosen, f->p.purchase_tenant_id);
}

static enum core_status
require_active(const struct partner_facts *f, struct core_error *err)
{
	if (strcmp(f->p.state, "Active") == 0)
		return CORE_OK;
	return core_error_set(err, CORE_REFUSED,
			      "The Partner Center account %s (%s) is %s: a billing profile can be linked only "
			      "while it is Active; link it once Partner Center has activated the account.",
			      f->p.display_name, f->p.partner_id, f->p.state);
}

enum core_status
app_partner_permit(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct partner_facts f;
	enum core_status rc = read_facts(ctx, &f, err);

	(void)data;
	if (!rc)
		rc = require_global_admin(ctx, f.sign_in, APP_PARTNER_DOING_LINK, err);
	if (!rc)
		rc = require_member_tenant(ctx, &f, err);
	if (!rc)
		rc = require_active(&f, err);
	if (!rc)
		rc = require_purchase_tenant(ctx, &f, err);
	return rc;
}

enum core_status
app_partner_preconditions(struct app_ctx *ctx, struct core_error *err)
{
	enum core_status rc = app_require_change(ctx, APP_PARTNER_DOING_LINK, err);

	return rc ? rc : app_partner_permit(ctx, NULL, err);
}

/* ---- the wizard's lists ---- */

/* The account named name (ARM or display name) of the sign-in tenant. */
static enum core_status
tenant_account(struct app_ctx *ctx, const char *name, struct store_account *a, struct core_error *err)
{
	char sign_in[64], shown[CORE_ECHO_BYTES], tenant[400];
	enum core_status rc = store_account_find(ctx->st, name, a, err);

	app_partner_sign_in_tenant(ctx, sign_in, sizeof(sign_in));
	if (rc == CORE_OK && strcasecmp(a->primary_tenant_id, sign_in) == 0)
		return CORE_OK;
	if (rc && rc != CORE_NOT_FOUND)
		return rc;
	tenant_label(ctx, sign_in, tenant, sizeof(tenant));
	return core_error_set(err, CORE_NOT_FOUND, "%s has no billing account named \"%s\".", tenant,
			      core_text_echo(name, shown));
}

enum core_status
app_partner_accounts(struct app_ctx *ctx, struct app_partner_account *out, int max, int *n,
		     struct core_error *err)
{
	struct store_account *found = calloc(max > 0 ? (size_t)max : 1, sizeof(*found));
	char sign_in[64];
	enum core_status rc;
	int i;

	if (!found)
		return core_error_set(err, CORE_STORE, "Out of memory reading billing accounts.");
	app_partner_sign_in_tenant(ctx, sign_in, sizeof(sign_in));
	rc = store_partner_accounts(ctx->st, sign_in, found, max, n, err);
	for (i = 0; !rc && i < *n && i < max; i++) {
		out[i].account = found[i];
		rc = store_profiles_of(ctx->st, found[i].id, NULL, 0, &out[i].nprofiles, err);
	}
	free(found);
	return rc;
}

enum core_status
app_partner_profiles(struct app_ctx *ctx, const char *account, struct store_profile *out, int max, int *n,
		     struct core_error *err)
{
	struct store_account a;
	enum core_status rc = tenant_account(ctx, account, &a, err);

	*n = 0;
	return rc ? rc : store_profiles_of(ctx->st, a.id, out, max, n, err);
}

enum core_status
app_partner_new_account_defaults(struct app_ctx *ctx, char *name, size_t name_size, char *address,
				 size_t address_size, char *country, size_t country_size, char *contact,
				 size_t contact_size, struct core_error *err)
{
	struct store_partner p;
	enum core_status rc = app_partner_get(ctx, &p, err);

	if (rc)
		return rc;
	snprintf(name, name_size, "%s", p.legal_company);
	snprintf(address, address_size, "%s", p.legal_address);
	snprintf(country, country_size, "%s", p.legal_country);
	snprintf(contact, contact_size, "%s", p.legal_contact);
	return CORE_OK;
}

/* ---- the facts of a choice ---- */

/* The first profile of a with no payment instrument, which must be reused. */
static enum core_status
fill_reuse(struct app_ctx *ctx, const struct store_account *a, struct core_link *l, struct core_error *err)
{
	struct store_profile profiles[64];
	int n = 0, i;
	enum core_status rc = store_profiles_of(ctx->st, a->id, profiles, 64, &n, err);

	l->reuse_profile[0] = l->reuse_profile_name[0] = '\0';
	for (i = 0; !rc && i < n && i < 64; i++)
		if (!profiles[i].payment_instrument[0] || strcasecmp(profiles[i].payment_instrument, "None") == 0) {
			snprintf(l->reuse_profile, sizeof(l->reuse_profile), "%s", profiles[i].name);
			snprintf(l->reuse_profile_name, sizeof(l->reuse_profile_name), "%s", profiles[i].display_name);
			break;
		}
	return rc;
}

/* The chosen profile of a, by its ARM name or display name, named as the
 * store has it. */
static enum core_status
fill_profile(struct app_ctx *ctx, const struct store_account *a, struct core_link *l, struct core_error *err)
{
	struct store_profile p;
	char shown[CORE_ECHO_BYTES];
	enum core_status rc;

	if (l->new_profile || !l->profile[0])
		return CORE_OK;
	rc = store_profile_find(ctx->st, a->id, l->profile, &p, err);
	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, rc, "Billing account \"%s\" has no billing profile named \"%s\".",
				      a->display_name, core_text_echo(l->profile, shown));
	if (!rc) {
		snprintf(l->profile, sizeof(l->profile), "%s", p.name);
		snprintf(l->profile_name, sizeof(l->profile_name), "%s", p.display_name);
	}
	return rc;
}

/* A change runs on a current link: the change of profile keeps its
 * account. */
static enum core_status
fill_mode(struct app_ctx *ctx, long long partner, struct core_link *l, struct core_error *err)
{
	struct store_partner_link cur;
	bool linked;
	enum core_status rc;

	if (l->mode == CORE_LINK_NEW)
		return CORE_OK;
	if ((rc = app_partner_current_link(ctx, partner, &cur, &linked, err)))
		return rc;
	if (!linked)
		return core_error_set(err, CORE_REFUSED, "No billing profile is linked yet, so there is nothing to "
				      "change: link one first (billcon partner link, or Start on the Billing profile page).");
	if (l->mode == CORE_LINK_CHANGE_PROFILE) {
		l->new_account = false;
		snprintf(l->account, sizeof(l->account), "%s", cur.account);
	}
	return CORE_OK;
}

enum core_status
app_partner_fill(struct app_ctx *ctx, struct core_link *l, struct core_error *err)
{
	struct store_partner p;
	struct store_account a;
	enum core_status rc = app_partner_get(ctx, &p, err);

	if (!rc)
		rc = fill_mode(ctx, p.id, l, err);
	if (rc)
		return rc;
	l->mca_accepted = false;
	l->reuse_profile[0] = l->reuse_profile_name[0] = '\0';
	if (l->new_account) {
		snprintf(l->sold_to_country, sizeof(l->sold_to_country), "%s", p.legal_country);
		if (!l->new_profile && l->profile[0])
			return core_error_set(err, CORE_NOT_FOUND, "A new billing account has no billing profiles yet: "
					      "create one (Create new billing profile, --new-profile NAME).");
		return CORE_OK;
	}
	l->sold_to_country[0] = '\0';
	if (!l->account[0])
		return CORE_OK;
	if ((rc = tenant_account(ctx, l->account, &a, err)))
		return rc;
	snprintf(l->account, sizeof(l->account), "%s", a.name);
	snprintf(l->account_name, sizeof(l->account_name), "%s", a.display_name);
	l->mca_accepted = a.mca_accepted_by[0] != '\0';
	snprintf(l->sold_to_country, sizeof(l->sold_to_country), "%s", a.sold_to_country);
	rc = fill_reuse(ctx, &a, l, err);
	return rc ? rc : fill_profile(ctx, &a, l, err);
}

/* ---- membership purchases ---- */

enum core_status
app_partner_purchase(struct app_ctx *ctx, char *msg, size_t size, struct core_error *err)
{
	struct store_partner p;
	struct store_partner_link cur;
	bool linked = false;
	enum core_status rc = app_partner_get(ctx, &p, err);

	if (!rc)
		rc = app_partner_current_link(ctx, p.id, &cur, &linked, err);
	if (rc)
		return rc;
	if (!linked)
		return core_error_set(err, CORE_REFUSED, "No billing profile is linked to the Partner Center account "
				      "%s (%s), and membership purchases need one: link one first (billcon partner "
				      "link, or Start on the Billing profile page).", p.display_name, p.partner_id);
	if (size)
		snprintf(msg, size, "Membership purchases of %s (%s) go to billing profile \"%s\" (%s) of billing "
			 "account \"%s\".", p.display_name, p.partner_id, cur.profile_name, cur.profile,
			 cur.account_name);
	return CORE_OK;
}

/* ---- partner set ---- */

static const char *const partner_states[] = { "Active", "Pending", "Suspended", "Closed" };

/* The tenants of s, each a GUID, none twice; CORE_USAGE for the first
 * bad one. */
static enum core_status
parse_tenants(const char *list, char (*out)[64], int *n, struct core_error *err)
{
	char buf[APP_PARTNER_MAX_TENANTS * 64 + 64], shown[CORE_ECHO_BYTES], *save = NULL, *tok;
	int i;

	*n = 0;
	if (strlen(list) >= sizeof(buf))
		return core_error_set(err, CORE_USAGE, "Give at most %d tenants.", APP_PARTNER_MAX_TENANTS);
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (isspace((unsigned char)*tok))
			tok++;
		if (*n == APP_PARTNER_MAX_TENANTS)
			return core_error_set(err, CORE_USAGE, "Give at most %d tenants.", APP_PARTNER_MAX_TENANTS);
		if (!core_guid_parse(tok, out[*n], NULL))
			return core_error_set(err, CORE_USAGE, "\"%s\" is not a tenant ID: tenants are GUIDs, "
					      "separated by commas.", core_text_echo(tok, shown));
		for (i = 0; i < *n; i++)
			if (strcmp(out[i], out[*n]) == 0)
				return core_error_set(err, CORE_USAGE, "The tenant %s is given twice.", out[i]);
		(*n)++;
	}
	return *n ? CORE_OK : core_error_set(err, CORE_USAGE, "Give at least one tenant.");
}

static enum core_status
set_state(const char *value, char *out, size_t size, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	size_t i;

	for (i = 0; i < sizeof(partner_states) / sizeof(partner_states[0]); i++)
		if (strcasecmp(value, partner_states[i]) == 0) {
			snprintf(out, size, "%s", partner_states[i]);
			return CORE_OK;
		}
	return core_error_set(err, CORE_USAGE, "The state is Active, Pending, Suspended or Closed, not \"%s\".",
			      core_text_echo(value, shown));
}

/* One text field of the account: a line of at most max characters. */
static enum core_status
set_line(const char *value, const char *what, size_t max, char *out, size_t size, struct core_error *err)
{
	char *parsed = malloc(max * 4 + 1);
	enum core_status rc = CORE_USAGE;

	if (!parsed)
		return core_error_set(err, CORE_STORE, "Out of memory.");
	if (core_line_parse(value, what, max, parsed, err)) {
		snprintf(out, size, "%s", parsed);
		rc = CORE_OK;
	}
	free(parsed);
	return rc;
}

static enum core_status
set_country(const char *value, char *out, size_t size, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];

	if (strlen(value) != 2 || !isalpha((unsigned char)value[0]) || !isalpha((unsigned char)value[1]))
		return core_error_set(err, CORE_USAGE, "The country is two letters (ISO 3166), such as US or IT, "
				      "not \"%s\".", core_text_echo(value, shown));
	snprintf(out, size, "%c%c", toupper((unsigned char)value[0]), toupper((unsigned char)value[1]));
	return CORE_OK;
}

/* The account as it will be: what was there, with s's values, each
 * validated. */
struct set_call {
	const struct app_partner_set *s;
	struct store_partner before, after;
	bool existed;
	char tenants_before[APP_PARTNER_MAX_TENANTS][64], tenants[APP_PARTNER_MAX_TENANTS][64];
	int nbefore, ntenants;
};

static enum core_status
set_texts(struct set_call *c, struct core_error *err)
{
	const struct app_partner_set *s = c->s;
	struct store_partner *p = &c->after;
	char contact[CORE_EMAIL_MAX + 1];
	enum core_status rc = CORE_OK;

	if (s->partner_id)
		rc = set_line(s->partner_id, "partner ID", 63, p->partner_id, sizeof(p->partner_id), err);
	if (!rc && s->display_name)
		rc = set_line(s->display_name, "name", 64, p->display_name, sizeof(p->display_name), err);
	if (!rc && s->state)
		rc = set_state(s->state, p->state, sizeof(p->state), err);
	if (!rc && s->legal_company)
		rc = set_line(s->legal_company, "company name", 63, p->legal_company, sizeof(p->legal_company), err);
	if (!rc && s->legal_address)
		rc = set_line(s->legal_address, "address", 127, p->legal_address, sizeof(p->legal_address), err);
	if (!rc && s->legal_country)
		rc = set_country(s->legal_country, p->legal_country, sizeof(p->legal_country), err);
	if (!rc && s->legal_contact && s->legal_contact[0]) {
		if (!core_email_parse(s->legal_contact, contact, err))
			return CORE_USAGE;
		snprintf(p->legal_contact, sizeof(p->legal_contact), "%s", contact);
	} else if (!rc && s->legal_contact) {
		p->legal_contact[0] = '\0';
	}
	return rc;
}

static enum core_status
set_tenants(struct set_call *c, struct core_error *err)
{
	const struct app_partner_set *s = c->s;
	char purchase[64] = "", tenant[64];
	int i;

	if (s->tenants && parse_tenants(s->tenants, c->tenants, &c->ntenants, err))
		return CORE_USAGE;
	if (s->purchase_tenant && s->purchase_tenant[0] && !core_guid_parse(s->purchase_tenant, purchase, NULL))
		return core_error_set(err, CORE_USAGE, "The tenant for membership purchases is a tenant ID, a GUID.");
	if (s->purchase_tenant)
		snprintf(c->after.purchase_tenant_id, sizeof(c->after.purchase_tenant_id), "%s",
			 s->purchase_tenant[0] ? purchase : "");
	if (!c->after.purchase_tenant_id[0])
		return CORE_OK;
	for (i = 0; i < c->ntenants; i++)
		if (strcmp(c->tenants[i], c->after.purchase_tenant_id) == 0)
			return CORE_OK;
	snprintf(tenant, sizeof(tenant), "%s", c->after.purchase_tenant_id);
	return core_error_set(err, CORE_USAGE, "The tenant chosen for membership purchases, %s, must be one of the "
			      "Partner Center account's tenants (--tenants).", tenant);
}

static json_t *
legal_json(const struct store_partner *p)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "companyName", app_json_text(p->legal_company), "address",
			 app_json_text(p->legal_address), "country", app_json_text(p->legal_country), "contactEmail",
			 p->legal_contact[0] ? app_json_text(p->legal_contact) : json_null());
}

/* The account's own fields, tenants (a JSON array) added. */
static json_t *
partner_fields_json(const struct store_partner *p, json_t *tenants)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "partnerId", app_json_text(p->partner_id), "displayName",
			 app_json_text(p->display_name), "state", app_json_text(p->state), "tenants", tenants,
			 "purchaseTenantId",
			 p->purchase_tenant_id[0] ? app_json_text(p->purchase_tenant_id) : json_null(), "legalProfile",
			 legal_json(p));
}

static json_t *
partner_json(const struct store_partner *p, const char (*tenants)[64], int n)
{
	json_t *list = json_array();
	int i;

	for (i = 0; i < n; i++)
		json_array_append_new(list, app_json_text(tenants[i]));
	return partner_fields_json(p, list);
}

void
app_partner_object(const struct store_partner *p, bool link, char *out, size_t size)
{
	snprintf(out, size, "/providers/Microsoft.PartnerCenter/partners/%s%s", p->partner_id,
		 link ? "/billingProfileLink" : "");
}

json_t *
app_partner_link_json(const char *account, const char *account_name, const char *profile, const char *profile_name)
{
	return json_pack("{s:{s:o, s:o}, s:{s:o, s:o}}", "billingAccount", "name", app_json_text(account),
			 "displayName", app_json_text(account_name), "billingProfile", "name",
			 app_json_text(profile), "displayName", app_json_text(profile_name));
}

static json_t *
history_json(const struct store_partner_link *l)
{
	json_t *o = app_partner_link_json(l->account, l->account_name, l->profile, l->profile_name);

	json_object_set_new(o, "linkedBy", app_json_text(l->linked_by));
	json_object_set_new(o, "linkedOn", app_json_text(l->linked_on));
	json_object_set_new(o, "unlinkedOn", l->unlinked_on[0] ? app_json_text(l->unlinked_on) : json_null());
	return o;
}

json_t *
app_partner_page_json(const struct app_partner_page *page)
{
	json_t *tenants = json_array(), *history = json_array(), *o;
	int i;

	for (i = 0; i < page->ntenants; i++)
		json_array_append_new(tenants, json_pack("{s:o, s:o, s:b, s:b}", "tenantId",
			app_json_text(page->tenants[i]), "displayName", app_json_text(page->tenant_names[i]),
			"purchase", strcasecmp(page->tenants[i], page->partner.purchase_tenant_id) == 0, "signIn",
			strcasecmp(page->tenants[i], page->sign_in_tenant) == 0));
	for (i = 0; i < page->nhistory; i++)
		json_array_append_new(history, history_json(&page->history[i]));
	o = partner_fields_json(&page->partner, tenants);
	json_object_set_new(o, "signInTenant", page->sign_in_tenant[0] ? app_json_text(page->sign_in_tenant) : json_null());
	json_object_set_new(o, "link", page->linked ? history_json(&page->link) : json_null());
	json_object_set_new(o, "history", history);
	json_object_set_new(o, "historyTotal", json_integer(page->history_total));
	return o;
}

/* Reads what is there (nothing yet is fine, but a first entry needs an
 * ID and a name). */
static enum core_status
set_read(struct app_ctx *ctx, struct set_call *c, struct core_error *err)
{
	enum core_status rc = store_partner_get(ctx->st, &c->before, err);

	c->existed = rc == CORE_OK;
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		memset(&c->before, 0, sizeof(c->before));
		snprintf(c->before.state, sizeof(c->before.state), "Active");
		if (!c->s->partner_id || !c->s->display_name)
			return core_error_set(err, CORE_USAGE, "There is no Partner Center account yet: give at least "
					      "its --id and --name.");
		rc = CORE_OK;
	}
	if (!rc && c->existed)
		rc = store_partner_tenants(ctx->st, c->before.id, c->tenants_before, APP_PARTNER_MAX_TENANTS,
					   &c->nbefore, err);
	if (c->nbefore > APP_PARTNER_MAX_TENANTS)
		c->nbefore = APP_PARTNER_MAX_TENANTS;
	c->after = c->before;
	memcpy(c->tenants, c->tenants_before, sizeof(c->tenants));
	c->ntenants = c->nbefore;
	return rc;
}

static enum core_status
set_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct set_call *c = data;
	char object[256];
	enum core_status rc = set_read(ctx, c, err);

	if (!rc)
		rc = set_texts(c, err);
	if (!rc)
		rc = set_tenants(c, err);
	if (!rc)
		rc = store_partner_save(ctx->st, &c->after, err);
	if (!rc && c->s->tenants)
		rc = store_partner_set_tenants(ctx->st, c->after.id, (const char (*)[64])c->tenants, c->ntenants, err);
	app_partner_object(&c->after, false, object, sizeof(object));
	if (!rc)
		rc = app_write_record(ctx, "partner.set", object,
				      c->existed ? partner_json(&c->before, (const char (*)[64])c->tenants_before,
								c->nbefore)
						 : NULL,
				      partner_json(&c->after, (const char (*)[64])c->tenants, c->ntenants), APP_LOCAL, err);
	return rc;
}

/* The account is entered by a Global administrator of the tenant they sign
 * in through, as Partner Center's own settings are. */
static enum core_status
permit_set(struct app_ctx *ctx, void *data, struct core_error *err)
{
	char sign_in[64];

	(void)data;
	app_partner_sign_in_tenant(ctx, sign_in, sizeof(sign_in));
	return require_global_admin(ctx, sign_in, "change the Partner Center account", err);
}

enum core_status
app_partner_set(struct app_ctx *ctx, const struct app_partner_set *s, struct core_error *err)
{
	struct set_call c = { .s = s };
	struct app_write w = { .doing = DOING_SET, .permit = permit_set, .apply = set_apply, .data = &c };

	return app_run_write(ctx, &w, err);
}
