/* store_auditlog: the audit trail (store_audit.h) read as lists: one
 * entry, the trail of an account or of every account, one object's
 * history, with the filter's terms (core_auditq), and where a date lands. */
#ifndef BILLCON_STORE_AUDITLOG_H
#define BILLCON_STORE_AUDITLOG_H

#include <stdbool.h>

#include "billcon/core_audit.h"
#include "billcon/core_status.h"
#include "billcon/store_list.h"

struct store;

/* One entry of the trail as lists show it. */
struct store_audit_row {
	long long seq;
	char at[64];
	char actor[256];
	char action[64];
	char object[1024];
	char before[8192];   /* JSON, "" when none */
	char after[8192];
	char hash[CORE_AUDIT_HASH_LEN + 1];
};

/* Entry seq into row; CORE_NOT_FOUND when there is none. */
enum core_status store_audit_entry(struct store *st, long long seq, struct store_audit_row *row,
				   struct core_error *err);

/* The trail for store_list_page, newest first (one order: the sequence;
 * read it descending). The query's scope is a billing account (the entries
 * whose object lies under it, or under one of its requests); with
 * all_accounts every entry, scope unused. The filter is read by
 * core_auditq: words match the start of any word of the actor, action,
 * object, before or after; actor:, action:, object: the start of a word of
 * that field; since: and until: bound the time. Rows are struct
 * store_audit_row. */
const struct store_list_spec *store_audit_list(bool all_accounts);

/* One object's entries for store_list_page, newest first: the query's key
 * is the object (exactly), with the filter as store_audit_list reads it. */
const struct store_list_spec *store_audit_object_list(void);

/* The sequence number of the newest entry at or before time t (ISO UTC),
 * 0 when every entry is later: where "jump to a date" lands. */
enum core_status store_audit_seq_at(struct store *st, const char *t, long long *seq,
				    struct core_error *err);

#endif
