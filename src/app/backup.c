#include "config.h"

#include "billcon/app_backup.h"
#include "billcon/store_db.h"
#include "billcon/store_file.h"

/* Checks the closed copy tmp: SQLite's integrity check, then its audit
 * trail into *audit. */
static enum core_status
check_copy(const char *tmp, struct store_audit_verdict *audit, struct core_error *err)
{
	struct store *copy;
	enum core_status rc = store_open(tmp, STORE_OPEN_READ_ONLY, &copy, err);

	if (rc)
		return rc;
	if (!store_integrity_ok(copy, err))
		rc = err ? err->status : CORE_STORE;
	if (!rc)
		rc = store_audit_verify(copy, NULL, audit, err);
	store_close(copy);
	return rc;
}

enum core_status
app_backup(const struct app_options *opts, const char *dest, struct store_audit_verdict *audit,
	   struct core_error *err)
{
	struct app_options reader = *opts;
	struct store *st;
	char tmp[4096 + 32];
	enum core_status rc;

	reader.reader = true;
	rc = store_open(opts->db_path, app_open_flags(&reader), &st, err);
	if (rc)
		return rc;
	rc = store_file_start(dest, "backup", tmp, sizeof(tmp), err);
	if (rc) {
		store_close(st);
		return rc;
	}
	rc = store_backup(st, tmp, err);
	store_close(st);
	if (!rc)
		rc = check_copy(tmp, audit, err);
	if (!rc)
		return store_file_place(tmp, dest, "backup", err);
	store_file_discard(tmp);
	return rc;
}
