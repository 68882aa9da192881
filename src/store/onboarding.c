#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/store_internal.h"
#include "billcon/store_onboarding.h"

#define ONB_SELECT \
	"SELECT id, tenant_id, customer, coalesce(management, ''), coalesce(guest_email, ''), started_by," \
	" started_on FROM stack_onboarding"

static void
read_onboarding(sqlite3_stmt *s, void *row)
{
	struct store_onboarding *o = row;

	o->id = sqlite3_column_int64(s, 0);
	store_column_copy(s, 1, o->tenant_id, sizeof(o->tenant_id));
	store_column_copy(s, 2, o->customer, sizeof(o->customer));
	store_column_copy(s, 3, o->management, sizeof(o->management));
	store_column_copy(s, 4, o->guest_email, sizeof(o->guest_email));
	store_column_copy(s, 5, o->started_by, sizeof(o->started_by));
	store_column_copy(s, 6, o->started_on, sizeof(o->started_on));
}

enum core_status
store_onboarding_get(struct store *st, const char *tenant_id, struct store_onboarding *out,
		     struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, ONB_SELECT " WHERE tenant_id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, tenant_id, -1, SQLITE_STATIC);
	return store_fetch_one(st, s, read_onboarding, out, "onboarding", err);
}

enum core_status
store_onboarding_list(struct store *st, struct store_onboarding **out, size_t *n, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, ONB_SELECT " ORDER BY customer COLLATE NOCASE, id", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	return store_collect(st, s, sizeof(**out), read_onboarding, (void **)out, n, "onboardings", err);
}

enum core_status
store_onboarding_add(struct store *st, struct store_onboarding *o, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO stack_onboarding(tenant_id, customer, started_by, started_on)"
				     " VALUES(?1, ?2, ?3, ?4)", err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, o->tenant_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, o->customer, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->started_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, o->started_on, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "start the onboarding");
	if (!rc)
		o->id = sqlite3_last_insert_rowid(store_db(st));
	return rc;
}

enum core_status
store_onboarding_set_management(struct store *st, long long id, const char *management, const char *guest_email,
				struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE stack_onboarding SET management = ?2, guest_email = ?3"
				     " WHERE id = ?1", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	store_bind_text_or_null(s, 2, management);
	store_bind_text_or_null(s, 3, management ? guest_email : NULL);
	return store_step_done(st, s, err, "set the management of the onboarding");
}

static void
read_step(sqlite3_stmt *s, void *row)
{
	struct store_onboarding_step *t = row;

	store_column_copy(s, 0, t->step, sizeof(t->step));
	store_column_copy(s, 1, t->done_by, sizeof(t->done_by));
	store_column_copy(s, 2, t->done_on, sizeof(t->done_on));
}

enum core_status
store_onboarding_steps(struct store *st, long long id, struct store_onboarding_step **out, size_t *n,
		       struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT step, done_by, done_on FROM stack_onboarding_step"
				     " WHERE onboarding = ?1 ORDER BY step", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	return store_collect(st, s, sizeof(**out), read_step, (void **)out, n, "onboarding steps", err);
}

enum core_status
store_onboarding_tick(struct store *st, long long id, const struct store_onboarding_step *t,
		      struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO stack_onboarding_step(onboarding, step, done_by, done_on)"
				     " VALUES(?1, ?2, ?3, ?4) ON CONFLICT(onboarding, step)"
				     " DO UPDATE SET done_by = ?3, done_on = ?4", err);

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, t->step, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, t->done_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, t->done_on, -1, SQLITE_STATIC);
	return store_step_done(st, s, err, "tick the onboarding step");
}

enum core_status
store_onboarding_untick(struct store *st, long long id, const char *step, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM stack_onboarding_step WHERE onboarding = ?1 AND step = ?2",
				     err);
	enum core_status rc;

	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, step, -1, SQLITE_STATIC);
	rc = store_step_done(st, s, err, "untick the onboarding step");
	if (!rc && sqlite3_changes(store_db(st)) == 0)
		return core_error_set(err, CORE_NOT_FOUND, "That step is not ticked.");
	return rc;
}

static void
read_deployment(sqlite3_stmt *s, void *row)
{
	struct store_onboarding_deployment *d = row;

	d->deployment_id = sqlite3_column_int64(s, 0);
	store_column_copy(s, 1, d->deployment, sizeof(d->deployment));
	store_column_copy(s, 2, d->registration, sizeof(d->registration));
	store_column_copy(s, 3, d->default_sub, sizeof(d->default_sub));
	store_column_copy(s, 4, d->held_sub, sizeof(d->held_sub));
	store_column_copy(s, 5, d->added_by, sizeof(d->added_by));
	store_column_copy(s, 6, d->added_on, sizeof(d->added_on));
	d->usage = sqlite3_column_int(s, 7) != 0;
}

enum core_status
store_onboarding_deployments(struct store *st, const char *tenant_id, struct store_onboarding_deployment **out,
			     size_t *n, struct core_error *err)
{
	/* A deployment or two per partner: one pass, the registered customer
	 * looked up by the (registration, tenant_id) index. */
	sqlite3_stmt *s = store_stmt(st, "SELECT d.id, d.name, r.name, r.subscription_id,"
				     " coalesce(k.subscription_id, ''), coalesce(k.added_by, ''), coalesce(k.added_on, ''),"
				     " EXISTS(SELECT 1 FROM usage_total u WHERE u.deployment = d.id AND u.tenant_id = ?1)"
				     " FROM stack_deployment d JOIN stack_registration r ON r.deployment = d.id"
				     " LEFT JOIN stack_customer k ON k.rowid = (SELECT rowid FROM stack_customer"
				     " WHERE registration = r.id AND tenant_id = ?1 COLLATE NOCASE"
				     " ORDER BY subscription_id LIMIT 1)"
				     " ORDER BY d.name", err);

	*out = NULL;
	*n = 0;
	if (!s)
		return err ? err->status : CORE_STORE;
	sqlite3_bind_text(s, 1, tenant_id, -1, SQLITE_STATIC);
	return store_collect(st, s, sizeof(**out), read_deployment, (void **)out, n, "Azure Stack deployments",
			     err);
}
