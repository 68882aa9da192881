/* store_audit: the append-only, hash-chained audit trail (DOMAIN.md §8). */
#ifndef BILLCON_STORE_AUDIT_H
#define BILLCON_STORE_AUDIT_H

#include <stdbool.h>

#include "billcon/core_audit.h"
#include "billcon/core_status.h"
#include "billcon/store_list.h"

struct store;

/* Appends one entry, chained to the last; call inside the transaction of
 * the change it records. before/after are JSON or NULL. */
enum core_status store_audit_append(struct store *st, const char *at, const char *actor,
				    const char *action, const char *object,
				    const char *before, const char *after,
				    struct core_error *err);

/* The last entry's sequence number, hash and time (0, the genesis hash and
 * "" when the trail is empty). */
struct store_audit_head {
	long long seq;
	char hash[CORE_AUDIT_HASH_LEN + 1];
	char at[64];
};
enum core_status store_audit_head(struct store *st, struct store_audit_head *out,
				  struct core_error *err);

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

/* The list of one object's entries for store_list_page: the query's key is
 * the object; rows are struct store_audit_row; one order, by sequence
 * (descending: newest first). */
const struct store_list_spec *store_audit_object_list(void);

/* What verify found. */
struct store_audit_verdict {
	long long entries;   /* entries read */
	long long first_bad; /* sequence number of the first bad entry, 0 when none */
	bool expect_found;   /* the expected hash is in the chain */
	char problem[320];   /* one sentence, empty when all is well */
};

/* Reads the whole trail in order and checks every entry's hash and link.
 * When expect is not NULL the chain must also hold an entry with that hash
 * (a head saved earlier), which catches a cut-off tail or a re-hashed chain.
 * Returns CORE_OK with the verdict filled whether or not the chain is
 * whole; a failure to read is CORE_STORE. */
enum core_status store_audit_verify(struct store *st, const char *expect,
				    struct store_audit_verdict *v, struct core_error *err);

#endif
