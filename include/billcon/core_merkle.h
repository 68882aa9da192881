/* core_merkle: the Merkle tree of RFC 9162 (Certificate Transparency 2.0)
 * section 2.1 over the audit trail: tree hashes, inclusion and consistency
 * proofs and their verification. Pure: the hashes of stored subtrees come
 * from the caller through a core_merkle_subtree_fn. */
#ifndef BILLCON_CORE_MERKLE_H
#define BILLCON_CORE_MERKLE_H

#include <stdbool.h>
#include <stddef.h>

#define CORE_MERKLE_HASH 32      /* SHA-256 bytes */
#define CORE_MERKLE_MAX_PROOF 64 /* hashes in any proof of a tree < 2^63 */
#define CORE_MERKLE_B64 45       /* base64 of a hash, with its NUL */
typedef unsigned char core_merkle_hash[CORE_MERKLE_HASH];

/* The leaf hash SHA-256(0x00 || data) of len bytes at data. */
void core_merkle_leaf(const void *data, size_t len, core_merkle_hash out);

/* The node hash SHA-256(0x01 || left || right); out may be left or right. */
void core_merkle_node(const core_merkle_hash left, const core_merkle_hash right,
		      core_merkle_hash out);

/* The hash of the tree with no leaf: SHA-256 of the empty string. */
void core_merkle_empty(core_merkle_hash out);

/* Supplies the hash of a COMPLETE subtree: leaves [index << level,
 * (index + 1) << level), level 0 being one leaf's hash. Returns 0 on success,
 * non-zero on failure (the caller's error is kept by ctx). */
typedef int (*core_merkle_subtree_fn)(void *ctx, int level, long long index, core_merkle_hash out);

/* MTH(D[lo:hi]) (RFC 9162 2.1.1) into out, built from the fewest complete
 * aligned subtrees fn gives: at most one call per level for any range the
 * RFC's recursion visits from [0, n) (whose start is a multiple of the
 * largest power of two below its length); any other range is still hashed
 * right, from smaller subtrees. hi == lo is the empty tree. Returns 0, or
 * fn's failure (out is then unspecified); -1 when lo < 0 or hi < lo. */
int core_merkle_range(core_merkle_subtree_fn fn, void *ctx, long long lo, long long hi,
		      core_merkle_hash out);

/* MTH(D[0:size]) into out, as core_merkle_range(fn, ctx, 0, size, out). */
int core_merkle_root(core_merkle_subtree_fn fn, void *ctx, long long size, core_merkle_hash out);

/* The inclusion proof PATH(leaf, D[0:size]) (RFC 9162 2.1.3.1), in the RFC's
 * order (the leaf's sibling first), into proof; *n is its length. Returns 0,
 * fn's failure, or -1 unless 0 <= leaf < size. At most 2 log2(size) + 1 calls
 * of fn. */
int core_merkle_inclusion(core_merkle_subtree_fn fn, void *ctx, long long leaf, long long size,
			  core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n);

/* The consistency proof PROOF(old, D[0:size]) (RFC 9162 2.1.4.1) into proof;
 * *n is its length, 0 when old == size. Returns 0, fn's failure, or -1
 * unless 0 < old <= size. At most 2 log2(size) + 1 calls of fn. */
int core_merkle_consistency(core_merkle_subtree_fn fn, void *ctx, long long old, long long size,
			    core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n);

/* RFC 9162 2.1.3.2: true when the n hashes of proof show leaf_hash at index
 * leaf of the tree of size leaves whose root is root. False for any index
 * outside [0, size) or n outside [0, CORE_MERKLE_MAX_PROOF]. */
bool core_merkle_verify_inclusion(long long leaf, long long size, const core_merkle_hash leaf_hash,
				  const core_merkle_hash *proof, int n, const core_merkle_hash root);

/* RFC 9162 2.1.4.2: true when the n hashes of proof show that the tree of
 * old_size leaves with root old_root is a prefix of the tree of size leaves
 * with root root. Equal sizes need an empty proof and equal roots; the empty
 * tree (old_size 0, old_root the empty hash) is a prefix of every tree, with
 * an empty proof. False for old_size > size or a negative size. */
bool core_merkle_verify_consistency(long long old_size, long long size,
				    const core_merkle_hash old_root, const core_merkle_hash root,
				    const core_merkle_hash *proof, int n);

/* Standard padded base64 of h (44 characters and a NUL) into out. */
void core_merkle_b64(const core_merkle_hash h, char out[CORE_MERKLE_B64]);

/* Reads the base64 of a hash as core_merkle_b64 writes it into out: false,
 * out unspecified, for anything else (another length, a character outside
 * the alphabet, spaces, missing padding, stray bits). */
bool core_merkle_from_b64(const char *text, core_merkle_hash out);

#endif
