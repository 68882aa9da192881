/* Unit tests of sync's plan (sync_plan, app_plan): every pushed action
 * mapped to its method, path, api-version and body fields in ARM's (or
 * Graph's) shape; local-only changes with their reasons; a tenant added by
 * domain resolved first; the OpenID issuer read; a POST's read-back; and
 * the plan of a store: failed items with their ARM error, items held
 * behind them, items sent and never answered. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <jansson.h>
#include <sqlite3.h>

#include "billcon/app_context.h"
#include "billcon/app_plan.h"
#include "billcon/app_tenant.h"
#include "billcon/app_write.h"
#include "billcon/store_list.h"
#include "billcon/store_outbox.h"
#include "billcon/sync_plan.h"
#include "fixture.h"

#define ACCOUNT "/providers/Microsoft.Billing/billingAccounts/a1:b2_2019-05-31"
#define TENANT_ID "c0000000-0000-4000-8000-0000000000aa"
#define STACK "/subscriptions/5c000000-0000-4000-8000-000000000001/resourceGroups/azurestack" \
	      "/providers/Microsoft.AzureStack/registrations/reg/customerSubscriptions/5c00"

/* Maps one change that must make a call; the call is the test's to clear. */
static void
map(const char *action, const char *object, const char *before, const char *after, struct sync_call *call)
{
	struct sync_change c = { action, object, before, after, true };
	struct core_error err;

	ck_assert_int_eq(sync_plan_call(&c, call, &err), CORE_OK);
}

/* The body's value at a dotted path, as a string ("" when there is none). */
static const char *
body_at(const struct sync_call *call, const char *path, char *out, size_t size)
{
	json_t *o = json_loads(call->body, 0, NULL), *v = o;
	char key[128];
	const char *p = path, *dot;

	while (v && p) {
		dot = strchr(p, '.');
		snprintf(key, sizeof(key), "%.*s", dot ? (int)(dot - p) : (int)strlen(p), p);
		v = json_object_get(v, key);
		p = dot ? dot + 1 : NULL;
	}
	snprintf(out, size, "%s", json_is_string(v) ? json_string_value(v) : json_is_true(v) ? "true" : "");
	json_decref(o);
	return out;
}

START_TEST(tenant_put_and_delete)
{
	struct sync_call c;
	char b[256];

	map("tenant.add", ACCOUNT "/associatedTenants/" TENANT_ID, NULL,
	    "{\"displayName\":\"New Co\",\"billingManagementState\":\"Active\","
	    "\"provisioningManagementState\":\"Pending\",\"tenantId\":\"" TENANT_ID "\",\"createdOn\":\"x\"}", &c);
	ck_assert_int_eq(c.api, SYNC_API_ARM);
	ck_assert_str_eq(c.method, "PUT");
	ck_assert_str_eq(c.path, ACCOUNT "/associatedTenants/" TENANT_ID "?api-version=2024-04-01");
	ck_assert_str_eq(body_at(&c, "properties.displayName", b, sizeof(b)), "New Co");
	ck_assert_str_eq(body_at(&c, "properties.billingManagementState", b, sizeof(b)), "Active");
	ck_assert_str_eq(body_at(&c, "properties.provisioningManagementState", b, sizeof(b)), "Pending");
	ck_assert_str_eq(body_at(&c, "properties.createdOn", b, sizeof(b)), "");
	ck_assert(c.lro);
	ck_assert_str_eq(c.domain, "");
	sync_call_clear(&c);

	map("tenant.update", ACCOUNT "/associatedTenants/" TENANT_ID, "{\"displayName\":\"A\"}",
	    "{\"displayName\":\"B\",\"billingManagementState\":\"NotAllowed\"}", &c);
	ck_assert_str_eq(c.method, "PUT");
	ck_assert_str_eq(body_at(&c, "properties.displayName", b, sizeof(b)), "B");
	sync_call_clear(&c);

	map("tenant.remove", ACCOUNT "/associatedTenants/" TENANT_ID, "{\"displayName\":\"B\"}", NULL, &c);
	ck_assert_str_eq(c.method, "DELETE");
	ck_assert_str_eq(c.path, ACCOUNT "/associatedTenants/" TENANT_ID "?api-version=2024-04-01");
	ck_assert_ptr_null(c.body);
	sync_call_clear(&c);
}
END_TEST

START_TEST(tenant_by_domain_is_resolved_first)
{
	struct sync_call c;
	struct core_error err;
	char tenant[37];

	map("tenant.add", ACCOUNT "/associatedTenants/new.onmicrosoft.com", NULL,
	    "{\"displayName\":\"Dom\",\"tenantId\":null,\"domain\":\"new.onmicrosoft.com\"}", &c);
	ck_assert_str_eq(c.domain, "new.onmicrosoft.com");
	ck_assert_ptr_nonnull(strstr(c.reason, "resolved"));
	ck_assert_int_eq(sync_plan_set_tenant(&c, TENANT_ID, &err), CORE_OK);
	ck_assert_str_eq(c.path, ACCOUNT "/associatedTenants/" TENANT_ID "?api-version=2024-04-01");
	ck_assert_str_eq(c.domain, "");
	ck_assert_int_eq(sync_plan_set_tenant(&c, TENANT_ID, &err), CORE_STORE);
	sync_call_clear(&c);

	ck_assert(sync_plan_issuer_tenant("{\"issuer\":\"https://login.microsoftonline.com/" TENANT_ID "/v2.0\"}",
					  tenant));
	ck_assert_str_eq(tenant, TENANT_ID);
	ck_assert(!sync_plan_issuer_tenant("{\"issuer\":\"https://login.microsoftonline.com/common/v2.0\"}", tenant));
	ck_assert(!sync_plan_issuer_tenant("{\"nothing\":1}", tenant));
	ck_assert(!sync_plan_issuer_tenant("not json", tenant));
	ck_assert(!sync_plan_issuer_tenant(NULL, tenant));
}
END_TEST

START_TEST(role_assignment_post_and_delete)
{
	struct sync_call c;
	char b[256];
	const char *scope = ACCOUNT "/billingProfiles/P1";

	map("role.assign", scope, NULL,
	    "{\"scope\":\"" ACCOUNT "/billingProfiles/P1\",\"userEmailAddress\":\"zed@contoso.com\","
	    "\"principalTenantId\":\"t1\",\"roleDefinitionId\":\"" ACCOUNT "/billingRoleDefinitions/r1\","
	    "\"roleName\":\"Reader\",\"status\":\"Active\"}", &c);
	ck_assert_str_eq(c.method, "POST");
	ck_assert_str_eq(c.path, ACCOUNT "/billingProfiles/P1/createBillingRoleAssignment?api-version=2024-04-01");
	ck_assert_str_eq(body_at(&c, "userEmailAddress", b, sizeof(b)), "zed@contoso.com");
	ck_assert_str_eq(body_at(&c, "principalTenantId", b, sizeof(b)), "t1");
	ck_assert_str_eq(body_at(&c, "roleDefinitionId", b, sizeof(b)), ACCOUNT "/billingRoleDefinitions/r1");
	ck_assert_str_eq(body_at(&c, "roleName", b, sizeof(b)), "");
	ck_assert(c.not_idempotent);
	ck_assert_str_eq(c.readback, ACCOUNT "/billingProfiles/P1/billingRoleAssignments?api-version=2024-04-01");
	ck_assert(sync_plan_made(&c, "{\"value\":[{\"name\":\"svc-1\",\"properties\":{\"roleDefinitionId\":\"" ACCOUNT
			       "/billingRoleDefinitions/r1\",\"userEmailAddress\":\"ZED@contoso.com\"}}]}", b, sizeof(b)));
	/* The service's name for it, to take in place of the one made here. */
	ck_assert_str_eq(b, "svc-1");
	ck_assert(!sync_plan_made(&c, "{\"value\":[{\"name\":\"svc-2\",\"properties\":{\"roleDefinitionId\":\"" ACCOUNT
				"/billingRoleDefinitions/r2\",\"userEmailAddress\":\"zed@contoso.com\"}}]}", b, sizeof(b)));
	ck_assert_str_eq(b, "");
	ck_assert(!sync_plan_made(&c, "{\"value\":[]}", NULL, 0));
	sync_plan_made_name(&c, "{\"name\":\"svc-3\",\"properties\":{\"roleDefinitionId\":\"" ACCOUNT
			    "/billingRoleDefinitions/r1\",\"userEmailAddress\":\"zed@contoso.com\"}}", b, sizeof(b));
	ck_assert_str_eq(b, "svc-3");
	/* An answer that is not the assignment asked for (an operation's
	 * status) names nothing. */
	sync_plan_made_name(&c, "{\"name\":\"op-1\",\"status\":\"Succeeded\"}", b, sizeof(b));
	ck_assert_str_eq(b, "");
	sync_call_clear(&c);

	map("role.remove", ACCOUNT "/billingRoleAssignments/n1", "{\"status\":\"Active\"}", NULL, &c);
	ck_assert_str_eq(c.method, "DELETE");
	ck_assert_str_eq(c.path, ACCOUNT "/billingRoleAssignments/n1?api-version=2024-04-01");
	ck_assert(!c.not_idempotent);
	sync_call_clear(&c);
}
END_TEST

START_TEST(request_decisions)
{
	static const char *const acts[][2] = { { "request.approve", "Approved" },
					       { "request.decline", "Declined" },
					       { "request.cancel", "Cancelled" } };
	const char *req = "/providers/Microsoft.Billing/billingRequests/b1";
	struct sync_call c;
	char after[256], b[256];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(after, sizeof(after), "{\"status\":\"%s\",\"decisionReason\":\"why\","
			 "\"reviewedBy\":{\"upn\":\"mo@fabrikam.com\"}}", acts[i][1]);
		map(acts[i][0], req, "{\"status\":\"Pending\"}", after, &c);
		ck_assert_str_eq(c.method, "PUT");
		ck_assert_str_eq(c.path, "/providers/Microsoft.Billing/billingRequests/b1?api-version=2024-04-01");
		ck_assert_str_eq(body_at(&c, "properties.status", b, sizeof(b)), acts[i][1]);
		ck_assert_str_eq(body_at(&c, "properties.decisionReason", b, sizeof(b)), "why");
		ck_assert_str_eq(body_at(&c, "properties.reviewedBy.upn", b, sizeof(b)), "");
		sync_call_clear(&c);
	}
}
END_TEST

START_TEST(stack_customers_use_azurestacks_version)
{
	struct sync_call c;
	char b[256];

	map("stack.customer.add", STACK, NULL, "{\"addedBy\":\"ada\",\"properties\":{\"tenantId\":\"" TENANT_ID "\"}}", &c);
	ck_assert_str_eq(c.method, "PUT");
	ck_assert_str_eq(c.path, STACK "?api-version=2022-06-01");
	ck_assert_str_eq(body_at(&c, "properties.tenantId", b, sizeof(b)), TENANT_ID);
	ck_assert_str_eq(body_at(&c, "addedBy", b, sizeof(b)), "");
	sync_call_clear(&c);
	map("stack.customer.remove", STACK, "{\"properties\":{}}", NULL, &c);
	ck_assert_str_eq(c.method, "DELETE");
	ck_assert_str_eq(c.path, STACK "?api-version=2022-06-01");
	sync_call_clear(&c);
}
END_TEST

START_TEST(hierarchy_changes)
{
	struct sync_call c;
	char b[512];

	map("profile.add", ACCOUNT "/billingProfiles/P2", NULL, "{\"displayName\":\"New\",\"invoiceDay\":5}", &c);
	ck_assert_str_eq(c.method, "PUT");
	ck_assert_str_eq(c.path, ACCOUNT "/billingProfiles/P2?api-version=2024-04-01");
	ck_assert_str_eq(body_at(&c, "properties.displayName", b, sizeof(b)), "New");
	sync_call_clear(&c);

	map("section.add", ACCOUNT "/billingProfiles/P2/invoiceSections/S2", NULL, "{\"displayName\":\"Sec\"}", &c);
	ck_assert_str_eq(c.method, "PUT");
	ck_assert_str_eq(c.path, ACCOUNT "/billingProfiles/P2/invoiceSections/S2?api-version=2024-04-01");
	ck_assert_str_eq(body_at(&c, "properties.displayName", b, sizeof(b)), "Sec");
	sync_call_clear(&c);

	/* The default section comes with its profile. */
	map("section.add", ACCOUNT "/billingProfiles/P2/invoiceSections/S1", NULL,
	    "{\"displayName\":\"New\",\"default\":true}", &c);
	ck_assert_int_eq(c.api, SYNC_API_NONE);
	ck_assert_ptr_nonnull(strstr(c.reason, "default invoice section"));
	ck_assert(!c.lro);
	sync_call_clear(&c);

	map("subscription.move", ACCOUNT "/billingSubscriptions/s1", "{\"invoiceSectionId\":\"x\"}",
	    "{\"invoiceSectionId\":\"" ACCOUNT "/billingProfiles/P1/invoiceSections/S9\"}", &c);
	ck_assert_str_eq(c.method, "POST");
	ck_assert_str_eq(c.path, ACCOUNT "/billingSubscriptions/s1/move?api-version=2024-04-01");
	ck_assert_str_eq(body_at(&c, "destinationInvoiceSectionId", b, sizeof(b)),
			 ACCOUNT "/billingProfiles/P1/invoiceSections/S9");
	ck_assert(c.lro);
	sync_call_clear(&c);
	map("subscription.link", ACCOUNT "/billingSubscriptions/s2", NULL,
	    "{\"invoiceSectionId\":\"" ACCOUNT "/billingProfiles/P1/invoiceSections/S9\"}", &c);
	ck_assert_str_eq(c.path, ACCOUNT "/billingSubscriptions/s2/move?api-version=2024-04-01");
	sync_call_clear(&c);
}
END_TEST

START_TEST(guest_invitation_goes_to_graph)
{
	struct sync_call c;
	char b[256];

	map("guest.invite", "/tenants/t1/users/g@example.com", NULL,
	    "{\"mail\":\"g@example.com\",\"displayName\":\"G\",\"userType\":\"Guest\"}", &c);
	ck_assert_int_eq(c.api, SYNC_API_GRAPH);
	ck_assert_str_eq(c.method, "POST");
	ck_assert_str_eq(c.path, "/v1.0/invitations");
	ck_assert_str_eq(body_at(&c, "invitedUserEmailAddress", b, sizeof(b)), "g@example.com");
	ck_assert_str_eq(body_at(&c, "invitedUserDisplayName", b, sizeof(b)), "G");
	ck_assert_str_eq(body_at(&c, "inviteRedirectUrl", b, sizeof(b)), "https://myapps.microsoft.com");
	ck_assert_str_eq(body_at(&c, "sendInvitationMessage", b, sizeof(b)), "true");
	ck_assert(!c.lro);
	sync_call_clear(&c);
}
END_TEST

/* The primary tenant's guest setting: a PATCH of Graph's authorization
 * policy; a change of the name alone stays local, and says so. */
START_TEST(guest_setting_goes_to_graph)
{
	static const char off[] = "{\"displayName\":\"C\",\"guestInvitationsAllowed\":false}";
	static const char on[] = "{\"displayName\":\"C\",\"guestInvitationsAllowed\":true}";
	static const char renamed[] = "{\"displayName\":\"D\",\"guestInvitationsAllowed\":true}";
	struct sync_change ch = { "directory.tenant.update", "/tenants/t1", on, off, true };
	struct sync_call c;
	char b[256];

	map(ch.action, ch.object, on, off, &c);
	ck_assert_int_eq(c.api, SYNC_API_GRAPH);
	ck_assert_str_eq(c.method, "PATCH");
	ck_assert_str_eq(c.path, "/v1.0/policies/authorizationPolicy");
	ck_assert_str_eq(body_at(&c, "allowInvitesFrom", b, sizeof(b)), "none");
	ck_assert(!c.lro);
	ck_assert(!sync_plan_is_local(&ch));
	sync_call_clear(&c);
	map(ch.action, ch.object, off, on, &c);
	ck_assert_str_eq(body_at(&c, "allowInvitesFrom", b, sizeof(b)), "adminsGuestInvitersAndAllMembers");
	sync_call_clear(&c);
	map(ch.action, ch.object, on, renamed, &c);
	ck_assert_int_eq(c.api, SYNC_API_NONE);
	ck_assert_ptr_nonnull(strstr(c.reason, "Graph does not take"));
	sync_call_clear(&c);
	ch.after = renamed;
	ck_assert(sync_plan_is_local(&ch));
}
END_TEST

START_TEST(local_only_reasons)
{
	static const char *const cases[][2] = {
		{ "partner.link", "Partner Center" },
		{ "partner.set", "Partner Center" },
		{ "billingAccount.create", "Partner Center" },
		{ "usage.import", "usage" },
		{ "stack.onboarding.tick", "onboarding" },
		{ "directory.user.add", "Graph does not take" },
		{ "directory.domain.add", "Graph does not take" },
		{ "request.create", "no URL until pushed" },
		{ "request.expire", "expires" },
		{ "role.status", "decided" },
		{ "subscription.provision", "Microsoft 365" },
		{ "something.new", "no API" },
	};
	struct sync_change ch = { NULL, "/x", NULL, "{}", false };
	struct sync_call c;
	struct core_error err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ch.action = cases[i][0];
		ck_assert_int_eq(sync_plan_call(&ch, &c, &err), CORE_OK);
		ck_assert_int_eq(c.api, SYNC_API_NONE);
		ck_assert_str_eq(c.method, "");
		ck_assert_msg(strstr(c.reason, cases[i][1]), "%s: %s", cases[i][0], c.reason);
		sync_call_clear(&c);
	}
	/* A pushed action marked local in its row stays local. */
	ch.action = "tenant.add";
	ck_assert_int_eq(sync_plan_call(&ch, &c, &err), CORE_OK);
	ck_assert_int_eq(c.api, SYNC_API_NONE);
	sync_call_clear(&c);
	/* An unknown action asked to be pushed is local, said so. */
	ch.action = "brand.new";
	ch.push = true;
	ck_assert_int_eq(sync_plan_call(&ch, &c, &err), CORE_OK);
	ck_assert_int_eq(c.api, SYNC_API_NONE);
	sync_call_clear(&c);
	/* A row whose JSON cannot be read is a store failure, named. */
	ch.action = "tenant.add";
	ch.after = "{not json";
	ck_assert_int_eq(sync_plan_call(&ch, &c, &err), CORE_STORE);
	ck_assert_ptr_nonnull(strstr(err.message, "tenant.add"));
}
END_TEST

static void
outbox(const char *action, const char *object, const char *after, int push, int attempts, const char *error)
{
	char sql[2048];

	snprintf(sql, sizeof(sql), "INSERT INTO sync_outbox(audit_seq, created_on, action, object, before,"
		 " after, push, attempts, last_error) VALUES(1, '2026-01-15T00:00:00Z', '%s', '%s', NULL, '%s',"
		 " %d, %d, %s%s%s)", action, object, after, push, attempts, error ? "'" : "",
		 error ? error : "NULL", error ? "'" : "");
	ck_assert_int_eq(fixture_exec(fixture_path, sql), 0);
}

START_TEST(store_plan_fails_holds_and_sends)
{
	struct app_ctx *ctx;
	struct app_plan *p;
	struct core_error err;
	struct core_buf b = { 0 };
	json_t *o;

	ck_assert_int_eq(fixture_exec(fixture_path, "DELETE FROM sync_outbox"), 0);
	outbox("tenant.add", ACCOUNT "/associatedTenants/t1", "{\"displayName\":\"A\"}", 1, 2,
	       "InvalidTenant: The tenant is not valid.");
	outbox("tenant.update", ACCOUNT "/associatedTenants/t1", "{\"displayName\":\"B\"}", 1, 0, NULL);
	outbox("tenant.add", ACCOUNT "/associatedTenants/t2", "{\"displayName\":\"C\"}", 1, 1, NULL);
	outbox("partner.set", "/partner/1", "{}", 0, 0, NULL);
	outbox("profile.add", ACCOUNT "/billingProfiles/P9", "{\"displayName\":\"P\"}", 1, 0, NULL);
	ctx = fixture_open(fixture_path, NULL, true);
	ck_assert_int_eq(app_plan_load(ctx, &p, &err), CORE_OK);
	ck_assert_int_eq(p->n, 5);
	ck_assert_int_eq(p->items[0].state, APP_PLAN_FAILED);
	ck_assert_int_eq(p->items[1].state, APP_PLAN_HELD);
	ck_assert_int_eq(p->items[1].held_by, p->items[0].row->id);
	ck_assert_int_eq(p->items[2].state, APP_PLAN_SENT);
	ck_assert_int_eq(p->items[3].state, APP_PLAN_LOCAL);
	ck_assert_int_eq(p->items[4].state, APP_PLAN_PUSH);
	ck_assert_int_eq(p->to_push, 2);
	ck_assert_int_eq(p->local_only, 1);
	ck_assert_int_eq(p->failed, 1);
	ck_assert_int_eq(p->held, 1);
	o = app_plan_item_json(&p->items[0]);
	ck_assert_str_eq(json_string_value(json_object_get(o, "lastError")), "InvalidTenant: The tenant is not valid.");
	ck_assert_str_eq(json_string_value(json_object_get(o, "state")), "failed");
	json_decref(o);
	app_plan_change_words(&p->items[1], &b);
	ck_assert_str_eq(b.p, "new: displayName: B");
	core_buf_free(&b);
	app_plan_free(p);
	app_close(ctx);
}
END_TEST

START_TEST(synced_store_acts_as_the_signed_in_user_only)
{
	struct app_ctx *ctx = fixture_open(fixture_path, "ada@contoso.com", false);
	struct app_tenant_change ch = { .name = "Wingtip Two", .billing_management = -1, .provisioning = -1 };
	struct core_error err;
	long long waiting = fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox");

	ck_assert_int_eq(app_write_check_signed_in(ctx, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_write_check_signed_in(ctx, "", &err), CORE_OK);
	ck_assert_int_eq(app_write_check_signed_in(ctx, "ADA@contoso.com", &err), CORE_OK);
	ck_assert_int_eq(app_write_check_signed_in(ctx, "ben@contoso.com", &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "signed in as ben@contoso.com"));
	/* Through the write path: a pushed change as another is refused whole,
	 * a local-only one is not, and as the signed-in user it goes. */
	snprintf(ctx->signed_in, sizeof(ctx->signed_in), "ben@contoso.com");
	ck_assert_int_eq(app_tenant_set(ctx, WINGTIP, &ch, true, NULL, NULL, &err), CORE_REFUSED);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox"), waiting);
	snprintf(ctx->signed_in, sizeof(ctx->signed_in), "ada@contoso.com");
	ck_assert_int_eq(app_tenant_set(ctx, WINGTIP, &ch, true, NULL, NULL, &err), CORE_OK);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox"), waiting + 1);
	app_close(ctx);
}
END_TEST

/* The ids a walk of the outbox list met, and where the last one stands. */
struct walk {
	long long ids[1024];
	int n;
	struct store_list_key last;
};

static int
take(const void *row, const struct store_list_key *key, void *ctx)
{
	struct walk *w = ctx;

	ck_assert_int_lt(w->n, 1024);
	w->ids[w->n++] = ((const struct store_outbox_entry *)row)->id;
	w->last = *key;
	return 0;
}

/* Every page of limit rows in one direction, from no anchor on. */
static void
walk_all(struct app_ctx *ctx, bool backward, const char *filter, int limit, struct walk *w)
{
	struct store_list_query q = { .spec = store_outbox_list_spec(), .limit = limit, .backward = backward,
				      .filter = filter };
	struct core_error err;
	struct store_list_key anchor;
	int before;

	w->n = 0;
	do {
		before = w->n;
		ck_assert_int_eq(store_list_page(ctx->st, &q, take, w, &err), CORE_OK);
		anchor = w->last;
		q.anchor = &anchor;
	} while (w->n - before == limit);
}

/* The ids of the waiting rows where, in SQL's own order. */
static int
sql_ids(const char *where, const char *order, long long *ids, int cap)
{
	char sql[512];
	int i;

	for (i = 0; i < cap; i++) {
		snprintf(sql, sizeof(sql), "SELECT id FROM sync_outbox WHERE %s ORDER BY id %s LIMIT 1 OFFSET %d",
			 where, order, i);
		if ((ids[i] = fixture_count(fixture_path, sql)) <= 0)
			break;
	}
	return i;
}

/* Whether SQLite plans sql on path with an index, never a scan of the
 * outbox (which grows by every change ever pushed). */
static bool
outbox_searched(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	char plan[256];
	bool searched = false, scanned = false;

	ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	snprintf(plan, sizeof(plan), "EXPLAIN QUERY PLAN %s", sql);
	ck_assert_int_eq(sqlite3_prepare_v2(db, plan, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *detail = (const char *)sqlite3_column_text(s, 3);

		searched |= detail && strstr(detail, "SEARCH sync_outbox USING INDEX") != NULL;
		scanned |= detail && strstr(detail, "SCAN sync_outbox") != NULL;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return searched && !scanned;
}

/* A POST's object taking the service's name moves the object's waiting
 * changes, pushed or local-only, and leaves settled ones; it finds them
 * by an index, as it runs after each POST of a push. */
START_TEST(retarget_moves_waiting_changes_by_index)
{
	struct app_ctx *ctx;
	struct core_error err;
	long long *moved;
	size_t n;

	ck_assert_int_eq(fixture_exec(fixture_path, "DELETE FROM sync_outbox"), 0);
	outbox("role.assign", ACCOUNT "/billingRoleAssignments/local", "{}", 1, 0, NULL);
	outbox("role.note", ACCOUNT "/billingRoleAssignments/local", "{}", 0, 0, NULL);
	outbox("role.assign", ACCOUNT "/billingRoleAssignments/local", "{}", 1, 0, NULL);
	outbox("role.assign", ACCOUNT "/billingRoleAssignments/other", "{}", 1, 0, NULL);
	ck_assert_int_eq(fixture_exec(fixture_path, "UPDATE sync_outbox SET done_on = 'x' WHERE id = (SELECT max(id)"
				      " - 1 FROM sync_outbox)"), 0);
	ctx = fixture_open(fixture_path, NULL, false);
	ck_assert_int_eq(store_outbox_retarget(ctx->st, ACCOUNT "/billingRoleAssignments/local",
					       ACCOUNT "/billingRoleAssignments/svc", &moved, &n, &err), CORE_OK);
	app_close(ctx);
	/* The rows moved, by ID: the first two (the third was settled). */
	ck_assert_int_eq(n, 2);
	ck_assert_int_eq(moved[0] + moved[1], fixture_count(fixture_path, "SELECT sum(id) FROM sync_outbox WHERE"
							    " object LIKE '%/svc'"));
	free(moved);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE object LIKE '%/svc'"
				       " AND done_on IS NULL"), 2);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE object LIKE '%/local'"
				       " AND done_on IS NOT NULL"), 1);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE object LIKE '%/other'"), 1);
	ck_assert(outbox_searched(fixture_path, "UPDATE sync_outbox SET object = ?2 WHERE object = ?1"
				  " AND done_on IS NULL"));
}
END_TEST

START_TEST(outbox_list_pages_match_sql_order)
{
	struct app_ctx *ctx;
	struct walk w;
	long long want[1024];
	int i, n;
	char object[256];

	ck_assert_int_eq(fixture_exec(fixture_path, "DELETE FROM sync_outbox"), 0);
	for (i = 0; i < 130; i++) {
		snprintf(object, sizeof(object), ACCOUNT "/associatedTenants/t%d", i % 17);
		outbox(i % 5 ? "tenant.update" : "partner.set", object, "{\"displayName\":\"A\"}", i % 5 != 0, 0, NULL);
	}
	/* Settled rows are not waiting. */
	ck_assert_int_eq(fixture_exec(fixture_path, "UPDATE sync_outbox SET done_on = 'x' WHERE id % 7 = 3"), 0);
	ctx = fixture_open(fixture_path, NULL, true);
	n = sql_ids("done_on IS NULL", "ASC", want, 1024);
	ck_assert_int_gt(n, 100);
	walk_all(ctx, false, NULL, 9, &w);
	ck_assert_int_eq(w.n, n);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(w.ids[i], want[i]);
	/* Backward from the end: the same rows, last first. */
	walk_all(ctx, true, NULL, 11, &w);
	ck_assert_int_eq(w.n, n);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(w.ids[i], want[n - 1 - i]);
	/* The filter: a substring of the object, LIKE's way. */
	n = sql_ids("done_on IS NULL AND object LIKE '%/t1%'", "ASC", want, 1024);
	walk_all(ctx, false, "/t1", 4, &w);
	ck_assert_int_eq(w.n, n);
	for (i = 0; i < n; i++)
		ck_assert_int_eq(w.ids[i], want[i]);
	app_close(ctx);
}
END_TEST

/* A row read alone says what the whole plan says of it. */
static int
check_one(const void *row, const struct store_list_key *key, void *arg)
{
	void **both = arg;
	const struct app_plan *p = both[0];
	const struct app_plan_summary *sum = both[1];
	const struct store_outbox_entry *e = row;
	struct app_plan_one one;
	struct core_error err;
	size_t i;

	(void)key;
	for (i = 0; i < p->n && p->items[i].row->id != e->id; i++)
		;
	ck_assert_uint_lt(i, p->n);
	ck_assert_int_eq(app_plan_one(e, sum, &one, &err), CORE_OK);
	ck_assert_int_eq(one.item.state, p->items[i].state);
	ck_assert_int_eq(one.item.held_by, p->items[i].held_by);
	ck_assert_str_eq(one.item.call.method, p->items[i].call.method);
	app_plan_one_clear(&one);
	return 0;
}

/* The walk of `sync --plan` hands over each change in order, as the whole
 * plan has it: the same row, state, holder, call and JSON. */
struct each_check {
	const struct app_plan *p;
	size_t at;
};

static int
check_each(const struct app_plan_item *it, void *arg)
{
	struct each_check *w = arg;
	const struct app_plan_item *want = &w->p->items[w->at++];
	json_t *a = app_plan_item_json(it), *b = app_plan_item_json(want);

	ck_assert_int_eq(it->row->id, want->row->id);
	ck_assert_int_eq(it->state, want->state);
	ck_assert_int_eq(it->held_by, want->held_by);
	ck_assert_str_eq(it->call.method, want->call.method);
	ck_assert_msg(json_equal(a, b), "change #%lld differs", it->row->id);
	json_decref(a);
	json_decref(b);
	return 0;
}

START_TEST(one_at_a_time_matches_the_plan)
{
	struct app_ctx *ctx;
	struct app_plan *p;
	struct app_plan_summary sum;
	struct store_list_query q = { .spec = store_outbox_list_spec(), .limit = -1 };
	struct core_error err;
	char name[256];
	struct app_plan_one one;
	struct store_outbox_entry e = { .id = 1, .push = true };
	void *both[2];

	ck_assert_int_eq(fixture_exec(fixture_path, "DELETE FROM sync_outbox"), 0);
	outbox("tenant.add", ACCOUNT "/associatedTenants/t1", "{\"displayName\":\"A\"}", 1, 2,
	       "InvalidTenant: The tenant is not valid.");
	outbox("tenant.update", ACCOUNT "/associatedTenants/T1", "{\"displayName\":\"B\"}", 1, 0, NULL);
	outbox("tenant.add", ACCOUNT "/associatedTenants/t2", "{\"displayName\":\"C\"}", 1, 1, NULL);
	outbox("partner.set", "/partner/1", "{}", 0, 0, NULL);
	/* A section fails; a change to its profile is held, and behind that
	 * another section of the profile (held only behind a held change). */
	outbox("section.add", ACCOUNT "/billingProfiles/P9/invoiceSections/S1", "{\"displayName\":\"S\"}", 1, 0,
	       "Conflict: The name is taken.");
	outbox("profile.add", ACCOUNT "/billingProfiles/P9", "{\"displayName\":\"P\"}", 1, 0, NULL);
	outbox("section.add", ACCOUNT "/billingProfiles/P9/invoiceSections/S2", "{\"displayName\":\"S2\"}", 1, 0,
	       NULL);
	/* Pushed rows no API takes: counted local as sync --plan counts them. */
	outbox("section.add", ACCOUNT "/billingProfiles/P8/invoiceSections/D", "{\"displayName\":\"D\",\"default\":true}",
	       1, 0, NULL);
	outbox("subscription.provision", ACCOUNT "/x/y", "{}", 1, 0, NULL);
	outbox("tenant.remove", ACCOUNT "/associatedTenants/t10", "null", 1, 0, NULL);
	ctx = fixture_open(fixture_path, NULL, true);
	ck_assert_int_eq(app_plan_load(ctx, &p, &err), CORE_OK);
	ck_assert_int_eq(app_plan_summarize(ctx, &sum, &err), CORE_OK);
	ck_assert_int_eq(sum.to_push, p->to_push);
	ck_assert_int_eq(sum.local_only, p->local_only);
	ck_assert_int_eq(sum.failed, p->failed);
	ck_assert_int_eq(sum.held, p->held);
	ck_assert_int_eq(sum.held, 3);
	ck_assert_int_eq(sum.local_only, 3);
	ck_assert_uint_eq(sum.nblockers, 5);
	both[0] = p;
	both[1] = &sum;
	ck_assert_int_eq(store_list_page(ctx->st, &q, check_one, both, &err), CORE_OK);
	{
		struct each_check w = { .p = p };

		ck_assert_int_eq(app_plan_each(ctx, &sum, check_each, &w, &err), CORE_OK);
		ck_assert_uint_eq(w.at, p->n);
	}
	ck_assert_ptr_nonnull(app_plan_blocker_by_id(&sum, p->items[0].row->id));
	ck_assert_ptr_null(app_plan_blocker_by_id(&sum, p->items[2].row->id));
	app_plan_summary_free(&sum);
	app_plan_summary_free(&sum);   /* emptied: twice is harmless */
	app_plan_free(p);
	/* Names: the display name, else the path's last segment. */
	snprintf(e.action, sizeof(e.action), "tenant.remove");
	snprintf(e.object, sizeof(e.object), "%s", ACCOUNT "/associatedTenants/t10");
	ck_assert_int_eq(app_plan_one(&e, &sum, &one, &err), CORE_OK);
	app_plan_object_name(&one.item, name, sizeof(name));
	ck_assert_str_eq(name, "t10");
	app_plan_one_clear(&one);
	snprintf(e.before, sizeof(e.before), "{\"displayName\":\"Ten\"}");
	ck_assert_int_eq(app_plan_one(&e, &sum, &one, &err), CORE_OK);
	app_plan_object_name(&one.item, name, sizeof(name));
	ck_assert_str_eq(name, "Ten");
	app_plan_one_clear(&one);
	/* Where it syncs: the demo store never does. */
	ck_assert_int_eq(app_plan_where(ctx, name, sizeof(name), &err), CORE_OK);
	ck_assert_str_eq(name, "the demo store: never synced");
	app_close(ctx);
}
END_TEST

static Suite *
plan_suite(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("mapping");

	tcase_add_test(tc, tenant_put_and_delete);
	tcase_add_test(tc, tenant_by_domain_is_resolved_first);
	tcase_add_test(tc, role_assignment_post_and_delete);
	tcase_add_test(tc, request_decisions);
	tcase_add_test(tc, stack_customers_use_azurestacks_version);
	tcase_add_test(tc, hierarchy_changes);
	tcase_add_test(tc, guest_invitation_goes_to_graph);
	tcase_add_test(tc, guest_setting_goes_to_graph);
	tcase_add_test(tc, local_only_reasons);
	suite_add_tcase(s, tc);
	tc = tcase_create("store");
	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, store_plan_fails_holds_and_sends);
	tcase_add_test(tc, synced_store_acts_as_the_signed_in_user_only);
	tcase_add_test(tc, outbox_list_pages_match_sql_order);
	tcase_add_test(tc, retarget_moves_waiting_changes_by_index);
	tcase_add_test(tc, one_at_a_time_matches_the_plan);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(plan_suite());
}
