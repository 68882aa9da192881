#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/core_text.h"
#include "billcon/store_internal.h"
#include "billcon/store_partner.h"

#define PARTNER_COLUMNS \
	"id, partner_id, display_name, state, coalesce(purchase_tenant_id, '')," \
	" legal_company, legal_address, legal_country, legal_contact"

static void
read_partner(sqlite3_stmt *s, void *row)
{
	struct store_partner *p = row;

	p->id = sqlite3_column_int64(s, 0);
	store_column_copy(s, 1, p->partner_id, sizeof(p->partner_id));
	store_column_copy(s, 2, p->display_name, sizeof(p->display_name));
	store_column_copy(s, 3, p->state, sizeof(p->state));
	store_column_copy(s, 4, p->purchase_tenant_id, sizeof(p->purchase_tenant_id));
	store_column_copy(s, 5, p->legal_company, sizeof(p->legal_company));
	store_column_copy(s, 6, p->legal_address, sizeof(p->legal_address));
	store_column_copy(s, 7, p->legal_country, sizeof(p->legal_country));
	store_column_copy(s, 8, p->legal_contact, sizeof(p->legal_contact));
}

enum core_status
store_partner_get(struct store *st, struct store_partner *out, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " PARTNER_COLUMNS " FROM partner_account ORDER BY id LIMIT 1",
				     err);

	if (!s)
		return err ? err->status : CORE_STORE;
	return store_fetch_one(st, s, read_partner, out, "Partner Center account", err);
}

static void
bind_partner(sqlite3_stmt *s, const struct store_partner *p)
{
	sqlite3_bind_text(s, 1, p->partner_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, p->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, p->state[0] ? p->state : "Active", -1, SQLITE_STATIC);
	store_bind_text_or_null(s, 4, p->purchase_tenant_id);
	sqlite3_bind_text(s, 5, p->legal_company, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, p->legal_address, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, p->legal_country, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, p->legal_contact, -1, SQLITE_STATIC);
}

/* The row p->id (its partner ID may change: the account entered by hand
 * with the wrong ID is corrected, not replaced). */
static enum core_status
partner_update(struct store *st, const struct store_partner *p, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE partner_account SET partner_id = ?1, display_name = ?2,"
				     " state = ?3, purchase_tenant_id = ?4, legal_company = ?5,"
				     " legal_address = ?6, legal_country = ?7, legal_contact = ?8 WHERE id = ?9",
				     err);

	if (!s)
		return err ? err->status : CORE_STORE;
	bind_partner(s, p);
	sqlite3_bind_int64(s, 9, p->id);
	return store_step_done(st, s, err, "change the Partner Center account");
}

static enum core_status
partner_insert(struct store *st, struct store_partner *p, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO partner_account(partner_id, display_name, state,"
				     " purchase_tenant_id, legal_company, legal_address, legal_country,"
				     " legal_contact) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	bind_partner(s, p);
	rc = store_step_done(st, s, err, "add the Partner Center account");
	if (!rc)
		p->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_partner_save(struct store *st, struct store_partner *p, struct core_error *err)
{
	struct store_partner held;
	char shown[CORE_ECHO_BYTES];
	enum core_status rc;

	if (p->id > 0)
		return partner_update(st, p, err);
	rc = store_partner_get(st, &held, err);
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		return partner_insert(st, p, err);
	}
	if (rc)
		return rc;
	if (strcmp(held.partner_id, p->partner_id) != 0)
		return core_error_set(err, CORE_REFUSED,
				      "The store holds the Partner Center account %s already, not \"%s\".",
				      held.partner_id, core_text_echo(p->partner_id, shown));
	p->id = held.id;
	return partner_update(st, p, err);
}

static void
read_tenant(sqlite3_stmt *s, void *row)
{
	store_column_copy(s, 0, row, 64);
}

enum core_status
store_partner_tenants(struct store *st, long long partner, char (*out)[64], int max, int *n,
		      struct core_error *err)
{
	/* In the order they were entered: the rowid keeps it. */
	sqlite3_stmt *s = store_stmt(st, "SELECT tenant_id FROM partner_tenant WHERE partner = ?1 ORDER BY rowid",
				     err);

	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, partner);
	return store_read_rows(st, s, sizeof(*out), read_tenant, out, max, n,
			       "the Partner Center account's tenants", err);
}

enum core_status
store_partner_set_tenants(struct store *st, long long partner, const char (*tenants)[64], int n,
			  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM partner_tenant WHERE partner = ?1", err);
	enum core_status rc;
	int i;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, partner);
	rc = store_step_done(st, s, err, "change the Partner Center account's tenants");
	for (i = 0; !rc && i < n; i++) {
		s = store_stmt(st, "INSERT OR IGNORE INTO partner_tenant(partner, tenant_id) VALUES(?1, ?2)", err);
		if (!s)
			return err ? err->status : CORE_STORE;
		sqlite3_bind_int64(s, 1, partner);
		sqlite3_bind_text(s, 2, tenants[i], -1, SQLITE_STATIC);
		rc = store_step_done(st, s, err, "change the Partner Center account's tenants");
	}
	return rc;
}

#define LINK_SELECT \
	"SELECT l.id, l.account_id, a.name, a.display_name, l.profile_id, p.name, p.display_name," \
	" l.linked_by, l.linked_on, coalesce(l.unlinked_on, '') FROM partner_link l" \
	" JOIN billing_account a ON a.id = l.account_id JOIN billing_profile p ON p.id = l.profile_id" \
	" WHERE l.partner = ?1"

static void
read_link(sqlite3_stmt *s, void *row)
{
	struct store_partner_link *l = row;

	l->id = sqlite3_column_int64(s, 0);
	l->account_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, l->account, sizeof(l->account));
	store_column_copy(s, 3, l->account_name, sizeof(l->account_name));
	l->profile_id = sqlite3_column_int64(s, 4);
	store_column_copy(s, 5, l->profile, sizeof(l->profile));
	store_column_copy(s, 6, l->profile_name, sizeof(l->profile_name));
	store_column_copy(s, 7, l->linked_by, sizeof(l->linked_by));
	store_column_copy(s, 8, l->linked_on, sizeof(l->linked_on));
	store_column_copy(s, 9, l->unlinked_on, sizeof(l->unlinked_on));
}

enum core_status
store_partner_link_current(struct store *st, long long partner, struct store_partner_link *out,
			   struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, LINK_SELECT " AND l.unlinked_on IS NULL", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, partner);
	return store_fetch_one(st, s, read_link, out, "link", err);
}

enum core_status
store_partner_links(struct store *st, long long partner, struct store_partner_link *out, int max,
		    int *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, LINK_SELECT " ORDER BY l.id DESC", err);

	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, partner);
	return store_read_rows(st, s, sizeof(*out), read_link, out, max, n, "the history of links", err);
}

enum core_status
store_partner_link_insert(struct store *st, long long partner, long long account_id,
			  long long profile_id, const char *by, const char *on, long long *id,
			  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE partner_link SET unlinked_on = ?2"
				     " WHERE partner = ?1 AND unlinked_on IS NULL", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, partner);
	sqlite3_bind_text(s, 2, on, -1, SQLITE_STATIC);
	if ((rc = store_step_done(st, s, err, "end the current link")))
		return rc;
	s = store_stmt(st, "INSERT INTO partner_link(partner, account_id, profile_id, linked_by, linked_on)"
		       " VALUES(?1, ?2, ?3, ?4, ?5)", err);
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, partner);
	sqlite3_bind_int64(s, 2, account_id);
	sqlite3_bind_int64(s, 3, profile_id);
	sqlite3_bind_text(s, 4, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, on, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "link the billing profile");
	if (!rc && id)
		*id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_partner_accounts(struct store *st, const char *tenant_id, struct store_account *out, int max,
		       int *n, struct core_error *err)
{
	return store_accounts_select(st, "WHERE a.primary_tenant_id = ?1 COLLATE NOCASE"
				     " ORDER BY a.display_name, a.name", tenant_id, out, max, n, err);
}

#define PROFILE_SELECT \
	"SELECT id, account_id, name, display_name, payment_instrument FROM billing_profile" \
	" WHERE account_id = ?1"

static void
read_profile(sqlite3_stmt *s, void *row)
{
	struct store_profile *p = row;

	p->id = sqlite3_column_int64(s, 0);
	p->account_id = sqlite3_column_int64(s, 1);
	store_column_copy(s, 2, p->name, sizeof(p->name));
	store_column_copy(s, 3, p->display_name, sizeof(p->display_name));
	store_column_copy(s, 4, p->payment_instrument, sizeof(p->payment_instrument));
}

enum core_status
store_profiles_of(struct store *st, long long account_id, struct store_profile *out, int max, int *n,
		  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, PROFILE_SELECT " ORDER BY display_name, name", err);

	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	return store_read_rows(st, s, sizeof(*out), read_profile, out, max, n, "billing profiles", err);
}

enum core_status
store_profile_find(struct store *st, long long account_id, const char *name, struct store_profile *out,
		   struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, PROFILE_SELECT " AND (name = ?2 OR display_name = ?2 COLLATE NOCASE)"
				     " ORDER BY name = ?2 DESC, id LIMIT 1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_profile, out, "billing profile", err);
}

enum core_status
store_account_accept_mca(struct store *st, long long account_id, const char *by, const char *on,
			 struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE billing_account SET mca_accepted_by = ?2, mca_accepted_on = ?3"
				     " WHERE id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_text(s, 2, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, on, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "record the MCA's acceptance");
}
