/* Unit tests of the Azure Stack CSP rules (core_stack, DOMAIN.md §7):
 * each refusal with its sentence, the resource ID, the commands' quoting
 * and usage routing. */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/app_stack.h"
#include "billcon/core_stack.h"
#include "fixture.h"

#define PARTNER "4f1e0c55-0000-4000-8000-000000000001"
#define OTHER "4f1e0c55-0000-4000-8000-000000000002"
#define T1 "dbab3982-796f-4d03-9908-044c08aef8a2"
#define T2 "11111111-2222-4333-8444-555555555555"

static const struct core_stack_sub def = { "dd8597b4-8739-4467-8b10-f8679f62bfbf", "CSPSS", PARTNER, T2 };

static enum core_status
add(const struct core_stack_sub *c, const char *tenant, bool registered, struct core_error *err)
{
	struct core_stack_add a = { &def, c, tenant, registered };

	core_error_clear(err);
	return core_stack_check_add(&a, err);
}

START_TEST(registration_takes_csp_or_cspss_only)
{
	struct core_stack_sub csp = { "a", "CSP", PARTNER, T1 }, ss = { "b", "CSPSS", PARTNER, T1 },
			      other = { "c", "Other", PARTNER, T1 }, lower = { "d", "csp", PARTNER, T1 };
	struct core_error err;

	ck_assert_int_eq(core_stack_check_registration(&csp, &err), CORE_OK);
	ck_assert_int_eq(core_stack_check_registration(&ss, &err), CORE_OK);
	ck_assert_int_eq(core_stack_check_registration(&other, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "only a CSP or CSPSS subscription can register"));
	/* Stored types are canonical: another spelling is not CSP. */
	ck_assert_int_eq(core_stack_check_registration(&lower, &err), CORE_REFUSED);
}
END_TEST

START_TEST(type_parse_canonicalises)
{
	ck_assert_str_eq(core_stack_type_parse("cspss"), "CSPSS");
	ck_assert_str_eq(core_stack_type_parse("Csp"), "CSP");
	ck_assert_str_eq(core_stack_type_parse("OTHER"), "Other");
	ck_assert_ptr_null(core_stack_type_parse("EA"));
	ck_assert_ptr_null(core_stack_type_parse(NULL));
}
END_TEST

START_TEST(customer_of_the_partner_in_its_tenant_is_added)
{
	struct core_stack_sub c = { "E09A4E93-29A7-4EBA-A6D4-76202383F07F", "CSP", PARTNER, T1 };
	struct core_error err;

	ck_assert_int_eq(add(&c, T1, false, &err), CORE_OK);
	/* GUIDs compare whatever their case. */
	ck_assert_int_eq(add(&c, "DBAB3982-796F-4D03-9908-044C08AEF8A2", false, &err), CORE_OK);
}
END_TEST

START_TEST(customer_must_be_csp)
{
	struct core_stack_sub ss = { "s1", "CSPSS", PARTNER, T1 }, other = { "s2", "Other", PARTNER, T1 };
	struct core_error err;

	ck_assert_int_eq(add(&ss, T1, false, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "only CSP subscriptions can be registered"));
	ck_assert_int_eq(add(&other, T1, false, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "of type Other"));
}
END_TEST

START_TEST(customer_of_another_partner_is_refused)
{
	struct core_stack_sub c = { "s3", "CSP", OTHER, T1 }, unknown = { "s4", "CSP", "", T1 };
	struct core_error err;

	ck_assert_int_eq(add(&c, T1, false, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "you cannot register someone else's customers"));
	ck_assert_ptr_nonnull(strstr(err.message, OTHER));
	ck_assert_int_eq(add(&unknown, T1, false, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "someone else's customers"));
}
END_TEST

START_TEST(customer_must_live_in_the_sign_in_tenant)
{
	struct core_stack_sub c = { "s5", "CSP", PARTNER, T1 };
	struct core_error err;

	ck_assert_int_eq(add(&c, T2, false, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "not in the tenant the customer signs in with"));
	ck_assert_int_eq(add(&c, "", false, &err), CORE_REFUSED);
}
END_TEST

START_TEST(duplicates_and_the_default_are_refused)
{
	struct core_stack_sub c = { "s6", "CSP", PARTNER, T1 };
	struct core_stack_sub again = { "DD8597B4-8739-4467-8B10-F8679F62BFBF", "CSP", PARTNER, T1 };
	struct core_error err;

	ck_assert_int_eq(add(&c, T1, true, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "registered to this registration already"));
	ck_assert_int_eq(add(&again, T1, false, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "default subscription"));
}
END_TEST

START_TEST(default_must_register_and_have_a_partner)
{
	struct core_stack_sub bad = { "d1", "Other", PARTNER, T2 }, nopartner = { "d2", "CSP", "", T2 };
	struct core_stack_sub c = { "s7", "CSP", PARTNER, T1 };
	struct core_stack_add a = { &bad, &c, T1, false };
	struct core_error err;

	ck_assert_int_eq(core_stack_check_add(&a, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "only a CSP or CSPSS"));
	a.def = &nopartner;
	ck_assert_int_eq(core_stack_check_add(&a, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "is unknown"));
}
END_TEST

START_TEST(rules_apply_in_order)
{
	/* Everything wrong: the type is said first. */
	struct core_stack_sub c = { "s8", "Other", OTHER, T2 };
	struct core_error err;

	ck_assert_int_eq(add(&c, T1, true, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "only CSP"));
}
END_TEST

START_TEST(resource_id_is_arms)
{
	char id[256], tiny[16];

	ck_assert(core_stack_resource_id("dd8597b4-8739-4467-8b10-f8679f62bfbf", "azurestack", "testregistration",
					 "E09A4E93-29A7-4EBA-A6D4-76202383F07F", id, sizeof(id)));
	ck_assert_str_eq(id, "/subscriptions/dd8597b4-8739-4467-8b10-f8679f62bfbf/resourceGroups/azurestack"
			     "/providers/Microsoft.AzureStack/registrations/testregistration"
			     "/customerSubscriptions/E09A4E93-29A7-4EBA-A6D4-76202383F07F");
	ck_assert(!core_stack_resource_id("a", "b", "c", "d", tiny, sizeof(tiny)));
}
END_TEST

START_TEST(commands_match_the_payload)
{
	struct core_buf ps = { 0 }, az = { 0 };

	core_stack_powershell(&ps, "/subscriptions/x/y", T1);
	ck_assert_str_eq(ps.p, "New-AzResource -ResourceId '/subscriptions/x/y' -ApiVersion 2022-06-01"
			       " -Properties @{tenantId='" T1 "'} -Force");
	core_stack_az(&az, "/subscriptions/x/y", T1);
	ck_assert_str_eq(az.p, "az resource create --id '/subscriptions/x/y' --api-version 2022-06-01"
			       " --properties '{\"tenantId\":\"" T1 "\"}'");
	core_buf_free(&ps);
	core_buf_free(&az);
}
END_TEST

START_TEST(quotes_do_not_break_out)
{
	struct core_buf sh = { 0 }, ps = { 0 }, az = { 0 };

	core_stack_quote_sh(&sh, "it's; rm -rf ~");
	ck_assert_str_eq(sh.p, "'it'\\''s; rm -rf ~'");
	/* PowerShell takes the typographic single quotes for quotes too. */
	core_stack_quote_ps(&ps, "a'b\xe2\x80\x99" "c$(x)");
	ck_assert_str_eq(ps.p, "'a''b\xe2\x80\x99\xe2\x80\x99" "c$(x)'");
	core_stack_az(&az, "r'g", "t\"'x");
	ck_assert_str_eq(az.p, "az resource create --id 'r'\\''g' --api-version 2022-06-01"
			       " --properties '{\"tenantId\":\"t\\\"'\\''x\"}'");
	core_buf_free(&sh);
	core_buf_free(&ps);
	core_buf_free(&az);
}
END_TEST

START_TEST(usage_goes_to_the_registered_tenant_else_the_default)
{
	const struct core_stack_customer cs[] = { { "sub-a", T1 }, { "sub-b", T2 } };
	struct core_stack_route r;

	r = core_stack_route("default", cs, 2, "DBAB3982-796F-4D03-9908-044C08AEF8A2");
	ck_assert_str_eq(r.subscription_id, "sub-a");
	ck_assert(!r.fell_back);
	r = core_stack_route("default", cs, 2, T2);
	ck_assert_str_eq(r.subscription_id, "sub-b");
	r = core_stack_route("default", cs, 2, "99999999-2222-4333-8444-555555555555");
	ck_assert_str_eq(r.subscription_id, "default");
	ck_assert(r.fell_back);
	r = core_stack_route("default", NULL, 0, T1);
	ck_assert(r.fell_back);
	r = core_stack_route("default", cs, 2, "");
	ck_assert(r.fell_back);
}
END_TEST

/* The demo's Azure Stack world (app/demo.c): subscription n's ID. */
#define SUB(n) "5c000000-0000-4000-8000-0000000000" n
#define DEMO_TAILSPIN "c0000000-0000-4000-8000-000000000003"
#define DEMO_WINGTIP "c0000000-0000-4000-8000-000000000004"
#define DEMO_ADVENTURE "c0000000-0000-4000-8000-000000000005"

static void
route(struct app_ctx *ctx, const char *deployment, const char *tenant, const char *want, bool fell_back)
{
	struct app_stack_route r;
	struct core_error err;

	ck_assert_msg(app_stack_route(ctx, deployment, tenant, &r, &err) == CORE_OK, "%s", err.message);
	ck_assert_str_eq(r.subscription_id, want);
	ck_assert(r.fell_back == fell_back);
}

START_TEST(demo_routes_two_deployments)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, true);
	struct app_stack_route r;
	struct core_error err;

	/* Tailspin Toys is registered on both deployments, Wingtip Toys on
	 * Redmond only: on Dublin its usage falls back to the default. */
	route(ctx, "stack-redmond", DEMO_TAILSPIN, SUB("0b"), false);
	route(ctx, "stack-dublin", DEMO_TAILSPIN, SUB("0b"), false);
	route(ctx, "redmond-registration", DEMO_WINGTIP, SUB("0c"), false);
	route(ctx, "stack-dublin", DEMO_WINGTIP, SUB("02"), true);
	route(ctx, "stack-redmond", DEMO_ADVENTURE, SUB("01"), true);
	ck_assert_int_eq(app_stack_route(ctx, "stack-nowhere", DEMO_TAILSPIN, &r, &err), CORE_NOT_FOUND);
	app_close(ctx);
}
END_TEST

START_TEST(added_customer_gets_its_tenants_usage)
{
	struct app_ctx *ctx = fixture_open(fixture_path, "ben@contoso.com", false);
	struct app_stack_add a = { "stack-dublin", SUB("0D"), DEMO_ADVENTURE };
	struct store_stack_customer c;
	struct core_error err;

	ck_assert_msg(app_stack_add_customer(ctx, &a, &c, &err) == CORE_OK, "%s", err.message);
	ck_assert_str_eq(c.subscription_id, SUB("0d"));
	ck_assert_str_eq(c.added_by, "ben@contoso.com");
	route(ctx, "stack-dublin", DEMO_ADVENTURE, SUB("0d"), false);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit WHERE action = 'stack.customer.add'"
				       " AND object LIKE '%/registrations/dublin-registration/customerSubscriptions/"
				       "5c000000-0000-4000-8000-00000000000d'"), 1);
	/* Removal asks first, then routes the tenant back to the default. */
	ck_assert_int_eq(app_stack_remove_customer(ctx, "stack-dublin", SUB("0d"), false, &err), CORE_CONFIRM);
	route(ctx, "stack-dublin", DEMO_ADVENTURE, SUB("0d"), false);
	ck_assert_int_eq(app_stack_remove_customer(ctx, "stack-dublin", SUB("0d"), true, &err), CORE_OK);
	route(ctx, "stack-dublin", DEMO_ADVENTURE, SUB("02"), true);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE push = 1"
				       " AND action LIKE 'stack.customer.%'"), 2);
	app_close(ctx);
}
END_TEST

START_TEST(reader_may_list_but_not_add)
{
	struct app_ctx *ctx = fixture_open(fixture_path, "cleo@contoso.com", false);
	struct app_stack_add a = { "stack-dublin", SUB("0d"), DEMO_ADVENTURE };
	struct app_stack_view v;
	struct core_error err;

	ck_assert_int_eq(app_stack_read(ctx, &v, &err), CORE_OK);
	ck_assert_uint_eq(v.nregs, 2);
	ck_assert_uint_eq(v.ncustomers, 3);
	app_stack_view_free(&v);
	ck_assert_int_eq(app_stack_add_customer(ctx, &a, NULL, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_stack_remove_customer(ctx, "stack-redmond", SUB("0c"), true, &err), CORE_FORBIDDEN);
	app_close(ctx);
}
END_TEST

START_TEST(refusal_changes_nothing)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct app_stack_add a = { "stack-dublin", SUB("0e"), "c0000000-0000-4000-8000-000000000006" };
	long long audit = fixture_count(fixture_path, "SELECT count(*) FROM audit");
	struct core_error err;

	ck_assert_int_eq(app_stack_add_customer(ctx, &a, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "you cannot register someone else's customers"));
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit"), audit);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM stack_customer"), 3);
	app_close(ctx);
}
END_TEST

static Suite *
stack_suite(void)
{
	Suite *s = suite_create("stack");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, registration_takes_csp_or_cspss_only);
	tcase_add_test(tc, type_parse_canonicalises);
	tcase_add_test(tc, customer_of_the_partner_in_its_tenant_is_added);
	tcase_add_test(tc, customer_must_be_csp);
	tcase_add_test(tc, customer_of_another_partner_is_refused);
	tcase_add_test(tc, customer_must_live_in_the_sign_in_tenant);
	tcase_add_test(tc, duplicates_and_the_default_are_refused);
	tcase_add_test(tc, default_must_register_and_have_a_partner);
	tcase_add_test(tc, rules_apply_in_order);
	suite_add_tcase(s, tc);
	tc = tcase_create("commands");
	tcase_add_test(tc, resource_id_is_arms);
	tcase_add_test(tc, commands_match_the_payload);
	tcase_add_test(tc, quotes_do_not_break_out);
	suite_add_tcase(s, tc);
	tc = tcase_create("routing");
	tcase_add_test(tc, usage_goes_to_the_registered_tenant_else_the_default);
	suite_add_tcase(s, tc);
	tc = tcase_create("app");
	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_add_test(tc, demo_routes_two_deployments);
	tcase_add_test(tc, added_customer_gets_its_tenants_usage);
	tcase_add_test(tc, reader_may_list_but_not_add);
	tcase_add_test(tc, refusal_changes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(stack_suite());
}
