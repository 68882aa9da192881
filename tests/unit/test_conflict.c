/* Unit tests of conflicts (issue 11; there are no ETags): the read-back's
 * judgement (sync_conflict: equal JSON, a change there, already as mine,
 * gone, a creation of what exists), the base an outbox row takes when it
 * is queued, and the states a conflict goes through in the plan and by
 * app_resolve (held behind it, --mine, --theirs of a removal, refusals). */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <check.h>

#include "billcon/app_context.h"
#include "billcon/app_plan.h"
#include "billcon/app_resolve.h"
#include "billcon/store_outbox.h"
#include "billcon/sync_conflict.h"
#include "fixture.h"

#define OBJ "/providers/Microsoft.Billing/billingAccounts/a1:b2_2019-05-31/associatedTenants/t1"
#define BASE "{\"id\":\"" OBJ "\",\"properties\":{\"displayName\":\"Old\",\"billingManagementState\":\"Active\"}}"

static void
put_call(struct sync_call *c, const char *method, const char *body)
{
	memset(c, 0, sizeof(*c));
	c->api = SYNC_API_ARM;
	snprintf(c->method, sizeof(c->method), "%s", method);
	c->body = (char *)body;
}

static bool
judge(const struct sync_call *c, const char *base, long status, const char *theirs)
{
	struct sync_readback rb = { status, theirs };

	return sync_conflict_judge(c, base, &rb);
}

START_TEST(judge_update)
{
	struct sync_call c;

	put_call(&c, "PUT", "{\"properties\":{\"displayName\":\"Mine\"}}");
	/* The same JSON, however it is spaced or ordered: no conflict. */
	ck_assert(!judge(&c, BASE, 200, "{ \"properties\": {\"billingManagementState\":\"Active\","
		   " \"displayName\":\"Old\"}, \"id\":\"" OBJ "\"}"));
	/* Changed there: a conflict. */
	ck_assert(judge(&c, BASE, 200, "{\"id\":\"" OBJ "\",\"properties\":{\"displayName\":\"Theirs\","
		  "\"billingManagementState\":\"Active\"}}"));
	/* Changed there to what mine asks (a resend after a kill): none. */
	ck_assert(!judge(&c, BASE, 200, "{\"id\":\"" OBJ "\",\"properties\":{\"displayName\":\"mine\","
		   "\"billingManagementState\":\"Active\"}}"));
	/* Any other field changed there counts. */
	ck_assert(judge(&c, BASE, 200, "{\"id\":\"" OBJ "\",\"properties\":{\"displayName\":\"Old\","
		  "\"billingManagementState\":\"NotAllowed\"}}"));
	/* Gone there: an update of it is a conflict. */
	ck_assert(judge(&c, BASE, 404, NULL));
}
END_TEST

START_TEST(judge_removal_creation_and_move)
{
	struct sync_call c;

	put_call(&c, "DELETE", NULL);
	ck_assert(!judge(&c, BASE, 404, NULL));
	ck_assert(!judge(&c, BASE, 200, BASE));
	ck_assert(judge(&c, BASE, 200, "{\"id\":\"" OBJ "\",\"properties\":{\"displayName\":\"Theirs\"}}"));
	/* A creation: nothing there goes; what exists differs or is already mine. */
	put_call(&c, "PUT", "{\"properties\":{\"displayName\":\"Mine\"}}");
	ck_assert(!judge(&c, NULL, 404, NULL));
	ck_assert(judge(&c, NULL, 200, "{\"properties\":{\"displayName\":\"Someone else's\"}}"));
	ck_assert(!judge(&c, NULL, 200, "{\"properties\":{\"displayName\":\"Mine\",\"extra\":1}}"));
	/* A move already made (a resend): its section is theirs already. */
	put_call(&c, "POST", "{\"destinationInvoiceSectionId\":\"/x/invoiceSections/S2\"}");
	ck_assert(sync_conflict_applied(&c, "{\"properties\":{\"invoiceSectionId\":\"/X/invoiceSections/s2\"}}"));
	ck_assert(judge(&c, "{\"properties\":{\"invoiceSectionId\":\"/x/invoiceSections/S1\"}}", 200,
			"{\"properties\":{\"invoiceSectionId\":\"/x/invoiceSections/S3\"}}"));
	ck_assert(!sync_conflict_applied(&c, "not JSON"));
}
END_TEST

static void
queue(const char *action, const char *after)
{
	char sql[1024];

	snprintf(sql, sizeof(sql), "INSERT INTO sync_outbox(audit_seq, created_on, action, object, before, after,"
		 " push, base) VALUES(1, '2026-01-15T00:00:00Z', '%s', '" OBJ "', '{}', '%s', 1, '" BASE "')",
		 action, after);
	ck_assert_int_eq(fixture_exec(fixture_path, sql), 0);
}

START_TEST(conflict_holds_and_resolves)
{
	struct app_ctx *ctx;
	struct app_plan *p;
	struct core_error err;
	struct core_buf b = { 0 };
	long long id[3];

	ck_assert_int_eq(fixture_exec(fixture_path, "DELETE FROM sync_outbox"), 0);
	queue("tenant.update", "{\"displayName\":\"Mine\"}");
	queue("tenant.update", "{\"displayName\":\"Mine 2\"}");
	ck_assert_int_eq(fixture_ids(fixture_path, "SELECT id FROM sync_outbox ORDER BY id", id, 3), 2);
	ctx = fixture_open(fixture_path, NULL, false);
	ck_assert_int_eq(store_outbox_conflict(ctx->st, id[0], "{\"properties\":{\"displayName\":\"Theirs\","
					       "\"billingManagementState\":\"Active\"}}", &err), CORE_OK);
	ck_assert_int_eq(app_plan_load(ctx, &p, &err), CORE_OK);
	ck_assert_int_eq(p->items[0].state, APP_PLAN_CONFLICT);
	ck_assert_int_eq(p->items[1].state, APP_PLAN_HELD);
	ck_assert_int_eq(p->items[1].held_by, id[0]);
	ck_assert_int_eq(p->conflicts, 1);
	ck_assert_str_eq(app_plan_state_name(p->items[0].state), "conflict");
	app_plan_theirs_words(&p->items[0], &b);
	ck_assert_str_eq(b.p, "displayName: Old -> Theirs");
	core_buf_free(&b);
	app_plan_free(p);
	/* Refused: no such change, one that is no conflict. */
	ck_assert_int_eq(app_resolve(ctx, 999, true, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_resolve(ctx, id[1], true, &err), CORE_REFUSED);
	/* Mine: sent as it is, without a read-back; audited. */
	ck_assert_int_eq(app_resolve(ctx, id[0], true, &err), CORE_OK);
	ck_assert_int_eq(app_plan_load(ctx, &p, &err), CORE_OK);
	ck_assert_int_eq(p->items[0].state, APP_PLAN_PUSH);
	ck_assert(p->items[0].row->mine);
	ck_assert_int_eq(p->items[1].state, APP_PLAN_PUSH);
	app_plan_free(p);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit WHERE action = 'sync.resolve'"), 1);
	/* Theirs, removed there: the change settled, nothing new to push; the
	 * next change to the object, made on it, a conflict in turn. */
	queue("tenant.update", "{\"displayName\":\"Mine 3\"}");
	ck_assert_int_eq(store_outbox_conflict(ctx->st, id[1], NULL, &err), CORE_OK);
	ck_assert_int_eq(app_resolve(ctx, id[1], false, &err), CORE_OK);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE done_on IS NULL"), 2);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE done_on IS NULL"
				       " AND conflict = ''"), 1);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE done_on IS NULL"
				       " AND conflict IS NULL"), 1);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit WHERE action = 'pull.remove'"), 1);
	app_close(ctx);
}
END_TEST

START_TEST(queued_change_takes_the_pulled_base)
{
	ck_assert_int_eq(fixture_exec(fixture_path, "DELETE FROM sync_outbox;"
		"INSERT INTO remote_object(id, kind, listing, json, pulled_on, run) VALUES('" OBJ "',"
		" 'associatedTenants', 'l', '" BASE "', '2026-01-15T00:00:00Z', 1)"), 0);
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct core_error err;

	ck_assert_int_eq(store_outbox_add(ctx->st, "2026-01-15T00:00:01Z", "tenant.update", OBJ, "{}", "{}", true,
					  &err), CORE_OK);
	/* A change of ours since the pull: what is there is not known. */
	ck_assert_int_eq(fixture_exec(fixture_path, "UPDATE sync_outbox SET done_on = '2026-01-15T00:00:02Z'"), 0);
	ck_assert_int_eq(store_outbox_add(ctx->st, "2026-01-15T00:00:03Z", "tenant.update", OBJ, "{}", "{}", true,
					  &err), CORE_OK);
	ck_assert_int_eq(store_outbox_add(ctx->st, "2026-01-15T00:00:03Z", "partner.set", OBJ, "{}", "{}", false,
					  &err), CORE_OK);
	app_close(ctx);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE base = '" BASE "'"), 1);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE base IS NULL"), 2);
}
END_TEST

static Suite *
conflict_suite(void)
{
	Suite *s = suite_create("conflict");
	TCase *tc = tcase_create("judge");

	tcase_add_test(tc, judge_update);
	tcase_add_test(tc, judge_removal_creation_and_move);
	suite_add_tcase(s, tc);
	tc = tcase_create("store");
	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_add_test(tc, conflict_holds_and_resolves);
	tcase_add_test(tc, queued_change_takes_the_pulled_base);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(conflict_suite());
}
