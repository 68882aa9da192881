/* core_audit: the hash that chains audit entries (DOMAIN.md §8, doc/audit.md). */
#ifndef BILLCON_CORE_AUDIT_H
#define BILLCON_CORE_AUDIT_H

#define CORE_AUDIT_HASH_LEN 64
/* The "previous hash" of the first entry. */
#define CORE_AUDIT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* One audit entry as hashed. Strings are borrowed; before and after may be
 * NULL (no object before an add, none after a removal). */
struct core_audit_entry {
	long long seq;
	const char *at;
	const char *actor;
	const char *action;
	const char *object;
	const char *before;
	const char *after;
	const char *prev_hash;
};

/* SHA-256, as lowercase hex into out, over the entry's fields each written as
 * "<length>:<bytes>" (NULL as "-"), so that no two entries hash the same
 * input. */
void core_audit_hash(const struct core_audit_entry *e, char out[CORE_AUDIT_HASH_LEN + 1]);

#endif
