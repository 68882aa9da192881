#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_pullrow.h"

/* A text, or a fallback when the service left it empty (columns that may
 * not be NULL). */
static int
bind_or(sqlite3_stmt *s, int i, const struct core_remote_text *t, const char *fallback)
{
	if (t->len)
		return store_pull_bind(s, i, t);
	return sqlite3_bind_text(s, i, fallback, -1, SQLITE_STATIC);
}

/* The row ID that find (a key, then perhaps a scope) reads into *row. */
static enum core_status
find_row(struct store *st, const char *find, const struct core_remote_text *key, long long scope, long long *row,
	 struct core_error *err)
{
	sqlite3_stmt *f = store_stmt(st, find, err);

	if (!f)
		return CORE_STORE;
	store_pull_bind(f, 1, key);
	if (scope)
		sqlite3_bind_int64(f, 2, scope);
	return store_fetch_one(st, f, store_read_int64, row, "pulled object", err);
}

/* Runs s, then reads the row ID its first parameter (a key) names with
 * find (one parameter too). An upsert whose update is unconditional says
 * RETURNING its row and spares the lookup; one that returned nothing (its
 * update's WHERE declined) is looked up as the others. */
static enum core_status
upsert(struct store *st, sqlite3_stmt *s, const char *find, const struct core_remote_text *key,
       long long scope, long long *row, struct core_error *err)
{
	int step = sqlite3_step(s);
	bool returned = step == SQLITE_ROW && sqlite3_column_count(s) > 0;

	if (returned)
		*row = sqlite3_column_int64(s, 0);
	while (step == SQLITE_ROW)
		step = sqlite3_step(s);
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_fail(st, err, "write a pulled object");
	return returned ? CORE_OK : find_row(st, find, key, scope, row, err);
}

enum core_status
store_pull_upsert(struct store *st, sqlite3_stmt *s, const char *find, const struct core_remote_text *key,
		  long long *row, struct core_error *err)
{
	return upsert(st, s, find, key, 0, row, err);
}

static enum core_status
put_account(struct store *st, const struct core_remote_item *it, long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO billing_account(name, display_name, agreement_type, account_type, account_status,"
		" primary_tenant_id, account_sub_type) VALUES(?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, ''))"
		" ON CONFLICT(name) DO UPDATE SET"
		" display_name = excluded.display_name, agreement_type = excluded.agreement_type,"
		" account_type = excluded.account_type, account_status = excluded.account_status,"
		" primary_tenant_id = excluded.primary_tenant_id, account_sub_type = excluded.account_sub_type RETURNING id", err);

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->name);
	bind_or(s, 2, &it->f[CORE_RF_DISPLAY_NAME], "");
	bind_or(s, 3, &it->f[CORE_RF_TYPE], "");
	bind_or(s, 4, &it->f[CORE_RF_SUBTYPE], "");
	bind_or(s, 5, &it->f[CORE_RF_STATE], "Active");
	bind_or(s, 6, &it->f[CORE_RF_TENANT], "");
	bind_or(s, 7, &it->f[CORE_RF_SUBTYPE2], "");
	return upsert(st, s, "SELECT id FROM billing_account WHERE name = ?1", &it->name, 0, row, err);
}

static enum core_status
put_profile(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	    long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO billing_profile(name, account_id, display_name, currency) VALUES(?1, ?2, ?3, ?4)"
		" ON CONFLICT(account_id, name) DO UPDATE SET display_name = excluded.display_name,"
		" currency = excluded.currency RETURNING id", err);

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->name);
	sqlite3_bind_int64(s, 2, at->account_id);
	bind_or(s, 3, &it->f[CORE_RF_DISPLAY_NAME], "");
	bind_or(s, 4, &it->f[CORE_RF_EXTRA], "USD");
	return upsert(st, s, "SELECT id FROM billing_profile WHERE name = ?1 AND account_id = ?2", &it->name,
		      at->account_id, row, err);
}

static enum core_status
put_section(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	    long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO invoice_section(name, profile_id, display_name) VALUES(?1, ?2, ?3)"
		" ON CONFLICT(profile_id, name) DO UPDATE SET display_name = excluded.display_name RETURNING id", err);

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->name);
	sqlite3_bind_int64(s, 2, at->profile_id);
	bind_or(s, 3, &it->f[CORE_RF_DISPLAY_NAME], "");
	return upsert(st, s, "SELECT id FROM invoice_section WHERE name = ?1 AND profile_id = ?2", &it->name,
		      at->profile_id, row, err);
}

/* The row is looked up first: an update of a row inserted since indexing
 * was deferred needs it indexed (store_pull_index_tenants). */
static enum core_status
put_tenant(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	   long long *row, struct core_error *err)
{
	const struct core_remote_text *tid = it->f[CORE_RF_TENANT].len ? &it->f[CORE_RF_TENANT] : &it->name;
	long long found = 0;
	enum core_status rc = find_row(st, "SELECT id FROM associated_tenant WHERE tenant_id = ?1 AND account_id = ?2",
				       tid, at->account_id, &found, err);
	sqlite3_stmt *s;

	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		rc = CORE_OK;
	}
	if (!rc)
		rc = store_pull_index_tenants(st, at->index, found, err);
	if (rc)
		return rc;
	if (!(s = store_stmt(st,
		"INSERT INTO associated_tenant(tenant_id, account_id, display_name, billing_management_state,"
		" provisioning_management_state, created_on) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT(account_id, tenant_id) DO UPDATE SET display_name = excluded.display_name,"
		" billing_management_state = excluded.billing_management_state,"
		" provisioning_management_state = excluded.provisioning_management_state,"
		" version = version + 1", err)))
		return CORE_STORE;
	store_pull_bind(s, 1, tid);
	sqlite3_bind_int64(s, 2, at->account_id);
	bind_or(s, 3, &it->f[CORE_RF_DISPLAY_NAME], "");
	bind_or(s, 4, &it->f[CORE_RF_STATE], "NotAllowed");
	bind_or(s, 5, &it->f[CORE_RF_STATE2], "NotRequested");
	sqlite3_bind_text(s, 6, at->now, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "write a pulled object");
	if (!rc)
		*row = found ? found : sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

static enum core_status
put_definition(struct store *st, const struct store_pull_at *at, const struct core_remote_text *id,
	       const struct core_remote_text *name, bool update, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, update ?
		"INSERT INTO role_definition(id, account_id, scope, role_name) VALUES(?1, ?2, ?3, ?4)"
		" ON CONFLICT(id) DO UPDATE SET role_name = excluded.role_name, scope = excluded.scope" :
		"INSERT OR IGNORE INTO role_definition(id, account_id, scope, role_name) VALUES(?1, ?2, ?3, ?4)",
		err);
	const char *slash = memchr(id->s, '/', id->len) ? strrchr(id->s, '/') + 1 : id->s;

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, id);
	sqlite3_bind_int64(s, 2, at->account_id);
	sqlite3_bind_text(s, 3, at->parent ? at->parent : "", -1, SQLITE_STATIC);
	/* A definition named only by an assignment is named by its GUID until
	 * its own listing is read. */
	if (name && name->len)
		store_pull_bind(s, 4, name);
	else
		sqlite3_bind_text(s, 4, slash, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "write a pulled role definition");
}

static enum core_status
put_assignment(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	       long long *row, struct core_error *err)
{
	const struct core_remote_text *who = it->f[CORE_RF_EMAIL].len ? &it->f[CORE_RF_EMAIL]
								      : &it->f[CORE_RF_PRINCIPAL];
	const struct core_remote_text *role = &it->f[CORE_RF_ROLE];
	char *known = at->index ? at->index->definition : NULL;
	bool made = known && strlen(known) == role->len && memcmp(known, role->s, role->len) == 0;
	enum core_status rc = made ? CORE_OK : put_definition(st, at, role, NULL, false, err);
	sqlite3_stmt *s;

	if (rc)
		return rc;
	if (known && !made && role->len < sizeof(at->index->definition) && !memchr(role->s, '\0', role->len)) {
		memcpy(known, role->s, role->len);
		known[role->len] = '\0';
	}
	if (!(s = store_stmt(st,
		"INSERT INTO role_assignment(name, account_id, scope, role_definition_id, principal_email,"
		" principal_tenant_id, created_by, created_on) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		" ON CONFLICT(name) DO UPDATE SET scope = excluded.scope,"
		" role_definition_id = excluded.role_definition_id, principal_email = excluded.principal_email,"
		" principal_tenant_id = excluded.principal_tenant_id RETURNING id", err)))
		return CORE_STORE;
	store_pull_bind(s, 1, &it->name);
	sqlite3_bind_int64(s, 2, at->account_id);
	bind_or(s, 3, &it->f[CORE_RF_SCOPE], at->parent ? at->parent : "");
	store_pull_bind(s, 4, &it->f[CORE_RF_ROLE]);
	store_pull_bind(s, 5, who);
	store_pull_bind(s, 6, &it->f[CORE_RF_PRINCIPAL_TENANT]);
	store_pull_bind(s, 7, &it->f[CORE_RF_CREATED_BY]);
	bind_or(s, 8, &it->f[CORE_RF_CREATED_ON], at->now);
	return upsert(st, s, "SELECT id FROM role_assignment WHERE name = ?1", &it->name, 0, row, err);
}

/* A customer subscription of a registration: its subscription ID is
 * the name's last segment ("registration/ID"). */
static enum core_status
put_customer(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	     long long *row, struct core_error *err)
{
	const char *slash = strrchr(it->name.s, '/');
	const char *sub = slash ? slash + 1 : it->name.s;
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO stack_customer(registration, subscription_id, tenant_id, added_by, added_on)"
		" VALUES(?1, ?2, ?3, 'sync', ?4) ON CONFLICT(registration, subscription_id) DO UPDATE SET"
		" tenant_id = excluded.tenant_id RETURNING rowid", err);
	struct core_remote_text key = { .s = (char *)sub, .len = strlen(sub) };

	if (!s)
		return CORE_STORE;
	sqlite3_bind_int64(s, 1, at->registration);
	sqlite3_bind_text(s, 2, sub, -1, SQLITE_STATIC);
	store_pull_bind(s, 3, &it->f[CORE_RF_TENANT]);
	sqlite3_bind_text(s, 4, at->now, -1, SQLITE_STATIC);
	return upsert(st, s, "SELECT rowid FROM stack_customer WHERE subscription_id = ?1 AND registration = ?2",
		      &key, at->registration, row, err);
}

/* A billing subscription, under the invoice section its invoiceSectionId
 * names once that section was pulled (else kept whole only). The service
 * tenant is not in the listing: a new row has none until known. */
static enum core_status
put_subscription(struct store *st, const struct core_remote_item *it, long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO subscription(subscription_id, section_id, display_name, service_tenant_id, status, sku)"
		" SELECT ?1, r.row, ?2, '', ?3, ?4 FROM remote_object r WHERE r.id = ?5 AND r.row IS NOT NULL"
		" AND r.kind = 'invoiceSections'"
		" ON CONFLICT(subscription_id) DO UPDATE SET section_id = excluded.section_id,"
		" display_name = excluded.display_name, status = excluded.status, sku = excluded.sku", err);
	enum core_status rc;

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->f[CORE_RF_TENANT]);
	store_pull_bind(s, 2, &it->f[CORE_RF_DISPLAY_NAME]);
	bind_or(s, 3, &it->f[CORE_RF_STATE], "Active");
	bind_or(s, 4, &it->f[CORE_RF_EXTRA], "Microsoft Azure Plan");
	store_pull_bind(s, 5, &it->f[CORE_RF_SCOPE]);
	rc = upsert(st, s, "SELECT id FROM subscription WHERE subscription_id = ?1", &it->f[CORE_RF_TENANT], 0, row,
		    err);
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		*row = 0;
		rc = CORE_OK;
	}
	return rc;
}

/* An invoice of the profile in at; its total in cents (two decimals, as
 * every amount here). */
static enum core_status
put_invoice(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	    long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO invoice(name, account_id, profile_id, invoice_date, period_start, period_end, due_date,"
		" amount_minor, currency, status) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7,"
		" CAST(round(CAST(?8 AS REAL) * 100) AS INTEGER), ?9, ?10)"
		" ON CONFLICT(name) DO UPDATE SET invoice_date = excluded.invoice_date,"
		" period_start = excluded.period_start, period_end = excluded.period_end,"
		" due_date = excluded.due_date, amount_minor = excluded.amount_minor,"
		" currency = excluded.currency, status = excluded.status RETURNING id", err);

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->name);
	sqlite3_bind_int64(s, 2, at->account_id);
	sqlite3_bind_int64(s, 3, at->profile_id);
	store_pull_bind(s, 4, &it->f[CORE_RF_CREATED_ON]);
	store_pull_bind(s, 5, &it->f[CORE_RF_START]);
	store_pull_bind(s, 6, &it->f[CORE_RF_END]);
	store_pull_bind(s, 7, &it->f[CORE_RF_DUE]);
	bind_or(s, 8, &it->f[CORE_RF_EXTRA], "0");
	bind_or(s, 9, &it->f[CORE_RF_CURRENCY], "USD");
	bind_or(s, 10, &it->f[CORE_RF_STATE], "Due");
	return upsert(st, s, "SELECT id FROM invoice WHERE name = ?1", &it->name, 0, row, err);
}

/* A billing request of the account in at. A decided request never
 * changes (the schema's trigger): only a pending one takes the service's
 * new state. The addressee is not in ARM's request: "" until known. */
static enum core_status
put_request(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	    long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO billing_request(name, account_id, type, status, scope, addressee, created_by, created_on,"
		" expires_on, reviewed_by, reviewed_on, decision_reason) VALUES(?1, ?2, ?3, ?4, ?5, '', ?6, ?7, ?8,"
		" nullif(?9, ''), nullif(?10, ''), nullif(?11, ''))"
		" ON CONFLICT(name) DO UPDATE SET status = excluded.status, expires_on = excluded.expires_on,"
		" reviewed_by = excluded.reviewed_by, reviewed_on = excluded.reviewed_on,"
		" decision_reason = excluded.decision_reason WHERE billing_request.status = 'Pending'", err);

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->name);
	sqlite3_bind_int64(s, 2, at->account_id);
	store_pull_bind(s, 3, &it->f[CORE_RF_TYPE]);
	bind_or(s, 4, &it->f[CORE_RF_STATE], "Pending");
	bind_or(s, 5, &it->f[CORE_RF_SCOPE], at->parent ? at->parent : "");
	store_pull_bind(s, 6, &it->f[CORE_RF_CREATED_BY]);
	bind_or(s, 7, &it->f[CORE_RF_CREATED_ON], at->now);
	bind_or(s, 8, &it->f[CORE_RF_DUE], at->now);
	store_pull_bind(s, 9, &it->f[CORE_RF_PRINCIPAL]);
	store_pull_bind(s, 10, &it->f[CORE_RF_END]);
	store_pull_bind(s, 11, &it->f[CORE_RF_EXTRA]);
	return upsert(st, s, "SELECT id FROM billing_request WHERE name = ?1", &it->name, 0, row, err);
}

enum core_status
store_pull_row(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	long long *row, struct core_error *err)
{
	*row = 0;
	switch (it->kind) {
	case CORE_REMOTE_ACCOUNT:
		return put_account(st, it, row, err);
	case CORE_REMOTE_PROFILE:
		return at->account_id ? put_profile(st, at, it, row, err) : CORE_OK;
	case CORE_REMOTE_SECTION:
		return at->profile_id ? put_section(st, at, it, row, err) : CORE_OK;
	case CORE_REMOTE_TENANT:
		return at->account_id ? put_tenant(st, at, it, row, err) : CORE_OK;
	case CORE_REMOTE_ROLE_DEFINITION:
		return at->account_id ? put_definition(st, at, &it->id, &it->f[CORE_RF_DISPLAY_NAME], true, err)
				      : CORE_OK;
	case CORE_REMOTE_ROLE_ASSIGNMENT:
		return at->account_id && it->f[CORE_RF_ROLE].len ? put_assignment(st, at, it, row, err) : CORE_OK;
	case CORE_REMOTE_INVOICE:
		return at->profile_id && it->name.len ? put_invoice(st, at, it, row, err) : CORE_OK;
	case CORE_REMOTE_REQUEST:
		return at->account_id && it->name.len ? put_request(st, at, it, row, err) : CORE_OK;
	case CORE_REMOTE_SUBSCRIPTION:
		return it->f[CORE_RF_TENANT].len ? put_subscription(st, it, row, err) : CORE_OK;
	case CORE_REMOTE_STACK_CUSTOMER:
		return at->registration && it->name.len ? put_customer(st, at, it, row, err) : CORE_OK;
	default:
		return store_pull_graph_row(st, at, it, row, err);
	}
}
