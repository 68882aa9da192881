#include "config.h"

#include <string.h>

#include <openssl/evp.h>

#include "billcon/core_base64.h"
#include "billcon/core_merkle.h"

/* A hash in a proof is one level of a tree of fewer than 2^63 leaves; the
 * walks below descend at most this many times. */
#define MAX_DEPTH (CORE_MERKLE_MAX_PROOF - 1)

/* SHA-256 of a prefix byte then len bytes at data, with md (a context
 * made for one hash or kept over a proof's walk: allocating one costs as
 * much as the hash). */
static void
hash_prefixed(EVP_MD_CTX *md, unsigned char prefix, const void *data, size_t len,
	      core_merkle_hash out)
{
	unsigned int got = 0;

	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	EVP_DigestUpdate(md, &prefix, 1);
	EVP_DigestUpdate(md, data, len);
	EVP_DigestFinal_ex(md, out, &got);
}

/* The node hash of left and right into out (which may be either) with md. */
static void
node_with(EVP_MD_CTX *md, const core_merkle_hash left, const core_merkle_hash right,
	  core_merkle_hash out)
{
	unsigned char both[2 * CORE_MERKLE_HASH];

	memcpy(both, left, CORE_MERKLE_HASH);
	memcpy(both + CORE_MERKLE_HASH, right, CORE_MERKLE_HASH);
	hash_prefixed(md, 0x01, both, sizeof(both), out);
}

void
core_merkle_leaf(const void *data, size_t len, core_merkle_hash out)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	hash_prefixed(md, 0x00, data, len, out);
	EVP_MD_CTX_free(md);
}

void
core_merkle_node(const core_merkle_hash left, const core_merkle_hash right, core_merkle_hash out)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	node_with(md, left, right, out);
	EVP_MD_CTX_free(md);
}

void
core_merkle_empty(core_merkle_hash out)
{
	unsigned int got = 0;

	EVP_Digest("", 0, out, &got, EVP_sha256(), NULL);
}

/* The RFC's k: the largest power of two smaller than n (n >= 2). */
static long long
split(long long n)
{
	return 1LL << (63 - __builtin_clzll((unsigned long long)(n - 1)));
}

/* MTH of the non-empty range [lo, hi): one call of fn when it is a complete
 * aligned subtree, else the RFC's split. On the ranges the RFC visits the
 * left part is always complete, so the recursion runs down the right edge
 * only, one call of fn a level. */
static int
range_hash(core_merkle_subtree_fn fn, void *ctx, long long lo, long long hi, core_merkle_hash out)
{
	long long n = hi - lo, k;
	core_merkle_hash left, right;
	int rc;

	if ((n & (n - 1)) == 0 && (lo & (n - 1)) == 0) {
		int level = __builtin_ctzll((unsigned long long)n);
		return fn(ctx, level, lo >> level, out);
	}
	k = split(n);
	if ((rc = range_hash(fn, ctx, lo, lo + k, left)) != 0 ||
	    (rc = range_hash(fn, ctx, lo + k, hi, right)) != 0)
		return rc;
	core_merkle_node(left, right, out);
	return 0;
}

int
core_merkle_range(core_merkle_subtree_fn fn, void *ctx, long long lo, long long hi,
		  core_merkle_hash out)
{
	if (lo < 0 || hi < lo)
		return -1;
	if (hi == lo) {
		core_merkle_empty(out);
		return 0;
	}
	return range_hash(fn, ctx, lo, hi, out);
}

int
core_merkle_root(core_merkle_subtree_fn fn, void *ctx, long long size, core_merkle_hash out)
{
	return core_merkle_range(fn, ctx, 0, size, out);
}

/* The walk both proofs make down the RFC's recursion: at each step the part
 * of [lo, hi) not followed is hashed into side[] (top first). */
struct walk {
	long long lo, hi;
	core_merkle_hash side[MAX_DEPTH];
	int depth;
};

/* One step of the walk: into the left part when left, else the right; the
 * other part's hash is kept. */
static int
walk_step(struct walk *w, core_merkle_subtree_fn fn, void *ctx, bool left)
{
	long long k = split(w->hi - w->lo);
	int rc;

	if (w->depth >= MAX_DEPTH)
		return -1; /* cannot happen below 2^63 leaves */
	if (left) {
		rc = range_hash(fn, ctx, w->lo + k, w->hi, w->side[w->depth]);
		w->hi = w->lo + k;
	} else {
		rc = range_hash(fn, ctx, w->lo, w->lo + k, w->side[w->depth]);
		w->lo += k;
	}
	if (rc == 0)
		w->depth++;
	return rc;
}

/* Appends the kept hashes, deepest first (the RFC's order), to proof. */
static void
walk_proof(const struct walk *w, core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n)
{
	for (int i = w->depth - 1; i >= 0 && *n < CORE_MERKLE_MAX_PROOF; i--)
		memcpy(proof[(*n)++], w->side[i], CORE_MERKLE_HASH);
}

int
core_merkle_inclusion(core_merkle_subtree_fn fn, void *ctx, long long leaf, long long size,
		      core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n)
{
	struct walk w = { .lo = 0, .hi = size };
	int rc;

	*n = 0;
	if (leaf < 0 || leaf >= size)
		return -1;
	while (w.hi - w.lo > 1)
		if ((rc = walk_step(&w, fn, ctx, leaf < w.lo + split(w.hi - w.lo))) != 0)
			return rc;
	walk_proof(&w, proof, n);
	return 0;
}

int
core_merkle_consistency(core_merkle_subtree_fn fn, void *ctx, long long old, long long size,
			core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n)
{
	struct walk w = { .lo = 0, .hi = size };
	bool whole = true; /* SUBPROOF's b: the old tree is [0, hi) itself */
	int rc;

	*n = 0;
	if (old <= 0 || old > size)
		return -1;
	/* old - lo leaves of the old tree lie in [lo, hi). */
	while (old - w.lo != w.hi - w.lo) {
		bool left = old - w.lo <= split(w.hi - w.lo);
		if ((rc = walk_step(&w, fn, ctx, left)) != 0)
			return rc;
		whole = whole && left;
	}
	if (!whole) {
		if ((rc = range_hash(fn, ctx, w.lo, w.hi, proof[0])) != 0)
			return rc;
		*n = 1;
	}
	walk_proof(&w, proof, n);
	return 0;
}

/* Shifts both numbers right until the first is odd or zero (RFC 9162
 * 2.1.3.2 step 4.b.ii, 2.1.4.2 step 6.b.iii). */
static void
shift_to_odd(unsigned long long *fn, unsigned long long *sn)
{
	while (*fn != 0 && (*fn & 1) == 0) {
		*fn >>= 1;
		*sn >>= 1;
	}
}

/* The loop both verifications share (RFC 9162 2.1.3.2 step 4, 2.1.4.2
 * step 6): climbs sr, and fr when not NULL, with the n hashes of proof.
 * False when the proof runs past the root (sn reaches 0 too soon). */
static bool
climb(EVP_MD_CTX *md, unsigned long long fn, unsigned long long *sn, core_merkle_hash fr,
      core_merkle_hash sr, const core_merkle_hash *proof, int n)
{
	for (int i = 0; i < n; i++) {
		if (*sn == 0)
			return false;
		if ((fn & 1) || fn == *sn) {
			if (fr)
				node_with(md, proof[i], fr, fr);
			node_with(md, proof[i], sr, sr);
			shift_to_odd(&fn, sn);
		} else {
			node_with(md, sr, proof[i], sr);
		}
		fn >>= 1;
		*sn >>= 1;
	}
	return true;
}

bool
core_merkle_verify_inclusion(long long leaf, long long size, const core_merkle_hash leaf_hash,
			     const core_merkle_hash *proof, int n, const core_merkle_hash root)
{
	unsigned long long sn;
	core_merkle_hash r;
	EVP_MD_CTX *md;
	bool ok;

	if (leaf < 0 || leaf >= size || n < 0 || n > CORE_MERKLE_MAX_PROOF)
		return false;
	sn = (unsigned long long)size - 1;
	memcpy(r, leaf_hash, CORE_MERKLE_HASH);
	md = EVP_MD_CTX_new();
	ok = climb(md, (unsigned long long)leaf, &sn, NULL, r, proof, n) && sn == 0 &&
	     memcmp(r, root, CORE_MERKLE_HASH) == 0;
	EVP_MD_CTX_free(md);
	return ok;
}

/* The cases RFC 9162 2.1.4.2 leaves out: equal sizes, and the empty tree. */
static bool
verify_trivial(long long old_size, const core_merkle_hash old_root, const core_merkle_hash root,
	       int n)
{
	core_merkle_hash empty;

	if (old_size == 0) {
		core_merkle_empty(empty);
		return n == 0 && memcmp(old_root, empty, CORE_MERKLE_HASH) == 0;
	}
	return n == 0 && memcmp(old_root, root, CORE_MERKLE_HASH) == 0;
}

/* Steps 3 to 7 of RFC 9162 2.1.4.2 from fr, the proof's first hash (or
 * the old root), with md; proof[0..n) are the hashes after it. */
static bool
consistency_holds(EVP_MD_CTX *md, long long old_size, long long size, core_merkle_hash fr,
		  const core_merkle_hash *proof, int n, const core_merkle_hash old_root,
		  const core_merkle_hash root)
{
	unsigned long long fn = (unsigned long long)old_size - 1, sn = (unsigned long long)size - 1;
	core_merkle_hash sr;

	memcpy(sr, fr, CORE_MERKLE_HASH);
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	return climb(md, fn, &sn, fr, sr, proof, n) && sn == 0 &&
	       memcmp(fr, old_root, CORE_MERKLE_HASH) == 0 && memcmp(sr, root, CORE_MERKLE_HASH) == 0;
}

bool
core_merkle_verify_consistency(long long old_size, long long size,
			       const core_merkle_hash old_root, const core_merkle_hash root,
			       const core_merkle_hash *proof, int n)
{
	core_merkle_hash fr;
	EVP_MD_CTX *md;
	int i = 0;
	bool ok;

	if (old_size < 0 || old_size > size || n < 0 || n > CORE_MERKLE_MAX_PROOF)
		return false;
	if (old_size == 0 || old_size == size)
		return verify_trivial(old_size, old_root, root, n);
	if (n == 0)
		return false;
	/* Step 2: a power-of-two old tree is a node of the new one, so the
	 * proof starts from old_root itself rather than from its first hash. */
	if ((old_size & (old_size - 1)) == 0)
		memcpy(fr, old_root, CORE_MERKLE_HASH);
	else
		memcpy(fr, proof[i++], CORE_MERKLE_HASH);
	md = EVP_MD_CTX_new();
	ok = consistency_holds(md, old_size, size, fr, proof + i, n - i, old_root, root);
	EVP_MD_CTX_free(md);
	return ok;
}

void
core_merkle_b64(const core_merkle_hash h, char out[CORE_MERKLE_B64])
{
	core_base64_encode(h, CORE_MERKLE_HASH, out);
}

bool
core_merkle_from_b64(const char *text, core_merkle_hash out)
{
	size_t n = 0;

	return text && core_base64_decode(text, strlen(text), out, CORE_MERKLE_HASH, &n) &&
	       n == CORE_MERKLE_HASH;
}
