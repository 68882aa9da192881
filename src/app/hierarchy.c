#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_hierarchy.h"
#include "billcon/app_write.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"

static void
put(json_t *o, const char *key, const char *value)
{
	json_object_set_new(o, key, app_json_text(value));
}

static void
profile_scope(const struct app_ctx *ctx, const char *profile, char *out, size_t size)
{
	snprintf(out, size, "%s/billingProfiles/%s", ctx->account_scope, profile);
}

static void
section_scope(const struct app_ctx *ctx, const char *profile, const char *section, char *out, size_t size)
{
	snprintf(out, size, "%s/billingProfiles/%s/invoiceSections/%s", ctx->account_scope, profile, section);
}

static void
subscription_object(const struct app_ctx *ctx, const char *id, char *out, size_t size)
{
	snprintf(out, size, "%s/billingSubscriptions/%s", ctx->account_scope, id);
}

void
app_hier_object(const struct app_ctx *ctx, const struct store_tree_row *r, char *out, size_t size)
{
	switch (r->depth) {
	case STORE_TREE_ACCOUNT:
		snprintf(out, size, "%s", ctx->account_scope);
		break;
	case STORE_TREE_PROFILE:
		profile_scope(ctx, r->name, out, size);
		break;
	case STORE_TREE_SECTION:
		section_scope(ctx, r->profile_name, r->name, out, size);
		break;
	case STORE_TREE_SUBSCRIPTION:
		subscription_object(ctx, r->name, out, size);
		break;
	}
}

static const char *const kinds[] = { "billingAccount", "billingProfile", "invoiceSection", "subscription" };

json_t *
app_hier_row_json(const struct app_ctx *ctx, const struct store_tree_row *r)
{
	json_t *o = json_object();
	char id[1024];

	app_hier_object(ctx, r, id, sizeof(id));
	put(o, "kind", kinds[r->depth]);
	put(o, "id", id);
	put(o, "name", r->name);
	put(o, "displayName", r->display_name);
	if (r->depth == STORE_TREE_ACCOUNT)
		put(o, "primaryBillingTenantId", r->tenant_id);
	if (r->depth == STORE_TREE_PROFILE) {
		put(o, "paymentInstrument", r->payment_instrument);
		json_object_set_new(o, "invoiceDay", json_integer(r->invoice_day));
		put(o, "currency", r->currency);
	}
	if (r->depth >= STORE_TREE_SECTION)
		put(o, "billingProfileName", r->profile_name);
	if (r->depth == STORE_TREE_SUBSCRIPTION) {
		put(o, "invoiceSectionName", r->section_name);
		put(o, "subscriptionId", r->name);
		put(o, "serviceTenantId", r->tenant_id);
		put(o, "billingTenantId", ctx->account.primary_tenant_id);
		put(o, "skuDescription", r->sku);
		put(o, "status", r->status);
		json_object_set_new(o, "transferredFrom", r->transferred_from[0] ? app_json_text(r->transferred_from) : json_null());
		json_object_set_new(o, "transferredOn", r->transferred_on[0] ? app_json_text(r->transferred_on) : json_null());
	}
	return o;
}

bool
app_hier_may_change(struct app_ctx *ctx, struct app_denial *d)
{
	return app_may(ctx, CORE_NEED_MANAGE, NULL, true, d);
}

static enum core_status
require_read(struct app_ctx *ctx, struct core_error *err)
{
	enum core_status rc;

	app_touch(ctx);
	rc = app_load_grants(ctx, err);
	return rc ? rc : app_require(ctx, CORE_NEED_READ, ctx->account_scope, "read the billing hierarchy", err);
}

/* The profile of the account in scope named key, or a sentence. */
static enum core_status
find_profile(struct app_ctx *ctx, const char *key, struct store_hier_profile *out, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	enum core_status rc = store_hier_profile_get(ctx->st, ctx->account.id, key, out, err);

	if (rc == CORE_NOT_FOUND)
		core_error_set(err, rc, "Billing account \"%s\" has no billing profile \"%s\".",
			       ctx->account.display_name, core_text_echo(key, shown));
	return rc;
}

enum core_status
app_hier_profile(struct app_ctx *ctx, const char *key, struct store_hier_profile *out, struct core_error *err)
{
	enum core_status rc = require_read(ctx, err);

	return rc ? rc : find_profile(ctx, key, out, err);
}

enum core_status
app_hier_sub(struct app_ctx *ctx, const char *key, struct store_hier_sub *out, struct core_error *err)
{
	enum core_status rc = require_read(ctx, err);

	if (!rc)
		rc = store_hier_sub_get(ctx->st, key, out, err);
	if (rc == CORE_NOT_FOUND || (!rc && out->account_id != ctx->account.id))
		return core_error_set(err, CORE_NOT_FOUND, "Billing account \"%s\" has no subscription %s.",
				      ctx->account.display_name, key);
	return rc;
}

enum core_status
app_hier_profiles(struct app_ctx *ctx, struct store_hier_profile **out, size_t *n, struct core_error *err)
{
	enum core_status rc = require_read(ctx, err);

	*out = NULL;
	*n = 0;
	return rc ? rc : store_hier_profiles(ctx->st, ctx->account.id, out, n, err);
}

enum core_status
app_hier_sections(struct app_ctx *ctx, const char *profile, struct store_hier_section **out, size_t *n,
		  struct core_error *err)
{
	struct store_hier_profile p = { .id = 0 };
	enum core_status rc = require_read(ctx, err);

	*out = NULL;
	*n = 0;
	if (!rc && profile)
		rc = find_profile(ctx, profile, &p, err);
	return rc ? rc : store_hier_sections(ctx->st, ctx->account.id, p.id, out, n, err);
}

/* ---- profiles ---- */

/* An ARM-like name, "XXXX-XXXX-XXX-XXX", from random bytes. */
static void
new_name(char out[18])
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char guid[37];
	int i, o = 0;

	app_new_guid(guid);
	for (i = 0; i < 36 && o < 17; i++) {
		if (guid[i] == '-')
			continue;
		if (o == 4 || o == 9 || o == 13)
			out[o++] = '-';
		out[o++] = alphabet[(unsigned char)guid[i] * 7 % 32];
	}
	out[17] = '\0';
}

struct profile_call {
	char name[CORE_NAME_MAX_BYTES];
	char payment[CORE_NAME_MAX_BYTES];
	char currency[4];
	int day;
	struct store_hier_profile p;
	struct store_hier_section s;
};

static json_t *
profile_json(const struct store_hier_profile *p)
{
	json_t *o = json_object();

	put(o, "displayName", p->display_name);
	put(o, "paymentInstrument", p->payment_instrument);
	json_object_set_new(o, "invoiceDay", json_integer(p->invoice_day));
	put(o, "currency", p->currency);
	return o;
}

static enum core_status
profile_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct profile_call *c = data;
	char scope[1024];
	long long taken;
	enum core_status rc = store_hier_profile_name_count(ctx->st, ctx->account.id, c->name, &taken, err);

	if (!rc && taken)
		return core_error_set(err, CORE_REFUSED, "Billing account \"%s\" already has a billing profile named \"%s\".",
				      ctx->account.display_name, c->name);
	c->p = (struct store_hier_profile){ .account_id = ctx->account.id, .invoice_day = c->day };
	new_name(c->p.name);
	snprintf(c->p.display_name, sizeof(c->p.display_name), "%s", c->name);
	snprintf(c->p.payment_instrument, sizeof(c->p.payment_instrument), "%s", c->payment);
	snprintf(c->p.currency, sizeof(c->p.currency), "%s", c->currency);
	if (!rc)
		rc = store_hier_profile_add(ctx->st, &c->p, err);
	/* The default invoice section comes with it (DOMAIN.md §2). */
	c->s = (struct store_hier_section){ .profile_id = c->p.id };
	new_name(c->s.name);
	snprintf(c->s.display_name, sizeof(c->s.display_name), "%s", c->name);
	snprintf(c->s.profile_name, sizeof(c->s.profile_name), "%s", c->p.name);
	snprintf(c->s.profile_display, sizeof(c->s.profile_display), "%s", c->name);
	if (!rc)
		rc = store_section_insert(ctx->st, c->p.id, c->s.name, c->s.display_name, &c->s.id, err);
	profile_scope(ctx, c->p.name, scope, sizeof(scope));
	if (!rc)
		rc = app_write_record(ctx, "profile.add", scope, NULL, profile_json(&c->p), APP_PUSHED, err);
	section_scope(ctx, c->p.name, c->s.name, scope, sizeof(scope));
	if (!rc)
		rc = app_write_record(ctx, "section.add", scope, NULL, json_pack("{s:s, s:b}", "displayName",
				      c->s.display_name, "default", 1), APP_PUSHED, err);
	return rc;
}

static bool
parse_currency(const char *s, char out[4])
{
	int i;

	for (i = 0; i < 3; i++)
		if (!isalpha((unsigned char)s[i]))
			return false;
	if (s[3])
		return false;
	for (i = 0; i < 3; i++)
		out[i] = (char)toupper((unsigned char)s[i]);
	out[3] = '\0';
	return true;
}

enum core_status
app_hier_profile_add(struct app_ctx *ctx, const struct app_profile_new *in, struct store_hier_profile *out,
		     struct store_hier_section *section, struct core_error *err)
{
	struct profile_call c = { .day = in->invoice_day ? in->invoice_day : 5 };
	struct app_write w = { .doing = APP_HIER_DOING_PROFILE, .need = CORE_NEED_MANAGE, .apply = profile_apply,
			       .data = &c };
	const char *pay = in->payment_instrument && *in->payment_instrument ? in->payment_instrument : "None";
	enum core_status rc;

	if (!core_line_parse(in->display_name ? in->display_name : "", "billing profile name", CORE_NAME_MAX_CHARS,
			     c.name, err))
		return core_error_set(err, CORE_USAGE, "A billing profile needs a name of 1 to 64 characters.");
	if (!core_line_parse(pay, "payment instrument", CORE_NAME_MAX_CHARS, c.payment, err))
		return CORE_USAGE;
	if (c.day < 1 || c.day > 28)
		return core_error_set(err, CORE_USAGE, "The invoice day must be a day of the month from 1 to 28.");
	if (!parse_currency(in->currency && *in->currency ? in->currency : "USD", c.currency))
		return core_error_set(err, CORE_USAGE, "The currency must be a three-letter code such as USD or EUR.");
	if ((rc = app_run_write(ctx, &w, err)))
		return rc;
	if (out)
		*out = c.p;
	if (section)
		*section = c.s;
	return CORE_OK;
}

/* ---- sections ---- */

struct section_call {
	const char *profile;
	char name[CORE_NAME_MAX_BYTES];
	struct store_hier_profile p;
	struct store_hier_section s;
};

/* A profile's own owners and contributors may add its sections; an
 * account role holds there too. */
static enum core_status
section_permit(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct section_call *c = data;
	char scope[1024];
	enum core_status rc = find_profile(ctx, c->profile, &c->p, err);

	if (rc)
		return rc;
	profile_scope(ctx, c->p.name, scope, sizeof(scope));
	return app_require(ctx, CORE_NEED_MANAGE, scope, APP_HIER_DOING_SECTION, err);
}

static enum core_status
section_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct section_call *c = data;
	char scope[1024];
	long long taken;
	enum core_status rc = store_hier_section_name_count(ctx->st, c->p.id, c->name, &taken, err);

	if (!rc && taken)
		return core_error_set(err, CORE_REFUSED, "Billing profile \"%s\" already has an invoice section named \"%s\".",
				      c->p.display_name, c->name);
	c->s = (struct store_hier_section){ .profile_id = c->p.id };
	new_name(c->s.name);
	snprintf(c->s.display_name, sizeof(c->s.display_name), "%s", c->name);
	snprintf(c->s.profile_name, sizeof(c->s.profile_name), "%s", c->p.name);
	snprintf(c->s.profile_display, sizeof(c->s.profile_display), "%s", c->p.display_name);
	if (!rc)
		rc = store_section_insert(ctx->st, c->p.id, c->s.name, c->s.display_name, &c->s.id, err);
	section_scope(ctx, c->p.name, c->s.name, scope, sizeof(scope));
	if (!rc)
		rc = app_write_record(ctx, "section.add", scope, NULL, json_pack("{s:s}", "displayName", c->name),
				      APP_PUSHED, err);
	return rc;
}

enum core_status
app_hier_section_add(struct app_ctx *ctx, const char *profile, const char *display_name,
		     struct store_hier_section *out, struct core_error *err)
{
	struct section_call c = { .profile = profile };
	struct app_write w = { .doing = APP_HIER_DOING_SECTION, .permit = section_permit, .apply = section_apply,
			       .data = &c };
	enum core_status rc;

	if (!profile || !*profile)
		return core_error_set(err, CORE_USAGE, "Name the billing profile to add the invoice section to.");
	if (!core_line_parse(display_name ? display_name : "", "invoice section name", CORE_NAME_MAX_CHARS, c.name,
			     err))
		return core_error_set(err, CORE_USAGE, "An invoice section needs a name of 1 to 64 characters.");
	if ((rc = app_run_write(ctx, &w, err)))
		return rc;
	if (out)
		*out = c.s;
	return CORE_OK;
}

/* ---- move and link ---- */

/* The section of the account in scope named key, or a sentence. */
static enum core_status
find_section(struct app_ctx *ctx, const char *key, struct store_hier_section *out, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	long long n;
	enum core_status rc = store_hier_section_lookup(ctx->st, ctx->account.id, key, out, &n, err);

	if (!rc && n == 0)
		return core_error_set(err, CORE_NOT_FOUND, "Billing account \"%s\" has no invoice section \"%s\".",
				      ctx->account.display_name, core_text_echo(key, shown));
	if (!rc && n > 1)
		return core_error_set(err, CORE_USAGE, "%lld invoice sections are named \"%s\": name one by its ID"
				      " (billcon sections list shows them).", n, core_text_echo(key, shown));
	return rc;
}

static json_t *
billing_json(const struct app_ctx *ctx, const struct store_hier_sub *b)
{
	json_t *o = json_object();
	char section[1024];

	section_scope(ctx, b->profile_name, b->section_name, section, sizeof(section));
	put(o, "invoiceSectionId", section);
	put(o, "serviceTenantId", b->service_tenant_id);
	if (b->transferred_from[0]) {
		put(o, "transferredFrom", b->transferred_from);
		put(o, "transferredOn", b->transferred_on);
	}
	return o;
}

/* b, now billed to s. */
static void
rebill(struct store_hier_sub *b, const struct store_hier_section *s)
{
	b->section_id = s->id;
	snprintf(b->section_name, sizeof(b->section_name), "%s", s->name);
	snprintf(b->section_display, sizeof(b->section_display), "%s", s->display_name);
	snprintf(b->profile_name, sizeof(b->profile_name), "%s", s->profile_name);
	snprintf(b->profile_display, sizeof(b->profile_display), "%s", s->profile_display);
}

struct move_call {
	char sub[CORE_GUID_LEN + 1];
	const char *section;
	struct store_hier_sub b;
};

static enum core_status
move_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct move_call *c = data;
	struct store_hier_section s;
	char object[1024];
	json_t *before;
	enum core_status rc = store_hier_sub_get(ctx->st, c->sub, &c->b, err);

	if (rc == CORE_NOT_FOUND || (!rc && c->b.account_id != ctx->account.id))
		return core_error_set(err, CORE_NOT_FOUND, "Subscription %s is not billed to billing account \"%s\":"
				      " only its own subscriptions move between its sections.", c->sub,
				      ctx->account.display_name);
	if (!rc)
		rc = find_section(ctx, c->section, &s, err);
	if (!rc && s.id == c->b.section_id)
		return core_error_set(err, CORE_REFUSED, "Subscription %s is already billed to invoice section \"%s\".",
				      c->sub, s.display_name);
	if (rc)
		return rc;
	before = billing_json(ctx, &c->b);
	rebill(&c->b, &s);
	if ((rc = store_hier_sub_rebill(ctx->st, c->b.id, s.id, NULL, NULL, err))) {
		json_decref(before);
		return rc;
	}
	subscription_object(ctx, c->b.subscription_id, object, sizeof(object));
	return app_write_record(ctx, "subscription.move", object, before, billing_json(ctx, &c->b), APP_PUSHED, err);
}

static enum core_status
parse_guid(const char *s, const char *what, char out[CORE_GUID_LEN + 1], struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];

	if (s && core_guid_parse(s, out, NULL))
		return CORE_OK;
	return core_error_set(err, CORE_USAGE, "The %s must be a GUID; \"%s\" is not one.", what,
			      core_text_echo(s ? s : "", shown));
}

enum core_status
app_hier_move(struct app_ctx *ctx, const char *subscription, const char *section, struct store_hier_sub *out,
	      struct core_error *err)
{
	struct move_call c = { .section = section };
	struct app_write w = { .doing = APP_HIER_DOING_MOVE, .need = CORE_NEED_MANAGE, .apply = move_apply,
			       .data = &c };
	enum core_status rc;

	if ((rc = parse_guid(subscription, "subscription ID", c.sub, err)))
		return rc;
	if (!section || !*section)
		return core_error_set(err, CORE_USAGE, "Name the invoice section to move the subscription to.");
	if ((rc = app_run_write(ctx, &w, err)))
		return rc;
	if (out)
		*out = c.b;
	return CORE_OK;
}

/* The longest account name linking takes (ARM's are about 80). */
#define LINK_FROM_MAX 200

struct link_call {
	const struct app_hier_link *in;
	char sub[CORE_GUID_LEN + 1], tenant[CORE_GUID_LEN + 1];
	char from[LINK_FROM_MAX * 4 + 1], name[CORE_NAME_MAX_BYTES];
	struct store_hier_sub b;
};

/* A subscription the store does not know yet: it comes as the caller
 * describes it. */
static void
describe_new(struct link_call *c)
{
	memset(&c->b, 0, sizeof(c->b));
	snprintf(c->b.subscription_id, sizeof(c->b.subscription_id), "%s", c->sub);
	snprintf(c->b.display_name, sizeof(c->b.display_name), "%s", c->name[0] ? c->name : c->sub);
	snprintf(c->b.service_tenant_id, sizeof(c->b.service_tenant_id), "%s", c->tenant);
	snprintf(c->b.status, sizeof(c->b.status), "Active");
	snprintf(c->b.sku, sizeof(c->b.sku), "Microsoft Azure Plan");
}

static enum core_status
link_known(struct app_ctx *ctx, struct link_call *c, struct core_error *err)
{
	if (c->b.account_id == ctx->account.id)
		return core_error_set(err, CORE_REFUSED, "Subscription %s is already billed to billing account \"%s\";"
				      " move it between sections instead.", c->sub, ctx->account.display_name);
	if (c->tenant[0] && strcasecmp(c->tenant, c->b.service_tenant_id) != 0)
		return core_error_set(err, CORE_REFUSED, "Subscription %s lives in tenant %s, not %s: linking never"
				      " changes its service tenant.", c->sub, c->b.service_tenant_id, c->tenant);
	return CORE_OK;
}

static enum core_status
link_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct link_call *c = data;
	struct store_hier_section s;
	char object[1024];
	json_t *before = NULL;
	bool known;
	enum core_status rc = store_hier_sub_get(ctx->st, c->sub, &c->b, err);

	if (rc && rc != CORE_NOT_FOUND)
		return rc;
	known = rc == CORE_OK;
	if (known && (rc = link_known(ctx, c, err)))
		return rc;
	if (!known && !c->tenant[0])
		return core_error_set(err, CORE_USAGE, "Subscription %s is not in the store: give its service tenant"
				      " (the tenant its resources live in).", c->sub);
	if ((rc = find_section(ctx, c->in->section, &s, err)))
		return rc;
	if (known) {
		before = billing_json(ctx, &c->b);
	} else {
		describe_new(c);
	}
	rebill(&c->b, &s);
	snprintf(c->b.transferred_from, sizeof(c->b.transferred_from), "%s", c->from);
	snprintf(c->b.transferred_on, sizeof(c->b.transferred_on), "%s", ctx->now_iso);
	c->b.account_id = ctx->account.id;
	rc = known ? store_hier_sub_rebill(ctx->st, c->b.id, s.id, c->from, ctx->now_iso, err)
		   : store_hier_sub_insert(ctx->st, &c->b, err);
	if (rc) {
		json_decref(before);
		return rc;
	}
	subscription_object(ctx, c->b.subscription_id, object, sizeof(object));
	return app_write_record(ctx, "subscription.link", object, before, billing_json(ctx, &c->b), APP_PUSHED, err);
}

enum core_status
app_hier_link(struct app_ctx *ctx, const struct app_hier_link *in, struct store_hier_sub *out,
	      struct core_error *err)
{
	struct link_call c = { .in = in };
	struct app_write w = { .doing = APP_HIER_DOING_LINK, .need = CORE_NEED_MANAGE, .apply = link_apply,
			       .data = &c };
	enum core_status rc;

	if ((rc = parse_guid(in->subscription, "subscription ID", c.sub, err)))
		return rc;
	if (in->service_tenant && *in->service_tenant &&
	    (rc = parse_guid(in->service_tenant, "service tenant", c.tenant, err)))
		return rc;
	if (!in->section || !*in->section)
		return core_error_set(err, CORE_USAGE, "Name the invoice section to bill the subscription to.");
	if (!core_line_parse(in->from ? in->from : "", "billing account", LINK_FROM_MAX, c.from, err))
		return core_error_set(err, CORE_USAGE, "Name the billing account the subscription was billed to until now.");
	if (strcasecmp(c.from, ctx->account.name) == 0 || strcasecmp(c.from, ctx->account.display_name) == 0)
		return core_error_set(err, CORE_REFUSED, "The subscription would come from billing account \"%s\""
				      " itself: linking brings one from another account.", ctx->account.display_name);
	if (in->display_name && *in->display_name && !core_name_parse(in->display_name, c.name, err))
		return CORE_USAGE;
	if ((rc = app_run_write(ctx, &w, err)))
		return rc;
	if (out)
		*out = c.b;
	return CORE_OK;
}
