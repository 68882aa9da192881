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

#include "billcon/app_context.h"
#include "billcon/app_plan.h"
#include "billcon/app_tenant.h"
#include "billcon/app_write.h"
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
	ck_assert(sync_plan_made(&c, "{\"value\":[{\"properties\":{\"roleDefinitionId\":\"" ACCOUNT
			       "/billingRoleDefinitions/r1\",\"userEmailAddress\":\"ZED@contoso.com\"}}]}"));
	ck_assert(!sync_plan_made(&c, "{\"value\":[{\"properties\":{\"roleDefinitionId\":\"" ACCOUNT
				"/billingRoleDefinitions/r2\",\"userEmailAddress\":\"zed@contoso.com\"}}]}"));
	ck_assert(!sync_plan_made(&c, "{\"value\":[]}"));
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
	tcase_add_test(tc, local_only_reasons);
	suite_add_tcase(s, tc);
	tc = tcase_create("store");
	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, store_plan_fails_holds_and_sends);
	tcase_add_test(tc, synced_store_acts_as_the_signed_in_user_only);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(plan_suite());
}
