#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/store_account.h"
#include "billcon/store_internal.h"

#define ACCOUNT_COLUMNS \
	"a.id, a.name, a.display_name, a.agreement_type, a.account_type," \
	" a.account_sub_type, a.account_status, a.primary_tenant_id," \
	" a.sold_to_company, a.sold_to_country, a.sold_to_address, a.primary_contact," \
	" a.mca_accepted_by, a.mca_accepted_on"

/* Whether the user email (an SQL expression) holds an active role on the
 * account a: one assigned directly, or through an approved request. Only
 * they see it (DOMAIN.md §2). */
#define ACCOUNT_VISIBLE(email) \
	"EXISTS (SELECT 1 FROM role_assignment ra" \
	" LEFT JOIN billing_request r ON r.id = ra.request_id" \
	" WHERE ra.account_id = a.id AND ra.principal_email = " email \
	" AND (ra.request_id IS NULL OR r.status IN ('Approved', 'Completed')))"

static void
read_account(sqlite3_stmt *s, void *row)
{
	struct store_account *a = row;

	a->id = sqlite3_column_int64(s, 0);
	store_column_copy(s, 1, a->name, sizeof(a->name));
	store_column_copy(s, 2, a->display_name, sizeof(a->display_name));
	store_column_copy(s, 3, a->agreement_type, sizeof(a->agreement_type));
	store_column_copy(s, 4, a->account_type, sizeof(a->account_type));
	store_column_copy(s, 5, a->account_sub_type, sizeof(a->account_sub_type));
	store_column_copy(s, 6, a->account_status, sizeof(a->account_status));
	store_column_copy(s, 7, a->primary_tenant_id, sizeof(a->primary_tenant_id));
	store_column_copy(s, 8, a->sold_to_company, sizeof(a->sold_to_company));
	store_column_copy(s, 9, a->sold_to_country, sizeof(a->sold_to_country));
	store_column_copy(s, 10, a->sold_to_address, sizeof(a->sold_to_address));
	store_column_copy(s, 11, a->primary_contact, sizeof(a->primary_contact));
	store_column_copy(s, 12, a->mca_accepted_by, sizeof(a->mca_accepted_by));
	store_column_copy(s, 13, a->mca_accepted_on, sizeof(a->mca_accepted_on));
}

enum core_status
store_account_insert(struct store *st, struct store_account *a, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO billing_account(name, display_name, agreement_type, account_type,"
		" account_sub_type, account_status, primary_tenant_id, sold_to_company, sold_to_country,"
		" sold_to_address, primary_contact, mca_accepted_by, mca_accepted_on)"
		" VALUES(?1, ?2, ?3, ?4, ?5, coalesce(?6, 'Active'), ?7, ?8, ?9, ?10, ?11, ?12, ?13)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, a->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, a->agreement_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->account_type, -1, SQLITE_STATIC);
	store_bind_text_or_null(s, 5, a->account_sub_type);
	store_bind_text_or_null(s, 6, a->account_status);
	sqlite3_bind_text(s, 7, a->primary_tenant_id, -1, SQLITE_STATIC);
	store_bind_text_or_null(s, 8, a->sold_to_company);
	store_bind_text_or_null(s, 9, a->sold_to_country);
	store_bind_text_or_null(s, 10, a->sold_to_address);
	store_bind_text_or_null(s, 11, a->primary_contact);
	store_bind_text_or_null(s, 12, a->mca_accepted_by);
	store_bind_text_or_null(s, 13, a->mca_accepted_on);
	rc = store_step_done(st, s, err, "add the billing account");
	if (!rc)
		a->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_account_find(struct store *st, const char *name, struct store_account *out,
		   struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " ACCOUNT_COLUMNS " FROM billing_account a"
				     " WHERE a.name = ?1 OR a.display_name = ?1 COLLATE NOCASE"
				     " ORDER BY a.name = ?1 DESC LIMIT 1", err);
	char shown[CORE_ECHO_BYTES];
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_account(s, out);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "read billing accounts");
	return core_error_set(err, CORE_NOT_FOUND,
			      "There is no billing account named \"%s\" in this store;"
			      " billcon accounts list names the ones you see.",
			      core_text_echo(name, shown));
}

enum core_status
store_accounts_select(struct store *st, const char *tail, const char *key,
		      struct store_account *out, int max, int *n, struct core_error *err)
{
	char sql[2048];
	sqlite3_stmt *s;

	*n = 0;
	snprintf(sql, sizeof(sql), "SELECT " ACCOUNT_COLUMNS " FROM billing_account a %s", tail);
	if (!(s = store_stmt(st, sql, err)))
		return err ? err->status : CORE_STORE;
	if (key)
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return store_read_rows(st, s, sizeof(*out), read_account, out, max, n, "billing accounts", err);
}

enum core_status
store_accounts_of(struct store *st, const char *email,
		  struct store_account *out, int max, int *n, struct core_error *err)
{
	return store_accounts_select(st, "WHERE " ACCOUNT_VISIBLE("?1") " ORDER BY a.name", email, out,
				     max, n, err);
}

enum core_status
store_accounts_addressed(struct store *st, const char *email,
			 struct store_account *out, int max, int *n, struct core_error *err)
{
	return store_accounts_select(st, "WHERE EXISTS (SELECT 1 FROM billing_request r"
		"  WHERE r.account_id = a.id AND (r.addressee = ?1 COLLATE NOCASE"
		"  OR (r.type = 'ProvisioningAccess' AND r.tenant_id IN (SELECT home_tenant_id"
		"  FROM directory_user WHERE email = ?1 AND global_admin))))"
		" ORDER BY a.name", email, out, max, n, err);
}

enum core_status
store_accounts_all(struct store *st, struct store_account *out, int max, int *n,
		   struct core_error *err)
{
	return store_accounts_select(st, "ORDER BY a.name",
			      NULL, out, max, n, err);
}

void
store_account_scope(const struct store_account *a, char *out, size_t size)
{
	snprintf(out, size, "/providers/Microsoft.Billing/billingAccounts/%s", a->name);
}

enum core_status
store_profile_insert(struct store *st, long long account_id, const char *name,
		     const char *display_name, const char *payment_instrument,
		     long long *profile_id, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO billing_profile(account_id, name, display_name,"
				     " payment_instrument) VALUES(?1, ?2, ?3, coalesce(?4, 'None'))", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, display_name, -1, SQLITE_STATIC);
	store_bind_text_or_null(s, 4, payment_instrument);
	rc = store_step_done(st, s, err, "add the billing profile");
	if (!rc && profile_id)
		*profile_id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_section_insert(struct store *st, long long profile_id, const char *name,
		     const char *display_name, long long *section_id, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO invoice_section(profile_id, name, display_name)"
				     " VALUES(?1, ?2, ?3)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, profile_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, display_name, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "add the invoice section");
	if (!rc && section_id)
		*section_id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_accounts_of_home(struct store *st, const char *email, struct store_account *out, int max,
		       int *n, struct core_error *err)
{
	return store_accounts_select(st, "WHERE a.primary_tenant_id = (SELECT home_tenant_id FROM directory_user WHERE email = ?1)"
		" ORDER BY a.name", email, out, max, n, err);
}

/* A thousand accounts sort in well under a millisecond: the orders need no
 * index of their own. */
static const struct store_list_sort account_sorts[STORE_ACCOUNT_SORT_COUNT] = {
	[STORE_ACCOUNT_SORT_NAME] = { { "a.display_name COLLATE NOCASE" } },
	[STORE_ACCOUNT_SORT_ID] = { { "a.name" } },
};

static const char *const account_like[] = { "a.display_name", "a.name", "a.account_type", NULL };

static const struct store_list_spec account_list = {
	.select = ACCOUNT_COLUMNS,
	.table = "billing_account a",
	.id = "a.id",
	.joins = "",
	.where = ACCOUNT_VISIBLE(":key"),
	.sorts = account_sorts,
	.nsorts = STORE_ACCOUNT_SORT_COUNT,
	.like = account_like,
	.actor_key = true,
	.row_size = sizeof(struct store_account),
	.read_row = read_account,
};

const struct store_list_spec *
store_account_list(void)
{
	return &account_list;
}
