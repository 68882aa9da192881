/* Unit tests of the Azure Stack onboarding checklist (core_onboarding,
 * app_onboarding; DOMAIN.md §7): derived steps against ticked ones, who and
 * when, the management choice, the warning, permissions, a read-only
 * store and the audit entries. */
#include "config.h"

#include <stdbool.h>
#include <string.h>

#include <check.h>

#include "billcon/app_onboarding.h"
#include "billcon/app_onbdraft.h"
#include "billcon/app_draft.h"
#include "billcon/app_stack.h"
#include "billcon/core_onboarding.h"
#include "fixture.h"

#define ADVENTURE "c0000000-0000-4000-8000-000000000005"
#define SUB(n) "5c000000-0000-4000-8000-0000000000" n

START_TEST(step_words_parse)
{
	enum core_onb_step s;
	struct core_error err;
	char dep[64];

	ck_assert_int_eq(core_onboarding_step_parse("customer", &s, dep, sizeof(dep), &err), CORE_OK);
	ck_assert_int_eq(s, CORE_ONB_CUSTOMER);
	ck_assert_int_eq(core_onboarding_step_parse("onboarded:stack-dublin", &s, dep, sizeof(dep), &err), CORE_OK);
	ck_assert_int_eq(s, CORE_ONB_ONBOARDED);
	ck_assert_str_eq(dep, "stack-dublin");
	ck_assert_int_eq(core_onboarding_step_parse("onboarded", &s, dep, sizeof(dep), &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "onboarded:DEPLOYMENT"));
	ck_assert_int_eq(core_onboarding_step_parse("test:x", &s, dep, sizeof(dep), &err), CORE_USAGE);
	ck_assert_int_eq(core_onboarding_step_parse("custom", &s, dep, sizeof(dep), &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "There is no step \"custom\""));
}
END_TEST

START_TEST(derived_steps_are_never_ticked)
{
	struct core_error err;

	ck_assert(core_onboarding_derived(CORE_ONB_SUBSCRIPTION));
	ck_assert(core_onboarding_derived(CORE_ONB_REGISTRATION));
	ck_assert(!core_onboarding_derived(CORE_ONB_TEST));
	ck_assert_int_eq(core_onboarding_check_tick(CORE_ONB_SUBSCRIPTION, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "derived from the data"));
	ck_assert_int_eq(core_onboarding_check_tick(CORE_ONB_REGISTRATION, &err), CORE_REFUSED);
	ck_assert_int_eq(core_onboarding_check_tick(CORE_ONB_MANAGEMENT, &err), CORE_USAGE);
	ck_assert_int_eq(core_onboarding_check_tick(CORE_ONB_ONBOARDED, &err), CORE_OK);
}
END_TEST

START_TEST(management_choice)
{
	struct core_error err;
	char email[256];

	ck_assert_str_eq(core_onboarding_management_parse("CSP"), "csp");
	ck_assert_str_eq(core_onboarding_management_parse("guest"), "guest");
	ck_assert_ptr_null(core_onboarding_management_parse("owner"));
	ck_assert_int_eq(core_onboarding_check_management("csp", NULL, email, sizeof(email), &err), CORE_OK);
	ck_assert_int_eq(core_onboarding_check_management("csp", "a@b.example", email, sizeof(email), &err),
			 CORE_USAGE);
	ck_assert_int_eq(core_onboarding_check_management("guest", "", email, sizeof(email), &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "needs the guest's email"));
	ck_assert_int_eq(core_onboarding_check_management("guest", "not-an-email", email, sizeof(email), &err),
			 CORE_USAGE);
	ck_assert_int_eq(core_onboarding_check_management("guest", "Eve@Fabrikam.EXAMPLE", email, sizeof(email),
							  &err), CORE_OK);
	ck_assert_str_eq(email, "Eve@fabrikam.example");
	ck_assert_int_eq(core_onboarding_check_management(NULL, NULL, email, sizeof(email), &err), CORE_USAGE);
}
END_TEST

START_TEST(warning_names_each_deployment)
{
	const struct core_onb_use uses[] = {
		{ "stack-a", "reg-a", true, false },
		{ "stack-b", "reg-b", true, true },
		{ "stack-c", "reg-c", true, false },
		{ "stack-d", "reg-d", false, false },
	};
	char out[1024];

	ck_assert(!core_onboarding_warning("t", "s", uses + 1, 1, out, sizeof(out)));
	ck_assert_str_eq(out, "");
	ck_assert(!core_onboarding_warning("t", "s", uses + 3, 1, out, sizeof(out)));
	ck_assert(core_onboarding_warning("t", "s", uses, 1, out, sizeof(out)));
	ck_assert_str_eq(out, "Tenant t uses stack-a, whose registration reg-a lacks its subscription s: its usage "
			      "there goes to the default subscription.");
	ck_assert(core_onboarding_warning(NULL, "s", uses, 1, out, sizeof(out)));
	ck_assert_str_eq(out, "Uses stack-a, whose registration reg-a lacks its subscription s.");
	ck_assert(core_onboarding_warning("t", "", uses, 4, out, sizeof(out)));
	ck_assert_ptr_nonnull(strstr(out, "uses stack-a and stack-c, whose registrations reg-a and reg-c hold no "
					  "subscription of it"));
}
END_TEST

/* The line of ob whose word is word. */
static const struct app_onb_item *
line(const struct app_onboarding *ob, const char *word)
{
	int i;

	for (i = 0; i < ob->nitems; i++)
		if (strcmp(ob->items[i].word, word) == 0)
			return &ob->items[i];
	ck_abort_msg("no line %s", word);
	return NULL;
}

static struct app_onboarding ob;

START_TEST(demo_checklists_derive_and_warn)
{
	struct app_ctx *ctx = fixture_open(fixture_path, "cleo@contoso.com", true);
	struct core_error err;
	char state[32];

	ck_assert_msg(app_onboarding_read(ctx, TAILSPIN, &ob, &err) == CORE_OK, "%s", err.message);
	ck_assert_int_eq(app_onboarding_done(&ob), ob.nitems);
	ck_assert_str_eq(ob.warning, "");
	ck_assert(line(&ob, "registration:stack-dublin")->derived);
	ck_assert(line(&ob, "registration:stack-dublin")->done);
	ck_assert_str_eq(line(&ob, "customer")->by, "ada@contoso.com");
	ck_assert_str_eq(line(&ob, "management")->detail, "managed by the CSP");
	ck_assert_msg(app_onboarding_read(ctx, WINGTIP, &ob, &err) == CORE_OK, "%s", err.message);
	ck_assert(!line(&ob, "registration:stack-dublin")->done);
	ck_assert(line(&ob, "registration:stack-redmond")->done);
	ck_assert_ptr_nonnull(strstr(ob.warning, "uses stack-dublin, whose registration dublin-registration lacks its "
						 "subscription " SUB("0c")));
	ck_assert_ptr_nonnull(strstr(line(&ob, "management")->detail, "guest admin@wingtiptoys.example"));
	app_onboarding_state(&ob, CORE_ONB_REGISTRATION, state, sizeof(state));
	ck_assert_str_eq(state, "1/2");
	app_onboarding_state(&ob, CORE_ONB_TEST, state, sizeof(state));
	ck_assert_str_eq(state, "to do");
	ck_assert_int_eq(app_onboarding_read(ctx, ADVENTURE, &ob, &err), CORE_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "start --customer NAME"));
	ck_assert_int_eq(app_onboarding_read(ctx, "nope", &ob, &err), CORE_USAGE);
	app_close(ctx);
}
END_TEST

START_TEST(walk_an_onboarding_through)
{
	struct app_ctx *ctx = fixture_open(fixture_path, "ben@contoso.com", false);
	struct app_stack_add a = { "stack-dublin", SUB("0d"), ADVENTURE };
	struct core_error err;

	ck_assert_msg(app_onboarding_start(ctx, ADVENTURE, "Adventure Works", &err) == CORE_OK, "%s", err.message);
	ck_assert_int_eq(app_onboarding_start(ctx, ADVENTURE, "Again", &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "is started already, by ben@contoso.com"));
	ck_assert_int_eq(app_onboarding_read(ctx, ADVENTURE, &ob, &err), CORE_OK);
	/* The CSP subscription is known already: derived done at once. */
	ck_assert(line(&ob, "subscription")->done);
	ck_assert(!line(&ob, "customer")->done);
	ck_assert_str_eq(line(&ob, "onboarded")->detail, "to none yet");
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "customer", true, &err), CORE_OK);
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "customer", true, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "ticked already, by ben@contoso.com on " FIXTURE_NOW));
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "subscription", true, &err), CORE_REFUSED);
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "registration:stack-dublin", true, &err), CORE_REFUSED);
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "onboarded:stack-nowhere", true, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "onboarded:stack-dublin", true, &err), CORE_OK);
	ck_assert_int_eq(app_onboarding_read(ctx, ADVENTURE, &ob, &err), CORE_OK);
	ck_assert_str_eq(line(&ob, "customer")->by, "ben@contoso.com");
	ck_assert_str_eq(line(&ob, "customer")->on, FIXTURE_NOW);
	ck_assert(!line(&ob, "registration:stack-dublin")->done);
	ck_assert_ptr_nonnull(strstr(ob.warning, "uses stack-dublin"));
	/* Registering the subscription clears the warning: derived, not ticked. */
	ck_assert_int_eq(app_stack_add_customer(ctx, &a, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_onboarding_read(ctx, ADVENTURE, &ob, &err), CORE_OK);
	ck_assert(line(&ob, "registration:stack-dublin")->done);
	ck_assert_str_eq(ob.warning, "");
	ck_assert_int_eq(app_onboarding_manage(ctx, ADVENTURE, "guest", NULL, &err), CORE_USAGE);
	ck_assert_int_eq(app_onboarding_manage(ctx, ADVENTURE, "guest", "eve@adventure-works.example", &err), CORE_OK);
	ck_assert_int_eq(app_onboarding_manage(ctx, ADVENTURE, "csp", NULL, &err), CORE_OK);
	ck_assert_int_eq(app_onboarding_read(ctx, ADVENTURE, &ob, &err), CORE_OK);
	ck_assert_str_eq(line(&ob, "management")->detail, "managed by the CSP");
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "management", false, &err), CORE_OK);
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "management", true, &err), CORE_USAGE);
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "test", false, &err), CORE_REFUSED);
	ck_assert_int_eq(app_onboarding_tick(ctx, ADVENTURE, "customer", false, &err), CORE_OK);
	ck_assert_int_eq(app_onboarding_read(ctx, ADVENTURE, &ob, &err), CORE_OK);
	ck_assert(!line(&ob, "customer")->done);
	ck_assert(!line(&ob, "management")->done);
	app_close(ctx);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit WHERE action LIKE 'stack.onboarding.%'"
				       " AND object = '/azurestack/onboarding/" ADVENTURE "'"), 7);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit WHERE action = "
				       "'stack.onboarding.tick' AND actor = 'ben@contoso.com'"), 2);
	/* The checklist is the partner's own: nothing is pushed. */
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE push = 1"
				       " AND action LIKE 'stack.onboarding.%'"), 0);
}
END_TEST

START_TEST(reader_reads_but_does_not_tick)
{
	struct app_ctx *ctx = fixture_open(fixture_path, "cleo@contoso.com", false);
	long long audit = fixture_count(fixture_path, "SELECT count(*) FROM audit");
	struct core_error err;

	ck_assert_int_eq(app_onboarding_read(ctx, WINGTIP, &ob, &err), CORE_OK);
	ck_assert_int_eq(app_onboarding_tick(ctx, WINGTIP, "test", true, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_onboarding_start(ctx, ADVENTURE, "Adventure Works", &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_onboarding_manage(ctx, WINGTIP, "csp", NULL, &err), CORE_FORBIDDEN);
	app_close(ctx);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit"), audit);
}
END_TEST

START_TEST(read_only_store_refuses_changes)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, true);
	struct core_error err;

	ck_assert_int_eq(app_onboarding_read(ctx, WINGTIP, &ob, &err), CORE_OK);
	ck_assert_int_ne(app_onboarding_tick(ctx, WINGTIP, "test", true, &err), CORE_OK);
	ck_assert_int_ne(app_onboarding_start(ctx, ADVENTURE, "Adventure Works", &err), CORE_OK);
	app_close(ctx);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM stack_onboarding"), 2);
}
END_TEST

START_TEST(draft_keeps_step_and_typing)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct app_onb_draft d = { .tenant = ADVENTURE, .customer = "Adventure Works", .management = "guest",
				   .guest_email = "eve@adv" }, back;
	struct store_draft s;
	struct core_error err;
	char step[64], words[256];

	ck_assert_int_eq(app_onboarding_draft_save(ctx, "management", &d, &err), CORE_OK);
	ck_assert_int_eq(app_draft_get(ctx, APP_ONBOARDING_DRAFT_KIND, &s, &err), CORE_OK);
	ck_assert(app_onboarding_draft_read(&s, &back, step, sizeof(step)));
	ck_assert_str_eq(step, "management");
	ck_assert_str_eq(back.guest_email, "eve@adv");
	app_draft_words(&s, words, sizeof(words));
	ck_assert_str_eq(words, "the Azure Stack onboarding checklist of Adventure Works at Management");
	app_draft_free(&s);
	app_close(ctx);
}
END_TEST

static Suite *
onboarding_suite(void)
{
	Suite *s = suite_create("onboarding");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, step_words_parse);
	tcase_add_test(tc, derived_steps_are_never_ticked);
	tcase_add_test(tc, management_choice);
	tcase_add_test(tc, warning_names_each_deployment);
	suite_add_tcase(s, tc);
	tc = tcase_create("app");
	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_add_test(tc, demo_checklists_derive_and_warn);
	tcase_add_test(tc, walk_an_onboarding_through);
	tcase_add_test(tc, reader_reads_but_does_not_tick);
	tcase_add_test(tc, read_only_store_refuses_changes);
	tcase_add_test(tc, draft_keeps_step_and_typing);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(onboarding_suite());
}
