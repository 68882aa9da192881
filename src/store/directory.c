#include "config.h"

#include <string.h>

#include "billcon/store_directory.h"
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

enum core_status
store_user_find(struct store *st, const char *email, struct store_user *out,
		struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT email, display_name, home_tenant_id, global_admin,"
				     " guest_state FROM directory_user WHERE email = ?1", err);
	int rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, email, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		store_column_copy(s, 0, out->email, sizeof(out->email));
		store_column_copy(s, 1, out->display_name, sizeof(out->display_name));
		store_column_copy(s, 2, out->home_tenant_id, sizeof(out->home_tenant_id));
		out->global_admin = sqlite3_column_int(s, 3) != 0;
		store_column_copy(s, 4, out->guest_state, sizeof(out->guest_state));
	}
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return CORE_OK;
	if (rc != SQLITE_DONE)
		return store_fail(st, err, "read the directory");
	return core_error_set(err, CORE_NOT_FOUND, "No user %s is known to this store.", email);
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
