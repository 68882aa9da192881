/* app_backup: `billcon backup PATH`, a copy of the store made while consoles
 * and other billcons use it. */
#ifndef BILLCON_APP_BACKUP_H
#define BILLCON_APP_BACKUP_H

#include "billcon/app_context.h"
#include "billcon/store_audit.h"

/* Copies the store of opts (opened read-only; no actor needed) to dest,
 * which must not exist: a backup never writes over a file (CORE_REFUSED).
 * The copy is a consistent snapshot (SQLite's online backup), checked with
 * PRAGMA integrity_check before it appears at dest, whole or not at all;
 * *audit receives the verdict of the copy's audit trail. */
enum core_status app_backup(const struct app_options *opts, const char *dest,
			    struct store_audit_verdict *audit, struct core_error *err);

#endif
