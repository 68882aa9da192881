/* Unit tests of core_merkle: RFC 9162 section 2.1 tree hashes and proofs,
 * against the Certificate Transparency reference vectors, on every small
 * tree, against tampering, and the number of subtrees a proof of a large
 * tree asks for. tests/cli/merkle.sh checks the proofs independently. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/core_merkle.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_LEAVES 64

/* ------------------------------------------------------------ helpers */

static const char *
to_hex(const core_merkle_hash h)
{
	static char bufs[2][2 * CORE_MERKLE_HASH + 1];
	static int next;
	char *out = bufs[next++ % 2];

	for (int i = 0; i < CORE_MERKLE_HASH; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
	return out;
}

/* A small tree in memory: its leaf hashes, its complete subtrees level by
 * level (so that memcheck runs the suite in seconds), the root of every
 * prefix by the RFC's definition, and a subtree function that refuses (and
 * notes) any subtree that is not complete or not inside the tree. */
struct tree {
	core_merkle_hash leaves[MAX_LEAVES];
	core_merkle_hash level[7][MAX_LEAVES];
	core_merkle_hash root[MAX_LEAVES + 1];
	long long n;
	int calls;
	bool bad_request;
};

/* MTH of count leaf hashes, straight from RFC 9162 2.1.1. */
static void
mth(const core_merkle_hash *leaves, long long count, core_merkle_hash out)
{
	core_merkle_hash left, right;
	long long k = 1;

	if (count == 0) {
		core_merkle_empty(out);
		return;
	}
	if (count == 1) {
		memcpy(out, leaves[0], CORE_MERKLE_HASH);
		return;
	}
	while (k * 2 < count)
		k *= 2;
	mth(leaves, k, left);
	mth(leaves + k, count - k, right);
	core_merkle_node(left, right, out);
}

static int
tree_subtree(void *ctx, int level, long long index, core_merkle_hash out)
{
	struct tree *t = ctx;

	t->calls++;
	if (level < 0 || level > 6 || index < 0 || ((index + 1) << level) > t->n) {
		t->bad_request = true;
		return 1;
	}
	memcpy(out, t->level[level][index], CORE_MERKLE_HASH);
	return 0;
}

static void
tree_derive(struct tree *t)
{
	memcpy(t->level[0], t->leaves, sizeof(t->leaves));
	for (int l = 1; l < 7; l++)
		for (long long i = 0; (i + 1) << l <= t->n; i++)
			mth(t->leaves + (i << l), 1LL << l, t->level[l][i]);
	for (long long size = 0; size <= t->n; size++)
		mth(t->leaves, size, t->root[size]);
}

/* Leaves "leaf 0", "leaf 1", ... */
static void
tree_init(struct tree *t, long long n)
{
	memset(t, 0, sizeof(*t));
	t->n = n;
	for (long long i = 0; i < n; i++) {
		char text[32];
		int len = snprintf(text, sizeof(text), "leaf %lld", i);
		core_merkle_leaf(text, (size_t)len, t->leaves[i]);
	}
	tree_derive(t);
}

/* The Certificate Transparency reference inputs (RFC 6962 test vectors). */
static void
tree_init_ct(struct tree *t)
{
	static const struct {
		const char *bytes;
		size_t len;
	} inputs[] = {
		{ "", 0 },
		{ "\x00", 1 },
		{ "\x10", 1 },
		{ "\x20\x21", 2 },
		{ "\x30\x31", 2 },
		{ "\x40\x41\x42\x43", 4 },
		{ "\x50\x51\x52\x53\x54\x55\x56\x57", 8 },
		{ "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f", 16 },
	};

	memset(t, 0, sizeof(*t));
	t->n = (long long)N_ELEMS(inputs);
	for (size_t i = 0; i < N_ELEMS(inputs); i++)
		core_merkle_leaf(inputs[i].bytes, inputs[i].len, t->leaves[i]);
	tree_derive(t);
}

static void
root_of(struct tree *t, long long size, core_merkle_hash out)
{
	ck_assert_int_eq(core_merkle_root(tree_subtree, t, size, out), 0);
}

static void
assert_proof(const core_merkle_hash *proof, int n, const char *const *want, int want_n)
{
	ck_assert_int_eq(n, want_n);
	for (int i = 0; i < n; i++)
		ck_assert_str_eq(to_hex(proof[i]), want[i]);
}

/* ------------------------------------------------------- reference vectors */

START_TEST(ct_roots)
{
	static const char *const roots[] = {
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
		"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
		"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
		"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
		"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
		"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
	};
	struct tree t;
	core_merkle_hash root;

	tree_init_ct(&t);
	for (long long size = 0; size <= 8; size++) {
		root_of(&t, size, root);
		ck_assert_msg(strcmp(to_hex(root), roots[size]) == 0, "size %lld: root %s, not %s",
			      size, to_hex(root), roots[size]);
	}
	ck_assert(!t.bad_request);
}
END_TEST

START_TEST(ct_inclusion)
{
	static const char *const p0[] = {
		"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
	};
	static const char *const p5[] = {
		"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
		"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	};
	static const char *const p2[] = {
		"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
	};
	static const char *const p1[] = {
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	};
	static const struct {
		long long leaf, size;
		const char *const *proof;
		int n;
	} cases[] = {
		{ 0, 8, p0, 3 }, { 5, 8, p5, 3 }, { 2, 3, p2, 1 }, { 1, 5, p1, 3 },
	};
	struct tree t;
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], root;
	int n;

	tree_init_ct(&t);
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		ck_assert_int_eq(core_merkle_inclusion(tree_subtree, &t, cases[i].leaf, cases[i].size,
						       proof, &n), 0);
		assert_proof(proof, n, cases[i].proof, cases[i].n);
		root_of(&t, cases[i].size, root);
		ck_assert(core_merkle_verify_inclusion(cases[i].leaf, cases[i].size,
						       t.leaves[cases[i].leaf], proof, n, root));
	}
}
END_TEST

START_TEST(ct_consistency)
{
	static const char *const p1_8[] = {
		"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
		"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		"6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
	};
	static const char *const p6_8[] = {
		"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
		"ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
	};
	static const char *const p2_5[] = {
		"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
		"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
	};
	static const struct {
		long long old, size;
		const char *const *proof;
		int n;
	} cases[] = {
		{ 1, 1, NULL, 0 }, { 1, 8, p1_8, 3 }, { 6, 8, p6_8, 3 }, { 2, 5, p2_5, 2 },
	};
	struct tree t;
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], old_root, root;
	int n;

	tree_init_ct(&t);
	for (size_t i = 0; i < N_ELEMS(cases); i++) {
		ck_assert_int_eq(core_merkle_consistency(tree_subtree, &t, cases[i].old, cases[i].size,
							 proof, &n), 0);
		assert_proof(proof, n, cases[i].proof, cases[i].n);
		root_of(&t, cases[i].old, old_root);
		root_of(&t, cases[i].size, root);
		ck_assert(core_merkle_verify_consistency(cases[i].old, cases[i].size, old_root, root,
							 proof, n));
	}
}
END_TEST

/* ------------------------------------------------------ every small tree */

/* Any range, aligned as the RFC's recursion makes them or not (up to 40
 * leaves, enough for every shape and quick under memcheck). */
START_TEST(ranges_match_the_definition)
{
	struct tree t;
	core_merkle_hash got, want;

	tree_init(&t, MAX_LEAVES);
	for (long long lo = 0; lo <= 40; lo++)
		for (long long hi = lo; hi <= 40; hi++) {
			ck_assert_int_eq(core_merkle_range(tree_subtree, &t, lo, hi, got), 0);
			mth(t.leaves + lo, hi - lo, want);
			ck_assert_msg(memcmp(got, want, CORE_MERKLE_HASH) == 0, "MTH(D[%lld:%lld])", lo, hi);
		}
	ck_assert(!t.bad_request);
}
END_TEST

/* The decomposition of [0, n) into complete subtrees: one call a set bit. */
START_TEST(root_asks_one_subtree_a_set_bit)
{
	struct tree t;
	core_merkle_hash root;

	tree_init(&t, MAX_LEAVES);
	for (long long size = 1; size <= MAX_LEAVES; size++) {
		t.calls = 0;
		root_of(&t, size, root);
		ck_assert_int_eq(t.calls, __builtin_popcountll((unsigned long long)size));
	}
}
END_TEST

START_TEST(every_inclusion_proof_verifies)
{
	struct tree t;
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], root;
	int n;

	tree_init(&t, MAX_LEAVES);
	for (long long size = 1; size <= MAX_LEAVES; size++) {
		memcpy(root, t.root[size], CORE_MERKLE_HASH);
		for (long long leaf = 0; leaf < size; leaf++) {
			ck_assert_int_eq(core_merkle_inclusion(tree_subtree, &t, leaf, size, proof, &n), 0);
			ck_assert_msg(core_merkle_verify_inclusion(leaf, size, t.leaves[leaf], proof, n, root),
				      "leaf %lld of %lld", leaf, size);
		}
	}
	ck_assert(!t.bad_request);
}
END_TEST

START_TEST(every_consistency_proof_verifies)
{
	struct tree t;
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], old_root, root;
	int n;

	tree_init(&t, MAX_LEAVES);
	for (long long size = 1; size <= MAX_LEAVES; size++) {
		memcpy(root, t.root[size], CORE_MERKLE_HASH);
		for (long long old = 1; old <= size; old++) {
			memcpy(old_root, t.root[old], CORE_MERKLE_HASH);
			ck_assert_int_eq(core_merkle_consistency(tree_subtree, &t, old, size, proof, &n), 0);
			ck_assert_msg(core_merkle_verify_consistency(old, size, old_root, root, proof, n),
				      "%lld to %lld", old, size);
			ck_assert_int_eq(n == 0, old == size);
		}
	}
	ck_assert(!t.bad_request);
}
END_TEST

/* ------------------------------------------------------------- tampering */

static void
flip(core_merkle_hash h, int byte)
{
	h[byte % CORE_MERKLE_HASH] ^= 0x01;
}

/* Every change to a good inclusion proof, or to what it claims, fails. */
static void
assert_inclusion_tamper_fails(struct tree *t, long long leaf, long long size)
{
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF + 1], root, other_root, hash;
	int n;

	ck_assert_int_eq(core_merkle_inclusion(tree_subtree, t, leaf, size, proof, &n), 0);
	memcpy(root, t->root[size], CORE_MERKLE_HASH);
	for (int i = 0; i < n; i++) {
		flip(proof[i], i * 7);
		ck_assert_msg(!core_merkle_verify_inclusion(leaf, size, t->leaves[leaf], proof, n, root),
			      "flipped hash %d, leaf %lld of %lld", i, leaf, size);
		flip(proof[i], i * 7);
	}
	memcpy(hash, t->leaves[leaf], CORE_MERKLE_HASH);
	flip(hash, 3);
	ck_assert(!core_merkle_verify_inclusion(leaf, size, hash, proof, n, root));
	memcpy(hash, root, CORE_MERKLE_HASH);
	flip(hash, 31);
	ck_assert(!core_merkle_verify_inclusion(leaf, size, t->leaves[leaf], proof, n, hash));
	for (long long other = size - 1; other <= size + 1; other += 2) {
		if (other < 1 || other > MAX_LEAVES || leaf >= other)
			continue;
		memcpy(other_root, t->root[other], CORE_MERKLE_HASH);
		ck_assert_msg(!core_merkle_verify_inclusion(leaf, other, t->leaves[leaf], proof, n,
							    other_root),
			      "leaf %lld of %lld shown in a tree of %lld", leaf, size, other);
	}
	for (long long other = leaf - 1; other <= leaf + 1; other += 2)
		ck_assert_msg(!core_merkle_verify_inclusion(other, size, t->leaves[leaf], proof, n, root),
			      "leaf %lld of %lld shown at %lld", leaf, size, other);
	if (n > 0)
		ck_assert(!core_merkle_verify_inclusion(leaf, size, t->leaves[leaf], proof, n - 1, root));
	memcpy(proof[n], root, CORE_MERKLE_HASH);
	ck_assert(!core_merkle_verify_inclusion(leaf, size, t->leaves[leaf], proof, n + 1, root));
}

START_TEST(tampered_inclusion_fails)
{
	struct tree t;

	tree_init(&t, MAX_LEAVES);
	for (long long size = 1; size <= 24; size++)
		for (long long leaf = 0; leaf < size; leaf++)
			assert_inclusion_tamper_fails(&t, leaf, size);
}
END_TEST

/* Every change to a good consistency proof, or to what it claims, fails. */
static void
assert_consistency_tamper_fails(struct tree *t, long long old, long long size)
{
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF + 1], old_root, root, other_root, hash;
	int n;

	ck_assert_int_eq(core_merkle_consistency(tree_subtree, t, old, size, proof, &n), 0);
	memcpy(old_root, t->root[old], CORE_MERKLE_HASH);
	memcpy(root, t->root[size], CORE_MERKLE_HASH);
	for (int i = 0; i < n; i++) {
		flip(proof[i], i * 5);
		ck_assert_msg(!core_merkle_verify_consistency(old, size, old_root, root, proof, n),
			      "flipped hash %d, %lld to %lld", i, old, size);
		flip(proof[i], i * 5);
	}
	memcpy(hash, old_root, CORE_MERKLE_HASH);
	flip(hash, 0);
	ck_assert(!core_merkle_verify_consistency(old, size, hash, root, proof, n));
	memcpy(hash, root, CORE_MERKLE_HASH);
	flip(hash, 0);
	ck_assert(!core_merkle_verify_consistency(old, size, old_root, hash, proof, n));
	for (long long other = old - 1; other <= old + 1; other += 2) {
		if (other < 1 || other > size)
			continue;
		memcpy(other_root, t->root[other], CORE_MERKLE_HASH);
		ck_assert_msg(!core_merkle_verify_consistency(other, size, other_root, root, proof, n),
			      "%lld to %lld shown from %lld", old, size, other);
	}
	for (long long other = size - 1; other <= size + 1; other += 2) {
		if (other < old || other > MAX_LEAVES)
			continue;
		memcpy(other_root, t->root[other], CORE_MERKLE_HASH);
		ck_assert_msg(!core_merkle_verify_consistency(old, other, old_root, other_root, proof, n),
			      "%lld to %lld shown to %lld", old, size, other);
	}
	if (n > 0)
		ck_assert(!core_merkle_verify_consistency(old, size, old_root, root, proof, n - 1));
	memcpy(proof[n], root, CORE_MERKLE_HASH);
	ck_assert(!core_merkle_verify_consistency(old, size, old_root, root, proof, n + 1));
	if (old < size)
		ck_assert(!core_merkle_verify_consistency(old, size, root, old_root, proof, n));
}

/* Claims whose hashes work out but whose sizes the proof cannot reach: each
 * is refused by one of the RFC's checks on sn alone. */
START_TEST(sizes_the_proof_cannot_reach)
{
	struct tree t;
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], root4, root7, root8, root1;
	int n;

	tree_init(&t, 8);
	/* Leaf 3 of 4 claimed as leaf 1 of 2: its proof runs past the top of
	 * the smaller tree (step 4a). */
	memcpy(root4, t.root[4], CORE_MERKLE_HASH);
	ck_assert_int_eq(core_merkle_inclusion(tree_subtree, &t, 3, 4, proof, &n), 0);
	ck_assert(core_merkle_verify_inclusion(3, 4, t.leaves[3], proof, n, root4));
	ck_assert(!core_merkle_verify_inclusion(1, 2, t.leaves[3], proof, n, root4));
	memcpy(root7, t.root[7], CORE_MERKLE_HASH);
	memcpy(root8, t.root[8], CORE_MERKLE_HASH);
	memcpy(root1, t.root[1], CORE_MERKLE_HASH);
	/* The proof from 7 to 8, claimed from 6 with 7's root: step 6a. */
	ck_assert_int_eq(core_merkle_consistency(tree_subtree, &t, 7, 8, proof, &n), 0);
	ck_assert(core_merkle_verify_consistency(7, 8, root7, root8, proof, n));
	ck_assert(!core_merkle_verify_consistency(6, 8, root7, root8, proof, n));
	/* One leaf's root as a proof that 3 leaves grew to 4: step 7's sn. */
	memcpy(proof[0], root1, CORE_MERKLE_HASH);
	ck_assert(!core_merkle_verify_consistency(3, 4, root1, root1, proof, 1));
}
END_TEST

START_TEST(tampered_consistency_fails)
{
	struct tree t;

	tree_init(&t, MAX_LEAVES);
	for (long long size = 1; size <= 24; size++)
		for (long long old = 1; old <= size; old++)
			assert_consistency_tamper_fails(&t, old, size);
}
END_TEST

START_TEST(bounds_refused)
{
	struct tree t;
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF + 1], root, empty, old_root;
	int n = 99;

	tree_init(&t, 8);
	memcpy(root, t.root[8], CORE_MERKLE_HASH);
	core_merkle_empty(empty);
	ck_assert_int_eq(core_merkle_inclusion(tree_subtree, &t, -1, 8, proof, &n), -1);
	ck_assert_int_eq(n, 0);
	ck_assert_int_eq(core_merkle_inclusion(tree_subtree, &t, 8, 8, proof, &n), -1);
	ck_assert_int_eq(core_merkle_inclusion(tree_subtree, &t, 0, 0, proof, &n), -1);
	ck_assert_int_eq(core_merkle_consistency(tree_subtree, &t, 0, 8, proof, &n), -1);
	ck_assert_int_eq(core_merkle_consistency(tree_subtree, &t, 9, 8, proof, &n), -1);
	ck_assert_int_eq(core_merkle_range(tree_subtree, &t, 5, 4, root), -1);
	ck_assert_int_eq(core_merkle_range(tree_subtree, &t, -1, 4, root), -1);
	ck_assert_int_eq(t.calls, 0);

	ck_assert(!core_merkle_verify_inclusion(0, 0, empty, proof, 0, empty));
	ck_assert(!core_merkle_verify_inclusion(-1, 8, t.leaves[0], proof, 3, root));
	ck_assert(!core_merkle_verify_inclusion(0, 8, t.leaves[0], proof, -1, root));
	ck_assert(!core_merkle_verify_inclusion(0, 8, t.leaves[0], proof, CORE_MERKLE_MAX_PROOF + 1, root));
	/* The one-leaf tree: its root is the leaf, its proof empty. */
	ck_assert(core_merkle_verify_inclusion(0, 1, t.leaves[0], proof, 0, t.leaves[0]));

	/* The empty tree is a prefix of every tree, and only it is. */
	ck_assert(core_merkle_verify_consistency(0, 8, empty, root, proof, 0));
	ck_assert(core_merkle_verify_consistency(0, 0, empty, empty, proof, 0));
	ck_assert(!core_merkle_verify_consistency(0, 8, root, root, proof, 0));
	ck_assert(!core_merkle_verify_consistency(0, 8, empty, root, proof, 1));
	memcpy(old_root, t.root[4], CORE_MERKLE_HASH);
	ck_assert(!core_merkle_verify_consistency(4, 8, old_root, root, proof, 0));
	ck_assert(!core_merkle_verify_consistency(8, 4, root, old_root, proof, 0));
	ck_assert(!core_merkle_verify_consistency(-1, 8, empty, root, proof, 0));
	ck_assert(!core_merkle_verify_consistency(4, 8, old_root, root, proof, CORE_MERKLE_MAX_PROOF + 1));
	ck_assert(core_merkle_verify_consistency(8, 8, root, root, proof, 0));
	ck_assert(!core_merkle_verify_consistency(8, 8, root, old_root, proof, 0));
}
END_TEST

/* ------------------------------------------------------------ big trees */

/* A tree of any size whose every leaf hash is the same: then a complete
 * subtree's hash depends on its level alone, and a proof of a tree of
 * billions of leaves is checked without the leaves. */
struct flat {
	core_merkle_hash level[64];
	long long size;
	int calls;
	bool bad_request;
	int fail_at; /* the call that fails, 0 for none */
};

static void
flat_init(struct flat *f, long long size)
{
	memset(f, 0, sizeof(*f));
	f->size = size;
	core_merkle_leaf("same", 4, f->level[0]);
	for (int l = 1; l < 64; l++)
		core_merkle_node(f->level[l - 1], f->level[l - 1], f->level[l]);
}

static int
flat_subtree(void *ctx, int level, long long index, core_merkle_hash out)
{
	struct flat *f = ctx;

	if (++f->calls == f->fail_at)
		return 7;
	/* Complete, aligned and inside the tree, without overflow. */
	if (level < 0 || level > 62 || index < 0 || index > (f->size >> level) - 1) {
		f->bad_request = true;
		return 1;
	}
	memcpy(out, f->level[level], CORE_MERKLE_HASH);
	return 0;
}

static int
log2_ceil(long long n)
{
	int l = 0;

	while (l < 63 && (1LL << l) < n)
		l++;
	return l;
}

/* Proofs in a tree of size: every one verifies, and asks for at most two
 * subtrees a level (the RFC's bound is one sibling a level, plus the
 * right edge of the tree once). */
static void
assert_big_proofs(long long size, const long long *points, size_t count)
{
	struct flat f;
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], root, old_root;
	int n, budget = 2 * log2_ceil(size) + 1;

	ck_assert_int_le(budget, 2 * CORE_MERKLE_MAX_PROOF);
	flat_init(&f, size);
	ck_assert_int_eq(core_merkle_root(flat_subtree, &f, size, root), 0);
	ck_assert_int_le(f.calls, log2_ceil(size) + 1);
	for (size_t i = 0; i < count; i++) {
		long long p = points[i];

		f.calls = 0;
		ck_assert_int_eq(core_merkle_inclusion(flat_subtree, &f, p, size, proof, &n), 0);
		ck_assert_msg(f.calls <= budget, "leaf %lld of %lld: %d calls", p, size, f.calls);
		ck_assert_msg(core_merkle_verify_inclusion(p, size, f.level[0], proof, n, root),
			      "leaf %lld of %lld", p, size);

		f.calls = 0;
		ck_assert_int_eq(core_merkle_consistency(flat_subtree, &f, p + 1, size, proof, &n), 0);
		ck_assert_msg(f.calls <= budget, "%lld to %lld: %d calls", p + 1, size, f.calls);
		ck_assert_int_eq(core_merkle_root(flat_subtree, &f, p + 1, old_root), 0);
		ck_assert_msg(core_merkle_verify_consistency(p + 1, size, old_root, root, proof, n),
			      "%lld to %lld", p + 1, size);
	}
	ck_assert(!f.bad_request);
}

START_TEST(ten_million_in_log_calls)
{
	static const long long points[] = {
		0, 1, 2, 255, 256, 4194303, 4194304, 5000000, 8388607, 8388608,
		9999998, 9999999, 1234567, 7654321,
	};

	assert_big_proofs(10000000, points, N_ELEMS(points));
}
END_TEST

START_TEST(largest_trees)
{
	static const long long points[] = {
		0, 1, (1LL << 62) - 1, 1LL << 62, (1LL << 62) + 12344, (1LL << 62) + 12345,
		0x5555555555555555LL, 0x7ffffffffffffffdLL, 0x7ffffffffffffffeLL,
	};

	assert_big_proofs(0x7fffffffffffffffLL, points, N_ELEMS(points));
	assert_big_proofs((1LL << 62) + 12346, points, 6);
}
END_TEST

START_TEST(subtree_failure_returned)
{
	struct flat f;
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], root;
	int n;

	for (int at = 1; at <= 3; at++) {
		flat_init(&f, 10000000);
		f.fail_at = at;
		ck_assert_int_eq(core_merkle_root(flat_subtree, &f, 10000000, root), 7);
		f.calls = 0;
		ck_assert_int_eq(core_merkle_inclusion(flat_subtree, &f, 1234567, 10000000, proof, &n), 7);
		f.calls = 0;
		ck_assert_int_eq(core_merkle_consistency(flat_subtree, &f, 1234567, 10000000, proof, &n), 7);
	}
}
END_TEST

/* --------------------------------------------------------------- base64 */

START_TEST(base64_round_trip)
{
	core_merkle_hash h, back;
	char text[CORE_MERKLE_B64];

	core_merkle_empty(h);
	core_merkle_b64(h, text);
	ck_assert_str_eq(text, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	ck_assert(core_merkle_from_b64(text, back));
	ck_assert_mem_eq(h, back, CORE_MERKLE_HASH);
	for (int b = 0; b < 256; b++) {
		memset(h, b, CORE_MERKLE_HASH);
		h[b % CORE_MERKLE_HASH] ^= 0x5a;
		core_merkle_b64(h, text);
		ck_assert_uint_eq(strlen(text), CORE_MERKLE_B64 - 1);
		ck_assert(core_merkle_from_b64(text, back));
		ck_assert_mem_eq(h, back, CORE_MERKLE_HASH);
	}
}
END_TEST

START_TEST(base64_strict)
{
	static const char *const bad[] = {
		"",
		"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",   /* unpadded */
		"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=",  /* stray bits */
		"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuF==",  /* 31 bytes */
		"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n",
		" 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
		"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= ",
		"47DEQpj8HBSa-_TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",  /* URL alphabet */
		"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFUA",  /* 33 bytes */
		"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFUAAAA=",
		"47DEQpj8HBSa+/TImW+5 CeuQeRkm5NMpJWZG3hSuFU=",
		"47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSu=U=",
		"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	};
	core_merkle_hash h;

	for (size_t i = 0; i < N_ELEMS(bad); i++)
		ck_assert_msg(!core_merkle_from_b64(bad[i], h), "accepted \"%s\"", bad[i]);
	ck_assert(!core_merkle_from_b64(NULL, h));
}
END_TEST

static Suite *
merkle_suite(void)
{
	Suite *s = suite_create("merkle");
	TCase *tc = tcase_create("vectors");

	tcase_add_test(tc, ct_roots);
	tcase_add_test(tc, ct_inclusion);
	tcase_add_test(tc, ct_consistency);
	suite_add_tcase(s, tc);

	tc = tcase_create("small trees");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, ranges_match_the_definition);
	tcase_add_test(tc, root_asks_one_subtree_a_set_bit);
	tcase_add_test(tc, every_inclusion_proof_verifies);
	tcase_add_test(tc, every_consistency_proof_verifies);
	tcase_add_test(tc, tampered_inclusion_fails);
	tcase_add_test(tc, tampered_consistency_fails);
	tcase_add_test(tc, sizes_the_proof_cannot_reach);
	tcase_add_test(tc, bounds_refused);
	suite_add_tcase(s, tc);

	tc = tcase_create("big trees");
	tcase_add_test(tc, ten_million_in_log_calls);
	tcase_add_test(tc, largest_trees);
	tcase_add_test(tc, subtree_failure_returned);
	suite_add_tcase(s, tc);

	tc = tcase_create("base64");
	tcase_add_test(tc, base64_round_trip);
	tcase_add_test(tc, base64_strict);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(merkle_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
