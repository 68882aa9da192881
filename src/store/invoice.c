#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_invoice.h"

#define INVOICE_SELECT \
	"i.id, i.account_id, i.profile_id, i.name, i.invoice_date, i.period_start, i.period_end," \
	" i.due_date, i.amount_minor, i.currency, i.status, i.document_url, p.name, p.display_name"

static void
read_invoice(sqlite3_stmt *s, void *row)
{
	struct store_invoice *v = row;

	v->id = sqlite3_column_int64(s, 0);
	v->account_id = sqlite3_column_int64(s, 1);
	v->profile_id = sqlite3_column_int64(s, 2);
	store_column_copy(s, 3, v->name, sizeof(v->name));
	store_column_copy(s, 4, v->invoice_date, sizeof(v->invoice_date));
	store_column_copy(s, 5, v->period_start, sizeof(v->period_start));
	store_column_copy(s, 6, v->period_end, sizeof(v->period_end));
	store_column_copy(s, 7, v->due_date, sizeof(v->due_date));
	v->amount_minor = sqlite3_column_int64(s, 8);
	store_column_copy(s, 9, v->currency, sizeof(v->currency));
	store_column_copy(s, 10, v->status, sizeof(v->status));
	store_column_copy(s, 11, v->document_url, sizeof(v->document_url));
	store_column_copy(s, 12, v->profile, sizeof(v->profile));
	store_column_copy(s, 13, v->profile_name, sizeof(v->profile_name));
}

/* Each order pages by the account's own index: date, status and amount
 * (migrations 11 and 12), the number by the number's (unique across the
 * store, so an account's walk skips others' rows). The amount's key is
 * the index's (account_id, amount_minor, id), so a window seeks it. */
static const struct store_list_sort invoice_sorts[STORE_INVOICE_SORT_COUNT] = {
	[STORE_INVOICE_SORT_DATE] = { { "i.invoice_date" } },
	[STORE_INVOICE_SORT_STATUS] = { { "i.status", "i.invoice_date" } },
	[STORE_INVOICE_SORT_NUMBER] = { { "i.name" } },
	[STORE_INVOICE_SORT_AMOUNT] = { { "i.amount_minor" } },
};

/* What a filter under three characters, or one the index would not drive,
 * matches: the columns of invoice_fts, and the profile's ARM name. */
static const char *const invoice_like[] = { "i.name", "i.status", "i.currency", "p.display_name",
					    "p.name", NULL };

#define INVOICE_WHERE \
	"i.account_id = :scope AND (:key IS NULL OR i.profile_id =" \
	" (SELECT id FROM billing_profile WHERE account_id = :scope AND name = :key))"

/* The filter index holds the profile's display name, not its ARM name:
 * when the filter is in some profile's ARM name but not in its display
 * name, the index would miss that profile's invoices, and the filter
 * walks the order with LIKE (those invoices match densely, so the walk
 * meets a window soon). */
#define INVOICE_INDEX_MISSES \
	"SELECT EXISTS(SELECT 1 FROM billing_profile WHERE account_id = :scope" \
	" AND name LIKE :like ESCAPE '\\' AND display_name NOT LIKE :like ESCAPE '\\')"

/* What both lists share: the rows, their orders and filter. */
#define INVOICE_LIST_FIELDS \
	.select = INVOICE_SELECT, \
	.table = "invoice i", \
	.id = "i.id", \
	.joins = " JOIN billing_profile p ON p.id = i.profile_id", \
	.where = INVOICE_WHERE, \
	.sorts = invoice_sorts, \
	.nsorts = STORE_INVOICE_SORT_COUNT, \
	.fts = "invoice_fts", \
	.fts_misses = INVOICE_INDEX_MISSES, \
	.like = invoice_like, \
	.key_child = "billingProfiles", \
	.row_size = sizeof(struct store_invoice), \
	.read_row = read_invoice

#define INVOICE_COUNT "SELECT coalesce((SELECT n FROM invoice_count WHERE account_id = :scope), 0)"

static const struct store_list_spec invoice_list = {
	INVOICE_LIST_FIELDS,
	.count = INVOICE_COUNT,
};

/* One profile's: the account's count is no total of it, and counting the
 * profile's invoices on each open and refresh would cost what the kept
 * count saves, so it keeps none; the account's count sizes the filter. */
static const struct store_list_spec invoice_profile_list = {
	INVOICE_LIST_FIELDS,
	.estimate = INVOICE_COUNT,
};

const struct store_list_spec *
store_invoice_list(void)
{
	return &invoice_list;
}

const struct store_list_spec *
store_invoice_profile_list(void)
{
	return &invoice_profile_list;
}

enum core_status
store_invoice_find(struct store *st, long long account, const char *name, struct store_invoice *out,
		   struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " INVOICE_SELECT " FROM invoice i JOIN billing_profile p"
				     " ON p.id = i.profile_id WHERE i.account_id = ?1 AND i.name = ?2", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_invoice, out, "invoice", err);
}

enum core_status
store_invoice_insert(struct store *st, struct store_invoice *inv, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO invoice(account_id, profile_id, name, invoice_date,"
				     " period_start, period_end, due_date, amount_minor, currency, status,"
				     " document_url) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, inv->account_id);
	sqlite3_bind_int64(s, 2, inv->profile_id);
	sqlite3_bind_text(s, 3, inv->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, inv->invoice_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, inv->period_start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, inv->period_end, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, inv->due_date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, inv->amount_minor);
	sqlite3_bind_text(s, 9, inv->currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, inv->status, -1, SQLITE_STATIC);
	store_bind_text_or_null(s, 11, inv->document_url);
	rc = store_step_done(st, s, err, "add the invoice");
	if (!rc)
		inv->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

static void
read_profile(sqlite3_stmt *s, void *row)
{
	struct store_invoice_profile *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->account_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, p->name, sizeof(p->name));
	store_column_copy(s, 3, p->display_name, sizeof(p->display_name));
	p->invoice_day = sqlite3_column_int(s, 4);
	store_column_copy(s, 5, p->currency, sizeof(p->currency));
}

enum core_status
store_invoice_profiles(struct store *st, struct store_invoice_profile *out, int max, int *n,
		       struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, account_id, name, display_name, invoice_day, currency"
				     " FROM billing_profile ORDER BY account_id, id", err);

	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	return store_read_rows(st, s, sizeof(*out), read_profile, out, max, n, "billing profiles", err);
}
