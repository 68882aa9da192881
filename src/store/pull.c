#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_pull.h"

static int
bind_rt(sqlite3_stmt *s, int i, const struct core_remote_text *t)
{
	return sqlite3_bind_text(s, i, t->s, (int)t->len, SQLITE_STATIC);
}

/* A text, or a fallback when the service left it empty (columns that may
 * not be NULL). */
static int
bind_or(sqlite3_stmt *s, int i, const struct core_remote_text *t, const char *fallback)
{
	if (t->len)
		return bind_rt(s, i, t);
	return sqlite3_bind_text(s, i, fallback, -1, SQLITE_STATIC);
}

/* Runs s, which returns no row (an insert or update). */
static enum core_status
run(struct store *st, sqlite3_stmt *s, const char *what, struct core_error *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_DONE ? CORE_OK : store_fail(st, err, what);
}

/* Runs s, then reads the row ID its first parameter (a key) names with
 * find (one parameter too). */
static enum core_status
upsert(struct store *st, sqlite3_stmt *s, const char *find, const struct core_remote_text *key,
       long long scope, long long *row, struct core_error *err)
{
	enum core_status rc = run(st, s, "write a pulled object", err);
	sqlite3_stmt *f;

	if (rc)
		return rc;
	if (!(f = store_stmt(st, find, err)))
		return CORE_STORE;
	bind_rt(f, 1, key);
	if (scope)
		sqlite3_bind_int64(f, 2, scope);
	return store_fetch_one(st, f, store_read_int64, row, "pulled object", err);
}

static enum core_status
put_account(struct store *st, const struct core_remote_item *it, long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO billing_account(name, display_name, agreement_type, account_type, account_status,"
		" primary_tenant_id) VALUES(?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(name) DO UPDATE SET"
		" display_name = excluded.display_name, agreement_type = excluded.agreement_type,"
		" account_type = excluded.account_type, account_status = excluded.account_status,"
		" primary_tenant_id = excluded.primary_tenant_id", err);

	if (!s)
		return CORE_STORE;
	bind_rt(s, 1, &it->name);
	bind_or(s, 2, &it->f[CORE_RF_DISPLAY_NAME], "");
	bind_or(s, 3, &it->f[CORE_RF_TYPE], "");
	bind_or(s, 4, &it->f[CORE_RF_SUBTYPE], "");
	bind_or(s, 5, &it->f[CORE_RF_STATE], "Active");
	bind_or(s, 6, &it->f[CORE_RF_TENANT], "");
	return upsert(st, s, "SELECT id FROM billing_account WHERE name = ?1", &it->name, 0, row, err);
}

static enum core_status
put_profile(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	    long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO billing_profile(name, account_id, display_name, currency) VALUES(?1, ?2, ?3, ?4)"
		" ON CONFLICT(account_id, name) DO UPDATE SET display_name = excluded.display_name,"
		" currency = excluded.currency", err);

	if (!s)
		return CORE_STORE;
	bind_rt(s, 1, &it->name);
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
		" ON CONFLICT(profile_id, name) DO UPDATE SET display_name = excluded.display_name", err);

	if (!s)
		return CORE_STORE;
	bind_rt(s, 1, &it->name);
	sqlite3_bind_int64(s, 2, at->profile_id);
	bind_or(s, 3, &it->f[CORE_RF_DISPLAY_NAME], "");
	return upsert(st, s, "SELECT id FROM invoice_section WHERE name = ?1 AND profile_id = ?2", &it->name,
		      at->profile_id, row, err);
}

static enum core_status
put_tenant(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	   long long *row, struct core_error *err)
{
	const struct core_remote_text *tid = it->f[CORE_RF_TENANT].len ? &it->f[CORE_RF_TENANT] : &it->name;
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO associated_tenant(tenant_id, account_id, display_name, billing_management_state,"
		" provisioning_management_state, created_on) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT(account_id, tenant_id) DO UPDATE SET display_name = excluded.display_name,"
		" billing_management_state = excluded.billing_management_state,"
		" provisioning_management_state = excluded.provisioning_management_state,"
		" version = version + 1", err);

	if (!s)
		return CORE_STORE;
	bind_rt(s, 1, tid);
	sqlite3_bind_int64(s, 2, at->account_id);
	bind_or(s, 3, &it->f[CORE_RF_DISPLAY_NAME], "");
	bind_or(s, 4, &it->f[CORE_RF_STATE], "NotAllowed");
	bind_or(s, 5, &it->f[CORE_RF_STATE2], "NotRequested");
	sqlite3_bind_text(s, 6, at->now, -1, SQLITE_STATIC);
	return upsert(st, s, "SELECT id FROM associated_tenant WHERE tenant_id = ?1 AND account_id = ?2", tid,
		      at->account_id, row, err);
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
	bind_rt(s, 1, id);
	sqlite3_bind_int64(s, 2, at->account_id);
	sqlite3_bind_text(s, 3, at->parent ? at->parent : "", -1, SQLITE_STATIC);
	/* A definition named only by an assignment is named by its GUID until
	 * its own listing is read. */
	if (name && name->len)
		bind_rt(s, 4, name);
	else
		sqlite3_bind_text(s, 4, slash, -1, SQLITE_STATIC);
	return run(st, s, "write a pulled role definition", err);
}

static enum core_status
put_assignment(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	       long long *row, struct core_error *err)
{
	const struct core_remote_text *who = it->f[CORE_RF_EMAIL].len ? &it->f[CORE_RF_EMAIL]
								      : &it->f[CORE_RF_PRINCIPAL];
	enum core_status rc = put_definition(st, at, &it->f[CORE_RF_ROLE], NULL, false, err);
	sqlite3_stmt *s;

	if (rc)
		return rc;
	if (!(s = store_stmt(st,
		"INSERT INTO role_assignment(name, account_id, scope, role_definition_id, principal_email,"
		" principal_tenant_id, created_by, created_on) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		" ON CONFLICT(name) DO UPDATE SET scope = excluded.scope,"
		" role_definition_id = excluded.role_definition_id, principal_email = excluded.principal_email,"
		" principal_tenant_id = excluded.principal_tenant_id", err)))
		return CORE_STORE;
	bind_rt(s, 1, &it->name);
	sqlite3_bind_int64(s, 2, at->account_id);
	bind_or(s, 3, &it->f[CORE_RF_SCOPE], at->parent ? at->parent : "");
	bind_rt(s, 4, &it->f[CORE_RF_ROLE]);
	bind_rt(s, 5, who);
	bind_rt(s, 6, &it->f[CORE_RF_PRINCIPAL_TENANT]);
	bind_rt(s, 7, &it->f[CORE_RF_CREATED_BY]);
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
		" tenant_id = excluded.tenant_id", err);
	struct core_remote_text key = { .s = (char *)sub, .len = strlen(sub) };

	if (!s)
		return CORE_STORE;
	sqlite3_bind_int64(s, 1, at->registration);
	sqlite3_bind_text(s, 2, sub, -1, SQLITE_STATIC);
	bind_rt(s, 3, &it->f[CORE_RF_TENANT]);
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
	bind_rt(s, 1, &it->f[CORE_RF_TENANT]);
	bind_rt(s, 2, &it->f[CORE_RF_DISPLAY_NAME]);
	bind_or(s, 3, &it->f[CORE_RF_STATE], "Active");
	bind_or(s, 4, &it->f[CORE_RF_EXTRA], "Microsoft Azure Plan");
	bind_rt(s, 5, &it->f[CORE_RF_SCOPE]);
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
		" currency = excluded.currency, status = excluded.status", err);

	if (!s)
		return CORE_STORE;
	bind_rt(s, 1, &it->name);
	sqlite3_bind_int64(s, 2, at->account_id);
	sqlite3_bind_int64(s, 3, at->profile_id);
	bind_rt(s, 4, &it->f[CORE_RF_CREATED_ON]);
	bind_rt(s, 5, &it->f[CORE_RF_START]);
	bind_rt(s, 6, &it->f[CORE_RF_END]);
	bind_rt(s, 7, &it->f[CORE_RF_DUE]);
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
	bind_rt(s, 1, &it->name);
	sqlite3_bind_int64(s, 2, at->account_id);
	bind_rt(s, 3, &it->f[CORE_RF_TYPE]);
	bind_or(s, 4, &it->f[CORE_RF_STATE], "Pending");
	bind_or(s, 5, &it->f[CORE_RF_SCOPE], at->parent ? at->parent : "");
	bind_rt(s, 6, &it->f[CORE_RF_CREATED_BY]);
	bind_or(s, 7, &it->f[CORE_RF_CREATED_ON], at->now);
	bind_or(s, 8, &it->f[CORE_RF_DUE], at->now);
	bind_rt(s, 9, &it->f[CORE_RF_PRINCIPAL]);
	bind_rt(s, 10, &it->f[CORE_RF_END]);
	bind_rt(s, 11, &it->f[CORE_RF_EXTRA]);
	return upsert(st, s, "SELECT id FROM billing_request WHERE name = ?1", &it->name, 0, row, err);
}

/* The table row of it, written; 0 for the kinds kept only whole. */
static enum core_status
put_row(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
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
		return CORE_OK;
	}
}

/* Whether id has a change waiting to be pushed. */
static enum core_status
pending(struct store *st, const char *id, size_t len, bool *yes, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM sync_outbox WHERE object = ?1 AND push = 1"
				     " AND done_on IS NULL LIMIT 1", err);
	enum core_status rc;

	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, id, (int)len, SQLITE_STATIC);
	rc = store_fetch_one(st, s, NULL, NULL, "change", err);
	*yes = rc == CORE_OK;
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		rc = CORE_OK;
	}
	return rc;
}

struct known {
	char *json;
	size_t len;
	bool removed;
};

static void
read_known(sqlite3_stmt *s, void *row)
{
	struct known *k = row;
	const void *j = sqlite3_column_text(s, 0);

	k->len = (size_t)sqlite3_column_bytes(s, 0);
	k->json = malloc(k->len + 1);
	if (k->json) {
		memcpy(k->json, j ? j : "", k->len);
		k->json[k->len] = '\0';
	}
	k->removed = sqlite3_column_type(s, 1) != SQLITE_NULL;
}

static enum core_status
known_get(struct store *st, const struct core_remote_text *id, struct known *k, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT json, removed_on FROM remote_object WHERE id = ?1", err);
	enum core_status rc;

	memset(k, 0, sizeof(*k));
	if (!s)
		return CORE_STORE;
	bind_rt(s, 1, id);
	rc = store_fetch_one(st, s, read_known, k, "pulled object", err);
	if (!rc && !k->json)
		rc = core_error_set(err, CORE_STORE, "Out of memory reading a pulled object.");
	return rc;
}

static enum core_status
remember(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	 long long row, bool same, struct core_error *err)
{
	/* An object belongs to the last listing that saw it, so that another
	 * listing showing it too never counts it as missing. */
	sqlite3_stmt *s = store_stmt(st, same ?
		"UPDATE remote_object SET run = ?5, listing = ?3 WHERE id = ?1" :
		"INSERT INTO remote_object(id, kind, listing, json, pulled_on, run, row) VALUES(?1, ?2, ?3, ?4, ?6, ?5, ?7)"
		" ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, listing = excluded.listing, json = excluded.json,"
		" pulled_on = excluded.pulled_on, run = excluded.run, row = coalesce(excluded.row, row),"
		" removed_on = NULL", err);

	if (!s)
		return CORE_STORE;
	bind_rt(s, 1, &it->id);
	sqlite3_bind_int64(s, 5, at->run);
	sqlite3_bind_text(s, 3, at->listing, -1, SQLITE_STATIC);
	if (!same) {
		sqlite3_bind_text(s, 2, core_remote_kind_name(it->kind), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, it->json, (int)it->json_len, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, at->now, -1, SQLITE_STATIC);
		if (row)
			sqlite3_bind_int64(s, 7, row);
	}
	return run(st, s, "remember a pulled object", err);
}

enum core_status
store_pull_put(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	       enum store_pull_change *change, char **before, long long *row, struct core_error *err)
{
	struct known k;
	enum core_status rc = known_get(st, &it->id, &k, err);
	bool waiting = false;

	*before = NULL;
	*row = 0;
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		*change = STORE_PULL_ADDED;
	} else if (rc) {
		return rc;
	} else if (!k.removed && k.len == it->json_len && memcmp(k.json, it->json, k.len) == 0) {
		free(k.json);
		*change = STORE_PULL_SAME;
		return remember(st, at, it, 0, true, err);
	} else {
		*change = k.removed ? STORE_PULL_ADDED : STORE_PULL_CHANGED;
		*before = k.removed ? NULL : k.json;
		if (k.removed)
			free(k.json);
	}
	rc = pending(st, it->id.s, it->id.len, &waiting, err);
	if (!rc && !waiting)
		rc = put_row(st, at, it, row, err);
	if (!rc)
		rc = remember(st, at, it, *row, false, err);
	if (rc) {
		free(*before);
		*before = NULL;
	}
	return rc;
}

static void
read_gone(sqlite3_stmt *s, void *row)
{
	struct store_pull_gone *g = row;
	const char *id = (const char *)sqlite3_column_text(s, 0);
	const void *j = sqlite3_column_text(s, 1);
	size_t len = (size_t)sqlite3_column_bytes(s, 1);

	g->id = strdup(id ? id : "");
	g->json = malloc(len + 1);
	if (g->json) {
		memcpy(g->json, j ? j : "", len);
		g->json[len] = '\0';
	}
}

void
store_pull_gone_free(struct store_pull_gone *g, size_t n)
{
	for (size_t i = 0; g && i < n; i++) {
		free(g[i].id);
		free(g[i].json);
	}
	free(g);
}

enum core_status
store_pull_missing(struct store *st, const char *listing, long long run_no,
		   struct store_pull_gone **out, size_t *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"SELECT r.id, r.json FROM remote_object r WHERE r.listing = ?1 AND r.run <> ?2"
		" AND r.removed_on IS NULL AND NOT EXISTS(SELECT 1 FROM sync_outbox o WHERE o.object = r.id"
		" AND o.push = 1 AND o.done_on IS NULL) ORDER BY r.id", err);
	enum core_status rc;
	void *rows = NULL;

	*out = NULL;
	*n = 0;
	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, listing, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, run_no);
	rc = store_collect(st, s, sizeof(struct store_pull_gone), read_gone, &rows, n, "pulled objects", err);
	*out = rows;
	for (size_t i = 0; !rc && i < *n; i++)
		if (!(*out)[i].id || !(*out)[i].json)
			rc = core_error_set(err, CORE_STORE, "Out of memory reading pulled objects.");
	if (rc) {
		store_pull_gone_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

enum core_status
store_pull_remove(struct store *st, const char *id, const char *now, struct core_error *err)
{
	static const char *const drop[] = {
		"DELETE FROM associated_tenant WHERE id = (SELECT row FROM remote_object"
		" WHERE id = ?1 AND kind = 'associatedTenants')",
		"DELETE FROM role_assignment WHERE id = (SELECT row FROM remote_object"
		" WHERE id = ?1 AND kind = 'billingRoleAssignments')",
		"DELETE FROM stack_customer WHERE rowid = (SELECT row FROM remote_object"
		" WHERE id = ?1 AND kind = 'customerSubscriptions')",
	};
	sqlite3_stmt *s;
	enum core_status rc = CORE_OK;

	for (size_t i = 0; !rc && i < sizeof(drop) / sizeof(drop[0]); i++) {
		if (!(s = store_stmt(st, drop[i], err)))
			return CORE_STORE;
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		rc = run(st, s, "remove an object the service no longer lists", err);
	}
	if (rc || !(s = store_stmt(st, "UPDATE remote_object SET removed_on = ?2, row = NULL WHERE id = ?1", err)))
		return rc ? rc : CORE_STORE;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	return run(st, s, "mark an object removed", err);
}

struct cursor_row {
	char *next_url;
	long long run;
	bool open;
};

static void
read_cursor(sqlite3_stmt *s, void *row)
{
	struct cursor_row *c = row;
	const char *u = (const char *)sqlite3_column_text(s, 0);

	c->open = u != NULL;
	c->next_url = u ? strdup(u) : NULL;
	c->run = sqlite3_column_int64(s, 1);
}

enum core_status
store_pull_cursor(struct store *st, const char *listing, char **next_url, long long *run_no,
		  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT next_url, run FROM sync_cursor WHERE listing = ?1", err);
	struct cursor_row c = { 0 };
	enum core_status rc;

	*next_url = NULL;
	*run_no = 1;
	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, listing, -1, SQLITE_STATIC);
	rc = store_fetch_one(st, s, read_cursor, &c, "cursor", err);
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		return CORE_OK;
	}
	if (rc)
		return rc;
	if (c.open && !c.next_url)
		return core_error_set(err, CORE_STORE, "Out of memory reading a cursor.");
	*next_url = c.next_url;
	*run_no = c.open ? c.run : c.run + 1;
	return CORE_OK;
}

enum core_status
store_pull_cursor_set(struct store *st, const char *listing, const char *next_url, long long run_no,
		      struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO sync_cursor(listing, next_url, run, pages) VALUES(?1, ?2, ?3, 1)"
		" ON CONFLICT(listing) DO UPDATE SET next_url = excluded.next_url, run = excluded.run,"
		" pages = CASE WHEN run = excluded.run THEN pages + 1 ELSE 1 END", err);

	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, listing, -1, SQLITE_STATIC);
	if (next_url)
		sqlite3_bind_text(s, 2, next_url, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, run_no);
	return run(st, s, "write a cursor", err);
}

static void
read_child(sqlite3_stmt *s, void *row)
{
	struct store_pull_child *c = row;

	store_column_copy(s, 0, c->id, sizeof(c->id));
	c->row = sqlite3_column_int64(s, 1);
}

enum core_status
store_pull_children(struct store *st, const char *listing, struct store_pull_child **out, size_t *n,
		    struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id, coalesce(row, 0) FROM remote_object WHERE listing = ?1"
				     " AND removed_on IS NULL ORDER BY id", err);
	void *rows = NULL;
	enum core_status rc;

	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, listing, -1, SQLITE_STATIC);
	rc = store_collect(st, s, sizeof(**out), read_child, &rows, n, "pulled objects", err);
	*out = rows;
	return rc;
}

enum core_status
store_pull_json(struct store *st, const char *id, char **json, struct core_error *err)
{
	struct core_remote_text t = { .s = (char *)id, .len = strlen(id) };
	struct known k;
	enum core_status rc = known_get(st, &t, &k, err);

	*json = rc ? NULL : k.json;
	return rc;
}
