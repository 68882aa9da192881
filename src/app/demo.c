#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "billcon/app_account.h"
#include "billcon/app_demo.h"
#include "billcon/app_hierseed.h"
#include "billcon/app_invoice.h"
#include "billcon/app_role.h"
#include "billcon/app_tenant.h"
#include "billcon/core_clock.h"
#include "billcon/store_account.h"
#include "billcon/store_audit.h"
#include "billcon/store_db.h"
#include "billcon/store_directory.h"
#include "billcon/store_file.h"
#include "billcon/store_partner.h"
#include "billcon/store_request.h"
#include "billcon/store_stack.h"
#include "billcon/app_onbseed.h"
#include "billcon/app_stackseed.h"
#include "billcon/app_usageseed.h"
#include "billcon/store_role.h"
#include "billcon/store_tenant.h"

/* Rows written per transaction when scaling, so the write-ahead log stays
 * small. */
#define DEMO_BATCH 20000
#define DAY 86400

#define DEMO_ACCOUNT "6e2a9f1c-3b7d-4c8e-9a1f-2b3c4d5e6f70:8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d_2019-05-31"
#define NORTHWIND_ACCOUNT "7f3b0a2d-4c8e-4d9f-8b2a-3c4d5e6f7081:9b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e_2019-05-31"
#define PROFILE "PBFV-4XYZ-BG7-TGB"
#define SECTION "XKPA-3ABC-PJA-TGB"

/* A demo world being written: the store, a clock that moves forward from 90
 * days ago one event at a time, and the scopes in use. */
struct demo {
	struct store *st;
	time_t made, start, now, tick;
	struct store_account contoso, northwind;
	char account_scope[512], profile_scope[640], section_scope[768];
	char nw_scope[512];
	struct app_demo_sizes sizes;
	struct core_error *err;
};

void
app_demo_guid(unsigned kind, unsigned long long n, char out[37])
{
	snprintf(out, 37, "%08x-0000-4000-8000-%012llx", kind, n & 0xffffffffffffULL);
}

/* Generated tenants get IDs that look like real ones (random hex), made
 * from n so that the same scale makes the same store: benchmarks then
 * search IDs as varied as real ones, not strings of zeros. */
static void
scaled_guid(unsigned long long n, char out[37])
{
	unsigned long long a = n + 0x9e3779b97f4a7c15ULL, b;

	a = (a ^ (a >> 30)) * 0xbf58476d1ce4e5b9ULL;
	a = (a ^ (a >> 27)) * 0x94d049bb133111ebULL;
	a ^= a >> 31;
	b = a * 0x9e3779b97f4a7c15ULL + n;
	b ^= b >> 29;
	snprintf(out, 37, "%08llx-%04llx-4%03llx-%04llx-%012llx", a >> 32, (a >> 16) & 0xffff,
		 a & 0xfff, 0x8000 | ((b >> 48) & 0x3fff), b & 0xffffffffffffULL);
}

static const char *
at(struct demo *d, char buf[CORE_TIME_ISO_LEN + 1])
{
	d->now += d->tick;
	return core_time_iso(d->now, buf);
}

static enum core_status
audit(struct demo *d, const char *actor, const char *action, const char *object,
      json_t *after_json)
{
	char when[CORE_TIME_ISO_LEN + 1];
	char *after = after_json ? json_dumps(after_json, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII) : NULL;
	enum core_status rc = store_audit_append(d->st, at(d, when), actor, action, object, NULL, after, d->err);

	free(after);
	json_decref(after_json);
	return rc;
}

struct demo_tenant {
	unsigned n;
	const char *name;
	const char *domain;
	bool guests;
};

static const struct demo_tenant directory[] = {
	{ 1, "Contoso", "contoso.onmicrosoft.com", true },
	{ 2, "Fabrikam", "fabrikam.onmicrosoft.com", true },
	{ 3, "Tailspin Toys", "tailspintoys.onmicrosoft.com", true },
	{ 4, "Wingtip Toys", "wingtiptoys.onmicrosoft.com", false },
	{ 5, "Adventure Works", "adventureworks.onmicrosoft.com", true },
	{ 6, "Litware", "litware.onmicrosoft.com", true },
	{ 7, "Woodgrove Bank", "woodgrovebank.onmicrosoft.com", true },
	{ 8, "Relecloud", "relecloud.onmicrosoft.com", true },
	{ 9, "Northwind Traders", "northwindtraders.onmicrosoft.com", true },
};

static enum core_status
seed_directory(struct demo *d)
{
	char id[37];
	size_t i;
	enum core_status rc = CORE_OK;

	for (i = 0; !rc && i < sizeof(directory) / sizeof(directory[0]); i++) {
		app_demo_guid(0xc0000000u, directory[i].n, id);
		rc = store_dir_tenant_insert(d->st, id, directory[i].name, directory[i].guests, d->err);
		if (!rc)
			rc = store_dir_domain_insert(d->st, directory[i].domain, id, d->err);
	}
	app_demo_guid(0xc0000000u, 1, id);
	if (!rc)
		rc = store_dir_domain_insert(d->st, "contoso.com", id, d->err);
	app_demo_guid(0xc0000000u, 2, id);
	if (!rc)
		rc = store_dir_domain_insert(d->st, "fabrikam.com", id, d->err);
	return rc;
}

struct demo_user {
	const char *email;
	const char *name;
	unsigned tenant;
	bool global_admin;
	const char *guest_state;
};

static const struct demo_user users[] = {
	{ "ada@contoso.com", "Ada Lovelace", 1, true, NULL },
	{ "ben@contoso.com", "Ben Okafor", 1, false, NULL },
	{ "cleo@contoso.com", "Cleo Martin", 1, false, NULL },
	{ "dan@contoso.com", "Dan Ito", 1, false, NULL },
	{ "eve@contoso.com", "Eve Nakamura", 1, false, NULL },
	{ "finn@contoso.com", "Finn Larsen", 1, false, NULL },
	{ "gita@contoso.com", "Gita Rao", 1, false, NULL },
	{ "hana@contoso.com", "Hana Kim", 1, false, NULL },
	{ "ivan@outlook.com", "Ivan Petrov (guest)", 1, false, "Accepted" },
	{ "jo@gmail.com", "Jo Smith (guest)", 1, false, "PendingAcceptance" },
	{ "kim@northwindtraders.com", "Kim Akers", 9, true, NULL },
	{ "admin@fabrikam.com", "Fabrikam admin", 2, true, NULL },
};

static enum core_status
seed_users(struct demo *d)
{
	struct store_user u;
	size_t i;
	enum core_status rc = CORE_OK;

	for (i = 0; !rc && i < sizeof(users) / sizeof(users[0]); i++) {
		memset(&u, 0, sizeof(u));
		snprintf(u.email, sizeof(u.email), "%s", users[i].email);
		snprintf(u.display_name, sizeof(u.display_name), "%s", users[i].name);
		app_demo_guid(0xc0000000u, users[i].tenant, u.home_tenant_id);
		u.global_admin = users[i].global_admin;
		snprintf(u.guest_state, sizeof(u.guest_state), "%s", users[i].guest_state ? users[i].guest_state : "");
		rc = store_user_insert(d->st, &u, d->err);
	}
	return rc;
}

/* A demo account's fields; the caller sets what differs and inserts it. */
static void
demo_account(struct store_account *a, const char *name, const char *display, const char *type, unsigned tenant,
	     const char *country, const char *address)
{
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%s", name);
	snprintf(a->display_name, sizeof(a->display_name), "%s", display);
	snprintf(a->agreement_type, sizeof(a->agreement_type), "MicrosoftCustomerAgreement");
	snprintf(a->account_type, sizeof(a->account_type), "%s", type);
	app_demo_guid(0xc0000000u, tenant, a->primary_tenant_id);
	snprintf(a->sold_to_company, sizeof(a->sold_to_company), "%s", display);
	snprintf(a->sold_to_country, sizeof(a->sold_to_country), "%s", country);
	snprintf(a->sold_to_address, sizeof(a->sold_to_address), "%s", address);
}

static enum core_status
seed_definitions(struct demo *d, long long account_id, const char *scope, int depth)
{
	return app_role_seed_definitions(d->st, account_id, scope, depth, d->err);
}

static enum core_status
seed_hierarchy(struct demo *d)
{
	long long profile, section;
	enum core_status rc;

	demo_account(&d->contoso, DEMO_ACCOUNT, "Contoso", "Enterprise", 1, "US", "1 Contoso Way, Redmond, WA 98052");
	/* Contoso accepted the MCA when the account was made (the link
	 * wizard shows its box checked and locked). */
	snprintf(d->contoso.mca_accepted_by, sizeof(d->contoso.mca_accepted_by), "ada@contoso.com");
	core_time_iso(d->start, d->contoso.mca_accepted_on);
	demo_account(&d->northwind, NORTHWIND_ACCOUNT, "Northwind Traders", "Business", 9, "US",
		     "4 Northwind Road, Seattle, WA 98101");
	rc = store_account_insert(d->st, &d->contoso, d->err);
	if (!rc)
		rc = store_account_insert(d->st, &d->northwind, d->err);
	if (rc)
		return rc;
	store_account_scope(&d->contoso, d->account_scope, sizeof(d->account_scope));
	store_account_scope(&d->northwind, d->nw_scope, sizeof(d->nw_scope));
	snprintf(d->profile_scope, sizeof(d->profile_scope), "%s/billingProfiles/%s", d->account_scope, PROFILE);
	snprintf(d->section_scope, sizeof(d->section_scope), "%s/invoiceSections/%s", d->profile_scope, SECTION);
	rc = store_profile_insert(d->st, d->contoso.id, PROFILE, "Contoso Operations", "CreditCard", &profile, d->err);
	if (!rc)
		rc = store_section_insert(d->st, profile, SECTION, "Contoso Operations", &section, d->err);
	if (!rc)
		rc = store_profile_insert(d->st, d->northwind.id, "NWTR-1AAA-BB2-TGB", "Northwind", NULL, &profile, d->err);
	if (!rc)
		rc = store_section_insert(d->st, profile, "NWTR-2CCC-DD3-TGB", "Northwind", &section, d->err);
	if (!rc)
		rc = seed_definitions(d, d->contoso.id, d->account_scope, 0);
	if (!rc)
		rc = seed_definitions(d, d->contoso.id, d->profile_scope, 1);
	if (!rc)
		rc = seed_definitions(d, d->contoso.id, d->section_scope, 2);
	if (!rc)
		rc = seed_definitions(d, d->northwind.id, d->nw_scope, 0);
	return rc;
}

/* The Partner Center account, ready for the link wizard: Active, Contoso's
 * tenant (chosen for membership purchases) and Fabrikam's, a legal
 * profile, nothing linked yet. */
static enum core_status
seed_partner(struct demo *d)
{
	struct store_partner p = { .id = 0 };
	char tenants[2][64];
	enum core_status rc;

	snprintf(p.partner_id, sizeof(p.partner_id), "5123456");
	snprintf(p.display_name, sizeof(p.display_name), "Contoso Partner");
	snprintf(p.state, sizeof(p.state), "Active");
	app_demo_guid(0xc0000000u, 1, tenants[0]);
	app_demo_guid(0xc0000000u, 2, tenants[1]);
	snprintf(p.purchase_tenant_id, sizeof(p.purchase_tenant_id), "%s", tenants[0]);
	snprintf(p.legal_company, sizeof(p.legal_company), "Contoso Ltd");
	snprintf(p.legal_address, sizeof(p.legal_address), "1 Contoso Way, Redmond, WA 98052");
	snprintf(p.legal_country, sizeof(p.legal_country), "US");
	snprintf(p.legal_contact, sizeof(p.legal_contact), "billing@contoso.com");
	rc = store_partner_save(d->st, &p, d->err);
	if (!rc)
		rc = store_partner_set_tenants(d->st, p.id, (const char (*)[64])tenants, 2, d->err);
	return rc;
}

/* A request decided (or not) at seeding time; returns its row id in *id. */
static enum core_status
seed_request(struct demo *d, const char *type, const char *status, const char *object,
	     const char *tenant_id, const char *addressee, unsigned long long n, long long *id)
{
	struct store_request r = { .account_id = d->contoso.id };
	char when[CORE_TIME_ISO_LEN + 1], object_path[128];
	json_t *after;
	enum core_status rc;

	app_demo_guid(0xb0000000u, n, r.name);
	snprintf(r.type, sizeof(r.type), "%s", type);
	snprintf(r.status, sizeof(r.status), "%s", status);
	snprintf(r.scope, sizeof(r.scope), "%s", d->account_scope);
	snprintf(r.object, sizeof(r.object), "%s", object);
	snprintf(r.tenant_id, sizeof(r.tenant_id), "%s", tenant_id);
	snprintf(r.addressee, sizeof(r.addressee), "%s", addressee);
	snprintf(r.created_by, sizeof(r.created_by), "ada@contoso.com");
	snprintf(r.created_on, sizeof(r.created_on), "%s", at(d, when));
	/* Pending ones expire 14 days after the demo is made, decided ones
	 * expired or were answered in the past. */
	core_time_iso(strcmp(status, "Pending") == 0 ? d->made + 14 * DAY : d->now + 14 * DAY, r.expires_on);
	if (strcmp(status, "Pending") != 0) {
		snprintf(r.reviewed_by, sizeof(r.reviewed_by), "%s",
			 strcmp(status, "Expired") == 0 ? "billcon" : strcmp(status, "Cancelled") == 0 ? "ada@contoso.com" : addressee);
		snprintf(r.reviewed_on, sizeof(r.reviewed_on), "%s", at(d, when));
	}
	rc = store_request_insert(d->st, &r, d->err);
	if (rc)
		return rc;
	*id = r.id;
	snprintf(object_path, sizeof(object_path), "/providers/Microsoft.Billing/billingRequests/%s", r.name);
	after = json_pack("{s:s, s:s, s:s}", "type", type, "status", status, "addressee", addressee);
	return audit(d, "ada@contoso.com", "request.create", object_path, after);
}

struct demo_associated {
	unsigned tenant;  /* directory index, 0 for the unresolved domain */
	const char *name;
	const char *billing;
	const char *provisioning;
	const char *request_status; /* NULL: no request */
};

static const struct demo_associated associated[] = {
	{ 2, "Fabrikam", "Active", "Active", "Approved" },
	{ 3, "Tailspin Toys", "Active", "Pending", "Pending" },
	{ 4, "Wingtip Toys", "NotAllowed", "NotRequested", NULL },
	{ 5, "Adventure Works", "Revoked", "Revoked", "Cancelled" },
	{ 6, "Litware", "Active", "BillingRequestDeclined", "Declined" },
	{ 7, "Woodgrove Bank", "Active", "BillingRequestExpired", "Expired" },
	{ 0, "Proseware", "Active", "NotRequested", NULL },
};

static enum core_status
seed_associated_one(struct demo *d, const struct demo_associated *a, unsigned long long n)
{
	struct store_tenant t = { .account_id = d->contoso.id };
	char when[CORE_TIME_ISO_LEN + 1], addressee[128], object[1024];
	enum core_status rc = CORE_OK;

	if (a->tenant)
		app_demo_guid(0xc0000000u, a->tenant, t.tenant_id);
	else
		snprintf(t.domain, sizeof(t.domain), "proseware.onmicrosoft.com");
	snprintf(t.display_name, sizeof(t.display_name), "%s", a->name);
	snprintf(t.billing_state, sizeof(t.billing_state), "%s", a->billing);
	snprintf(t.provisioning_state, sizeof(t.provisioning_state), "%s", a->provisioning);
	snprintf(t.created_on, sizeof(t.created_on), "%s", at(d, when));
	if (a->request_status) {
		snprintf(addressee, sizeof(addressee), "Global administrator of %s", t.tenant_id);
		rc = seed_request(d, "ProvisioningAccess", a->request_status, t.tenant_id, t.tenant_id,
				  addressee, n, &t.request_id);
		app_demo_guid(0xb0000000u, n, t.request_name);
	}
	if (!rc)
		rc = store_tenant_insert(d->st, &t, d->err);
	if (rc)
		return rc;
	snprintf(object, sizeof(object), "%s/associatedTenants/%s", d->account_scope,
		 t.tenant_id[0] ? t.tenant_id : t.domain);
	return audit(d, "ada@contoso.com", "tenant.add", object, app_tenant_json(&t));
}

static enum core_status
seed_associated(struct demo *d)
{
	size_t i;
	enum core_status rc = CORE_OK;

	for (i = 0; !rc && i < sizeof(associated) / sizeof(associated[0]); i++)
		rc = seed_associated_one(d, &associated[i], i + 1);
	return rc;
}

struct demo_role {
	const char *email;
	unsigned tenant;
	int depth;       /* 0 account, 1 profile, 2 section */
	int suffix;      /* role definition suffix */
	const char *request_status; /* NULL: assigned at once */
};

static const struct demo_role roles[] = {
	{ "ada@contoso.com", 1, 0, 0, NULL },
	{ "ben@contoso.com", 1, 0, 1, NULL },
	{ "cleo@contoso.com", 1, 0, 2, NULL },
	{ "hana@contoso.com", 1, 0, 3, NULL },
	{ "dan@contoso.com", 1, 1, 0, NULL },
	{ "eve@contoso.com", 1, 1, 4, NULL },
	{ "finn@contoso.com", 1, 2, 0, NULL },
	{ "gita@contoso.com", 1, 2, 6, NULL },
	{ "ivan@outlook.com", 1, 0, 2, NULL },
	{ "lena@fabrikam.com", 2, 0, 2, "Approved" },
	{ "mo@fabrikam.com", 2, 1, 2, "Pending" },
	{ "nia@tailspintoys.com", 3, 0, 1, "Pending" },
	{ "omar@litware.com", 6, 0, 2, "Declined" },
	{ "pat@woodgrovebank.com", 7, 0, 2, "Expired" },
};

static enum core_status
seed_role(struct demo *d, const char *email, const char *tenant_id, const char *scope, int depth,
	  int suffix, long long request_id, unsigned long long n, long long account_id)
{
	static const char *const prefix[] = { "50000000", "40000000", "30000000" };
	struct store_role r = { .account_id = account_id, .request_id = request_id };
	char when[CORE_TIME_ISO_LEN + 1], object[1024];
	enum core_status rc;

	snprintf(r.scope, sizeof(r.scope), "%s", scope);
	app_role_builtin_id(scope, depth, (enum app_role_builtin)suffix, r.role_definition_id,
			    sizeof(r.role_definition_id));
	snprintf(r.name, sizeof(r.name), "%s-aaaa-bbbb-cccc-1000000000%02d_%08llx-0000-4000-8000-000000000000",
		 prefix[depth], suffix, n);
	snprintf(r.principal_email, sizeof(r.principal_email), "%s", email);
	snprintf(r.principal_tenant_id, sizeof(r.principal_tenant_id), "%s", tenant_id);
	snprintf(r.created_by, sizeof(r.created_by), "ada@contoso.com");
	snprintf(r.created_on, sizeof(r.created_on), "%s", at(d, when));
	rc = store_role_insert(d->st, &r, d->err);
	if (rc)
		return rc;
	snprintf(object, sizeof(object), "%s/billingRoleAssignments/%s", scope, r.name);
	return audit(d, "ada@contoso.com", "role.assign", object,
		     json_pack("{s:s, s:s, s:s}", "principalEmail", email, "principalTenantId", tenant_id,
			       "roleDefinitionId", r.role_definition_id));
}

static enum core_status
seed_roles(struct demo *d)
{
	const char *scopes[] = { d->account_scope, d->profile_scope, d->section_scope };
	char tenant[37];
	long long request_id;
	size_t i;
	enum core_status rc = CORE_OK;

	for (i = 0; !rc && i < sizeof(roles) / sizeof(roles[0]); i++) {
		request_id = 0;
		app_demo_guid(0xc0000000u, roles[i].tenant, tenant);
		if (roles[i].request_status)
			rc = seed_request(d, "RoleAssignment", roles[i].request_status, roles[i].email,
					  tenant, roles[i].email, 100 + i, &request_id);
		if (!rc)
			rc = seed_role(d, roles[i].email, tenant, scopes[roles[i].depth], roles[i].depth,
				       roles[i].suffix, request_id, i + 1, d->contoso.id);
	}
	app_demo_guid(0xc0000000u, 9, tenant);
	if (!rc)
		rc = seed_role(d, "kim@northwindtraders.com", tenant, d->nw_scope, 0, 0, 0, 99, d->northwind.id);
	return rc;
}

/* Generated row i of a scaled demo: a tenant, a user, a role, a request and
 * an audit entry. */
static enum core_status
seed_scaled_one(struct demo *d, unsigned long long i)
{
	static const char *const bm[] = { "Active", "NotAllowed", "Revoked" };
	static const char *const pm[] = { "NotRequested", "Active", "BillingRequestDeclined",
					  "BillingRequestExpired", "Revoked" };
	static const char *const decided[] = { "Approved", "Declined", "Expired", "Cancelled", "Completed" };
	struct store_tenant t = { .account_id = d->contoso.id };
	struct store_user u = { .global_admin = false };
	char when[CORE_TIME_ISO_LEN + 1];
	long long request_id;
	enum core_status rc;

	scaled_guid(i, t.tenant_id);
	snprintf(t.display_name, sizeof(t.display_name), "Scale tenant %07llu", i);
	snprintf(t.billing_state, sizeof(t.billing_state), "%s", bm[i % 3]);
	snprintf(t.provisioning_state, sizeof(t.provisioning_state), "%s", pm[i % 5]);
	snprintf(t.created_on, sizeof(t.created_on), "%s", core_time_iso(d->start + (time_t)(i % (80 * DAY)), when));
	rc = store_tenant_insert(d->st, &t, d->err);
	snprintf(u.email, sizeof(u.email), "user%07llu@contoso.com", i);
	snprintf(u.display_name, sizeof(u.display_name), "Scale user %07llu", i);
	snprintf(u.home_tenant_id, sizeof(u.home_tenant_id), "%s", t.tenant_id);
	if (!rc)
		rc = store_user_insert(d->st, &u, d->err);
	if (!rc)
		rc = seed_request(d, "RoleAssignment", decided[i % 5], u.email, t.tenant_id, u.email,
				  0x100000000ULL + i, &request_id);
	if (!rc)
		rc = seed_role(d, u.email, t.tenant_id, d->account_scope, 0, 2, request_id,
			       0x100000000ULL + i, d->contoso.id);
	return rc;
}

/* Commits the rows written so far and begins the next batch. */
static enum core_status
next_batch(struct demo *d)
{
	enum core_status rc = store_commit(d->st, d->err);

	return rc ? rc : store_begin(d->st, d->err);
}

static enum core_status
seed_scaled(struct demo *d, long scale)
{
	long i;
	enum core_status rc = CORE_OK;

	d->tick = 1;
	for (i = 1; !rc && i <= scale; i++) {
		if (i % DEMO_BATCH == 0)
			rc = next_batch(d);
		if (!rc)
			rc = seed_scaled_one(d, (unsigned long long)i);
	}
	return rc;
}

/* ---- generated audit entries (--audit) ---- */

/* A generated entry's object and its before and after, as the console's
 * own writes shape them (app_tenant_json, app_role_json, app_user_json,
 * the request decisions), with values drawn from r. */
struct gen_entry {
	const char *action;
	char object[1024];
	char before[1024];
	char after[1024];
	bool has_before, has_after;
};

/* The next number of a fixed sequence (splitmix64): the same --audit makes
 * the same entries. */
static unsigned long long
gen_next(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* One of a few hundred actors: first.last at Contoso, or billcon itself
 * for expiries. */
static void
gen_actor(unsigned long long r, char *out, size_t size)
{
	static const char *const first[] = { "ada", "ben", "cleo", "dan", "eve", "finn", "gita", "hana",
		"ines", "jon", "kai", "lia", "max", "noor", "oli", "pia", "raj", "sam", "tess", "uma" };
	static const char *const last[] = { "lovelace", "okafor", "martin", "ito", "nakamura", "larsen",
		"rao", "kim", "silva", "berg", "novak", "haddad", "weber", "chen", "moreau" };

	snprintf(out, size, "%s.%s@contoso.com", first[r % 20], last[(r / 20) % 15]);
}

static const char *const gen_states[] = { "Active", "NotAllowed", "Revoked" };
static const char *const gen_provisioning[] = { "NotRequested", "Pending", "Active",
	"BillingRequestDeclined", "BillingRequestExpired", "Revoked" };

static void
gen_tenant_json(char *out, size_t size, const char *tenant, unsigned long long r, const char *when)
{
	snprintf(out, size, "{\"billingManagementState\":\"%s\",\"createdOn\":\"%s\",\"displayName\":"
		 "\"Partner tenant %05llu\",\"provisioningBillingRequestId\":\"/providers/Microsoft.Billing/"
		 "billingRequests/b%07llx-0000-4000-8000-%012llx\",\"provisioningManagementState\":\"%s\","
		 "\"tenantId\":\"%s\"}", gen_states[r % 3], when, (r >> 8) % 100000, (r >> 12) & 0xfffffff,
		 (r >> 16) & 0xffffffffffffULL, gen_provisioning[(r >> 4) % 6], tenant);
}

static void
gen_tenant(struct demo *d, struct gen_entry *e, unsigned long long r, const char *when)
{
	char tenant[37];

	scaled_guid(r % 20000 + 1, tenant);
	snprintf(e->object, sizeof(e->object), "%s/associatedTenants/%s", d->account_scope, tenant);
	e->has_before = strcmp(e->action, "tenant.add") != 0;
	e->has_after = strcmp(e->action, "tenant.remove") != 0;
	if (e->has_before)
		gen_tenant_json(e->before, sizeof(e->before), tenant, r, when);
	if (e->has_after)
		gen_tenant_json(e->after, sizeof(e->after), tenant, r >> 1, when);
}

static void
gen_role(struct demo *d, struct gen_entry *e, unsigned long long r, const char *when)
{
	static const char *const prefix[] = { "50000000", "40000000", "30000000" };
	static const char *const names[] = { "Billing account reader", "Billing profile contributor",
					      "Invoice section owner" };
	const char *scopes[] = { d->account_scope, d->profile_scope, d->section_scope };
	int depth = (int)(r % 3);
	char name[128], email[128], json[1024];

	snprintf(name, sizeof(name), "%s-aaaa-bbbb-cccc-1000000000%02d_%08llx-0000-4000-8000-000000000000",
		 prefix[depth], depth, (r >> 8) % 50000 + 0x200000);
	gen_actor(r >> 20, email, sizeof(email));
	snprintf(e->object, sizeof(e->object), "%s/billingRoleAssignments/%s", scopes[depth], name);
	snprintf(json, sizeof(json), "{\"billingRequestId\":null,\"createdByEmailAddress\":\"ada@contoso.com\","
		 "\"createdOn\":\"%s\",\"name\":\"%s\",\"principalTenantId\":\"c0000000-0000-4000-8000-000000000001\","
		 "\"roleDefinitionId\":\"%s/billingRoleDefinitions/%s-aaaa-bbbb-cccc-1000000000%02d\","
		 "\"roleName\":\"%s\",\"scope\":\"%s\",\"status\":\"Active\",\"url\":null,"
		 "\"userEmailAddress\":\"%s\"}", when, name, scopes[depth], prefix[depth], depth, names[depth],
		 scopes[depth], email);
	e->has_before = strcmp(e->action, "role.remove") == 0;
	e->has_after = !e->has_before;
	snprintf(e->has_before ? e->before : e->after, sizeof(e->after), "%s", json);
}

static void
gen_request(struct demo *d, struct gen_entry *e, unsigned long long r, const char *when)
{
	(void)d;
	snprintf(e->object, sizeof(e->object), "/providers/Microsoft.Billing/billingRequests/b%07llx-0000-4000-8000-%012llx",
		 (r >> 12) & 0xfffffff, (r >> 16) & 0xffffffffffffULL);
	e->has_after = true;
	e->has_before = strcmp(e->action, "request.create") != 0;
	if (e->has_before)
		snprintf(e->before, sizeof(e->before), "{\"status\":\"Pending\"}");
	if (!e->has_before)
		snprintf(e->after, sizeof(e->after), "{\"addressee\":\"Global administrator of c0000000-0000-4000-8000-%012llx\","
			 "\"expirationDate\":\"%s\",\"status\":\"Pending\",\"type\":\"%s\"}", r % 20000, when,
			 r % 2 ? "RoleAssignment" : "ProvisioningAccess");
	else if (strcmp(e->action, "request.expire") == 0)
		snprintf(e->after, sizeof(e->after), "{\"status\":\"Expired\"}");
	else
		snprintf(e->after, sizeof(e->after), "{\"reviewalDate\":\"%s\",\"reviewedBy\":{\"upn\":\"ada@contoso.com\"},"
			 "\"status\":\"%s\"}", when, strcmp(e->action, "request.approve") == 0 ? "Approved"
			 : strcmp(e->action, "request.decline") == 0 ? "Declined" : "Cancelled");
}

static void
gen_user_json(char *out, size_t size, const char *email, bool guest, const char *state)
{
	snprintf(out, size, "{\"displayName\":\"%s\",\"externalUserState\":%s%s%s,\"globalAdministrator\":false,"
		 "\"mail\":\"%s\",\"tenantDisplayName\":\"Contoso\",\"tenantId\":\"c0000000-0000-4000-8000-000000000001\","
		 "\"userType\":\"%s\"}", email, state ? "\"" : "", state ? state : "null", state ? "\"" : "",
		 email, guest ? "Guest" : "Member");
}

static void
gen_user(struct demo *d, struct gen_entry *e, unsigned long long r, const char *when)
{
	bool guest = e->action[0] == 'g';
	char email[128];

	(void)d;
	(void)when;
	if (guest)
		snprintf(email, sizeof(email), "guest%05llu@%s", r % 30000, r % 2 ? "outlook.com" : "gmail.com");
	else
		gen_actor(r, email, sizeof(email));
	snprintf(e->object, sizeof(e->object), "/tenants/c0000000-0000-4000-8000-000000000001/users/%s", email);
	e->has_before = strcmp(e->action, "directory.user.update") == 0 || strcmp(e->action, "guest.accept") == 0;
	e->has_after = true;
	if (e->has_before)
		gen_user_json(e->before, sizeof(e->before), email, guest, guest ? "PendingAcceptance" : NULL);
	gen_user_json(e->after, sizeof(e->after), email, guest,
		      !guest ? NULL : e->has_before ? "Accepted" : "PendingAcceptance");
}

/* The mix of actions, in parts of 100, and how each is shaped. */
static const struct {
	const char *action;
	int weight;
	void (*make)(struct demo *d, struct gen_entry *e, unsigned long long r, const char *when);
} gen_mix[] = {
	{ "role.assign", 18, gen_role }, { "role.remove", 7, gen_role },
	{ "request.create", 14, gen_request }, { "request.approve", 8, gen_request },
	{ "request.decline", 3, gen_request }, { "request.cancel", 2, gen_request },
	{ "request.expire", 3, gen_request }, { "tenant.add", 8, gen_tenant },
	{ "tenant.update", 12, gen_tenant }, { "tenant.remove", 3, gen_tenant },
	{ "directory.user.add", 8, gen_user }, { "directory.user.update", 6, gen_user },
	{ "guest.invite", 5, gen_user }, { "guest.accept", 3, gen_user },
};

static enum core_status
seed_audit_one(struct demo *d, unsigned long long *state, const char *when)
{
	unsigned long long r = gen_next(state);
	struct gen_entry e = { .action = NULL };
	char actor[128];
	int pick = (int)(r % 100);
	size_t i = 0;

	while (pick >= gen_mix[i].weight)
		pick -= gen_mix[i++].weight;
	e.action = gen_mix[i].action;
	r = gen_next(state);
	gen_mix[i].make(d, &e, r, when);
	if (strcmp(e.action, "request.expire") == 0)
		snprintf(actor, sizeof(actor), "billcon");
	else
		gen_actor(gen_next(state) % 300, actor, sizeof(actor));
	return store_audit_append(d->st, when, actor, e.action, e.object, e.has_before ? e.before : NULL,
				  e.has_after ? e.after : NULL, d->err);
}

/* n entries after the demo's own, their times spread evenly from the last
 * event to the store's making (a year: app_demo_init starts the world that
 * much earlier), so that times rise with the sequence as they do in use. */
static enum core_status
seed_audit(struct demo *d, long n)
{
	unsigned long long state = 8;
	long long span = d->made > d->now ? (long long)(d->made - d->now) : n;
	char when[CORE_TIME_ISO_LEN + 1];
	long i;
	enum core_status rc = CORE_OK;

	for (i = 1; !rc && i <= n; i++) {
		if (i % DEMO_BATCH == 0)
			rc = next_batch(d);
		if (!rc)
			rc = seed_audit_one(d, &state, core_time_iso(d->now + (time_t)(span * i / (n + 1)), when));
	}
	return rc;
}

static enum core_status
seed(struct demo *d, long scale, long audit)
{
	enum core_status rc = store_begin(d->st, d->err);

	if (!rc)
		rc = store_meta_set(d->st, "default_actor", "ada@contoso.com", d->err);
	if (!rc)
		rc = store_meta_set(d->st, "demo", "1", d->err);
	if (!rc)
		rc = seed_directory(d);
	if (!rc)
		rc = seed_users(d);
	if (!rc)
		rc = seed_hierarchy(d);
	if (!rc)
		rc = app_hier_seed_demo(d->st, d->contoso.id, d->made, d->err);
	if (!rc)
		rc = seed_associated(d);
	if (!rc)
		rc = seed_roles(d);
	if (!rc)
		rc = seed_partner(d);
	if (!rc)
		rc = app_stack_seed_demo(d->st, d->made, d->err);
	rc = rc ? rc : app_onboarding_seed_demo(d->st, d->made, d->err);
	rc = rc ? rc : app_usage_seed_demo(d->st, d->made, d->err);
	if (!rc)
		rc = app_invoice_seed_demo(d->st, d->made, d->err);
	if (!rc)
		rc = app_account_seed_many(d->st, d->sizes.accounts, "ada@contoso.com", d->contoso.primary_tenant_id, d->made, d->err);
	if (!rc)
		rc = app_invoice_seed_many(d->st, d->contoso.id, d->made, d->sizes.invoices, d->err);
	/* The store is built beside its path and renamed whole, so the
	 * indexes may be built once at the end without anyone seeing them
	 * stale. */
	if (!rc && (scale || audit))
		rc = store_bulk_begin(d->st, d->err);
	if (!rc)
		rc = seed_scaled(d, scale);
	if (!rc)
		rc = seed_audit(d, audit);
	if (!rc && (scale || audit))
		rc = store_bulk_end(d->st, d->err);
	if (!rc)
		return store_commit(d->st, d->err);
	store_rollback(d->st);
	return rc;
}

enum core_status
app_demo_init(const char *path, long scale, struct core_error *err)
{
	return app_demo_init_audit(path, scale, 0, err);
}

enum core_status
app_demo_init_audit(const char *path, long scale, long audit, struct core_error *err)
{
	struct app_demo_sizes z = { .scale = scale, .audit = audit };

	return app_demo_init_sizes(path, &z, err);
}

enum core_status
app_demo_init_sizes(const char *path, const struct app_demo_sizes *z, struct core_error *err)
{
	struct demo d = { .err = err, .sizes = *z };
	long scale = z->scale, audit = z->audit;
	char tmp[4096 + 32];
	enum core_status rc;

	if (scale < 0 || scale > APP_DEMO_SCALE_MAX)
		return core_error_set(err, CORE_USAGE, "--scale takes a number of rows from 0 to %d.",
				      APP_DEMO_SCALE_MAX);
	if (audit < 0 || audit > APP_DEMO_AUDIT_MAX)
		return core_error_set(err, CORE_USAGE, "--audit takes a number of entries from 0 to %d.",
				      APP_DEMO_AUDIT_MAX);
	if (z->accounts < 0 || z->accounts > APP_ACCOUNT_SEED_MAX)
		return core_error_set(err, CORE_USAGE, "--accounts takes a number of accounts from 0 to %d.",
				      APP_ACCOUNT_SEED_MAX);
	if (z->invoices < 0 || z->invoices > APP_DEMO_SCALE_MAX)
		return core_error_set(err, CORE_USAGE, "--invoices takes a number of invoices from 0 to %d.",
				      APP_DEMO_SCALE_MAX);
	rc = store_file_start(path, "demo init", tmp, sizeof(tmp), err);
	if (rc)
		return rc;
	rc = store_open(tmp, STORE_OPEN_CREATE, &d.st, err);
	if (rc) {
		store_file_discard(tmp);
		return rc;
	}
	d.made = core_now();
	/* Generated audit entries fill the year after the demo's events. */
	d.start = d.made - (audit ? 366 : 90) * DAY;
	d.now = d.start;
	/* Spread the small world's events over the 90 days before now. */
	d.tick = 3 * 3600;
	rc = seed(&d, scale, audit);
	store_close(d.st);
	if (!rc)
		return store_file_place(tmp, path, "demo init", err);
	store_file_discard(tmp);
	return rc;
}

void
app_demo_path(char *out, size_t size)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg)
		snprintf(out, size, "%s/billcon/demo.db", xdg);
	else
		snprintf(out, size, "%s/.local/share/billcon/demo.db", home ? home : ".");
}
