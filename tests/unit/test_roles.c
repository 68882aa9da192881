/* Billing role assignments (DOMAIN.md §4) on the demo world: every rule
 * with its refusal, and what a refusal leaves behind (nothing). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/app_context.h"
#include "billcon/app_list.h"
#include "billcon/app_role.h"
#include "billcon/app_tenant.h"
#include "fixture.h"

#define PROFILE_SCOPE "billingProfiles/PBFV-4XYZ-BG7-TGB"
#define SECTION_SCOPE PROFILE_SCOPE "/invoiceSections/XKPA-3ABC-PJA-TGB"
/* ada's own assignment: the demo's only billing account owner. */
#define ADA_OWNER "50000000-aaaa-bbbb-cccc-100000000000_00000001-0000-4000-8000-000000000000"

static char path[4096];

static void
setup(void)
{
	fixture_demo(path);
}

static void
teardown(void)
{
	fixture_cleanup(path);
}

static long long
count(const char *sql)
{
	return fixture_count(path, sql);
}

/* Assigns as actor; a refusal must leave the assignments, requests, audit
 * trail and outbox as they were, and say why. */
static enum core_status
try_assign(const char *actor, const char *role, const char *email, const char *scope,
	   const char *tenant, struct store_role *out, char *url, struct core_error *err)
{
	struct app_role_new in = { .role = role, .email = email, .scope = scope, .tenant_id = tenant };
	long long roles = count("SELECT count(*) FROM role_assignment");
	long long requests = count("SELECT count(*) FROM billing_request");
	long long audit = count("SELECT count(*) FROM audit");
	long long outbox = count("SELECT count(*) FROM sync_outbox");
	struct app_ctx *ctx = fixture_open(path, actor, false);
	struct store_role r;
	char u[1024];
	enum core_status rc;

	core_error_clear(err);
	rc = app_role_assign(ctx, &in, out ? out : &r, url ? url : u, 1024, err);
	app_close(ctx);
	if (rc) {
		ck_assert_str_ne(err->message, "");
		ck_assert_int_eq(count("SELECT count(*) FROM role_assignment"), roles);
		ck_assert_int_eq(count("SELECT count(*) FROM billing_request"), requests);
		ck_assert_int_eq(count("SELECT count(*) FROM audit"), audit);
		ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox"), outbox);
	}
	return rc;
}

static enum core_status
try_remove(const char *actor, const char *name, bool confirmed, struct core_error *err)
{
	struct app_ctx *ctx = fixture_open(path, actor, false);
	enum core_status rc;

	core_error_clear(err);
	rc = app_role_remove(ctx, name, confirmed, NULL, err);
	app_close(ctx);
	return rc;
}

/* Approves the request of assignment name as the service would report it. */
static void
approve(const char *name)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "UPDATE billing_request SET status = 'Approved' WHERE id ="
		 " (SELECT request_id FROM role_assignment WHERE name = '%s')", name);
	ck_assert_int_eq(fixture_exec(path, sql), 0);
}

START_TEST(primary_tenant_user_is_active_at_once)
{
	struct core_error err;
	struct store_role r;
	char url[1024];
	long long audit = count("SELECT count(*) FROM audit");
	long long assigned = count("SELECT count(*) FROM audit WHERE action = 'role.assign'");

	ck_assert_int_eq(try_assign(NULL, "Contributor", "Gita@Contoso.com", NULL, NULL, &r, url, &err), CORE_OK);
	ck_assert_str_eq(r.status, "Active");
	ck_assert_str_eq(r.role_name, "Billing account contributor");
	ck_assert_str_eq(url, "");
	ck_assert_int_eq(r.request_id, 0);
	ck_assert_int_eq(count("SELECT count(*) FROM audit"), audit + 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'role.assign' AND object LIKE"
			       " '%/billingRoleAssignments/50000000-aaaa-bbbb-cccc-100000000001_%'"
			       " AND actor = 'ada@contoso.com' AND after LIKE '%gita@contoso.com%'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'role.assign'"), assigned + 1);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox WHERE action = 'role.assign' AND push = 1"), 1);
	/* gita now holds it: the role is read back as Active. */
	ck_assert_int_eq(count("SELECT count(*) FROM role_assignment WHERE principal_email = 'gita@contoso.com'"
			       " AND request_id IS NULL"), 2);
}
END_TEST

START_TEST(associated_tenant_user_awaits_approval)
{
	struct core_error err;
	struct store_role r;
	struct app_ctx *ctx;
	char url[1024];

	ck_assert_int_eq(try_assign(NULL, "Reader", "new@fabrikam.com", PROFILE_SCOPE, FABRIKAM, &r, url, &err),
			 CORE_OK);
	ck_assert_str_eq(r.status, "PendingApproval");
	ck_assert_str_eq(r.principal_tenant_id, FABRIKAM);
	ck_assert_ptr_nonnull(strstr(url, r.request_name));
	ck_assert_int_eq(count("SELECT count(*) FROM billing_request WHERE type = 'RoleAssignment'"
			       " AND status = 'Pending' AND addressee = 'new@fabrikam.com'"
			       " AND tenant_id = '" FABRIKAM "' AND scope LIKE '%/billingProfiles/PBFV-4XYZ-BG7-TGB'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'request.create'"
			       " AND after LIKE '%RoleAssignment%' AND after LIKE '%new@fabrikam.com%'"), 1);
	/* The status is derived from the request: approving it is enough. */
	approve(r.name);
	ctx = fixture_open(path, NULL, false);
	ck_assert_int_eq(app_role_get(ctx, r.name, &r, &err), CORE_OK);
	ck_assert_str_eq(r.status, "Active");
	app_close(ctx);
}
END_TEST

START_TEST(only_tenants_with_billing_management)
{
	struct core_error err;

	ck_assert_int_eq(try_assign(NULL, "Reader", "x@wingtiptoys.com", NULL, WINGTIP, NULL, NULL, &err),
			 CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "Billing management"));
	ck_assert_int_eq(try_assign(NULL, "Reader", "x@example.com", NULL, RELECLOUD, NULL, NULL, &err),
			 CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "not associated") ? strstr(err.message, "not associated")
								    : strstr(err.message, "nor associated"));
	ck_assert_int_eq(try_assign(NULL, "Reader", "x@example.com", NULL, "not-a-guid", NULL, NULL, &err),
			 CORE_USAGE);
}
END_TEST

START_TEST(tenant_choices_are_primary_then_billing_on)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct app_role_tenant *ts = NULL;
	struct core_error err;
	size_t n = 0, i;

	ck_assert_int_eq(app_role_tenants(ctx, 100, &ts, &n, &err), CORE_OK);
	ck_assert_uint_ge(n, 2);
	ck_assert(ts[0].primary);
	ck_assert_str_eq(ts[0].tenant_id, CONTOSO_PRIMARY);
	for (i = 1; i < n; i++) {
		ck_assert(!ts[i].primary);
		ck_assert_str_ne(ts[i].tenant_id, WINGTIP);
	}
	free(ts);
	ck_assert_int_eq(app_role_tenants(ctx, 1, &ts, &n, &err), CORE_OK);
	ck_assert_uint_eq(n, 1);
	free(ts);
	app_close(ctx);
}
END_TEST

START_TEST(malformed_and_duplicate_emails)
{
	struct core_error err;

	ck_assert_int_eq(try_assign(NULL, "Reader", "not-an-email", NULL, NULL, NULL, NULL, &err), CORE_USAGE);
	ck_assert_int_eq(try_assign(NULL, "Reader", "a@@b.com", NULL, FABRIKAM, NULL, NULL, &err), CORE_USAGE);
	ck_assert_int_eq(try_assign(NULL, "Reader", "", NULL, NULL, NULL, NULL, &err), CORE_USAGE);
	/* cleo is already a reader (active); mo awaits approval as profile reader. */
	ck_assert_int_eq(try_assign(NULL, "Reader", "CLEO@contoso.com", NULL, NULL, NULL, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "already"));
	ck_assert_int_eq(try_assign(NULL, "Reader", "mo@fabrikam.com", PROFILE_SCOPE, FABRIKAM, NULL, NULL, &err),
			 CORE_REFUSED);
	/* The same user and role at another scope is another assignment. */
	ck_assert_int_eq(try_assign(NULL, "Reader", "cleo@contoso.com", SECTION_SCOPE, NULL, NULL, NULL, &err),
			 CORE_OK);
	/* A declined one no longer counts. */
	ck_assert_int_eq(try_assign(NULL, "Reader", "omar@litware.com", NULL, LITWARE, NULL, NULL, &err), CORE_OK);
}
END_TEST

START_TEST(primary_tenant_needs_a_known_user)
{
	struct core_error err;

	ck_assert_int_eq(try_assign(NULL, "Reader", "zed@contoso.com", NULL, NULL, NULL, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "guest"));
	/* A guest who has not accepted is refused; one who has is a member. */
	ck_assert_int_eq(try_assign(NULL, "Reader", "jo@gmail.com", NULL, NULL, NULL, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "accept"));
	ck_assert_int_eq(try_assign(NULL, "Contributor", "ivan@outlook.com", NULL, NULL, NULL, NULL, &err), CORE_OK);
	/* A user of another tenant is not a primary-tenant user. */
	ck_assert_int_eq(try_assign(NULL, "Reader", "admin@fabrikam.com", NULL, NULL, NULL, NULL, &err),
			 CORE_REFUSED);
}
END_TEST

START_TEST(only_owners_of_the_scope_assign)
{
	struct core_error err;

	/* ben contributes, cleo reads: neither assigns. */
	ck_assert_int_eq(try_assign("ben@contoso.com", "Reader", "eve@contoso.com", NULL, NULL, NULL, NULL, &err),
			 CORE_FORBIDDEN);
	ck_assert_int_eq(try_assign("cleo@contoso.com", "Reader", "eve@contoso.com", NULL, NULL, NULL, NULL, &err),
			 CORE_FORBIDDEN);
	/* dan owns the profile: its roles and its sections', not the account's. */
	ck_assert_int_eq(try_assign("dan@contoso.com", "Reader", "eve@contoso.com", NULL, NULL, NULL, NULL, &err),
			 CORE_FORBIDDEN);
	ck_assert_int_eq(try_assign("dan@contoso.com", "Reader", "eve@contoso.com", SECTION_SCOPE, NULL, NULL, NULL,
				    &err), CORE_OK);
	ck_assert_int_eq(try_assign("dan@contoso.com", "Reader", "eve@contoso.com", PROFILE_SCOPE, NULL, NULL, NULL,
				    &err), CORE_OK);
}
END_TEST

START_TEST(roles_and_scopes_are_checked)
{
	struct app_ctx *ctx = fixture_open(path, NULL, false);
	struct app_role_def *defs = NULL;
	struct core_error err;
	char scope[512];
	size_t n = 0, i;

	ck_assert_int_eq(app_role_scope(ctx, PROFILE_SCOPE, scope, sizeof(scope), &err), CORE_OK);
	ck_assert_int_eq(app_role_definitions(ctx, scope, &defs, &n, &err), CORE_OK);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(defs[0].role, CORE_ROLE_OWNER);
	ck_assert_str_eq(defs[3].name, "Invoice manager");
	for (i = 0; i < n; i++)
		ck_assert_str_ne(defs[i].description, "");
	free(defs);
	ck_assert_int_eq(app_role_scope(ctx, "billingProfiles/NOPE", scope, sizeof(scope), &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_role_scope(ctx, "subscriptions/x", scope, sizeof(scope), &err), CORE_USAGE);
	ck_assert_int_eq(app_role_scope(ctx, "/providers/Microsoft.Billing/billingAccounts/other", scope,
					sizeof(scope), &err), CORE_USAGE);
	app_close(ctx);
	/* Invoice manager is a profile role, not an account role. */
	ck_assert_int_eq(try_assign(NULL, "Invoice manager", "eve@contoso.com", NULL, NULL, NULL, NULL, &err),
			 CORE_USAGE);
	ck_assert_int_eq(try_assign(NULL, "40000000-aaaa-bbbb-cccc-100000000004", "ben@contoso.com", PROFILE_SCOPE,
				    NULL, NULL, NULL, &err), CORE_OK);
}
END_TEST

START_TEST(the_last_active_owner_stays)
{
	struct core_error err;
	struct store_role r;
	long long audit = count("SELECT count(*) FROM audit");

	ck_assert_int_eq(try_remove(NULL, ADA_OWNER, true, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "without an active owner"));
	ck_assert_int_eq(count("SELECT count(*) FROM audit"), audit);
	/* A pending owner is no owner yet. */
	ck_assert_int_eq(try_assign(NULL, "Owner", "lena@fabrikam.com", NULL, FABRIKAM, &r, NULL, &err), CORE_OK);
	ck_assert_int_eq(try_remove(NULL, ADA_OWNER, true, &err), CORE_REFUSED);
	approve(r.name);
	ck_assert_int_eq(try_remove(NULL, ADA_OWNER, false, &err), CORE_CONFIRM);
	ck_assert_ptr_nonnull(strstr(err.message, "ada@contoso.com"));
	ck_assert_ptr_nonnull(strstr(err.message, "Billing account owner"));
	ck_assert_ptr_nonnull(strstr(err.message, "billing account Contoso"));
	ck_assert_int_eq(try_remove(NULL, ADA_OWNER, true, &err), CORE_OK);
	/* lena (of Fabrikam) is now the only owner: no cascade may take her. */
	{
		struct app_ctx *ctx = fixture_open(path, "lena@fabrikam.com", false);
		struct app_tenant_change off = { .billing_management = 0, .provisioning = -1 };

		ck_assert_int_eq(app_tenant_remove(ctx, FABRIKAM, true, NULL, &err), CORE_REFUSED);
		ck_assert_ptr_nonnull(strstr(err.message, "without an active owner"));
		ck_assert_int_eq(app_tenant_set(ctx, FABRIKAM, &off, true, NULL, NULL, &err), CORE_REFUSED);
		ck_assert_int_eq(app_role_remove(ctx, r.name, true, NULL, &err), CORE_REFUSED);
		app_close(ctx);
	}
	ck_assert_int_eq(count("SELECT count(*) FROM associated_tenant WHERE tenant_id = '" FABRIKAM
			       "' AND billing_management_state = 'Active'"), 1);
}
END_TEST

START_TEST(removing_a_pending_assignment_cancels_its_request)
{
	struct core_error err;
	struct store_role r;

	ck_assert_int_eq(try_assign(NULL, "Reader", "new@fabrikam.com", NULL, FABRIKAM, &r, NULL, &err), CORE_OK);
	ck_assert_int_eq(try_remove("ben@contoso.com", r.name, true, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(try_remove(NULL, r.name, true, &err), CORE_OK);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_request WHERE addressee = 'new@fabrikam.com'"
			       " AND status = 'Cancelled'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'role.remove'"), 1);
	ck_assert_int_eq(try_remove(NULL, r.name, true, &err), CORE_NOT_FOUND);
}
END_TEST

static int
collect(const void *row, const struct store_list_key *key, void *data)
{
	const struct store_role *r = row;
	char *seen = data;

	(void)key;
	strcat(seen, r->principal_email);
	strcat(seen, " ");
	return 0;
}

START_TEST(a_scope_lists_its_own_and_inherited_roles)
{
	struct app_ctx *ctx = fixture_open(path, NULL, true);
	struct store_list_query q = { .spec = store_role_list(), .limit = -1 };
	struct core_error err;
	char scope[512], seen[4096] = "", origin[256];

	ck_assert_int_eq(app_role_scope(ctx, SECTION_SCOPE, scope, sizeof(scope), &err), CORE_OK);
	q.key = scope;
	ck_assert_int_eq(app_list_page(ctx, &q, collect, seen, &err), CORE_OK);
	/* ada (account), dan (profile) and finn (section) hold here. */
	ck_assert_ptr_nonnull(strstr(seen, "ada@contoso.com"));
	ck_assert_ptr_nonnull(strstr(seen, "dan@contoso.com"));
	ck_assert_ptr_nonnull(strstr(seen, "finn@contoso.com"));
	seen[0] = '\0';
	ck_assert_int_eq(app_role_scope(ctx, NULL, scope, sizeof(scope), &err), CORE_OK);
	ck_assert_int_eq(app_list_page(ctx, &q, collect, seen, &err), CORE_OK);
	ck_assert_ptr_nonnull(strstr(seen, "ada@contoso.com"));
	ck_assert_ptr_null(strstr(seen, "dan@contoso.com"));
	app_role_origin(scope, scope, origin, sizeof(origin));
	ck_assert_str_eq(origin, "This scope");
	app_close(ctx);
}
END_TEST

/* The users the filter finds (the trigram index from 3 characters). */
static void
filtered(const char *filter, char *seen, size_t size)
{
	struct app_ctx *ctx = fixture_open(path, NULL, true);
	struct store_list_query q = { .spec = store_role_list(), .limit = -1, .filter = filter };
	struct core_error err;

	memset(seen, 0, size);
	ck_assert_int_eq(app_list_page(ctx, &q, collect, seen, &err), CORE_OK);
	app_close(ctx);
}

START_TEST(the_filter_finds_users_tenants_and_role_names)
{
	char seen[4096];
	struct core_error err;
	struct store_role r;

	filtered("fabrikam", seen, sizeof(seen));
	ck_assert_str_eq(seen, "lena@fabrikam.com mo@fabrikam.com ");
	filtered("Invoice manager", seen, sizeof(seen));
	ck_assert_str_eq(seen, "eve@contoso.com ");
	filtered("8000-000000000006", seen, sizeof(seen));
	ck_assert_str_eq(seen, "omar@litware.com ");
	/* New assignments are found at once, removed ones no longer. */
	ck_assert_int_eq(try_assign(NULL, "Reader", "zoe@fabrikam.com", NULL, FABRIKAM, &r, NULL, &err), CORE_OK);
	filtered("fabrikam", seen, sizeof(seen));
	ck_assert_str_eq(seen, "lena@fabrikam.com mo@fabrikam.com zoe@fabrikam.com ");
	ck_assert_int_eq(try_remove(NULL, r.name, true, &err), CORE_OK);
	filtered("zoe@", seen, sizeof(seen));
	ck_assert_str_eq(seen, "");
}
END_TEST

static Suite *
roles_suite(void)
{
	Suite *s = suite_create("roles");
	TCase *t = tcase_create("assign");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_set_timeout(t, 60);
	tcase_add_test(t, primary_tenant_user_is_active_at_once);
	tcase_add_test(t, associated_tenant_user_awaits_approval);
	tcase_add_test(t, only_tenants_with_billing_management);
	tcase_add_test(t, tenant_choices_are_primary_then_billing_on);
	tcase_add_test(t, malformed_and_duplicate_emails);
	tcase_add_test(t, primary_tenant_needs_a_known_user);
	tcase_add_test(t, only_owners_of_the_scope_assign);
	tcase_add_test(t, roles_and_scopes_are_checked);
	tcase_add_test(t, the_last_active_owner_stays);
	tcase_add_test(t, removing_a_pending_assignment_cancels_its_request);
	tcase_add_test(t, a_scope_lists_its_own_and_inherited_roles);
	tcase_add_test(t, the_filter_finds_users_tenants_and_role_names);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	return fixture_run(roles_suite());
}
