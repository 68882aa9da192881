#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/app_context.h"
#include "billcon/app_directory.h"
#include "billcon/app_list.h"
#include "billcon/store_list.h"
#include "fixture.h"

#define path fixture_path

static long long
audit_entries(void)
{
	return fixture_count(path, "SELECT count(*) FROM audit");
}

/* Opens the demo's Contoso account as actor, who may hold no billing role
 * (a Global administrator, a guest). */
static struct app_ctx *
open_as(const char *actor, bool read_only)
{
	struct app_options o = { .db_path = path, .actor = actor, .account = "contoso",
				 .read_only = read_only };
	struct app_ctx *ctx = NULL;
	struct core_error err;

	core_error_clear(&err);
	ck_assert_msg(app_open(&o, &ctx, &err) == CORE_OK, "open: %s", err.message);
	return ctx;
}

/* What one action answered: its status and its sentence. */
struct outcome {
	enum core_status rc;
	char message[1024];
};

enum verb { ADD, SET_ADMIN, SET_NAME, INVITE, ACCEPT, TENANT };

/* Runs one action as actor; a refusal must leave the trail as it was and
 * say why in one sentence. */
static struct outcome
act(const char *actor, bool read_only, enum verb v, const char *email, const char *arg)
{
	struct app_ctx *ctx = open_as(actor, read_only);
	struct app_user_new in = { .email = email, .name = arg };
	struct app_user_change admin = { .global_admin = arg && strcmp(arg, "on") == 0 };
	struct app_user_change name = { .name = arg, .global_admin = -1 };
	struct app_dir_tenant_change guests = { .guest_invitations = arg && strcmp(arg, "on") == 0 };
	long long before = audit_entries();
	struct core_error err;
	struct outcome o;

	core_error_clear(&err);
	switch (v) {
	case ADD: o.rc = app_user_add(ctx, &in, NULL, &err); break;
	case SET_ADMIN: o.rc = app_user_set(ctx, email, &admin, NULL, &err); break;
	case SET_NAME: o.rc = app_user_set(ctx, email, &name, NULL, &err); break;
	case INVITE: o.rc = app_guest_invite(ctx, email, arg, NULL, &err); break;
	case ACCEPT: o.rc = app_guest_accept(ctx, email, NULL, &err); break;
	default: o.rc = app_dir_tenant_set(ctx, email, &guests, NULL, &err); break;
	}
	app_close(ctx);
	snprintf(o.message, sizeof(o.message), "%s", err.message);
	if (o.rc) {
		ck_assert_int_eq(audit_entries(), before);
		ck_assert_str_ne(o.message, "");
		ck_assert_ptr_null(strchr(o.message, '\n'));
	}
	return o;
}

#define ADA "ada@contoso.com"

#define ck_refused(o, status, words) do { \
	struct outcome o_ = (o); \
	ck_assert_int_eq(o_.rc, status); \
	ck_assert_msg(strstr(o_.message, words) != NULL, "\"%s\" lacks \"%s\"", o_.message, words); \
} while (0)

START_TEST(member_added_with_audit_entry_kept_local)
{
	ck_assert_int_eq(act(ADA, false, ADD, "Zoe@Contoso.COM", "Zoe").rc, CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM directory_user WHERE email = 'Zoe@contoso.com'"
		" AND home_tenant_id = '" CONTOSO_PRIMARY "' AND guest_state IS NULL AND NOT global_admin"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'directory.user.add'"
		" AND actor = '" ADA "' AND object = '/tenants/" CONTOSO_PRIMARY "/users/Zoe@contoso.com'"), 1);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM sync_outbox WHERE action = 'directory.user.add'"
		" AND push = 0"), 1);
}
END_TEST

START_TEST(member_add_refusals)
{
	ck_refused(act(ADA, false, ADD, "ben@contoso.com", "Ben"), CORE_REFUSED, "already in the directory");
	ck_refused(act(ADA, false, ADD, "zed@example.org", "Zed"), CORE_REFUSED, "invite the user as a guest");
	ck_refused(act(ADA, false, ADD, "zed@@contoso.com", "Zed"), CORE_USAGE, "not an email address");
	ck_refused(act(ADA, false, ADD, "zed@contoso.com", "\x1b[31m"), CORE_USAGE, "");
}
END_TEST

START_TEST(only_owner_or_global_admin_edits)
{
	/* A contributor, a reader and a member with no role are not permitted. */
	ck_refused(act("ben@contoso.com", false, ADD, "x@contoso.com", "X"), CORE_FORBIDDEN,
		   "Billing account owner or Global administrator");
	ck_refused(act("cleo@contoso.com", false, SET_NAME, "ben@contoso.com", "B"), CORE_FORBIDDEN, "may not");
	ck_refused(act("dan@contoso.com", false, INVITE, "x@partner.example", NULL), CORE_FORBIDDEN, "may not");
	/* A Global administrator of another tenant keeps only their own. */
	ck_refused(act("admin@fabrikam.com", false, ADD, "x@contoso.com", "X"), CORE_FORBIDDEN, "may not");
	/* A Global administrator of the primary tenant with no billing role may. */
	ck_assert_int_eq(act(ADA, false, ADD, "gail@contoso.com", NULL).rc, CORE_OK);
	ck_assert_int_eq(act(ADA, false, SET_ADMIN, "gail@contoso.com", "on").rc, CORE_OK);
	ck_assert_int_eq(act("gail@contoso.com", false, SET_NAME, "ben@contoso.com", "Ben O.").rc, CORE_OK);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'directory.user.update'"
		" AND actor = 'gail@contoso.com' AND before LIKE '%Ben Okafor%' AND after LIKE '%Ben O.%'"), 1);
}
END_TEST

START_TEST(may_edit_answers_as_data)
{
	struct app_denial d;
	struct app_ctx *ctx = open_as(ADA, false);

	ck_assert(app_dir_may_edit(ctx, &d));
	app_close(ctx);
	ctx = open_as("ben@contoso.com", false);
	ck_assert(!app_dir_may_edit(ctx, &d));
	ck_assert_int_eq(d.why, APP_DENY_RULE);
	ck_assert_ptr_nonnull(strstr(d.words, "Global administrator"));
	app_close(ctx);
	ctx = open_as(ADA, true);
	ck_assert(!app_dir_may_edit(ctx, &d));
	ck_assert_int_eq(d.why, APP_DENY_READ_ONLY);
	app_close(ctx);
}
END_TEST

START_TEST(read_only_refuses_every_change)
{
	ck_refused(act(ADA, true, ADD, "ro@contoso.com", "Ro"), CORE_REFUSED, "read-only");
	ck_refused(act(ADA, true, SET_NAME, "ben@contoso.com", "B"), CORE_REFUSED, "read-only");
	ck_refused(act(ADA, true, INVITE, "ro@partner.example", NULL), CORE_REFUSED, "read-only");
	ck_refused(act("jo@gmail.com", true, ACCEPT, "jo@gmail.com", NULL), CORE_REFUSED, "read-only");
	ck_refused(act(ADA, true, TENANT, WINGTIP, "on"), CORE_REFUSED, "read-only");
}
END_TEST

START_TEST(global_admin_rules)
{
	ck_refused(act(ADA, false, SET_ADMIN, "ivan@outlook.com", "on"), CORE_REFUSED, "is a guest");
	ck_refused(act(ADA, false, SET_ADMIN, ADA, "off"), CORE_REFUSED, "last Global administrator");
	ck_refused(act(ADA, false, SET_NAME, "admin@fabrikam.com", "F"), CORE_REFUSED, "own administrators");
	ck_refused(act(ADA, false, SET_NAME, "nobody@contoso.com", "N"), CORE_NOT_FOUND, "knows no user");
	ck_assert_int_eq(act(ADA, false, SET_ADMIN, "ben@contoso.com", "on").rc, CORE_OK);
	ck_assert_int_eq(act(ADA, false, SET_ADMIN, ADA, "off").rc, CORE_OK);
}
END_TEST

START_TEST(guest_invited_pending)
{
	struct store_user u;
	struct core_error err;
	struct app_ctx *ctx = open_as(ADA, false);

	ck_assert_int_eq(app_guest_invite(ctx, "pat@partner.example", NULL, &u, &err), CORE_OK);
	ck_assert_str_eq(u.guest_state, APP_GUEST_PENDING);
	ck_assert_str_eq(u.display_name, "pat");
	ck_assert_str_eq(u.home_tenant_id, CONTOSO_PRIMARY);
	/* A pending guest is not yet a user of the primary tenant for roles. */
	ck_assert(!app_user_of_primary(ctx, &u));
	app_close(ctx);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'guest.invite'"
		" AND after LIKE '%PendingAcceptance%'"), 1);
}
END_TEST

START_TEST(guest_invite_refusals)
{
	ck_refused(act(ADA, false, INVITE, "new@contoso.com", NULL), CORE_REFUSED, "a domain of Contoso itself");
	ck_refused(act(ADA, false, INVITE, "new@CONTOSO.onmicrosoft.com", NULL), CORE_REFUSED, "itself");
	ck_refused(act(ADA, false, INVITE, "jo@gmail.com", NULL), CORE_REFUSED, "already in the directory");
	ck_refused(act(ADA, false, INVITE, "admin@fabrikam.com", NULL), CORE_REFUSED, "already in the directory");
	ck_refused(act(ADA, false, INVITE, "no-at-sign", NULL), CORE_USAGE, "not an email address");
	ck_assert_int_eq(act(ADA, false, TENANT, CONTOSO_PRIMARY, "off").rc, CORE_OK);
	ck_refused(act(ADA, false, INVITE, "pat@partner.example", NULL), CORE_REFUSED,
		   "does not allow guest invitations");
	ck_assert_int_eq(act(ADA, false, TENANT, "contoso.com", "on").rc, CORE_OK);
	ck_assert_int_eq(act(ADA, false, INVITE, "pat@partner.example", NULL).rc, CORE_OK);
}
END_TEST

START_TEST(only_the_guest_accepts_once)
{
	struct store_user u;
	struct core_error err;
	struct app_ctx *ctx;

	ck_refused(act(ADA, false, ACCEPT, "jo@gmail.com", NULL), CORE_FORBIDDEN, "Only jo@gmail.com");
	ck_refused(act("ivan@outlook.com", false, ACCEPT, "jo@gmail.com", NULL), CORE_FORBIDDEN, "Only");
	ck_assert_int_eq(act("JO@gmail.com", false, ACCEPT, "jo@gmail.com", NULL).rc, CORE_OK);
	ck_refused(act("jo@gmail.com", false, ACCEPT, "jo@gmail.com", NULL), CORE_REFUSED, "already accepted");
	ck_refused(act(ADA, false, ACCEPT, ADA, NULL), CORE_REFUSED, "not an invited guest");
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE action = 'guest.accept'"
		" AND lower(actor) = 'jo@gmail.com' AND before LIKE '%PendingAcceptance%' AND after LIKE '%Accepted%'"), 1);
	/* Accepted, the guest counts as a user of the primary tenant. */
	ctx = open_as(ADA, false);
	ck_assert_int_eq(app_user_get(ctx, "jo@gmail.com", &u, &err), CORE_OK);
	ck_assert(app_user_of_primary(ctx, &u));
	ck_assert_int_eq(app_user_get(ctx, "admin@fabrikam.com", &u, &err), CORE_OK);
	ck_assert(!app_user_of_primary(ctx, &u));
	app_close(ctx);
}
END_TEST

START_TEST(may_accept_only_a_pending_guest)
{
	char why[256];
	struct app_ctx *ctx = open_as("jo@gmail.com", false);

	ck_assert(app_guest_may_accept(ctx, why, sizeof(why)));
	app_close(ctx);
	ctx = open_as(ADA, false);
	ck_assert(!app_guest_may_accept(ctx, why, sizeof(why)));
	ck_assert_ptr_nonnull(strstr(why, "no invitation"));
	app_close(ctx);
}
END_TEST

START_TEST(domains_added_and_removed)
{
	struct app_dir_tenant_change add = { .guest_invitations = -1, .add_domain = "Wingtip.Example" };
	struct app_dir_tenant_change dup = { .guest_invitations = -1, .add_domain = "contoso.com" };
	struct app_dir_tenant_change other = { .guest_invitations = -1, .remove_domain = "contoso.com" };
	struct app_dir_tenant_change last = { .guest_invitations = -1, .remove_domain = "wingtip.example" };
	struct app_dir_tenant_change rm = { .guest_invitations = -1,
					    .remove_domain = "wingtiptoys.onmicrosoft.com" };
	struct app_dir_tenant_change bad = { .guest_invitations = -1, .add_domain = "-bad-.example" };
	struct store_dir_tenant t;
	struct core_error err;
	struct app_ctx *ctx = open_as(ADA, false);

	ck_assert_int_eq(app_dir_tenant_set(ctx, WINGTIP, &add, &t, &err), CORE_OK);
	ck_assert_str_eq(t.domains, "wingtip.example, wingtiptoys.onmicrosoft.com");
	ck_assert_int_eq(app_dir_tenant_set(ctx, WINGTIP, &dup, &t, &err), CORE_REFUSED);
	ck_assert_int_eq(app_dir_tenant_set(ctx, WINGTIP, &other, &t, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_dir_tenant_set(ctx, WINGTIP, &bad, &t, &err), CORE_USAGE);
	ck_assert_int_eq(app_dir_tenant_set(ctx, "wingtip.example", &rm, &t, &err), CORE_OK);
	ck_assert_int_eq(app_dir_tenant_set(ctx, WINGTIP, &last, &t, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "last domain"));
	ck_assert_int_eq(app_dir_tenant_get(ctx, "nowhere.example", &t, &err), CORE_NOT_FOUND);
	ck_assert_int_eq(app_dir_tenant_get(ctx, "not a key", &t, &err), CORE_USAGE);
	app_close(ctx);
	ck_assert_int_eq(fixture_count(path, "SELECT count(*) FROM audit WHERE object = '/tenants/" WINGTIP "'"
		" AND action IN ('directory.domain.add', 'directory.domain.remove')"), 2);
}
END_TEST

struct collected {
	int rows;
	char first[256];
};

static int
collect(const void *row, const struct store_list_key *key, void *data)
{
	const struct store_user *u = row;
	struct collected *c = data;

	(void)key;
	if (!c->rows++)
		snprintf(c->first, sizeof(c->first), "%s", u->email);
	return 0;
}

START_TEST(lists_filter_sort_and_scope_guests)
{
	struct app_ctx *ctx = open_as(ADA, false);
	struct store_list_query q = { .spec = store_user_list(), .limit = -1 };
	struct collected c = { 0 };
	struct core_error err;

	ck_assert_int_eq(app_list_page(ctx, &q, collect, &c, &err), CORE_OK);
	ck_assert_int_eq(c.rows, 12);
	ck_assert_str_eq(c.first, ADA);
	memset(&c, 0, sizeof(c));
	q = (struct store_list_query){ .spec = store_user_list(), .limit = -1, .filter = "Okafor" };
	ck_assert_int_eq(app_list_page(ctx, &q, collect, &c, &err), CORE_OK);
	ck_assert_int_eq(c.rows, 1);
	memset(&c, 0, sizeof(c));
	q = (struct store_list_query){ .spec = store_user_list(), .limit = -1, .sort = STORE_USER_SORT_NAME };
	ck_assert_int_eq(app_list_page(ctx, &q, collect, &c, &err), CORE_OK);
	ck_assert_str_eq(c.first, ADA);
	memset(&c, 0, sizeof(c));
	q = (struct store_list_query){ .spec = store_user_list(), .limit = -1, .sort = STORE_USER_SORT_TENANT };
	ck_assert_int_eq(app_list_page(ctx, &q, collect, &c, &err), CORE_OK);
	ck_assert_str_eq(c.first, ADA);
	memset(&c, 0, sizeof(c));
	q = (struct store_list_query){ .spec = store_guest_list(), .limit = -1,
				       .key = ctx->account.primary_tenant_id };
	ck_assert_int_eq(app_list_page(ctx, &q, collect, &c, &err), CORE_OK);
	ck_assert_int_eq(c.rows, 2);
	ck_assert_str_eq(c.first, "ivan@outlook.com");
	app_close(ctx);
}
END_TEST

START_TEST(comparison_is_the_seeds)
{
	size_t n, i;
	const struct app_way_row *w = app_directory_comparison(&n);

	ck_assert_int_eq(n, 2);
	ck_assert_ptr_nonnull(strstr(w[0].guest, "your tenant's security policies"));
	ck_assert_ptr_nonnull(strstr(w[0].associated, "their own tenant's security policies"));
	ck_assert_ptr_nonnull(strstr(w[1].guest, "switch"));
	ck_assert_ptr_nonnull(strstr(w[1].associated, "without switching"));
	for (i = 0; i < n; i++)
		ck_assert_int_le(strlen(w[i].summary), 64);
}
END_TEST

static Suite *
directory_suite(void)
{
	Suite *s = suite_create("directory");
	TCase *tc = tcase_create("directory");

	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, member_added_with_audit_entry_kept_local);
	tcase_add_test(tc, member_add_refusals);
	tcase_add_test(tc, only_owner_or_global_admin_edits);
	tcase_add_test(tc, may_edit_answers_as_data);
	tcase_add_test(tc, read_only_refuses_every_change);
	tcase_add_test(tc, global_admin_rules);
	tcase_add_test(tc, guest_invited_pending);
	tcase_add_test(tc, guest_invite_refusals);
	tcase_add_test(tc, only_the_guest_accepts_once);
	tcase_add_test(tc, may_accept_only_a_pending_guest);
	tcase_add_test(tc, domains_added_and_removed);
	tcase_add_test(tc, lists_filter_sort_and_scope_guests);
	tcase_add_test(tc, comparison_is_the_seeds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(directory_suite());
}
