#include "config.h"

#include <string.h>

#include "billcon/store_directory.h"
#include "billcon/store_list.h"
#include "billcon/store_internal.h"

enum core_status
store_user_insert(struct store *st, const struct store_user *u, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO directory_user(email, display_name,"
				     " home_tenant_id, global_admin, guest_state) VALUES(?1, ?2, ?3, ?4, ?5)", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, u->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, u->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, u->home_tenant_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, u->global_admin);
	store_bind_text_or_null(s, 5, u->guest_state);
	return store_step_done(st, s, err, "add the user");
}

/* A user (alias u) with its home tenant's name (alias dt). */
#define USER_COLUMNS \
	"u.email, u.display_name, u.home_tenant_id, u.global_admin, u.guest_state," \
	" coalesce(dt.display_name, '')"
#define USER_JOIN " LEFT JOIN directory_tenant dt ON dt.tenant_id = u.home_tenant_id"

static void
read_user(sqlite3_stmt *s, void *row)
{
	struct store_user *u = row;

	store_column_copy(s, 0, u->email, sizeof(u->email));
	store_column_copy(s, 1, u->display_name, sizeof(u->display_name));
	store_column_copy(s, 2, u->home_tenant_id, sizeof(u->home_tenant_id));
	u->global_admin = sqlite3_column_int(s, 3) != 0;
	store_column_copy(s, 4, u->guest_state, sizeof(u->guest_state));
	store_column_copy(s, 5, u->tenant_name, sizeof(u->tenant_name));
}

enum core_status
store_user_find(struct store *st, const char *email, struct store_user *out,
		struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " USER_COLUMNS " FROM directory_user u" USER_JOIN
				     " WHERE u.email = ?1", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, email, -1, SQLITE_STATIC);
	rc = store_fetch_one(st, s, read_user, out, "user", err);
	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, CORE_NOT_FOUND, "No user %s is known to this store.", email);
	return rc;
}

enum core_status
store_user_update(struct store *st, const struct store_user *u, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE directory_user SET display_name = ?2,"
				     " global_admin = ?3, guest_state = ?4 WHERE email = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, u->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, u->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, u->global_admin);
	store_bind_text_or_null(s, 4, u->guest_state);
	return store_step_done(st, s, err, "change the user");
}

/* Runs the count s (bound to tenant_id as ?1) into *n. */
static enum core_status
count_of(struct store *st, sqlite3_stmt *s, const char *tenant_id, long long *n,
	 struct core_error *err)
{
	int rc;

	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, tenant_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? CORE_OK : store_fail(st, err, "read the directory");
}

enum core_status
store_dir_admin_count(struct store *st, const char *tenant_id, long long *n,
		      struct core_error *err)
{
	return count_of(st, store_stmt(st, "SELECT count(*) FROM directory_user WHERE home_tenant_id = ?1"
				       " AND global_admin AND guest_state IS NULL", err), tenant_id, n, err);
}

enum core_status
store_dir_domain_count(struct store *st, const char *tenant_id, long long *n,
		       struct core_error *err)
{
	return count_of(st, store_stmt(st, "SELECT count(*) FROM directory_domain WHERE tenant_id = ?1",
				       err), tenant_id, n, err);
}

static const struct store_list_sort user_sorts[STORE_USER_SORT_COUNT] = {
	[STORE_USER_SORT_EMAIL] = { { "u.email COLLATE NOCASE" } },
	[STORE_USER_SORT_NAME] = { { "u.display_name COLLATE NOCASE" } },
	[STORE_USER_SORT_TENANT] = { { "coalesce(dt.display_name, u.home_tenant_id) COLLATE NOCASE",
				       "u.email COLLATE NOCASE" } },
};

static const char *const user_like[] = { "u.email", "u.display_name", NULL };

/* Directories are small (hundreds of users): no filter index; the list
 * scans with LIKE. */
static const struct store_list_spec user_list = {
	.select = USER_COLUMNS,
	.table = "directory_user u",
	.id = "u.rowid",
	.joins = USER_JOIN,
	.where = "1",
	.sorts = user_sorts,
	.nsorts = STORE_USER_SORT_COUNT,
	.like = user_like,
	.count = "SELECT count(*) FROM directory_user",
	.row_size = sizeof(struct store_user),
	.read_row = read_user,
};

static const struct store_list_spec guest_list = {
	.select = USER_COLUMNS,
	.table = "directory_user u",
	.id = "u.rowid",
	.joins = USER_JOIN,
	.where = "u.guest_state IS NOT NULL AND u.home_tenant_id = :key",
	.sorts = user_sorts,
	.nsorts = STORE_USER_SORT_COUNT,
	.like = user_like,
	.row_size = sizeof(struct store_user),
	.read_row = read_user,
};

const struct store_list_spec *
store_user_list(void)
{
	return &user_list;
}

const struct store_list_spec *
store_guest_list(void)
{
	return &guest_list;
}

enum core_status
store_dir_tenant_insert(struct store *st, const char *tenant_id, const char *display_name,
			bool guest_invitations_allowed, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO directory_tenant(tenant_id, display_name,"
				     " guest_invitations_allowed) VALUES(?1, ?2, ?3)", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, tenant_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, display_name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, guest_invitations_allowed);
	return store_step_done(st, s, err, "add the tenant to the directory");
}

enum core_status
store_dir_domain_insert(struct store *st, const char *domain, const char *tenant_id,
			struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO directory_domain(domain, tenant_id)"
				     " VALUES(?1, ?2)", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, domain, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, tenant_id, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "add the domain to the directory");
}

enum core_status
store_dir_domain_tenant(struct store *st, const char *domain, char out[64], struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT tenant_id FROM directory_domain WHERE domain = ?1", err);
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, domain, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		store_column_copy(s, 0, out, 64);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "read the directory");
	return core_error_set(err, CORE_NOT_FOUND, "The directory does not know the domain %s.", domain);
}

/* A directory tenant (alias dt) with its domains. */
#define DIR_TENANT_COLUMNS \
	"dt.tenant_id, dt.display_name, dt.guest_invitations_allowed," \
	" coalesce((SELECT group_concat(domain, ', ') FROM (SELECT domain FROM directory_domain" \
	" WHERE tenant_id = dt.tenant_id ORDER BY domain)), '')"

static void
read_dir_tenant(sqlite3_stmt *s, void *row)
{
	struct store_dir_tenant *t = row;

	store_column_copy(s, 0, t->tenant_id, sizeof(t->tenant_id));
	store_column_copy(s, 1, t->display_name, sizeof(t->display_name));
	t->guest_invitations_allowed = sqlite3_column_int(s, 2) != 0;
	store_column_copy(s, 3, t->domains, sizeof(t->domains));
}

enum core_status
store_dir_tenant_find(struct store *st, const char *tenant_id, struct store_dir_tenant *out,
		      struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " DIR_TENANT_COLUMNS " FROM directory_tenant dt"
				     " WHERE dt.tenant_id = ?1", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, tenant_id, -1, SQLITE_STATIC);
	rc = store_fetch_one(st, s, read_dir_tenant, out, "tenant", err);
	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, CORE_NOT_FOUND, "The directory does not know the tenant %s.",
				      tenant_id);
	return rc;
}

enum core_status
store_dir_tenant_update(struct store *st, const struct store_dir_tenant *t, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE directory_tenant SET display_name = ?2,"
				     " guest_invitations_allowed = ?3 WHERE tenant_id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, t->tenant_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, t->display_name, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, t->guest_invitations_allowed);
	return store_step_done(st, s, err, "change the tenant in the directory");
}

enum core_status
store_dir_domain_delete(struct store *st, const char *domain, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM directory_domain WHERE domain = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, domain, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "remove the domain from the directory");
}

static const struct store_list_sort dir_tenant_sorts[STORE_DIR_TENANT_SORT_COUNT] = {
	[STORE_DIR_TENANT_SORT_NAME] = { { "dt.display_name COLLATE NOCASE" } },
	[STORE_DIR_TENANT_SORT_ID] = { { "dt.tenant_id" } },
};

static const char *const dir_tenant_like[] = {
	"dt.display_name", "dt.tenant_id",
	"(SELECT group_concat(domain, ' ') FROM directory_domain WHERE tenant_id = dt.tenant_id)", NULL,
};

static const struct store_list_spec dir_tenant_list = {
	.select = DIR_TENANT_COLUMNS,
	.table = "directory_tenant dt",
	.id = "dt.rowid",
	.joins = "",
	.where = "1",
	.sorts = dir_tenant_sorts,
	.nsorts = STORE_DIR_TENANT_SORT_COUNT,
	.like = dir_tenant_like,
	.count = "SELECT count(*) FROM directory_tenant",
	.row_size = sizeof(struct store_dir_tenant),
	.read_row = read_dir_tenant,
};

const struct store_list_spec *
store_dir_tenant_list(void)
{
	return &dir_tenant_list;
}
