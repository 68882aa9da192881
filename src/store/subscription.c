#include "config.h"

#include "billcon/store_internal.h"
#include "billcon/store_subscription.h"

static void
read_section(sqlite3_stmt *s, void *row)
{
	struct store_section *sec = row;

	sec->id = sqlite3_column_int64(s, 0);
	store_column_copy(s, 1, sec->name, sizeof(sec->name));
	store_column_copy(s, 2, sec->display_name, sizeof(sec->display_name));
	store_column_copy(s, 3, sec->profile_name, sizeof(sec->profile_name));
}

enum core_status
store_section_find(struct store *st, long long account_id, const char *name,
		   struct store_section *out, struct core_error *err)
{
	/* Profiles and sections in the order they were made: the first
	 * section of a profile is the default one made with it. */
	sqlite3_stmt *s = store_stmt(st, "SELECT s.id, s.name, s.display_name, p.name"
		" FROM invoice_section s JOIN billing_profile p ON p.id = s.profile_id"
		" WHERE p.account_id = :acc AND (:name IS NULL OR s.name = :name COLLATE NOCASE"
		" OR s.display_name = :name COLLATE NOCASE)"
		" ORDER BY p.id, s.id LIMIT 1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":acc"), account_id);
	if (name)
		sqlite3_bind_text(s, sqlite3_bind_parameter_index(s, ":name"), name, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_section, out, "invoice section", err);
}

enum core_status
store_subscription_insert(struct store *st, struct store_subscription *sub, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO subscription(section_id, subscription_id,"
				     " display_name, service_tenant_id, status) VALUES(?1, ?2, ?3, ?4, ?5)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, sub->section_id);
	sqlite3_bind_text(s, 2, sub->subscription_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, sub->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, sub->service_tenant_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, sub->status, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "add the subscription");
	if (!rc)
		sub->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}
