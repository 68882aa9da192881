/* store_audit: the append-only, hash-chained audit trail (DOMAIN.md §8) and
 * the Merkle tree over it (RFC 9162; doc/audit.md). */
#ifndef BILLCON_STORE_AUDIT_H
#define BILLCON_STORE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_audit.h"
#include "billcon/core_merkle.h"
#include "billcon/core_status.h"
#include "billcon/store_list.h"

struct store;

/* Appends one entry, chained to the last, and extends the tree; call
 * inside the transaction of the change it records. before/after are JSON
 * or NULL. */
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

/* How verify runs. All optional (zero: chain and tree only). */
struct store_audit_verify_opts {
	const char *expect;   /* a head hash saved earlier that must be in the chain */
	long long size;       /* a checkpoint's tree size: the root of the first size
			       * entries, as the entries hash, goes to the verdict */
	/* Called now and then with entries read and the trail's length;
	 * non-zero stops verify (the verdict says stopped). */
	int (*progress)(void *ctx, long long done, long long total);
	void *ctx;
};

/* What verify found. */
struct store_audit_verdict {
	long long entries;   /* entries read */
	long long first_bad; /* sequence number of the first bad entry, 0 when none */
	bool expect_found;   /* the expected hash is in the chain */
	bool stopped;        /* progress asked to stop */
	bool root_known;     /* root holds the root at opts.size */
	core_merkle_hash root;
	char problem[320];   /* one sentence, empty when all is well */
};

/* Reads the whole trail in order and checks every entry's hash and link,
 * and the tree's stored hashes against the entries (none replaced, none
 * missing, none past the end). Returns CORE_OK with the verdict filled
 * whether or not all is whole; a failure to read is CORE_STORE. */
enum core_status store_audit_verify(struct store *st, const struct store_audit_verify_opts *opts,
				    struct store_audit_verdict *v, struct core_error *err);

/* The number of entries, which is the tree's size. */
enum core_status store_audit_size(struct store *st, long long *size, struct core_error *err);

/* The tree's root over the first size entries (size <= the entries), from
 * the stored hashes and at most a few hundred entries. */
enum core_status store_audit_root(struct store *st, long long size, core_merkle_hash root,
				  struct core_error *err);

/* The inclusion proof of entry seq in the tree of the first size entries
 * (RFC 9162 order); *n hashes. CORE_NOT_FOUND when seq > size. */
enum core_status store_audit_inclusion(struct store *st, long long seq, long long size,
				       core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n,
				       struct core_error *err);

/* The consistency proof from the tree of old entries to that of size. */
enum core_status store_audit_consistency(struct store *st, long long old, long long size,
					 core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n,
					 struct core_error *err);

/* The entry's leaf hash (core_audit_leaf of it as stored). */
enum core_status store_audit_leaf(struct store *st, long long seq, core_merkle_hash out,
				  struct core_error *err);

/* The name this store gives its checkpoints (made when it was created;
 * "billcon/" and 16 hex digits). */
enum core_status store_audit_origin(struct store *st, char *out, size_t size,
				    struct core_error *err);

/* Builds the tree's stored hashes over the entries the trail has (the
 * migration that brings the tree runs it once). */
enum core_status store_audit_tree_build(struct store *st, struct core_error *err);

#endif
