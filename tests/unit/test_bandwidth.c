/* The low-bandwidth mode's decisions (core_bandwidth: when auto turns it
 * on and off, forced modes, the toggle, ESCDELAY, the title's words) and
 * the recognition of a cursor position report's answer among keys
 * (ui_wire_match). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/core_bandwidth.h"
#include "billcon/ui_wire.h"

START_TEST(auto_turns_on_for_a_slow_round_trip_and_off_when_fast_again)
{
	struct core_bandwidth b;

	core_bandwidth_init(&b, CORE_BANDWIDTH_AUTO);
	ck_assert(!b.lean);
	ck_assert(!core_bandwidth_sample(&b, 0, 40));
	ck_assert(!b.lean);
	ck_assert(core_bandwidth_sample(&b, 0, 320));
	ck_assert(b.lean);
	/* Between the two limits it stays as it was: no flapping. */
	ck_assert(!core_bandwidth_sample(&b, 0, 120));
	ck_assert(b.lean);
	ck_assert(core_bandwidth_sample(&b, 0, 30));
	ck_assert(!b.lean);
	ck_assert(!core_bandwidth_sample(&b, 0, 120));
	ck_assert(!b.lean);
}
END_TEST

START_TEST(auto_judges_a_frame_by_its_throughput)
{
	struct core_bandwidth b;

	core_bandwidth_init(&b, CORE_BANDWIDTH_AUTO);
	/* 2,000 bytes answered in 600 ms: 3.3 KB/s over a short round trip. */
	ck_assert(!core_bandwidth_sample(&b, 2000, 600));
	ck_assert(!b.lean);
	/* 2,000 bytes in 2.1 s (9,600 baud): under 2 KB/s. */
	ck_assert(core_bandwidth_sample(&b, 2000, 2100));
	ck_assert(b.lean);
	/* The same frame in 300 ms: over 4 KB/s, fast again. */
	ck_assert(core_bandwidth_sample(&b, 2000, 300));
	ck_assert(!b.lean);
}
END_TEST

START_TEST(forced_modes_and_the_toggle_ignore_samples)
{
	struct core_bandwidth b;

	core_bandwidth_init(&b, CORE_BANDWIDTH_ON);
	ck_assert(b.lean);
	ck_assert(!core_bandwidth_sample(&b, 0, 1));
	ck_assert(b.lean);
	core_bandwidth_init(&b, CORE_BANDWIDTH_OFF);
	ck_assert(!core_bandwidth_sample(&b, 0, 5000));
	ck_assert(!b.lean);
	core_bandwidth_init(&b, CORE_BANDWIDTH_AUTO);
	ck_assert(core_bandwidth_toggle(&b));
	/* By hand it stays, whatever the link says next. */
	ck_assert(!core_bandwidth_sample(&b, 0, 1));
	ck_assert(b.lean);
	ck_assert(!core_bandwidth_toggle(&b));
	ck_assert(!core_bandwidth_sample(&b, 0, 900));
	ck_assert(!b.lean);
}
END_TEST

START_TEST(modes_parse_from_their_words_only)
{
	enum core_bandwidth_mode m = CORE_BANDWIDTH_AUTO;

	ck_assert(core_bandwidth_mode_parse("on", &m) && m == CORE_BANDWIDTH_ON);
	ck_assert(core_bandwidth_mode_parse("off", &m) && m == CORE_BANDWIDTH_OFF);
	ck_assert(core_bandwidth_mode_parse("auto", &m) && m == CORE_BANDWIDTH_AUTO);
	ck_assert(!core_bandwidth_mode_parse("yes", &m));
	ck_assert(!core_bandwidth_mode_parse("On", &m));
	ck_assert(!core_bandwidth_mode_parse("", &m));
	ck_assert(!core_bandwidth_mode_parse(NULL, &m));
}
END_TEST

START_TEST(escdelay_follows_the_round_trip_within_bounds)
{
	struct core_bandwidth b;

	core_bandwidth_init(&b, CORE_BANDWIDTH_AUTO);
	ck_assert_int_eq(core_bandwidth_escdelay(&b), 25);
	core_bandwidth_sample(&b, 0, 300);
	ck_assert_int_eq(core_bandwidth_escdelay(&b), 150);
	core_bandwidth_sample(&b, 0, 4000);
	ck_assert_int_eq(core_bandwidth_escdelay(&b), 500);
	core_bandwidth_sample(&b, 0, 20);
	ck_assert_int_eq(core_bandwidth_escdelay(&b), 25);
}
END_TEST

START_TEST(the_title_says_the_mode_and_the_round_trip)
{
	struct core_bandwidth b;
	char w[64];

	core_bandwidth_init(&b, CORE_BANDWIDTH_AUTO);
	ck_assert_str_eq(core_bandwidth_words(&b, w, sizeof(w)), "");
	core_bandwidth_sample(&b, 0, 3);
	ck_assert_str_eq(core_bandwidth_words(&b, w, sizeof(w)), "link 3 ms");
	core_bandwidth_sample(&b, 0, 312);
	ck_assert_str_eq(core_bandwidth_words(&b, w, sizeof(w)), "low bandwidth, link 312 ms");
	core_bandwidth_init(&b, CORE_BANDWIDTH_ON);
	ck_assert_str_eq(core_bandwidth_words(&b, w, sizeof(w)), "low bandwidth");
}
END_TEST

/* keys as ints from text, n of them. */
static int
keys_of(const char *s, int *k)
{
	int n = 0;

	while (*s)
		k[n++] = (unsigned char)*s++;
	return n;
}

START_TEST(a_report_answer_is_told_from_keys)
{
	int k[32], n;

	n = keys_of("[24;1R", k);
	ck_assert_int_eq(ui_wire_match(k, n), 1);
	/* Each start of it may still be one. */
	for (int i = 1; i < n; i++)
		ck_assert_int_eq(ui_wire_match(k, i), 0);
	n = keys_of("[A", k);           /* an arrow key */
	ck_assert_int_eq(ui_wire_match(k, n), -1);
	n = keys_of("[24~", k);         /* F12 */
	ck_assert_int_eq(ui_wire_match(k, n), -1);
	n = keys_of("[24;1Rj", k);      /* nothing may follow the R */
	ck_assert_int_eq(ui_wire_match(k, n), -1);
	n = keys_of("[;1R", k);
	ck_assert_int_eq(ui_wire_match(k, n), -1);
	n = keys_of("[24;R", k);
	ck_assert_int_eq(ui_wire_match(k, n), -1);
	n = keys_of("[2;4;1R", k);
	ck_assert_int_eq(ui_wire_match(k, n), -1);
	n = keys_of("[1234567;1R", k);  /* no terminal has that many lines */
	ck_assert_int_eq(ui_wire_match(k, n), -1);
	n = keys_of("j", k);
	ck_assert_int_eq(ui_wire_match(k, n), -1);
	ck_assert_int_eq(ui_wire_match(k, 0), 0);
}
END_TEST

START_TEST(a_sample_is_taken_once_and_only_after_an_answer)
{
	size_t ahead;
	int ms;

	ui_wire_close();
	ck_assert(!ui_wire_sample(&ahead, &ms));
	ui_wire_answered();  /* no probe waits: nothing */
	ck_assert(!ui_wire_sample(&ahead, &ms));
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("bandwidth");
	TCase *tc = tcase_create("bandwidth");
	SRunner *r;
	int failed;

	tcase_add_test(tc, auto_turns_on_for_a_slow_round_trip_and_off_when_fast_again);
	tcase_add_test(tc, auto_judges_a_frame_by_its_throughput);
	tcase_add_test(tc, forced_modes_and_the_toggle_ignore_samples);
	tcase_add_test(tc, modes_parse_from_their_words_only);
	tcase_add_test(tc, escdelay_follows_the_round_trip_within_bounds);
	tcase_add_test(tc, the_title_says_the_mode_and_the_round_trip);
	tcase_add_test(tc, a_report_answer_is_told_from_keys);
	tcase_add_test(tc, a_sample_is_taken_once_and_only_after_an_answer);
	suite_add_tcase(s, tc);
	r = srunner_create(s);
	srunner_run_all(r, CK_ENV);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
