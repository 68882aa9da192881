/* Manage requests (DOMAIN.md §5) and provisioning into associated tenants
 * (§3): each rule with its refusal, on the demo store. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/app_context.h"
#include "billcon/app_list.h"
#include "billcon/app_provision.h"
#include "billcon/app_request.h"
#include "billcon/app_tenant.h"
#include "billcon/store_audit.h"
#include "billcon/store_db.h"
#include "billcon/store_role.h"
#include "billcon/store_tenant.h"
#include "fixture.h"

/* The demo's requests (app/demo.c): Tailspin's provisioning request, and
 * the pending role requests of mo@fabrikam.com and nia@tailspintoys.com. */
#define TAILSPIN_PROVISIONING "b0000000-0000-4000-8000-000000000002"
#define MO_REQUEST "b0000000-0000-4000-8000-00000000006e"
#define NIA_REQUEST "b0000000-0000-4000-8000-00000000006f"
#define LENA_REQUEST "b0000000-0000-4000-8000-00000000006d"
#define TAILSPIN_ADMIN "admin@tailspintoys.com"

static char path[4096];

static void
setup(void)
{
	fixture_demo(path);
}

static void
teardown(void)
{
	unsetenv("BILLCON_NOW");
	fixture_cleanup(path);
}

static long long
audit_entries(void)
{
	return fixture_count(path, "SELECT count(*) FROM audit");
}

static long long
outbox_rows(void)
{
	return fixture_count(path, "SELECT count(*) FROM sync_outbox");
}

/* The stored status of the request called name. */
static const char *
stored_status(const char *name)
{
	static const char *const states[] = { "Pending", "Approved", "Declined", "Expired", "Cancelled" };
	char sql[256];
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM billing_request WHERE name = '%s' AND status = '%s'",
			 name, states[i]);
		if (fixture_count(path, sql) == 1)
			return states[i];
	}
	return "?";
}

/* Acts as actor on the request called name; a refusal must leave the store
 * and the trail as they were. */
static enum core_status
try_act(const char *actor, const char *name, enum app_request_act act, const char *reason,
	struct core_error *err)
{
	long long before = audit_entries(), queued = outbox_rows();
	struct app_ctx *ctx = fixture_open(path, actor, false);
	enum core_status rc;

	core_error_clear(err);
	rc = app_request_act(ctx, name, act, reason, NULL, err);
	app_close(ctx);
	if (rc) {
		ck_assert_int_eq(audit_entries(), before);
		ck_assert_int_eq(outbox_rows(), queued);
		ck_assert_str_ne(err->message, "");
	}
	return rc;
}

static void
add_tailspin_admin(void)
{
	ck_assert_int_eq(fixture_exec(path, "INSERT INTO directory_user(email, display_name, home_tenant_id,"
				      " global_admin) VALUES('" TAILSPIN_ADMIN "', 'Tailspin admin', '" TAILSPIN "', 1)"), 0);
}

static void
assert_chain_whole(void)
{
	struct store *st;
	struct store_audit_verdict v;
	struct core_error err;

	ck_assert_int_eq(store_open(path, 0, &st, &err), CORE_OK);
	ck_assert_int_eq(store_audit_verify(st, NULL, &v, &err), CORE_OK);
	ck_assert_int_eq(v.first_bad, 0);
	ck_assert_int_eq(v.entries, audit_entries());
	store_close(st);
}

START_TEST(only_the_addressee_decides)
{
	static const char *const others[] = { "ada@contoso.com", "ben@contoso.com", "cleo@contoso.com",
					      "nia@tailspintoys.com" };
	struct core_error err;
	size_t i;

	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		ck_assert_msg(try_act(others[i], MO_REQUEST, APP_REQUEST_APPROVE, NULL, &err) == CORE_FORBIDDEN,
			      "%s", others[i]);
		ck_assert_ptr_nonnull(strstr(err.message, "only its addressee (mo@fabrikam.com)"));
		ck_assert_int_eq(try_act(others[i], MO_REQUEST, APP_REQUEST_DECLINE, "no", &err), CORE_FORBIDDEN);
	}
	ck_assert_str_eq(stored_status(MO_REQUEST), "Pending");
	/* The addressee, in any case of their email. */
	ck_assert_int_eq(try_act("MO@fabrikam.com", MO_REQUEST, APP_REQUEST_APPROVE, NULL, &err), CORE_OK);
	ck_assert_str_eq(stored_status(MO_REQUEST), "Approved");
}
END_TEST

START_TEST(approval_makes_the_assignment_active_and_is_audited)
{
	struct core_error err;
	long long before = audit_entries();

	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM role_assignment WHERE principal_email = 'mo@fabrikam.com'"), 1);
	ck_assert_int_eq(try_act("mo@fabrikam.com", MO_REQUEST, APP_REQUEST_APPROVE, "fine", &err), CORE_OK);
	/* The request's entry and the assignment's, in the same change. */
	ck_assert_int_eq(audit_entries(), before + 2);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'request.approve'"
				       " AND actor = 'mo@fabrikam.com' AND after LIKE '%\"decisionReason\":\"fine\"%'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'role.status'"
				       " AND after = '{\"status\":\"Active\"}'"), 1);
	{
		/* The assignment's status is the request's, read as it is now. */
		struct store *st;
		struct store_role ra;
		long long id = fixture_count(path, "SELECT id FROM billing_request WHERE name = '" MO_REQUEST "'");
		ck_assert_int_eq(store_open(path, 0, &st, &err), CORE_OK);
		ck_assert_int_eq(store_role_of_request(st, id, FIXTURE_NOW, &ra, &err), CORE_OK);
		ck_assert_str_eq(ra.status, "Active");
		ck_assert_str_eq(ra.principal_email, "mo@fabrikam.com");
		store_close(st);
	}
	assert_chain_whole();
}
END_TEST

START_TEST(a_decided_request_never_changes)
{
	struct core_error err;

	ck_assert_int_eq(try_act("mo@fabrikam.com", MO_REQUEST, APP_REQUEST_DECLINE, "not mine", &err), CORE_OK);
	ck_assert_int_eq(try_act("mo@fabrikam.com", MO_REQUEST, APP_REQUEST_APPROVE, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "already Declined"));
	ck_assert_int_eq(try_act("mo@fabrikam.com", MO_REQUEST, APP_REQUEST_DECLINE, "again", &err), CORE_REFUSED);
	ck_assert_int_eq(try_act("ada@contoso.com", MO_REQUEST, APP_REQUEST_CANCEL, NULL, &err), CORE_REFUSED);
	ck_assert_int_eq(try_act("lena@fabrikam.com", LENA_REQUEST, APP_REQUEST_DECLINE, "late", &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "already Approved"));
	ck_assert_str_eq(stored_status(MO_REQUEST), "Declined");
	/* Nor does the store let anything else change it. */
	ck_assert_int_ne(fixture_exec(path, "UPDATE billing_request SET status = 'Approved' WHERE name = '" MO_REQUEST "'"), 0);
}
END_TEST

START_TEST(decline_needs_a_reason)
{
	struct core_error err;

	ck_assert_int_eq(try_act("mo@fabrikam.com", MO_REQUEST, APP_REQUEST_DECLINE, NULL, &err), CORE_USAGE);
	ck_assert_int_eq(try_act("mo@fabrikam.com", MO_REQUEST, APP_REQUEST_DECLINE, "", &err), CORE_USAGE);
	ck_assert_int_eq(try_act("mo@fabrikam.com", MO_REQUEST, APP_REQUEST_DECLINE, "   ", &err), CORE_USAGE);
	ck_assert_int_eq(try_act("mo@fabrikam.com", MO_REQUEST, APP_REQUEST_DECLINE, "bad\x1b[2J", &err), CORE_USAGE);
	ck_assert_str_eq(stored_status(MO_REQUEST), "Pending");
}
END_TEST

START_TEST(an_expired_request_is_refused_when_acted_on)
{
	struct core_error err;
	struct store_request r;
	struct app_ctx *ctx;

	/* Past the demo's 14 days: reading it read-only shows it expired ... */
	setenv("BILLCON_NOW", "2026-03-01T00:00:00Z", 1);
	ctx = fixture_open(path, "ada@contoso.com", true);
	ck_assert_int_eq(app_request_get(ctx, MO_REQUEST, &r, &err), CORE_OK);
	ck_assert_str_eq(r.status, "Expired");
	app_close(ctx);
	ck_assert_str_eq(stored_status(MO_REQUEST), "Pending");
	/* ... and acting on it is refused, the expiry written. */
	ctx = fixture_open(path, "mo@fabrikam.com", false);
	ck_assert_int_eq(app_request_act(ctx, MO_REQUEST, APP_REQUEST_APPROVE, NULL, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "expired on 2026-01-29"));
	app_close(ctx);
	ctx = fixture_open(path, "ada@contoso.com", false);
	ck_assert_int_eq(app_request_act(ctx, NIA_REQUEST, APP_REQUEST_CANCEL, NULL, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "expired"));
	app_close(ctx);
	ck_assert_str_eq(stored_status(MO_REQUEST), "Expired");
}
END_TEST

START_TEST(only_the_requester_cancels)
{
	struct core_error err;

	ck_assert_int_eq(try_act("ben@contoso.com", NIA_REQUEST, APP_REQUEST_CANCEL, NULL, &err), CORE_FORBIDDEN);
	ck_assert_ptr_nonnull(strstr(err.message, "only ada@contoso.com, who made it"));
	ck_assert_int_eq(try_act("nia@tailspintoys.com", NIA_REQUEST, APP_REQUEST_CANCEL, NULL, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(try_act("ada@contoso.com", NIA_REQUEST, APP_REQUEST_CANCEL, NULL, &err), CORE_OK);
	ck_assert_str_eq(stored_status(NIA_REQUEST), "Cancelled");
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'role.status'"
				       " AND after = '{\"status\":\"Cancelled\"}'"), 1);
}
END_TEST

START_TEST(provisioning_decided_by_the_tenants_global_admin_flows_to_active)
{
	struct core_error err;
	struct store_tenant t;
	struct app_ctx *ctx;

	add_tailspin_admin();
	/* A Global administrator of another tenant is not the addressee. */
	ck_assert_int_eq(try_act("admin@fabrikam.com", TAILSPIN_PROVISIONING, APP_REQUEST_APPROVE, NULL, &err),
			 CORE_FORBIDDEN);
	ck_assert_int_eq(try_act("ada@contoso.com", TAILSPIN_PROVISIONING, APP_REQUEST_APPROVE, NULL, &err),
			 CORE_FORBIDDEN);
	/* Tailspin's admin holds no billing role: the request finds the
	 * account. */
	ck_assert_int_eq(try_act(TAILSPIN_ADMIN, TAILSPIN_PROVISIONING, APP_REQUEST_APPROVE, NULL, &err), CORE_OK);
	ck_assert_str_eq(stored_status(TAILSPIN_PROVISIONING), "Approved");
	ctx = fixture_open(path, NULL, false);
	ck_assert_int_eq(app_tenant_get(ctx, TAILSPIN, &t, &err), CORE_OK);
	ck_assert_str_eq(t.provisioning_state, "Active");
	app_close(ctx);
	/* Both changes in one transaction: the request's and the tenant's
	 * entries are consecutive, by the same actor at the same time. */
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit a JOIN audit b ON b.seq = a.seq + 1"
				       " WHERE a.action = 'request.approve' AND b.action = 'tenant.update'"
				       " AND a.at = b.at AND b.actor = '" TAILSPIN_ADMIN "'"
				       " AND b.after LIKE '%\"provisioningManagementState\":\"Active\"%'"), 1);
	assert_chain_whole();
}
END_TEST

START_TEST(provisioning_declined_flows_to_declined)
{
	struct core_error err;

	add_tailspin_admin();
	ck_assert_int_eq(try_act(TAILSPIN_ADMIN, TAILSPIN_PROVISIONING, APP_REQUEST_DECLINE, "no thanks", &err), CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM associated_tenant WHERE tenant_id = '" TAILSPIN "'"
				       " AND provisioning_management_state = 'BillingRequestDeclined'"), 1);
}
END_TEST

static int
count_row(const void *row, const struct store_list_key *key, void *data)
{
	(void)row;
	(void)key;
	++*(int *)data;
	return 0;
}

START_TEST(the_addressee_with_no_role_may_decide_and_nothing_else)
{
	struct app_options o = { .db_path = path, .actor = "mo@fabrikam.com" };
	struct app_tenant_new in = { .tenant_id = "11111111-2222-4333-8444-555555555555", .name = "X" };
	struct store_list_query q = { .sort = STORE_REQUEST_SORT_STATUS, .limit = -1 };
	struct app_ctx *ctx;
	struct app_denial d;
	struct store_request r;
	struct core_error err;
	int rows = 0;

	/* Neither a billing role nor a directory entry ... */
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM directory_user WHERE email = 'mo@fabrikam.com'"), 0);
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_OK);
	/* ... so no list of the account, no change of it ... */
	ck_assert(!app_may(ctx, CORE_NEED_READ, NULL, false, &d));
	q.spec = store_tenant_list();
	ck_assert_int_eq(app_list_page(ctx, &q, count_row, &rows, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_provision_subscription(ctx, FABRIKAM, "X", NULL, NULL, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_request_get(ctx, NIA_REQUEST, &r, &err), CORE_FORBIDDEN);
	/* ... only the requests addressed to them, and deciding them. */
	q.spec = app_request_list(ctx);
	ck_assert_ptr_eq(q.spec, store_request_addressed_list());
	ck_assert_int_eq(app_list_page(ctx, &q, count_row, &rows, &err), CORE_OK);
	ck_assert_int_eq(rows, 1);
	ck_assert_int_eq(app_request_get(ctx, MO_REQUEST, &r, &err), CORE_OK);
	ck_assert(app_request_may(ctx, &r, APP_REQUEST_APPROVE, &d));
	ck_assert(!app_request_may(ctx, &r, APP_REQUEST_CANCEL, &d));
	ck_assert_int_eq(app_request_act(ctx, MO_REQUEST, APP_REQUEST_APPROVE, NULL, &r, &err), CORE_OK);
	ck_assert_str_eq(r.status, "Approved");
	app_close(ctx);
	/* A stranger with nothing addressed to them still gets nowhere. */
	o.actor = "stranger@example.com";
	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_FORBIDDEN);
}
END_TEST

/* The role an addressee approves holds at once in the console they approved
 * it from: the next list reads their roles afresh. */
START_TEST(an_approved_role_lets_the_same_console_read_the_account)
{
	struct app_options o = { .db_path = path, .actor = "nia@tailspintoys.com" };
	struct store_list_query q = { .spec = store_role_list(), .limit = -1 };
	struct app_ctx *ctx;
	struct store_request r;
	struct core_error err;
	int rows = 0;

	ck_assert_int_eq(app_open(&o, &ctx, &err), CORE_OK);
	ck_assert_int_eq(app_list_page(ctx, &q, count_row, &rows, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_request_act(ctx, NIA_REQUEST, APP_REQUEST_APPROVE, NULL, &r, &err), CORE_OK);
	q = (struct store_list_query){ .spec = store_role_list(), .limit = -1 };
	ck_assert_int_eq(app_list_page(ctx, &q, count_row, &rows, &err), CORE_OK);
	ck_assert_int_gt(rows, 0);
	app_close(ctx);
}
END_TEST

START_TEST(read_only_decides_nothing)
{
	struct app_ctx *ctx = fixture_open(path, "ada@contoso.com", true);
	struct app_denial d;
	struct store_request r;
	struct core_error err;

	ck_assert_int_eq(app_request_get(ctx, NIA_REQUEST, &r, &err), CORE_OK);
	ck_assert(!app_request_may(ctx, &r, APP_REQUEST_CANCEL, &d));
	ck_assert_int_eq(d.why, APP_DENY_READ_ONLY);
	ck_assert_int_eq(app_request_act(ctx, NIA_REQUEST, APP_REQUEST_CANCEL, NULL, NULL, &err), CORE_REFUSED);
	app_close(ctx);
	ck_assert_str_eq(stored_status(NIA_REQUEST), "Pending");
}
END_TEST

START_TEST(unknown_request_is_not_found)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct store_request r;
	struct core_error err;

	ck_assert_int_eq(app_request_get(ctx, "00000000-0000-4000-8000-000000000000", &r, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_request_act(ctx, "nope", APP_REQUEST_APPROVE, NULL, NULL, &err), CORE_NOT_FOUND);
	app_close(ctx);
}
END_TEST

static long long
subscriptions(void)
{
	return fixture_count(path, "SELECT count(*) FROM subscription");
}

START_TEST(provisioning_only_while_active)
{
	static const char *const not_active[] = { TAILSPIN, WINGTIP, LITWARE };
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct store_subscription sub;
	struct store_tenant t;
	struct app_denial d;
	struct core_error err;
	long long before = audit_entries(), n = subscriptions();
	size_t i;

	for (i = 0; i < sizeof(not_active) / sizeof(not_active[0]); i++) {
		ck_assert_int_eq(app_provision_subscription(ctx, not_active[i], "M365", NULL, NULL, &err), CORE_REFUSED);
		ck_assert_ptr_nonnull(strstr(err.message, "only while its provisioning is Active"));
		ck_assert_int_eq(app_tenant_get(ctx, not_active[i], &t, &err), CORE_OK);
		ck_assert(!app_provision_may(ctx, &t, &d));
		ck_assert_int_eq(d.why, APP_DENY_RULE);
	}
	ck_assert_int_eq(subscriptions(), n);
	ck_assert_int_eq(audit_entries(), before);
	/* Fabrikam's provisioning is Active. */
	ck_assert_int_eq(app_tenant_get(ctx, FABRIKAM, &t, &err), CORE_OK);
	ck_assert(app_provision_may(ctx, &t, &d));
	ck_assert_int_eq(app_provision_subscription(ctx, FABRIKAM, "  Fabrikam M365  ", NULL, &sub, &err), CORE_OK);
	ck_assert_str_eq(sub.display_name, "Fabrikam M365");
	ck_assert_str_eq(sub.service_tenant_id, FABRIKAM);
	ck_assert_int_eq(subscriptions(), n + 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'subscription.provision'"), 1);
	/* Named sections; an unknown one; a bad name. */
	ck_assert_int_eq(app_provision_subscription(ctx, FABRIKAM, "Other", "nope", NULL, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_provision_subscription(ctx, FABRIKAM, "", NULL, NULL, &err), CORE_USAGE);
	app_close(ctx);
	/* A reader may not. */
	ctx = fixture_open(path, "cleo@contoso.com", false);
	ck_assert_int_eq(app_provision_subscription(ctx, FABRIKAM, "X", NULL, NULL, &err), CORE_FORBIDDEN);
	app_close(ctx);
	/* Once Tailspin's administrator approves, Tailspin too. */
	add_tailspin_admin();
	ck_assert_int_eq(try_act(TAILSPIN_ADMIN, TAILSPIN_PROVISIONING, APP_REQUEST_APPROVE, NULL, &err), CORE_OK);
	ctx = fixture_open(path, "ben@contoso.com", false);
	ck_assert_int_eq(app_provision_subscription(ctx, TAILSPIN, "Tailspin M365", NULL, NULL, &err), CORE_OK);
	app_close(ctx);
	ck_assert_int_eq(subscriptions(), n + 2);
	assert_chain_whole();
}
END_TEST

static int
pending_row(const void *row, const struct store_list_key *key, void *data)
{
	(void)key;
	*(int *)data += strcmp(((const struct store_request *)row)->status, "Pending") == 0;
	return 0;
}

START_TEST(list_sorts_pending_first_and_filters)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct app_tenant_new in = { .tenant_id = "11111111-2222-4333-8444-555555555555", .name = "X",
				     .provisioning = true };
	struct store_list_query q = { .sort = STORE_REQUEST_SORT_STATUS, .limit = 3 };
	struct core_error err;
	long long n;
	int rows = 0;

	q.spec = app_request_list(ctx);
	ck_assert_ptr_eq(q.spec, store_request_list());
	/* The demo's three pending requests come first, though decided ones
	 * sort before "Pending" by name. */
	ck_assert_int_eq(app_list_page(ctx, &q, pending_row, &rows, &err), CORE_OK);
	ck_assert_int_eq(rows, 3);
	q.limit = -1;
	q.filter = "tailspin";
	rows = 0;
	ck_assert_int_eq(app_list_page(ctx, &q, count_row, &rows, &err), CORE_OK);
	ck_assert_int_eq(rows, 1);
	/* The kept count follows a new request. */
	ck_assert_int_eq(app_list_count(ctx, q.spec, &n, &err), CORE_OK);
	ck_assert_int_eq(n, 10);
	ck_assert_int_eq(app_tenant_add(ctx, &in, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_list_count(ctx, q.spec, &n, &err), CORE_OK);
	ck_assert_int_eq(n, 11);
	app_close(ctx);
}
END_TEST

static Suite *
request_suite(void)
{
	Suite *s = suite_create("request");
	TCase *t = tcase_create("request");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 30);
	tcase_add_test(t, only_the_addressee_decides);
	tcase_add_test(t, approval_makes_the_assignment_active_and_is_audited);
	tcase_add_test(t, a_decided_request_never_changes);
	tcase_add_test(t, decline_needs_a_reason);
	tcase_add_test(t, an_expired_request_is_refused_when_acted_on);
	tcase_add_test(t, only_the_requester_cancels);
	tcase_add_test(t, provisioning_decided_by_the_tenants_global_admin_flows_to_active);
	tcase_add_test(t, provisioning_declined_flows_to_declined);
	tcase_add_test(t, the_addressee_with_no_role_may_decide_and_nothing_else);
	tcase_add_test(t, an_approved_role_lets_the_same_console_read_the_account);
	tcase_add_test(t, read_only_decides_nothing);
	tcase_add_test(t, unknown_request_is_not_found);
	tcase_add_test(t, provisioning_only_while_active);
	tcase_add_test(t, list_sorts_pending_first_and_filters);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(request_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
