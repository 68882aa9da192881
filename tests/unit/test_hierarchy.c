/* Unit tests of the billing hierarchy (DOMAIN.md §2; store_tree,
 * store_hierarchy, app_hierarchy) on the demo: each rule with its refusal
 * and that a refusal writes nothing; the audit entries and pushed outbox
 * rows of each change, the chain whole after them; the tree paged forward
 * and backward across window boundaries, nodes opened and closed, the
 * filter keeping a match's ancestors. */
#include "config.h"

#include <regex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/app_hierarchy.h"
#include "billcon/app_list.h"
#include "billcon/store_audit.h"
#include "fixture.h"

#define SUB(n) "5b000000-0000-4000-8000-0000000000" n
#define PROFILE "PBFV-4XYZ-BG7-TGB"
#define MAIN_SECTION "XKPA-3ABC-PJA-TGB"
#define RESEARCH "RSCH-7QWE-PJA-TGB"
#define NEW_SUB "11111111-2222-4333-8444-555555555555"
#define WOODGROVE "c0000000-0000-4000-8000-000000000007"

static long long
count(const char *sql)
{
	return fixture_count(fixture_path, sql);
}

static void
chain_whole(struct app_ctx *ctx)
{
	struct store_audit_verdict v;
	struct core_error err;

	ck_assert_int_eq(store_audit_verify(ctx->st, NULL, &v, &err), CORE_OK);
	ck_assert_msg(v.first_bad == 0, "%s", v.problem);
}

static bool
arm_like(const char *name)
{
	regex_t re;
	bool ok;

	ck_assert_int_eq(regcomp(&re, "^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{3}-[A-Z0-9]{3}$", REG_EXTENDED), 0);
	ok = regexec(&re, name, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

START_TEST(profile_comes_with_its_default_section)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct app_profile_new in = { "Contoso Europe", "Wire transfer", 20, "eur" };
	struct store_hier_profile p;
	struct store_hier_section s;
	struct core_error err;
	long long outbox = count("SELECT count(*) FROM sync_outbox WHERE push = 1");

	ck_assert_msg(app_hier_profile_add(ctx, &in, &p, &s, &err) == CORE_OK, "%s", err.message);
	ck_assert(arm_like(p.name));
	ck_assert(arm_like(s.name));
	ck_assert_str_eq(p.currency, "EUR");
	ck_assert_int_eq(p.invoice_day, 20);
	ck_assert_str_eq(s.display_name, "Contoso Europe");
	ck_assert_int_eq(count("SELECT count(*) FROM invoice_section s JOIN billing_profile p ON p.id = s.profile_id"
			       " WHERE p.display_name = 'Contoso Europe'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'profile.add' AND after LIKE"
			       " '%\"invoiceDay\":20%' AND actor = 'ada@contoso.com'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'section.add' AND object LIKE"
			       " '%/invoiceSections/%'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox WHERE push = 1"), outbox + 2);
	/* Defaults: no payment instrument, the 5th, dollars. */
	in = (struct app_profile_new){ "Contoso Labs", NULL, 0, NULL };
	ck_assert_int_eq(app_hier_profile_add(ctx, &in, &p, NULL, &err), CORE_OK);
	ck_assert_str_eq(p.payment_instrument, "None");
	ck_assert_int_eq(p.invoice_day, 5);
	ck_assert_str_eq(p.currency, "USD");
	chain_whole(ctx);
	app_close(ctx);
}
END_TEST

START_TEST(profile_refusals_write_nothing)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct app_profile_new in = { "contoso OPERATIONS", NULL, 0, NULL };
	long long audit = count("SELECT count(*) FROM audit");
	struct core_error err;

	ck_assert_int_eq(app_hier_profile_add(ctx, &in, NULL, NULL, &err), CORE_REFUSED);
	ck_assert_str_eq(err.message, "Billing account \"Contoso\" already has a billing profile named \"contoso OPERATIONS\".");
	in = (struct app_profile_new){ "  ", NULL, 0, NULL };
	ck_assert_int_eq(app_hier_profile_add(ctx, &in, NULL, NULL, &err), CORE_USAGE);
	ck_assert_str_eq(err.message, "A billing profile needs a name of 1 to 64 characters.");
	in = (struct app_profile_new){ "X", NULL, 29, NULL };
	ck_assert_int_eq(app_hier_profile_add(ctx, &in, NULL, NULL, &err), CORE_USAGE);
	ck_assert_str_eq(err.message, "The invoice day must be a day of the month from 1 to 28.");
	in.invoice_day = -1;
	ck_assert_int_eq(app_hier_profile_add(ctx, &in, NULL, NULL, &err), CORE_USAGE);
	in = (struct app_profile_new){ "X", NULL, 28, "EURO" };
	ck_assert_int_eq(app_hier_profile_add(ctx, &in, NULL, NULL, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "three-letter code"));
	ck_assert_int_eq(count("SELECT count(*) FROM audit"), audit);
	ck_assert_int_eq(count("SELECT count(*) FROM billing_profile"), 2);
	app_close(ctx);
}
END_TEST

START_TEST(who_may_change_the_hierarchy)
{
	struct app_ctx *reader = fixture_open(fixture_path, "cleo@contoso.com", false);
	struct app_ctx *contributor = fixture_open(fixture_path, "ben@contoso.com", false);
	struct app_ctx *profile_owner = fixture_open(fixture_path, "dan@contoso.com", false);
	struct app_ctx *section_owner = fixture_open(fixture_path, "finn@contoso.com", false);
	struct app_profile_new in = { "Contoso Europe", NULL, 0, NULL };
	struct app_denial d;
	struct core_error err;

	ck_assert_int_eq(app_hier_profile_add(reader, &in, NULL, NULL, &err), CORE_FORBIDDEN);
	ck_assert_ptr_nonnull(strstr(err.message, "owner or contributor"));
	ck_assert(!app_hier_may_change(reader, &d));
	ck_assert_int_eq(app_hier_move(reader, SUB("01"), RESEARCH, NULL, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_hier_section_add(reader, PROFILE, "Marketing", NULL, &err), CORE_FORBIDDEN);
	/* A contributor of the account may; a profile's owner adds its
	 * sections but not profiles; a section's owner neither. */
	ck_assert_int_eq(app_hier_profile_add(contributor, &in, NULL, NULL, &err), CORE_OK);
	ck_assert(app_hier_may_change(contributor, &d));
	ck_assert_int_eq(app_hier_section_add(profile_owner, PROFILE, "Marketing", NULL, &err), CORE_OK);
	in.display_name = "Contoso Labs";
	ck_assert_int_eq(app_hier_profile_add(profile_owner, &in, NULL, NULL, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_hier_section_add(section_owner, PROFILE, "Sales", NULL, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_hier_move(section_owner, SUB("01"), RESEARCH, NULL, &err), CORE_FORBIDDEN);
	app_close(reader);
	app_close(contributor);
	app_close(profile_owner);
	app_close(section_owner);
}
END_TEST

START_TEST(section_name_is_unique_within_its_profile)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct app_profile_new in = { "Contoso Europe", NULL, 0, NULL };
	struct store_hier_section s;
	struct core_error err;

	ck_assert_int_eq(app_hier_section_add(ctx, "Contoso Operations", "Marketing", &s, &err), CORE_OK);
	ck_assert(arm_like(s.name));
	ck_assert_str_eq(s.profile_name, PROFILE);
	ck_assert_int_eq(app_hier_section_add(ctx, PROFILE, "MARKETING", NULL, &err), CORE_REFUSED);
	ck_assert_str_eq(err.message, "Billing profile \"Contoso Operations\" already has an invoice section named \"MARKETING\".");
	/* The same name in another profile is fine. */
	ck_assert_int_eq(app_hier_profile_add(ctx, &in, NULL, NULL, &err), CORE_OK);
	ck_assert_int_eq(app_hier_section_add(ctx, "Contoso Europe", "Marketing", NULL, &err), CORE_OK);
	ck_assert_int_eq(app_hier_section_add(ctx, "Nowhere", "Marketing", NULL, &err), CORE_NOT_FOUND);
	ck_assert_str_eq(err.message, "Billing account \"Contoso\" has no billing profile \"Nowhere\".");
	ck_assert_int_eq(app_hier_section_add(ctx, PROFILE, "", NULL, &err), CORE_USAGE);
	/* Two sections named Marketing: a move must name one by its ID. */
	ck_assert_int_eq(app_hier_move(ctx, SUB("01"), "Marketing", NULL, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "2 invoice sections are named \"Marketing\""));
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'section.add'"), 3);
	chain_whole(ctx);
	app_close(ctx);
}
END_TEST

START_TEST(move_between_sections_of_the_account)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct store_hier_sub b;
	struct core_error err;

	ck_assert_msg(app_hier_move(ctx, SUB("03"), RESEARCH, &b, &err) == CORE_OK, "%s", err.message);
	ck_assert_str_eq(b.section_name, RESEARCH);
	/* Its service tenant (Fabrikam) stays. */
	ck_assert_int_eq(count("SELECT count(*) FROM subscription WHERE subscription_id = '" SUB("03") "'"
			       " AND service_tenant_id = '" FABRIKAM "' AND section_id = 3"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'subscription.move'"
			       " AND before LIKE '%" MAIN_SECTION "%' AND after LIKE '%" RESEARCH "%'"
			       " AND object LIKE '%/billingSubscriptions/" SUB("03") "'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox WHERE push = 1 AND action = 'subscription.move'"), 1);
	ck_assert_int_eq(app_hier_move(ctx, SUB("03"), "research", NULL, &err), CORE_REFUSED);
	ck_assert_str_eq(err.message, "Subscription " SUB("03") " is already billed to invoice section \"Research\".");
	ck_assert_int_eq(app_hier_move(ctx, "not-a-guid", RESEARCH, NULL, &err), CORE_USAGE);
	ck_assert_str_eq(err.message, "The subscription ID must be a GUID; \"not-a-guid\" is not one.");
	ck_assert_int_eq(app_hier_move(ctx, NEW_SUB, RESEARCH, NULL, &err), CORE_NOT_FOUND);
	ck_assert_ptr_nonnull(strstr(err.message, "only its own subscriptions move between its sections"));
	/* Northwind's section is not the account in scope's. */
	ck_assert_int_eq(app_hier_move(ctx, SUB("01"), "NWTR-2CCC-DD3-TGB", NULL, &err), CORE_NOT_FOUND);
	ck_assert_str_eq(err.message, "Billing account \"Contoso\" has no invoice section \"NWTR-2CCC-DD3-TGB\".");
	chain_whole(ctx);
	app_close(ctx);
}
END_TEST

START_TEST(link_changes_only_billing)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct app_hier_link in = { NEW_SUB, RESEARCH, TAILSPIN, "Tailspin PAYG", "Tailspin Web" };
	struct store_hier_sub b;
	struct core_error err;

	ck_assert_msg(app_hier_link(ctx, &in, &b, &err) == CORE_OK, "%s", err.message);
	ck_assert_str_eq(b.service_tenant_id, TAILSPIN);
	ck_assert_str_eq(b.transferred_from, "Tailspin PAYG");
	ck_assert_str_eq(b.transferred_on, FIXTURE_NOW);
	ck_assert_int_eq(count("SELECT count(*) FROM subscription WHERE subscription_id = '" NEW_SUB "'"
			       " AND service_tenant_id = '" TAILSPIN "' AND transferred_from = 'Tailspin PAYG'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'subscription.link' AND before IS NULL"
			       " AND after LIKE '%\"serviceTenantId\":\"" TAILSPIN "\"%'"), 1);
	ck_assert_int_eq(count("SELECT count(*) FROM sync_outbox WHERE push = 1 AND action = 'subscription.link'"), 1);
	/* Already billed here: refused, whether new or the demo's. */
	ck_assert_int_eq(app_hier_link(ctx, &in, NULL, &err), CORE_REFUSED);
	in.subscription = SUB("01");
	ck_assert_int_eq(app_hier_link(ctx, &in, NULL, &err), CORE_REFUSED);
	ck_assert_str_eq(err.message, "Subscription " SUB("01") " is already billed to billing account \"Contoso\";"
			 " move it between sections instead.");
	in = (struct app_hier_link){ "{bad}", RESEARCH, TAILSPIN, "Tailspin PAYG", NULL };
	ck_assert_int_eq(app_hier_link(ctx, &in, NULL, &err), CORE_USAGE);
	ck_assert_str_eq(err.message, "The subscription ID must be a GUID; \"{bad}\" is not one.");
	in = (struct app_hier_link){ "22222222-2222-4333-8444-555555555555", RESEARCH, "x", "Tailspin PAYG", NULL };
	ck_assert_int_eq(app_hier_link(ctx, &in, NULL, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "service tenant must be a GUID"));
	in.service_tenant = NULL;
	ck_assert_int_eq(app_hier_link(ctx, &in, NULL, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "give its service tenant"));
	in = (struct app_hier_link){ "22222222-2222-4333-8444-555555555555", RESEARCH, TAILSPIN, "Contoso", NULL };
	ck_assert_int_eq(app_hier_link(ctx, &in, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "linking brings one from another account"));
	ck_assert_str_eq(APP_HIER_LINK_NOTE, "Only billing changes: the subscription's service tenant and its Azure RBAC"
			 " stay as they were.");
	chain_whole(ctx);
	app_close(ctx);
}
END_TEST

/* A subscription the store knows under another account comes over with
 * its service tenant; another tenant named for it is refused. */
START_TEST(link_from_another_account_keeps_the_service_tenant)
{
	struct app_ctx *nw = NULL, *ctx = fixture_open(fixture_path, NULL, false);
	struct app_hier_link in = { "33333333-2222-4333-8444-555555555555", "NWTR-2CCC-DD3-TGB", WOODGROVE,
				    "Woodgrove Bank PAYG", "Shared" };
	struct store_hier_sub b;
	struct app_options o = { .db_path = fixture_path, .actor = "kim@northwindtraders.com",
				 .account = "Northwind Traders" };
	struct core_error err;

	ck_assert_int_eq(app_open(&o, &nw, &err), CORE_OK);
	ck_assert_msg(app_hier_link(nw, &in, NULL, &err) == CORE_OK, "%s", err.message);
	in = (struct app_hier_link){ "33333333-2222-4333-8444-555555555555", RESEARCH, TAILSPIN, "Northwind Traders",
				     NULL };
	ck_assert_int_eq(app_hier_link(ctx, &in, NULL, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "linking never changes its service tenant"));
	in.service_tenant = NULL;
	ck_assert_msg(app_hier_link(ctx, &in, &b, &err) == CORE_OK, "%s", err.message);
	ck_assert_str_eq(b.service_tenant_id, WOODGROVE);
	ck_assert_str_eq(b.transferred_from, "Northwind Traders");
	ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = 'subscription.link' AND before LIKE"
			       " '%NWTR-2CCC-DD3-TGB%' AND after LIKE '%" RESEARCH "%'"), 1);
	app_close(nw);
	app_close(ctx);
}
END_TEST

/* ---- the tree as a list ---- */

struct rows {
	struct store_tree_row r[4000];
	struct store_list_key k[4000];
	int n;
};

static int
collect(const void *row, const struct store_list_key *key, void *data)
{
	struct rows *rs = data;

	rs->r[rs->n] = *(const struct store_tree_row *)row;
	rs->k[rs->n++] = *key;
	return 0;
}

static void
walk(struct app_ctx *ctx, const char *key, const char *filter, struct rows *out)
{
	struct store_list_query q = { .spec = store_tree_list(), .key = key, .filter = filter, .limit = -1 };
	struct core_error err;

	out->n = 0;
	ck_assert_msg(app_list_page(ctx, &q, collect, out, &err) == CORE_OK, "%s", err.message);
}

/* Every row of q's tree, window after window, into all. */
static void
page_all(struct app_ctx *ctx, struct store_list_query *q, struct rows *all)
{
	static struct rows page;
	struct store_list_key at;
	struct core_error err;
	int i;

	all->n = 0;
	do {
		page.n = 0;
		ck_assert_int_eq(app_list_page(ctx, q, collect, &page, &err), CORE_OK);
		for (i = 0; i < page.n; i++)
			all->r[all->n++] = page.r[i];
		if (page.n) {
			at = page.k[page.n - 1];
			q->anchor = &at;
		}
	} while (page.n == q->limit);
	q->anchor = NULL;
}

/* The same tree in windows of size rows, forward, then backward from the
 * end: each must match the whole walk. */
static void
paged(struct app_ctx *ctx, const char *key, const char *filter, int size, const struct rows *whole)
{
	static struct rows all;
	struct store_list_query q = { .spec = store_tree_list(), .key = key, .filter = filter, .limit = size };
	int i;

	page_all(ctx, &q, &all);
	ck_assert_int_eq(all.n, whole->n);
	for (i = 0; i < all.n; i++)
		ck_assert_msg(all.r[i].depth == whole->r[i].depth && all.r[i].id == whole->r[i].id,
			      "row %d: %s against %s", i, all.r[i].display_name, whole->r[i].display_name);
	q.backward = true;
	page_all(ctx, &q, &all);
	ck_assert_int_eq(all.n, whole->n);
	for (i = 0; i < all.n; i++)
		ck_assert_int_eq(all.r[i].id, whole->r[whole->n - 1 - i].id);
}

/* 300 subscriptions in Research and 40 in the main section, names in
 * mixed case, two with the same name, one with none; a second section
 * named like the first in another case. */
static void
grow(void)
{
	ck_assert_int_eq(fixture_exec(fixture_path, "INSERT INTO subscription(section_id, subscription_id, display_name,"
		" service_tenant_id) WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 339)"
		" SELECT CASE WHEN i < 300 THEN 3 ELSE 1 END, printf('7a000000-0000-4000-8000-%012d', i),"
		" CASE WHEN i = 7 THEN '' WHEN i % 3 THEN CASE WHEN i % 2 THEN 'zeta sub' ELSE 'Alpha' END"
		" ELSE 'beta' END, '" CONTOSO_PRIMARY "' FROM n"), 0);
	ck_assert_int_eq(fixture_exec(fixture_path, "INSERT INTO invoice_section(profile_id, name, display_name)"
		" VALUES(1, 'DUPL-AAAA-BBB-CCC', 'research')"), 0);
}

static int
find(const struct rows *rs, enum store_tree_depth depth, const char *name)
{
	int i;

	for (i = 0; i < rs->n; i++)
		if (rs->r[i].depth == depth && strcmp(rs->r[i].display_name, name) == 0)
			return i;
	return -1;
}

START_TEST(tree_pages_like_every_list)
{
	struct app_ctx *ctx;
	static struct rows whole, shut;
	int i, sizes[] = { 1, 3, 7, 64 };

	grow();
	ctx = fixture_open(fixture_path, "cleo@contoso.com", true);
	/* First state: the account and its profile open, sections closed. */
	walk(ctx, NULL, NULL, &shut);
	ck_assert_int_eq(shut.n, 5);
	ck_assert_int_eq(shut.r[0].depth, STORE_TREE_ACCOUNT);
	ck_assert(shut.r[0].open && shut.r[1].open && !shut.r[2].open && shut.r[2].has_children);
	/* Every node open: depth first, each level by name in any case. */
	walk(ctx, STORE_TREE_ALL, NULL, &whole);
	ck_assert_int_eq(whole.n, 1 + 1 + 3 + 345);
	for (i = 1; i < whole.n; i++)
		ck_assert(whole.r[i].depth <= whole.r[i - 1].depth + 1);
	ck_assert_int_eq(find(&whole, STORE_TREE_SUBSCRIPTION, "") - find(&whole, STORE_TREE_SECTION, "Research"), 1);
	for (i = 0; i < (int)(sizeof(sizes) / sizeof(sizes[0])); i++)
		paged(ctx, STORE_TREE_ALL, NULL, sizes[i], &whole);
	/* Research alone open (toggled), then the profile closed as well. */
	walk(ctx, ",s3,", NULL, &whole);
	ck_assert_int_eq(whole.n, 5 + 302);
	paged(ctx, ",s3,", NULL, 5, &whole);
	walk(ctx, ",s3,p1,", NULL, &whole);
	ck_assert_int_eq(whole.n, 2);
	ck_assert(!whole.r[1].open);
	walk(ctx, ",a1,", NULL, &whole);
	ck_assert_int_eq(whole.n, 1);
	app_close(ctx);
}
END_TEST

START_TEST(filter_keeps_the_ancestors)
{
	struct app_ctx *ctx = fixture_open(fixture_path, "cleo@contoso.com", true);
	static struct rows rs;
	struct store_list_key up;

	walk(ctx, NULL, "wood", &rs);
	ck_assert_int_eq(rs.n, 4);
	ck_assert_str_eq(rs.r[0].display_name, "Contoso");
	ck_assert_str_eq(rs.r[1].display_name, "Contoso Operations");
	ck_assert_str_eq(rs.r[2].display_name, "Research");
	ck_assert_str_eq(rs.r[3].display_name, "Woodgrove Lab");
	ck_assert_str_eq(rs.r[3].tenant_id, WOODGROVE);
	ck_assert_str_eq(rs.r[3].transferred_from, "Woodgrove Bank PAYG");
	/* By ID too; and the parent's key is where the parent stands. */
	walk(ctx, NULL, "000000000003", &rs);
	ck_assert_int_eq(rs.n, 4);
	ck_assert(store_tree_parent_key(&rs.r[3], ctx->account.id, &up));
	ck_assert_int_eq(up.id, -rs.r[2].id);
	ck_assert(!store_tree_parent_key(&rs.r[0], ctx->account.id, &up));
	walk(ctx, NULL, "no such thing", &rs);
	ck_assert_int_eq(rs.n, 0);
	app_close(ctx);
}
END_TEST

/* The filter as the LIKE version reads it, written out plainly: what shows
 * of the tree under filter (a match, or an ancestor of one), as a count
 * and two sums of depth * 10^6 + ID, to set against the blade's rows. */
static void
like_version(long long account, const char *filter, long long out[3])
{
	static const char *const what[] = { "count(*)", "sum(k)", "sum(k * k % 1000000007)" };
	char pattern[256], sql[4096];
	size_t n = 0;
	int i;

	pattern[n++] = '%';
	for (; *filter; filter++) {
		if (*filter == '%' || *filter == '_' || *filter == '\\')
			pattern[n++] = '\\';
		if (*filter == '\'')
			pattern[n++] = '\'';
		pattern[n++] = *filter;
	}
	pattern[n++] = '%';
	pattern[n] = '\0';
#define L(c) c " LIKE '%1$s' ESCAPE '\\'"
	for (i = 0; i < 3; i++) {
		snprintf(sql, sizeof(sql),
			 "WITH p AS (SELECT * FROM billing_profile WHERE account_id = %2$lld),"
			 " s AS (SELECT s.* FROM invoice_section s JOIN p ON p.id = s.profile_id),"
			 " b AS (SELECT b.* FROM subscription b JOIN s ON s.id = b.section_id"
			 "  WHERE " L("b.display_name") " OR " L("b.subscription_id") "),"
			 " ms AS (SELECT id, profile_id FROM s WHERE " L("display_name") " OR " L("name")
			 "  OR id IN (SELECT section_id FROM b)),"
			 " mp AS (SELECT id FROM p WHERE " L("display_name") " OR " L("name")
			 "  OR id IN (SELECT profile_id FROM ms)),"
			 " t(k) AS (SELECT 3000000 + id FROM b UNION ALL SELECT 2000000 + id FROM ms"
			 "  UNION ALL SELECT 1000000 + id FROM mp UNION ALL SELECT id FROM billing_account"
			 "  WHERE id = %2$lld AND (" L("display_name") " OR EXISTS (SELECT 1 FROM mp)))"
			 " SELECT coalesce(%3$s, 0) FROM t", pattern, account, what[i]);
		out[i] = count(sql);
	}
#undef L
}

START_TEST(index_finds_what_like_finds)
{
	static const char *const filters[] = {
		"sub", "SUB", "Zeta S", "alph", "ALPHA", "a s", "Research", "research", "rsch-7q",
		"7A000000", "000000000012", "0000-40", "8000-0000000003", "-4000-", "wood", "Lab",
		"eta", "ta ", "no such thing", "\"q", "q\"uote", "\"", "\"\"\"", "NEAR(", "x OR y",
		"AND", "su*", "^ze", "col:", "{a b}", "10%", "1_0", "a\\b", "it's", "école", "ÉCOLE",
		"Éco", "cole", "ÉTÉ", "été", "ab", "é", "zz", "-4", "bulk", "ULK 0", "Bulk 01", "lk 020",
	};
	struct app_ctx *ctx;
	static struct rows rs;
	long long want[3], got[3];
	size_t i;
	int j;

	grow();
	/* Names with quotes and FTS5's syntax in them, and letters outside
	 * ASCII, whose case LIKE keeps and the index folds. */
	ck_assert_int_eq(fixture_exec(fixture_path, "INSERT INTO subscription(section_id, subscription_id,"
		" display_name, service_tenant_id) VALUES"
		" (3, '7b000000-0000-4000-8000-000000000001', 'Say \"quote\" NEAR(x OR y) AND su* ^zeta', '"
		CONTOSO_PRIMARY "'),"
		" (1, '7b000000-0000-4000-8000-000000000002', 'col:umn {a b} 10% 1_0 a\\b it''s', '"
		CONTOSO_PRIMARY "'),"
		" (2, '7b000000-0000-4000-8000-000000000003', 'École d''été', '" CONTOSO_PRIMARY "'),"
		" (3, '7b000000-0000-4000-8000-000000000004', 'ÉCOLE ÉTÉ', '" CONTOSO_PRIMARY "')"), 0);
	/* More matches of "bulk" than the index drives: those walk by LIKE. */
	ck_assert_int_eq(fixture_exec(fixture_path, "INSERT INTO subscription(section_id, subscription_id, display_name,"
		" service_tenant_id) WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2099)"
		" SELECT 2 + i % 2, printf('7c000000-0000-4000-8000-%012d', i), printf('Bulk %05d', i), '"
		CONTOSO_PRIMARY "' FROM n"), 0);
	ctx = fixture_open(fixture_path, "cleo@contoso.com", true);
	for (i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		if (fixture_quick() && i % 4 != 0 && !strstr(filters[i], "ulk"))
			continue;
		walk(ctx, NULL, filters[i], &rs);
		/* In windows, forward and backward, the same rows (the
		 * thousands of bulk matches in larger windows: each window
		 * walks by LIKE, and 7 rows a window cost seconds). */
		if (strstr(filters[i], "ulk"))
			paged(ctx, NULL, filters[i], 61, &rs);
		else if (i % 5 == 0)
			paged(ctx, NULL, filters[i], 7, &rs);
		like_version(ctx->account.id, filters[i], want);
		got[0] = rs.n;
		got[1] = got[2] = 0;
		for (j = 0; j < rs.n; j++) {
			long long k = (long long)rs.r[j].depth * 1000000 + rs.r[j].id;

			got[1] += k;
			got[2] += k * k % 1000000007;
		}
		ck_assert_msg(got[0] == want[0] && got[1] == want[1] && got[2] == want[2],
			      "filter %s: %lld rows, LIKE finds %lld", filters[i], got[0], want[0]);
	}
	app_close(ctx);
}
END_TEST

static Suite *
hierarchy_suite(void)
{
	Suite *s = suite_create("hierarchy");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, fixture_setup, fixture_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, profile_comes_with_its_default_section);
	tcase_add_test(tc, profile_refusals_write_nothing);
	tcase_add_test(tc, who_may_change_the_hierarchy);
	tcase_add_test(tc, section_name_is_unique_within_its_profile);
	tcase_add_test(tc, move_between_sections_of_the_account);
	tcase_add_test(tc, link_changes_only_billing);
	tcase_add_test(tc, link_from_another_account_keeps_the_service_tenant);
	tcase_add_test(tc, tree_pages_like_every_list);
	tcase_add_test(tc, filter_keeps_the_ancestors);
	tcase_add_test(tc, index_finds_what_like_finds);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(hierarchy_suite());
}
