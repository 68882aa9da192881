/* app_audit: reading the audit trail for people: one object's history, and
 * an entry's change in one line. */
#ifndef BILLCON_APP_AUDIT_H
#define BILLCON_APP_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"
#include "billcon/store_audit.h"
#include "billcon/store_auditlog.h"

struct app_ctx;

/* The change an entry records, in one line for a list: the fields whose
 * values differ between before and after (JSON objects, "" for none), as
 * "displayName: Fabrikam → Fabrikam West; billingManagementState: ..." for
 * an update, the fields' values for an addition or a removal; JSON that
 * does not parse is shown as it is. */
void app_audit_summary(const char *before, const char *after, char *out, size_t size);

/* How one field of an entry's before and after differs. */
enum app_audit_mark {
	APP_AUDIT_SAME,
	APP_AUDIT_CHANGED,
	APP_AUDIT_ADDED,
	APP_AUDIT_REMOVED,
};

/* One line of an entry's field diff: values as text (strings bare, the
 * rest as compact JSON), NULL where the field is absent. */
struct app_audit_field {
	char *name;
	char *before;
	char *after;
	enum app_audit_mark mark;
};

/* The fields of before and after (JSON objects, "" or NULL for none), one
 * per name: after's in its order, then those only before has. JSON that is
 * not an object is one field named "(value)" with the text as it is.
 * *out is allocated (free with app_audit_diff_free); CORE_STORE when
 * memory ran out. */
enum core_status app_audit_diff(const char *before, const char *after,
				struct app_audit_field **out, size_t *n, struct core_error *err);

/* Frees what app_audit_diff made. */
void app_audit_diff_free(struct app_audit_field *f, size_t n);

/* The word a mark is shown with: "changed", "added", "removed", "". */
const char *app_audit_mark_word(enum app_audit_mark m);

/* The trail for the console, for an actor who may read the account in
 * scope (CORE_FORBIDDEN else, roles read afresh): entry seq
 * (CORE_NOT_FOUND when there is none) ... */
enum core_status app_audit_entry(struct app_ctx *ctx, long long seq, struct store_audit_row *row,
				 struct core_error *err);

/* ... the newest entry at or before when (as the filter's since: takes a
 * time: "2026-01-15", "2026-01-15T09:30"; CORE_USAGE with one sentence
 * else), 0 when every entry is later ... */
enum core_status app_audit_seq_at(struct app_ctx *ctx, const char *when, long long *seq,
				  struct core_error *err);

/* ... and the whole trail's verification (store_audit_verify). */
enum core_status app_audit_verify(struct app_ctx *ctx, const struct store_audit_verify_opts *opts,
				  struct store_audit_verdict *v, struct core_error *err);

#endif
