/* Unit tests of the wizard state machine (core_wizard) and the link
 * wizard's rules on it (core_link, DOMAIN.md §6): every step, transition
 * and guard. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/core_link.h"
#include "billcon/core_wizard.h"

static const struct core_wizard_step three[] = {
	{ "a", "First" }, { "b", "Second" }, { "c", "Third" },
};

/* A guard that lets step i go on when open[i]; it says which step held. */
static bool
open_guard(const void *data, int step, char *why, size_t size)
{
	const bool *open = data;

	if (open[step])
		return true;
	snprintf(why, size, "step %d is not done", step);
	return false;
}

START_TEST(wizard_walks_forward_and_finishes)
{
	struct core_wizard w;
	char why[64];

	core_wizard_init(&w, three, 3, 0, NULL, NULL);
	ck_assert_str_eq(core_wizard_step_id(&w), "a");
	ck_assert(!core_wizard_at_last(&w));
	ck_assert_int_eq(core_wizard_next(&w, why, sizeof(why)), CORE_WIZARD_MOVED);
	ck_assert_str_eq(core_wizard_step_id(&w), "b");
	ck_assert_int_eq(core_wizard_next(&w, why, sizeof(why)), CORE_WIZARD_MOVED);
	ck_assert(core_wizard_at_last(&w));
	ck_assert_int_eq(core_wizard_next(&w, why, sizeof(why)), CORE_WIZARD_FINISHED);
	/* Finishing is the caller's act: the machine stays on the last step. */
	ck_assert_str_eq(core_wizard_step_id(&w), "c");
}
END_TEST

START_TEST(wizard_guard_blocks_with_its_sentence)
{
	bool open[3] = { true, false, true };
	struct core_wizard w;
	char why[64];

	core_wizard_init(&w, three, 3, 0, open_guard, open);
	ck_assert(core_wizard_can_next(&w, why, sizeof(why)));
	ck_assert_str_eq(why, "");
	ck_assert_int_eq(core_wizard_next(&w, why, sizeof(why)), CORE_WIZARD_MOVED);
	ck_assert(!core_wizard_can_next(&w, why, sizeof(why)));
	ck_assert_int_eq(core_wizard_next(&w, why, sizeof(why)), CORE_WIZARD_BLOCKED);
	ck_assert_str_eq(why, "step 1 is not done");
	ck_assert_str_eq(core_wizard_step_id(&w), "b");
	/* A NULL why is allowed. */
	ck_assert_int_eq(core_wizard_next(&w, NULL, 0), CORE_WIZARD_BLOCKED);
	open[1] = true;
	ck_assert_int_eq(core_wizard_next(&w, why, sizeof(why)), CORE_WIZARD_MOVED);
	open[2] = false;
	ck_assert_int_eq(core_wizard_next(&w, why, sizeof(why)), CORE_WIZARD_BLOCKED);
	ck_assert_str_eq(why, "step 2 is not done");
}
END_TEST

START_TEST(wizard_back_closes_on_the_runs_first_step)
{
	struct core_wizard w;

	core_wizard_init(&w, three, 3, 0, NULL, NULL);
	ck_assert_int_eq(core_wizard_back(&w), CORE_WIZARD_CLOSED);
	ck_assert_str_eq(core_wizard_step_id(&w), "a");
	core_wizard_next(&w, NULL, 0);
	core_wizard_next(&w, NULL, 0);
	ck_assert_int_eq(core_wizard_back(&w), CORE_WIZARD_MOVED);
	ck_assert_str_eq(core_wizard_step_id(&w), "b");

	/* A run that starts past the first step closes there, never going
	 * back before it. */
	core_wizard_init(&w, three, 3, 1, NULL, NULL);
	ck_assert_str_eq(core_wizard_step_id(&w), "b");
	ck_assert_int_eq(core_wizard_back(&w), CORE_WIZARD_CLOSED);
	ck_assert_str_eq(core_wizard_step_id(&w), "b");
	ck_assert_int_eq(core_wizard_cancel(&w), CORE_WIZARD_CANCELLED);
}
END_TEST

START_TEST(wizard_init_clamps_and_resume_finds_steps)
{
	struct core_wizard w;

	core_wizard_init(&w, three, 3, 7, NULL, NULL);
	ck_assert_int_eq(w.current, 2);
	core_wizard_init(&w, three, 3, -1, NULL, NULL);
	ck_assert_int_eq(w.current, 0);
	ck_assert_int_eq(core_wizard_find(&w, "c"), 2);
	ck_assert_int_eq(core_wizard_find(&w, "zz"), -1);
	ck_assert_int_eq(core_wizard_find(&w, NULL), -1);
	ck_assert(core_wizard_resume(&w, "c"));
	ck_assert_str_eq(core_wizard_step_id(&w), "c");
	ck_assert(!core_wizard_resume(&w, "zz"));
	ck_assert_str_eq(core_wizard_step_id(&w), "c");
	/* Never before the run's first step. */
	core_wizard_init(&w, three, 3, 1, NULL, NULL);
	ck_assert(!core_wizard_resume(&w, "a"));
	ck_assert_str_eq(core_wizard_step_id(&w), "b");
}
END_TEST

/* A link through an existing account and profile, every guard met. */
static void
existing(struct core_link *l)
{
	core_link_init(l, CORE_LINK_NEW);
	core_link_choose_account(l, "acct:1", "Contoso");
	snprintf(l->sold_to_country, sizeof(l->sold_to_country), "US");
	core_link_choose_profile(l, "PROF-1", "Contoso Operations");
	l->accept_mca = true;
}

/* The guard's sentence at step, "" when it passes. */
static const char *
held(const struct core_link *l, int step)
{
	static char why[512];

	if (core_link_guard(l, step, why, sizeof(why)))
		return "";
	return why;
}

START_TEST(link_steps_and_start)
{
	struct core_link l;
	struct core_wizard w;

	ck_assert_str_eq(core_link_steps[CORE_LINK_STEP_ACCOUNT].title, "Select billing account");
	ck_assert_str_eq(core_link_steps[CORE_LINK_STEP_PROFILE].title, "Select billing profile");
	ck_assert_str_eq(core_link_steps[CORE_LINK_STEP_REVIEW].title, "Review");
	core_link_init(&l, CORE_LINK_NEW);
	core_link_wizard(&w, &l);
	ck_assert_int_eq(w.current, CORE_LINK_STEP_ACCOUNT);
	core_link_init(&l, CORE_LINK_CHANGE_ACCOUNT);
	core_link_wizard(&w, &l);
	ck_assert_int_eq(w.current, CORE_LINK_STEP_ACCOUNT);
	/* Change billing profile lands on Select billing profile, and Back
	 * there closes. */
	core_link_init(&l, CORE_LINK_CHANGE_PROFILE);
	core_link_wizard(&w, &l);
	ck_assert_int_eq(w.current, CORE_LINK_STEP_PROFILE);
	ck_assert_int_eq(core_wizard_back(&w), CORE_WIZARD_CLOSED);
}
END_TEST

START_TEST(link_account_step_guard)
{
	struct core_link l;

	core_link_init(&l, CORE_LINK_NEW);
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_ACCOUNT),
			 "Choose a billing account, or Create new billing account.");
	core_link_choose_account(&l, "acct:1", "Contoso");
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_ACCOUNT), "");
	ck_assert(!core_link_warning(&l, CORE_LINK_STEP_ACCOUNT, NULL, 0));

	core_link_choose_new_account(&l, "", "", "US");
	ck_assert(strstr(held(&l, CORE_LINK_STEP_ACCOUNT), "billing account name is required"));
	core_link_choose_new_account(&l, "Contoso\x1b[2J", "", "US");
	ck_assert(strstr(held(&l, CORE_LINK_STEP_ACCOUNT), "control characters"));
	core_link_choose_new_account(&l, "Contoso Ltd", "not-an-email", "US");
	ck_assert(strstr(held(&l, CORE_LINK_STEP_ACCOUNT), "is not an email address"));
	core_link_choose_new_account(&l, "Contoso Ltd", "pat@contoso.com", "US");
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_ACCOUNT), "");
	ck_assert(!core_link_warning(&l, CORE_LINK_STEP_ACCOUNT, NULL, 0));
}
END_TEST

START_TEST(link_empty_primary_contact_warns_but_goes_on)
{
	struct core_link l;
	char why[256];

	core_link_init(&l, CORE_LINK_NEW);
	core_link_choose_new_account(&l, "Contoso Ltd", "", "US");
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_ACCOUNT), "");
	ck_assert(core_link_warning(&l, CORE_LINK_STEP_ACCOUNT, why, sizeof(why)));
	ck_assert(strstr(why, "purchases can fail"));
	ck_assert(!core_link_warning(&l, CORE_LINK_STEP_PROFILE, why, sizeof(why)));
}
END_TEST

START_TEST(link_profile_step_guard)
{
	struct core_link l;

	existing(&l);
	l.profile[0] = '\0';
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_PROFILE),
			 "Choose a billing profile, or Create new billing profile.");
	core_link_choose_new_profile(&l, "  ");
	ck_assert(strstr(held(&l, CORE_LINK_STEP_PROFILE), "billing profile name is required"));
	core_link_choose_new_profile(&l, "Partner purchases");
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_PROFILE), "");
	ck_assert_str_eq(l.profile, "");
	core_link_choose_profile(&l, "PROF-1", "Contoso Operations");
	ck_assert(!l.new_profile);
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_PROFILE), "");
}
END_TEST

START_TEST(link_profile_without_payment_instrument_is_reused)
{
	struct core_link l;

	existing(&l);
	snprintf(l.reuse_profile, sizeof(l.reuse_profile), "NONE-1");
	snprintf(l.reuse_profile_name, sizeof(l.reuse_profile_name), "Unpaid profile");
	core_link_choose_new_profile(&l, "Another one");
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_PROFILE),
			 "Billing account \"Contoso\" already has billing profile \"Unpaid profile\" with no "
			 "payment instrument: choose it; a new profile cannot be created.");
	/* Choosing that profile (or any existing one) is allowed. */
	core_link_choose_profile(&l, "NONE-1", "Unpaid profile");
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_PROFILE), "");
}
END_TEST

START_TEST(link_review_needs_the_mca)
{
	struct core_link l;

	existing(&l);
	l.accept_mca = false;
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_REVIEW), "Accept the Microsoft Customer Agreement to finish.");
	ck_assert(!core_link_mca_locked(&l));
	l.accept_mca = true;
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_REVIEW), "");
}
END_TEST

START_TEST(link_review_mca_already_accepted)
{
	struct core_link l;

	existing(&l);
	l.accept_mca = false;
	l.mca_accepted = true;
	ck_assert(core_link_mca_locked(&l));
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_REVIEW), "");
	/* A new account never accepted it, whatever the flag says. */
	core_link_choose_new_account(&l, "New Co", "", "US");
	l.mca_accepted = true;
	ck_assert(!core_link_mca_locked(&l));
}
END_TEST

START_TEST(link_review_italy_needs_the_second_acknowledgement)
{
	struct core_link l;
	char why[512];

	existing(&l);
	snprintf(l.sold_to_country, sizeof(l.sold_to_country), "it");
	ck_assert(core_link_needs_italy(&l));
	ck_assert(strstr(held(&l, CORE_LINK_STEP_REVIEW), "Italy"));
	l.accept_mca_italy = true;
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_REVIEW), "");
	/* The second acknowledgement does not stand for the first. */
	l.accept_mca = false;
	ck_assert_str_eq(held(&l, CORE_LINK_STEP_REVIEW), "Accept the Microsoft Customer Agreement to finish.");
	/* Accepted for the account before: both were given then. */
	l.mca_accepted = true;
	l.accept_mca_italy = false;
	ck_assert(!core_link_needs_italy(&l));
	ck_assert(core_link_guard(&l, CORE_LINK_STEP_REVIEW, why, sizeof(why)));
	/* A new account in Italy (the legal profile's country) asks it too. */
	core_link_init(&l, CORE_LINK_NEW);
	core_link_choose_new_account(&l, "Contoso Italia", "", "IT");
	ck_assert(core_link_needs_italy(&l));
}
END_TEST

START_TEST(link_unknown_step_is_refused)
{
	struct core_link l;

	existing(&l);
	ck_assert_str_eq(held(&l, CORE_LINK_NSTEPS), "There is no such step.");
}
END_TEST

START_TEST(link_check_reports_the_first_failing_step)
{
	struct core_link l;
	char why[512];
	int step = -1;

	existing(&l);
	ck_assert(core_link_check(&l, why, sizeof(why), &step));
	l.accept_mca = false;
	l.profile[0] = '\0';
	ck_assert(!core_link_check(&l, why, sizeof(why), &step));
	ck_assert_int_eq(step, CORE_LINK_STEP_PROFILE);
	ck_assert_str_eq(why, "Choose a billing profile, or Create new billing profile.");
	core_link_choose_profile(&l, "PROF-1", "Contoso Operations");
	ck_assert(!core_link_check(&l, why, sizeof(why), NULL));
	ck_assert_str_eq(why, "Accept the Microsoft Customer Agreement to finish.");
	/* A change of profile does not ask the account step's rule again: the
	 * linked account stands. */
	core_link_init(&l, CORE_LINK_CHANGE_PROFILE);
	core_link_choose_new_profile(&l, "Second");
	l.accept_mca = true;
	ck_assert(core_link_check(&l, why, sizeof(why), &step));
}
END_TEST

START_TEST(link_choosing_another_account_forgets_its_profile)
{
	struct core_link l;

	existing(&l);
	l.mca_accepted = true;
	snprintf(l.reuse_profile, sizeof(l.reuse_profile), "NONE-1");
	/* The same account again keeps everything (Back then Next). */
	core_link_choose_account(&l, "acct:1", "Contoso");
	ck_assert_str_eq(l.profile, "PROF-1");
	ck_assert(l.accept_mca);
	core_link_choose_account(&l, "acct:2", "Fabrikam");
	ck_assert_str_eq(l.account, "acct:2");
	ck_assert_str_eq(l.profile, "");
	ck_assert(!l.mca_accepted);
	ck_assert(!l.accept_mca);
	ck_assert_str_eq(l.reuse_profile, "");
	ck_assert_str_eq(l.sold_to_country, "");
	/* A new account, then its fields edited: its profile choice stays. */
	core_link_choose_new_account(&l, "New Co", "", "US");
	ck_assert_str_eq(l.account, "");
	core_link_choose_new_profile(&l, "First");
	core_link_choose_new_account(&l, "New Co Ltd", "pat@newco.example", "US");
	ck_assert(l.new_profile);
	ck_assert_str_eq(l.profile_name, "First");
	ck_assert_str_eq(l.account_name, "New Co Ltd");
}
END_TEST

static Suite *
wizard_suite(void)
{
	Suite *s = suite_create("wizard");
	TCase *tc = tcase_create("machine");

	tcase_add_test(tc, wizard_walks_forward_and_finishes);
	tcase_add_test(tc, wizard_guard_blocks_with_its_sentence);
	tcase_add_test(tc, wizard_back_closes_on_the_runs_first_step);
	tcase_add_test(tc, wizard_init_clamps_and_resume_finds_steps);
	suite_add_tcase(s, tc);
	tc = tcase_create("link");
	tcase_add_test(tc, link_steps_and_start);
	tcase_add_test(tc, link_account_step_guard);
	tcase_add_test(tc, link_empty_primary_contact_warns_but_goes_on);
	tcase_add_test(tc, link_profile_step_guard);
	tcase_add_test(tc, link_profile_without_payment_instrument_is_reused);
	tcase_add_test(tc, link_review_needs_the_mca);
	tcase_add_test(tc, link_review_mca_already_accepted);
	tcase_add_test(tc, link_review_italy_needs_the_second_acknowledgement);
	tcase_add_test(tc, link_unknown_step_is_refused);
	tcase_add_test(tc, link_check_reports_the_first_failing_step);
	tcase_add_test(tc, link_choosing_another_account_forgets_its_profile);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(wizard_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
