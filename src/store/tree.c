#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/core_buf.h"
#include "billcon/store_internal.h"
#include "billcon/store_tree.h"

/* The open nodes (store_tree.h): the account and profiles are open unless
 * toggled, sections closed unless toggled; "*" opens all, and so does a
 * filter (its :like is bound only then). */
#define KEY "coalesce(:key, '')"
#define OPEN_ACCOUNT(id) "(" KEY " = '*' OR instr(" KEY ", ',a' || " id " || ',') = 0)"
#define OPEN_PROFILE "(" KEY " = '*' OR instr(" KEY ", ',p' || p.id || ',') = 0)"
#define OPEN_SECTION "(" KEY " = '*' OR instr(" KEY ", ',s' || s.id || ',') > 0)"

/* What a filter matches at each level: a node by its names or ID, or
 * something under it (so that a match shows with its ancestors). */
#define LIKE(col) col " LIKE :like ESCAPE '\\'"
#define MATCH_SUB(b) "(" LIKE(b ".display_name") " OR " LIKE(b ".subscription_id") ")"
#define MATCH_SECTION(s) \
	"(" LIKE(s ".display_name") " OR " LIKE(s ".name") \
	" OR EXISTS (SELECT 1 FROM subscription mb INDEXED BY subscription_tree WHERE mb.section_id = " s ".id" \
	" AND " MATCH_SUB("mb") "))"
#define MATCH_PROFILE(p) \
	"(" LIKE(p ".display_name") " OR " LIKE(p ".name") \
	" OR EXISTS (SELECT 1 FROM invoice_section ms WHERE ms.profile_id = " p ".id AND " MATCH_SECTION("ms") "))"
#define MATCH_ACCOUNT \
	"(" LIKE("a.display_name") " OR EXISTS (SELECT 1 FROM billing_profile mp WHERE mp.account_id = a.id" \
	" AND " MATCH_PROFILE("mp") "))"

/* The same with the subscriptions' trigram index (3 characters or more),
 * its matches found once per window (INDEX_WITH, ahead of the parts): m,
 * the index's matches (list.c's phrase, :phrase), at most INDEX_MAX + 1 of
 * them; mm, those LIKE keeps, as the index folds the case of letters LIKE
 * does not (É, é), with their sections (by a scalar subquery: a join
 * builds a Bloom filter over every subscription first). With few matches
 * the levels look them up; with many, a walk meets one soon, and they
 * walk as LIKE does. */
#define INDEX_MAX "2000"
#define FEW "(SELECT f FROM few)"
#define INDEX_WITH \
	"WITH m(id) AS MATERIALIZED (SELECT rowid FROM subscription_fts WHERE subscription_fts MATCH :phrase" \
	" LIMIT " INDEX_MAX " + 1)," \
	" mm(id, section_id) AS MATERIALIZED (SELECT id, section_id FROM (SELECT m.id, (SELECT mb.section_id" \
	" FROM subscription mb WHERE mb.id = m.id AND " MATCH_SUB("mb") ") AS section_id FROM m)" \
	" WHERE section_id IS NOT NULL)," \
	" few(f) AS MATERIALIZED (SELECT count(*) <= " INDEX_MAX " FROM m) "
#define HOLDS_MATCH(s) \
	"CASE WHEN " FEW " THEN " s ".id IN (SELECT section_id FROM mm) ELSE EXISTS (SELECT 1 FROM subscription mb" \
	" INDEXED BY subscription_tree WHERE mb.section_id = " s ".id AND " MATCH_SUB("mb") ") END"
#define FTS_SECTION(s) "(" LIKE(s ".display_name") " OR " LIKE(s ".name") " OR " HOLDS_MATCH(s) ")"
#define FTS_PROFILE(p) \
	"(" LIKE(p ".display_name") " OR " LIKE(p ".name") \
	" OR EXISTS (SELECT 1 FROM invoice_section ms WHERE ms.profile_id = " p ".id AND " FTS_SECTION("ms") "))"
#define FTS_ACCOUNT \
	"(" LIKE("a.display_name") " OR EXISTS (SELECT 1 FROM billing_profile mp WHERE mp.account_id = a.id" \
	" AND " FTS_PROFILE("mp") "))"

/* Every column of every level has one affinity (CASTs), as SQLite flattens
 * a UNION ALL into the merge of its ordered parts only then; the key
 * columns are plain indexed columns, so each part walks its index in the
 * tree's order with no sort. */
#define T(x) "CAST(" x " AS TEXT)"
#define I(x) "CAST(" x " AS INTEGER)"
#define NOCASE(x) x " COLLATE NOCASE"

static const char account_part[] =
	"SELECT " I("0") " AS depth, " I("a.id") " AS oid, " I("0") " AS pid, " I("0") " AS sid,"
	" " T("a.name") " AS name, " T("a.display_name") " AS dname,"
	" " I(":like IS NOT NULL OR " OPEN_ACCOUNT("a.id")) " AS open,"
	" " I("EXISTS (SELECT 1 FROM billing_profile x WHERE x.account_id = a.id)") " AS kids,"
	" " T("a.primary_tenant_id") " AS tenant, " T("''") " AS payment, " I("0") " AS iday,"
	" " T("''") " AS currency, " T("''") " AS sku, " T("a.account_status") " AS status,"
	" " T("''") " AS tfrom, " T("''") " AS ton, " T("''") " AS pname, " T("''") " AS sname,"
	" " T("''") " AS pdisp, " T("''") " AS sdisp,"
	" " NOCASE(T("''")) " AS k0, " I("0") " AS k1, " NOCASE(T("''")) " AS k2, " I("0") " AS k3,"
	" " NOCASE(T("''")) " AS k4, " I("-a.id") " AS kid"
	" FROM billing_account a WHERE a.id = :scope";

static const char profile_part[] =
	"SELECT " I("1") ", " I("p.id") ", " I("p.id") ", " I("0") ", " T("p.name") ", " T("p.display_name") ","
	" " I(":like IS NOT NULL OR " OPEN_PROFILE) ","
	" " I("EXISTS (SELECT 1 FROM invoice_section x WHERE x.profile_id = p.id)") ","
	" " T("''") ", " T("p.payment_instrument") ", " I("p.invoice_day") ", " T("p.currency") ","
	" " T("''") ", " T("''") ", " T("''") ", " T("''") ", " T("p.name") ", " T("''") ","
	" " T("p.display_name") ", " T("''") ","
	" " NOCASE("p.display_name") ", p.id, " NOCASE(T("''")) ", " I("0") ", " NOCASE(T("''")) ", " I("-p.id")
	" FROM billing_profile p WHERE p.account_id = :scope";

static const char section_part[] =
	"SELECT " I("2") ", " I("s.id") ", " I("p.id") ", " I("s.id") ", " T("s.name") ", " T("s.display_name") ","
	" " I(":like IS NOT NULL OR " OPEN_SECTION) ","
	" " I("EXISTS (SELECT 1 FROM subscription x WHERE x.section_id = s.id)") ","
	" " T("''") ", " T("''") ", " I("0") ", " T("''") ", " T("''") ", " T("''") ", " T("''") ", " T("''") ","
	" " T("p.name") ", " T("s.name") ", " T("p.display_name") ", " T("s.display_name") ","
	" " NOCASE("p.display_name") ", p.id, " NOCASE("s.display_name") ", s.id, " NOCASE(T("''")) ", "
	I("-s.id")
	" FROM billing_profile p JOIN invoice_section s ON s.profile_id = p.id WHERE p.account_id = :scope";

/* A subscription's columns; the FROM clause differs by part. */
static const char sub_columns[] =
	"SELECT " I("3") ", " I("b.id") ", " I("p.id") ", " I("s.id") ", " T("b.subscription_id") ","
	" " T("b.display_name") ", " I("0") ", " I("0") ", " T("b.service_tenant_id") ", " T("''") ", " I("0") ","
	" " T("''") ", " T("b.sku") ", " T("b.status") ", " T("coalesce(b.transferred_from, '')") ","
	" " T("coalesce(b.transferred_on, '')") ", " T("p.name") ", " T("s.name") ","
	" " T("p.display_name") ", " T("s.display_name") ","
	" " NOCASE("p.display_name") ", p.id, " NOCASE("s.display_name") ", s.id, " NOCASE("b.display_name") ", b.id";

/* How a window filters: not at all, by LIKE alone, or with the index. */
enum tree_filter { TREE_ALL, TREE_LIKE, TREE_INDEX };

/* The index knows substrings of three characters or more (not bytes). */
static enum tree_filter
filter_kind(const char *filter)
{
	size_t chars = 0;

	if (!filter || !*filter)
		return TREE_ALL;
	for (; *filter; filter++)
		chars += ((unsigned char)*filter & 0xC0) != 0x80;
	return chars >= 3 ? TREE_INDEX : TREE_LIKE;
}

/* Which rows of a level show: with a filter, a match or an ancestor of
 * one; else those whose ancestors are open. */
static void
add_shown(struct core_buf *q, enum store_tree_depth depth, enum tree_filter filter)
{
	static const char *const like[] = { MATCH_ACCOUNT, MATCH_PROFILE("p"), MATCH_SECTION("s"),
					    MATCH_SUB("b") };
	/* The subscriptions' walk is for many matches; few come from
	 * driven_subscriptions. */
	static const char *const index[] = { FTS_ACCOUNT, FTS_PROFILE("p"), FTS_SECTION("s"),
					     "NOT " FEW " AND " MATCH_SUB("b") };

	if (filter != TREE_ALL) {
		core_buf_printf(q, " AND %s", filter == TREE_INDEX ? index[depth] : like[depth]);
		return;
	}
	if (depth >= STORE_TREE_PROFILE)
		core_buf_str(q, " AND " OPEN_ACCOUNT(":scope"));
	if (depth >= STORE_TREE_SECTION)
		core_buf_str(q, " AND " OPEN_PROFILE);
	if (depth >= STORE_TREE_SUBSCRIPTION)
		core_buf_str(q, " AND " OPEN_SECTION);
}

/* Seeks a level's profiles at the anchor's profile: the rows before it
 * are never walked (the exact bound is list.c's, on the whole key). */
static void
add_profile_seek(struct core_buf *q, const char *ge)
{
	core_buf_printf(q, " AND (p.display_name, p.id) %s (:k0 COLLATE NOCASE, :k1)", ge);
}

static void
add_subscriptions(struct core_buf *q, const struct store_list_query *lq, bool ascending,
		 enum tree_filter filtered)
{
	const char *ge = ascending ? ">=" : "<=", *gt = ascending ? ">" : "<";

	if (lq->anchor) {
		/* The anchor's own section, from the anchor on, by the
		 * subscriptions' index ... */
		core_buf_printf(q, " UNION ALL %s FROM invoice_section s JOIN billing_profile p ON p.id = s.profile_id"
				" JOIN subscription b ON b.section_id = s.id WHERE s.id = :k3 AND p.account_id = :scope"
				" AND (b.display_name, b.id) %s (:k4 COLLATE NOCASE, :kid)", sub_columns, ge);
		add_shown(q, STORE_TREE_SUBSCRIPTION, filtered);
	}
	/* ... and the sections past it, each from its start. */
	core_buf_printf(q, " UNION ALL %s FROM billing_profile p JOIN invoice_section s ON s.profile_id = p.id"
			" JOIN subscription b ON b.section_id = s.id WHERE p.account_id = :scope", sub_columns);
	if (lq->anchor) {
		add_profile_seek(q, ge);
		core_buf_printf(q, " AND (p.display_name, p.id, s.display_name, s.id) %s"
				" (:k0 COLLATE NOCASE, :k1, :k2 COLLATE NOCASE, :k3)", gt);
	}
	add_shown(q, STORE_TREE_SUBSCRIPTION, filtered);
}

/* Few matches: the subscriptions' part is those matches, read by ID and
 * put in the tree's order (a sort of at most INDEX_MAX rows; the other
 * parts still seek), rather than a walk of every section holding one. */
static void
driven_subscriptions(struct core_buf *q)
{
	core_buf_printf(q, " UNION ALL %s FROM mm CROSS JOIN subscription b ON b.id = mm.id"
			" CROSS JOIN invoice_section s ON s.id = b.section_id"
			" CROSS JOIN billing_profile p ON p.id = s.profile_id"
			" WHERE " FEW " AND p.account_id = :scope", sub_columns);
}

static void
tree_from(struct core_buf *q, const struct store_list_query *lq, bool ascending)
{
	enum tree_filter filtered = filter_kind(lq->filter);
	const char *ge = ascending ? ">=" : "<=";

	core_buf_printf(q, " FROM (%s%s", filtered == TREE_INDEX ? INDEX_WITH : "", account_part);
	add_shown(q, STORE_TREE_ACCOUNT, filtered);
	core_buf_printf(q, " UNION ALL %s", profile_part);
	if (lq->anchor)
		add_profile_seek(q, ge);
	add_shown(q, STORE_TREE_PROFILE, filtered);
	core_buf_printf(q, " UNION ALL %s", section_part);
	if (lq->anchor)
		add_profile_seek(q, ge);
	add_shown(q, STORE_TREE_SECTION, filtered);
	add_subscriptions(q, lq, ascending, filtered);
	if (filtered == TREE_INDEX)
		driven_subscriptions(q);
	core_buf_str(q, ") t");
}

static void
read_row(sqlite3_stmt *s, void *row)
{
	struct store_tree_row *r = row;

	memset(r, 0, sizeof(*r));
	r->depth = (enum store_tree_depth)sqlite3_column_int(s, 0);
	r->id = sqlite3_column_int64(s, 1);
	r->profile_id = sqlite3_column_int64(s, 2);
	r->section_id = sqlite3_column_int64(s, 3);
	store_column_copy(s, 4, r->name, sizeof(r->name));
	store_column_copy(s, 5, r->display_name, sizeof(r->display_name));
	r->open = sqlite3_column_int(s, 6) != 0;
	r->has_children = sqlite3_column_int(s, 7) != 0;
	store_column_copy(s, 8, r->tenant_id, sizeof(r->tenant_id));
	store_column_copy(s, 9, r->payment_instrument, sizeof(r->payment_instrument));
	r->invoice_day = sqlite3_column_int(s, 10);
	store_column_copy(s, 11, r->currency, sizeof(r->currency));
	store_column_copy(s, 12, r->sku, sizeof(r->sku));
	store_column_copy(s, 13, r->status, sizeof(r->status));
	store_column_copy(s, 14, r->transferred_from, sizeof(r->transferred_from));
	store_column_copy(s, 15, r->transferred_on, sizeof(r->transferred_on));
	store_column_copy(s, 16, r->profile_name, sizeof(r->profile_name));
	store_column_copy(s, 17, r->section_name, sizeof(r->section_name));
	store_column_copy(s, 18, r->profile_display, sizeof(r->profile_display));
	store_column_copy(s, 19, r->section_display, sizeof(r->section_display));
}

static const struct store_list_sort tree_sorts[] = {
	{ { "t.k0", "t.k1", "t.k2", "t.k3", "t.k4" } },
};

static const struct store_list_spec tree_list = {
	.select = "t.depth, t.oid, t.pid, t.sid, t.name, t.dname, t.open, t.kids, t.tenant, t.payment,"
		  " t.iday, t.currency, t.sku, t.status, t.tfrom, t.ton, t.pname, t.sname, t.pdisp, t.sdisp",
	.table = "",
	.id = "t.kid",
	.joins = "",
	.where = "1",
	.sorts = tree_sorts,
	.nsorts = 1,
	.from = tree_from,
	.row_size = sizeof(struct store_tree_row),
	.read_row = read_row,
};

const struct store_list_spec *
store_tree_list(void)
{
	return &tree_list;
}

static void
set_text(struct store_list_key *k, int i, const char *s)
{
	k->is_int[i] = false;
	k->num[i] = 0;
	snprintf(k->text[i], sizeof(k->text[i]), "%s", s);
}

static void
set_int(struct store_list_key *k, int i, long long n)
{
	k->is_int[i] = true;
	k->num[i] = n;
	snprintf(k->text[i], sizeof(k->text[i]), "%lld", n);
}

bool
store_tree_parent_key(const struct store_tree_row *row, long long account_id, struct store_list_key *out)
{
	memset(out, 0, sizeof(*out));
	out->n = 5;
	set_text(out, 0, row->depth >= STORE_TREE_SECTION ? row->profile_display : "");
	set_int(out, 1, row->depth >= STORE_TREE_SECTION ? row->profile_id : 0);
	set_text(out, 2, row->depth == STORE_TREE_SUBSCRIPTION ? row->section_display : "");
	set_int(out, 3, row->depth == STORE_TREE_SUBSCRIPTION ? row->section_id : 0);
	set_text(out, 4, "");
	switch (row->depth) {
	case STORE_TREE_ACCOUNT:
		return false;
	case STORE_TREE_PROFILE:
		out->id = -account_id;
		break;
	case STORE_TREE_SECTION:
		out->id = -row->profile_id;
		break;
	case STORE_TREE_SUBSCRIPTION:
		out->id = -row->section_id;
		break;
	}
	return true;
}
