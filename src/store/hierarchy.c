#include "config.h"

#include <string.h>

#include "billcon/store_hierarchy.h"
#include "billcon/store_internal.h"

#define PROFILE_COLUMNS \
	"p.id, p.account_id, p.name, p.display_name, p.payment_instrument, p.invoice_day, p.currency," \
	" (SELECT count(*) FROM invoice_section x WHERE x.profile_id = p.id)"

static void
read_profile(sqlite3_stmt *s, void *row)
{
	struct store_hier_profile *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->account_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, p->name, sizeof(p->name));
	store_column_copy(s, 3, p->display_name, sizeof(p->display_name));
	store_column_copy(s, 4, p->payment_instrument, sizeof(p->payment_instrument));
	p->invoice_day = sqlite3_column_int(s, 5);
	store_column_copy(s, 6, p->currency, sizeof(p->currency));
	p->sections = sqlite3_column_int64(s, 7);
}

enum core_status
store_hier_profile_add(struct store *st, struct store_hier_profile *p, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO billing_profile(account_id, name, display_name,"
				     " payment_instrument, invoice_day, currency) VALUES(?1, ?2, ?3, ?4, ?5, ?6)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, p->account_id);
	sqlite3_bind_text(s, 2, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, p->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, p->payment_instrument, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, p->invoice_day);
	sqlite3_bind_text(s, 6, p->currency, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "add the billing profile");
	if (!rc)
		p->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_hier_profile_set_invoice(struct store *st, long long id, int invoice_day, const char *currency,
			  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE billing_profile SET invoice_day = ?2, currency = ?3 WHERE id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, invoice_day);
	sqlite3_bind_text(s, 3, currency, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "change the billing profile");
}

enum core_status
store_hier_profile_get(struct store *st, long long account_id, const char *key, struct store_hier_profile *out,
		  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " PROFILE_COLUMNS " FROM billing_profile p"
				     " WHERE p.account_id = ?1 AND (p.name = ?2 COLLATE NOCASE"
				     " OR p.display_name = ?2 COLLATE NOCASE) ORDER BY p.name <> ?2 COLLATE NOCASE, p.id"
				     " LIMIT 1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_profile, out, "billing profile", err);
}

enum core_status
store_hier_profiles(struct store *st, long long account_id, struct store_hier_profile **out, size_t *n,
		  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " PROFILE_COLUMNS " FROM billing_profile p WHERE p.account_id = ?1"
				     " ORDER BY p.display_name COLLATE NOCASE, p.id", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	return store_collect(st, s, sizeof(**out), read_profile, (void **)out, n, "billing profiles", err);
}

/* Counts the rows of s (bound: a SELECT count(*)). */
static enum core_status
count_of(struct store *st, sqlite3_stmt *s, long long *n, struct core_error *err)
{
	return store_fetch_one(st, s, store_read_int64, n, "count", err);
}

enum core_status
store_hier_profile_name_count(struct store *st, long long account_id, const char *display_name, long long *n,
			 struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM billing_profile WHERE account_id = ?1"
				     " AND display_name = ?2 COLLATE NOCASE", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, display_name, -1, SQLITE_STATIC);
	return count_of(st, s, n, err);
}

#define SECTION_COLUMNS \
	"s.id, s.profile_id, s.name, s.display_name, p.name, p.display_name," \
	" (SELECT count(*) FROM subscription x WHERE x.section_id = s.id)"

static void
read_section(sqlite3_stmt *s, void *row)
{
	struct store_hier_section *sec = row;

	sec->id = sqlite3_column_int64(s, 0);
	sec->profile_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, sec->name, sizeof(sec->name));
	store_column_copy(s, 3, sec->display_name, sizeof(sec->display_name));
	store_column_copy(s, 4, sec->profile_name, sizeof(sec->profile_name));
	store_column_copy(s, 5, sec->profile_display, sizeof(sec->profile_display));
	sec->subscriptions = sqlite3_column_int64(s, 6);
}

enum core_status
store_hier_sections(struct store *st, long long account_id, long long profile_id, struct store_hier_section **out,
		  size_t *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " SECTION_COLUMNS " FROM billing_profile p"
				     " JOIN invoice_section s ON s.profile_id = p.id WHERE p.account_id = ?1"
				     " AND (?2 = 0 OR p.id = ?2)"
				     " ORDER BY p.display_name COLLATE NOCASE, p.id, s.display_name COLLATE NOCASE, s.id", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, profile_id);
	return store_collect(st, s, sizeof(**out), read_section, (void **)out, n, "invoice sections", err);
}

enum core_status
store_hier_section_lookup(struct store *st, long long account_id, const char *key, struct store_hier_section *out,
		     long long *n, struct core_error *err)
{
	/* An ARM name names one section; a display name may name several. */
	sqlite3_stmt *s = store_stmt(st, "SELECT " SECTION_COLUMNS ", count(*) OVER () FROM billing_profile p"
				     " JOIN invoice_section s ON s.profile_id = p.id WHERE p.account_id = ?1"
				     " AND (s.name = ?2 COLLATE NOCASE OR (s.display_name = ?2 COLLATE NOCASE"
				     " AND NOT EXISTS (SELECT 1 FROM invoice_section y JOIN billing_profile q"
				     " ON q.id = y.profile_id WHERE q.account_id = ?1 AND y.name = ?2 COLLATE NOCASE)))"
				     " ORDER BY p.id, s.id", err);
	struct store_hier_section first;
	int rc;

	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_section(s, &first);
		*n = sqlite3_column_int64(s, 7);
		if (out)
			*out = first;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, err, "read the invoice sections");
	return CORE_OK;
}

enum core_status
store_hier_section_name_count(struct store *st, long long profile_id, const char *display_name, long long *n,
			 struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM invoice_section WHERE profile_id = ?1"
				     " AND display_name = ?2 COLLATE NOCASE", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, profile_id);
	sqlite3_bind_text(s, 2, display_name, -1, SQLITE_STATIC);
	return count_of(st, s, n, err);
}

static void
read_sub(sqlite3_stmt *s, void *row)
{
	struct store_hier_sub *b = row;

	b->id = sqlite3_column_int64(s, 0);
	b->section_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, b->subscription_id, sizeof(b->subscription_id));
	store_column_copy(s, 3, b->display_name, sizeof(b->display_name));
	store_column_copy(s, 4, b->service_tenant_id, sizeof(b->service_tenant_id));
	store_column_copy(s, 5, b->status, sizeof(b->status));
	store_column_copy(s, 6, b->sku, sizeof(b->sku));
	store_column_copy(s, 7, b->transferred_from, sizeof(b->transferred_from));
	store_column_copy(s, 8, b->transferred_on, sizeof(b->transferred_on));
	b->account_id = sqlite3_column_int64(s, 9);
	store_column_copy(s, 10, b->section_name, sizeof(b->section_name));
	store_column_copy(s, 11, b->section_display, sizeof(b->section_display));
	store_column_copy(s, 12, b->profile_name, sizeof(b->profile_name));
	store_column_copy(s, 13, b->profile_display, sizeof(b->profile_display));
}

enum core_status
store_hier_sub_get(struct store *st, const char *subscription_id, struct store_hier_sub *out,
		   struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT b.id, b.section_id, b.subscription_id, b.display_name,"
				     " b.service_tenant_id, b.status, b.sku, b.transferred_from, b.transferred_on,"
				     " p.account_id, s.name, s.display_name, p.name, p.display_name"
				     " FROM subscription b JOIN invoice_section s ON s.id = b.section_id"
				     " JOIN billing_profile p ON p.id = s.profile_id"
				     " WHERE b.subscription_id = ?1 COLLATE NOCASE", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, subscription_id, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_sub, out, "subscription", err);
}

enum core_status
store_hier_sub_insert(struct store *st, struct store_hier_sub *b, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO subscription(section_id, subscription_id, display_name,"
				     " service_tenant_id, status, sku, transferred_from, transferred_on)"
				     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, b->section_id);
	sqlite3_bind_text(s, 2, b->subscription_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, b->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, b->service_tenant_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, b->status, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, b->sku, -1, SQLITE_STATIC);
	store_bind_text_or_null(s, 7, b->transferred_from);
	store_bind_text_or_null(s, 8, b->transferred_on);
	rc = store_step_done(st, s, err, "add the subscription");
	if (!rc)
		b->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_hier_sub_rebill(struct store *st, long long id, long long section_id, const char *transferred_from,
		      const char *transferred_on, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE subscription SET section_id = ?2,"
				     " transferred_from = coalesce(?3, transferred_from),"
				     " transferred_on = coalesce(?4, transferred_on) WHERE id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, section_id);
	store_bind_text_or_null(s, 3, transferred_from);
	store_bind_text_or_null(s, 4, transferred_on);
	return store_step_done(st, s, err, "change where the subscription is billed");
}
