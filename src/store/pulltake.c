#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/store_internal.h"
#include "billcon/store_pulltake.h"
#include "billcon/store_pullrow.h"

struct place_row {
	char kind[64];
	char *listing;
};

static void
read_place(sqlite3_stmt *s, void *row)
{
	struct place_row *p = row;
	const char *l = (const char *)sqlite3_column_text(s, 1);

	store_column_copy(s, 0, p->kind, sizeof(p->kind));
	p->listing = strdup(l ? l : "");
}

/* marker in id, whatever its case, or NULL. */
static const char *
find_marker(const char *id, const char *marker)
{
	size_t n = strlen(marker);

	for (; *id; id++)
		if (strncasecmp(id, marker, n) == 0)
			return id;
	return NULL;
}

/* The table row of the pulled object whose ID is id's first bytes up to
 * the segment after marker ("/billingAccounts/"), 0 when none. */
static enum core_status
ancestor_row(struct store *st, const char *id, const char *marker, long long *row, struct core_error *err)
{
	const char *m = find_marker(id, marker), *end;
	sqlite3_stmt *s;
	enum core_status rc;

	*row = 0;
	if (!m)
		return CORE_OK;
	end = strchr(m + strlen(marker), '/');
	if (!(s = store_stmt(st, "SELECT coalesce(row, 0) FROM remote_object WHERE id = ?1", err)))
		return CORE_STORE;
	sqlite3_bind_text(s, 1, id, end ? (int)(end - id) : -1, SQLITE_STATIC);
	rc = store_fetch_one(st, s, store_read_int64, row, "pulled parent", err);
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		rc = CORE_OK;
	}
	return rc;
}

/* The Azure Stack registration whose customer subscriptions listing is
 * listing, 0 none. */
static enum core_status
registration_row(struct store *st, const char *listing, long long *row, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT id FROM stack_registration WHERE ?1 = '/subscriptions/'"
		" || subscription_id || '/resourceGroups/' || resource_group || '/providers/Microsoft.AzureStack"
		"/registrations/' || name || '/customerSubscriptions' COLLATE NOCASE", err);
	enum core_status rc;

	*row = 0;
	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, listing, -1, SQLITE_STATIC);
	rc = store_fetch_one(st, s, store_read_int64, row, "registration", err);
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		rc = CORE_OK;
	}
	return rc;
}

static bool
kind_of(const char *name, enum core_remote_kind *kind)
{
	for (int k = 0; k < CORE_REMOTE_KIND_COUNT; k++)
		if (strcmp(core_remote_kind_name((enum core_remote_kind)k), name) == 0) {
			*kind = (enum core_remote_kind)k;
			return true;
		}
	return false;
}

enum core_status
store_pull_place(struct store *st, const char *id, struct store_pull_place *out, struct core_error *err)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT kind, listing FROM remote_object WHERE id = ?1", err);
	struct place_row p = { 0 };
	enum core_status rc;
	char *slash;

	memset(out, 0, sizeof(*out));
	if (!s)
		return CORE_STORE;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	rc = store_fetch_one(st, s, read_place, &p, "pulled object", err);
	if (rc == CORE_NOT_FOUND && (slash = strrchr(id, '/')) && slash > id) {
		/* Never pulled (a creation that found it made there): the
		 * collection its ID names. */
		core_error_clear(err);
		rc = CORE_OK;
		p.listing = strndup(id, (size_t)(slash - id));
		slash = p.listing ? strrchr(p.listing, '/') : NULL;
		snprintf(p.kind, sizeof(p.kind), "%s", slash ? slash + 1 : "");
	}
	if (rc == CORE_NOT_FOUND || (!rc && !kind_of(p.kind, &out->kind))) {
		free(p.listing);
		return core_error_set(err, CORE_NOT_FOUND, "The store holds no pulled copy of %s.", id);
	}
	if (rc)
		return rc;
	out->listing = p.listing;
	out->parent = p.listing ? strdup(p.listing) : NULL;
	if (!out->listing || !out->parent) {
		store_pull_place_clear(out);
		return core_error_set(err, CORE_STORE, "Out of memory reading a pulled object.");
	}
	if ((slash = strrchr(out->parent, '/')))
		*slash = '\0';
	out->at.listing = out->listing;
	out->at.parent = out->parent;
	rc = ancestor_row(st, id, "/billingAccounts/", &out->at.account_id, err);
	if (!rc)
		rc = ancestor_row(st, id, "/billingProfiles/", &out->at.profile_id, err);
	if (!rc && out->kind == CORE_REMOTE_STACK_CUSTOMER)
		rc = registration_row(st, out->listing, &out->at.registration, err);
	if (rc)
		store_pull_place_clear(out);
	return rc;
}

void
store_pull_place_clear(struct store_pull_place *out)
{
	free(out->listing);
	free(out->parent);
	memset(out, 0, sizeof(*out));
}

enum core_status
store_pull_take(struct store *st, const struct store_pull_at *at, const struct core_remote_item *it,
		long long *row, struct core_error *err)
{
	enum core_status rc = store_pull_row(st, at, it, row, err);
	sqlite3_stmt *s;

	if (rc)
		return rc;
	if (!(s = store_stmt(st, "INSERT INTO remote_object(id, kind, listing, json, pulled_on, run, row)"
			     " VALUES(?1, ?5, ?6, ?2, ?3, 0, nullif(?4, 0)) ON CONFLICT(id) DO UPDATE SET"
			     " json = excluded.json, pulled_on = excluded.pulled_on, removed_on = NULL,"
			     " row = coalesce(excluded.row, row)", err)))
		return CORE_STORE;
	sqlite3_bind_text(s, 5, core_remote_kind_name(it->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, at->listing, -1, SQLITE_STATIC);
	store_pull_bind(s, 1, &it->id);
	sqlite3_bind_text(s, 2, it->json, (int)it->json_len, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, at->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, *row);
	return store_step_done(st, s, err, "take the service's version of an object");
}
