/* core_audit: the hash that chains audit entries (DOMAIN.md §8, doc/audit.md). */
#ifndef BILLCON_CORE_AUDIT_H
#define BILLCON_CORE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#define CORE_AUDIT_HASH_LEN 64
/* The "previous hash" of the first entry. */
#define CORE_AUDIT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* The byte fields of an entry, in the order they are hashed. */
enum core_audit_field {
	CORE_AUDIT_PREV_HASH, CORE_AUDIT_AT, CORE_AUDIT_ACTOR, CORE_AUDIT_ACTION,
	CORE_AUDIT_OBJECT, CORE_AUDIT_BEFORE, CORE_AUDIT_AFTER, CORE_AUDIT_FIELDS
};

/* One audit entry as hashed. Strings are borrowed; before and after may be
 * NULL (no object before an add, none after a removal). A field read back
 * from a store may hold NUL bytes: then counted is true and len[] gives
 * every field's byte count (by enum core_audit_field), so that nothing after
 * a NUL escapes the hash. Otherwise the fields are C strings. */
struct core_audit_entry {
	long long seq;
	const char *at;
	const char *actor;
	const char *action;
	const char *object;
	const char *before;
	const char *after;
	const char *prev_hash;
	bool counted;
	size_t len[CORE_AUDIT_FIELDS];
};

/* SHA-256, as lowercase hex into out, over the entry's fields each written as
 * "<length>:<bytes>" (NULL as "-"), so that no two entries hash the same
 * input. Every byte counts, NULs included, when e->counted. */
void core_audit_hash(const struct core_audit_entry *e, char out[CORE_AUDIT_HASH_LEN + 1]);

/* Bytes of a Merkle tree hash (SHA-256). */
#define CORE_AUDIT_LEAF_LEN 32

/* The entry's leaf in the trail's Merkle tree (RFC 9162): SHA-256 of 0x00
 * then the bytes core_audit_hash hashes, without the previous hash, so that
 * the tree holds each entry as it is and the chain adds only the order.
 * e->prev_hash is not read. */
void core_audit_leaf(const struct core_audit_entry *e, unsigned char out[CORE_AUDIT_LEAF_LEN]);

/* What reading a whole trail hashes with: one SHA-256 context and one
 * buffer kept from entry to entry, so that an entry costs its two hashes
 * and no allocation (verify reads a million entries a second). */
struct core_audit_hasher;

/* A new hasher (core_audit_hasher_free), NULL when out of memory. */
struct core_audit_hasher *core_audit_hasher_new(void);

/* Frees h; NULL is allowed. */
void core_audit_hasher_free(struct core_audit_hasher *h);

/* The entry's chain hash (as core_audit_hash) into hash and its leaf hash
 * (as core_audit_leaf) into leaf, from one reading of its fields. False
 * when out of memory (an entry larger than any before it). */
bool core_audit_hasher_entry(struct core_audit_hasher *h, const struct core_audit_entry *e,
			     char hash[CORE_AUDIT_HASH_LEN + 1],
			     unsigned char leaf[CORE_AUDIT_LEAF_LEN]);

/* The Merkle node hash of two children (as core_merkle_node) with h's
 * context. out may be left or right. */
void core_audit_hasher_node(struct core_audit_hasher *h, const unsigned char left[CORE_AUDIT_LEAF_LEN],
			    const unsigned char right[CORE_AUDIT_LEAF_LEN],
			    unsigned char out[CORE_AUDIT_LEAF_LEN]);

#endif
