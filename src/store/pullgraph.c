#include "config.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "billcon/store_internal.h"
#include "billcon/store_pullrow.h"

/* A user's outbox object: its remote ID without the Global administrator
 * suffix, so that a local change waiting to be pushed keeps the flag too. */
#define PENDING(n) "EXISTS(SELECT 1 FROM sync_outbox WHERE object = " n " AND push = 1 AND done_on IS NULL)"

/* The primary tenant (/organization): its ID is Graph's id, its name the
 * organization's display name. */
static enum core_status
put_tenant(struct store *st, const struct core_remote_item *it, long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO directory_tenant(tenant_id, display_name) VALUES(?1, ?2)"
		" ON CONFLICT(tenant_id) DO UPDATE SET display_name = excluded.display_name", err);

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->name);
	store_pull_bind(s, 2, &it->f[CORE_RF_DISPLAY_NAME]);
	return store_pull_upsert(st, s, "SELECT rowid FROM directory_tenant WHERE tenant_id = ?1", &it->name, row, err);
}

/* allowInvitesFrom "none": no guest may be invited; any other value (the
 * enum is open) lets someone invite. Absent: left as it was. The setting is
 * changed here on the tenant's own object (directory.tenant.update), not
 * the policy's: while such a change waits to be pushed, the pull leaves it. */
static enum core_status
put_policy(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	   struct core_error *err)
{
	sqlite3_stmt *s;

	if (!it->f[CORE_RF_STATE].len)
		return CORE_OK;
	if (!(s = store_stmt(st, "UPDATE directory_tenant SET guest_invitations_allowed = (lower(?2) <> 'none')"
			     " WHERE tenant_id = ?1 AND NOT EXISTS(SELECT 1 FROM sync_outbox WHERE object = '/tenants/' || ?1"
			     " AND push = 1 AND done_on IS NULL)", err)))
		return CORE_STORE;
	sqlite3_bind_text(s, 1, at->parent, -1, SQLITE_STATIC);
	store_pull_bind(s, 2, &it->f[CORE_RF_STATE]);
	return store_step_done(st, s, err, "write the pulled authorization policy");
}

/* Only verified domains are the tenant's: one not (or no longer) verified
 * is kept whole only, and leaves the directory. */
static enum core_status
put_domain(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
	   long long *row, struct core_error *err)
{
	bool verified = strcmp(it->f[CORE_RF_STATE].s, "true") == 0;
	sqlite3_stmt *s = store_stmt(st, verified ?
		"INSERT INTO directory_domain(domain, tenant_id) VALUES(?1, ?2)"
		" ON CONFLICT(domain) DO UPDATE SET tenant_id = excluded.tenant_id" :
		"DELETE FROM directory_domain WHERE domain = ?1 AND tenant_id = ?2", err);

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->name);
	sqlite3_bind_text(s, 2, at->parent, -1, SQLITE_STATIC);
	if (!verified)
		return store_step_done(st, s, err, "remove an unverified domain");
	return store_pull_upsert(st, s, "SELECT rowid FROM directory_domain WHERE domain = ?1", &it->name, row, err);
}

/* A member has no guest state; a guest (userType "Guest", or, when Graph
 * left userType out, a #EXT# UPN) has externalUserState as sent, or
 * "Accepted" when Graph gives none (a guest added without an invitation
 * signs in as any other). */
static const char *
guest_state(const struct core_remote_item *it, const struct core_remote_text **state)
{
	const struct core_remote_text *type = &it->f[CORE_RF_TYPE];
	bool guest = type->len ? strcasecmp(type->s, "Guest") == 0 : strstr(it->f[CORE_RF_PRINCIPAL].s, "#EXT#") != NULL;

	*state = guest && it->f[CORE_RF_STATE].len ? &it->f[CORE_RF_STATE] : NULL;
	return guest && !*state ? "Accepted" : NULL;
}

/* A user of the tenant: members and guests alike have it as their home
 * tenant here (a guest's own tenant is not in Graph's user), as guests
 * invited from the console do. global_admin follows the Global
 * administrator object pulled for the same email, if any. */
static enum core_status
put_user(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it, long long *row,
	 struct core_error *err)
{
	const struct core_remote_text *state;
	const char *fixed = guest_state(it, &state);
	sqlite3_stmt *s = store_stmt(st,
		"INSERT INTO directory_user(email, display_name, home_tenant_id, global_admin, guest_state)"
		" VALUES(?1, ?2, ?3, EXISTS(SELECT 1 FROM remote_object WHERE id = ?4 || '" CORE_REMOTE_ADMIN_SUFFIX "'"
		" AND removed_on IS NULL), ?5) ON CONFLICT(email) DO UPDATE SET display_name = excluded.display_name,"
		" home_tenant_id = excluded.home_tenant_id, global_admin = excluded.global_admin,"
		" guest_state = excluded.guest_state", err);

	if (!s)
		return CORE_STORE;
	store_pull_bind(s, 1, &it->f[CORE_RF_EMAIL]);
	store_pull_bind(s, 2, &it->f[CORE_RF_DISPLAY_NAME]);
	sqlite3_bind_text(s, 3, at->parent, -1, SQLITE_STATIC);
	store_pull_bind(s, 4, &it->id);
	if (state)
		store_pull_bind(s, 5, state);
	else if (fixed)
		sqlite3_bind_text(s, 5, fixed, -1, SQLITE_STATIC);
	return store_pull_upsert(st, s, "SELECT rowid FROM directory_user WHERE email = ?1", &it->f[CORE_RF_EMAIL], row,
			     err);
}

/* Sets the Global administrator flag of email (n bytes) unless its user
 * (object user, n_user bytes) has a change waiting to be pushed. */
static enum core_status
set_admin(struct store *st, const char *email, size_t n, const char *user, size_t n_user, bool on,
	  struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE directory_user SET global_admin = ?2 WHERE email = ?1"
				     " AND NOT " PENDING("?3"), err);

	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, email, (int)n, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, on);
	sqlite3_bind_text(s, 3, user, (int)n_user, SQLITE_STATIC);
	return store_step_done(st, s, err, "write a pulled Global administrator");
}

static enum core_status
put_admin(struct store *st, const struct core_remote_item *it, long long *row, struct core_error *err)
{
	const struct core_remote_text *email = &it->f[CORE_RF_EMAIL];
	size_t n_user = it->id.len - strlen(CORE_REMOTE_ADMIN_SUFFIX);
	enum core_status rc = set_admin(st, email->s, email->len, it->id.s, n_user, true, err);
	sqlite3_stmt *f;

	if (rc)
		return rc;
	if (!(f = store_stmt(st, "SELECT rowid FROM directory_user WHERE email = ?1", err)))
		return CORE_STORE;
	store_pull_bind(f, 1, email);
	rc = store_fetch_one(st, f, store_read_int64, row, "user", err);
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		*row = 0;
		rc = CORE_OK;
	}
	return rc;
}

enum core_status
store_pull_graph_row(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
		     long long *row, struct core_error *err)
{
	bool in_tenant = at->parent && at->parent[0];

	*row = 0;
	switch (it->kind) {
	case CORE_REMOTE_DIR_TENANT:
		return it->name.len ? put_tenant(st, it, row, err) : CORE_OK;
	case CORE_REMOTE_DIR_POLICY:
		return in_tenant ? put_policy(st, at, it, err) : CORE_OK;
	case CORE_REMOTE_DIR_DOMAIN:
		return in_tenant && it->name.len ? put_domain(st, at, it, row, err) : CORE_OK;
	case CORE_REMOTE_DIR_USER:
		return in_tenant && it->f[CORE_RF_EMAIL].len ? put_user(st, at, it, row, err) : CORE_OK;
	case CORE_REMOTE_DIR_ADMIN:
		return it->f[CORE_RF_EMAIL].len && it->id.len > strlen(CORE_REMOTE_ADMIN_SUFFIX)
			? put_admin(st, it, row, err) : CORE_OK;
	default:
		return CORE_OK;
	}
}

/* The part of id after the first "/users/" or "/domains/" (what
 * "/tenants/T/..." names: T is a GUID), and its length without a Global
 * administrator's suffix; NULL when id is no directory object. */
static const char *
dir_key(const char *id, const char *part, size_t *n)
{
	const char *p = strncmp(id, "/tenants/", 9) == 0 ? strstr(id, part) : NULL;
	size_t suffix = strlen(CORE_REMOTE_ADMIN_SUFFIX);

	if (!p)
		return NULL;
	p += strlen(part);
	*n = strlen(p);
	if (*n > suffix && strcmp(p + *n - suffix, CORE_REMOTE_ADMIN_SUFFIX) == 0)
		*n -= suffix;
	return p;
}

static void
read_kind(sqlite3_stmt *s, void *row)
{
	store_column_copy(s, 0, row, 32);
}

enum core_status
store_pull_graph_remove(struct store *st, const char *id, struct core_error *err)
{
	size_t n = 0, nd = 0;
	const char *user = dir_key(id, "/users/", &n), *domain = dir_key(id, "/domains/", &nd);
	sqlite3_stmt *s = user || domain ? store_stmt(st, "SELECT kind FROM remote_object WHERE id = ?1", err) : NULL;
	char kind[32] = "";
	enum core_status rc;

	if (!user && !domain)
		return CORE_OK;
	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if ((rc = store_fetch_one(st, s, read_kind, kind, "pulled object", err)))
		return rc;
	/* The same email or domain in another case is another object now
	 * holding the row (directory_user and directory_domain ignore case). */
	if (!(s = store_stmt(st, "SELECT 1 FROM remote_object WHERE kind = ?2 AND removed_on IS NULL AND id <> ?1"
			     " AND lower(id) = lower(?1)", err)))
		return CORE_STORE;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
	rc = store_fetch_one(st, s, NULL, NULL, "pulled object", err);
	if (rc != CORE_NOT_FOUND)
		return rc;
	core_error_clear(err);
	if (strcmp(kind, "globalAdministrators") == 0 && user)
		return set_admin(st, user, n, id, strlen(id) - strlen(CORE_REMOTE_ADMIN_SUFFIX), false, err);
	if (strcmp(kind, "users") == 0 && user)
		s = store_stmt(st, "DELETE FROM directory_user WHERE email = ?1", err);
	else if (strcmp(kind, "domains") == 0 && domain)
		s = store_stmt(st, "DELETE FROM directory_domain WHERE domain = ?1", err);
	else
		return CORE_OK;
	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, user ? user : domain, (int)(user ? n : nd), SQLITE_STATIC);
	return store_step_done(st, s, err, "remove a user or domain the directory no longer lists");
}
