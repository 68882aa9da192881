/* merkle_dump [MAX [BIG]]: the roots and proofs of core_merkle as JSON lines,
 * for tests/merkle_verify.py to check with its own implementation of RFC
 * 9162. The leaves are the bytes "leaf 0", "leaf 1", ...; for every size
 * 1..MAX (300): its root, every inclusion proof, and the consistency proof
 * from every smaller or equal size; then proofs in trees of up to BIG
 * (100000) leaves at sizes and indexes drawn from a fixed seed.
 *
 *   {"size":N,"root":B64}
 *   {"leaf":I,"size":N,"proof":[B64,...]}
 *   {"old":M,"size":N,"proof":[B64,...]}
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/core_merkle.h"

#define BIG_SAMPLES 40

/* Every complete subtree of the leaves, level by level, so that a proof
 * costs only its own hashes. */
struct levels {
	core_merkle_hash *at[64];
	long long count[64];
	int top;
};

static void
levels_build(struct levels *lv, long long leaves)
{
	memset(lv, 0, sizeof(*lv));
	lv->count[0] = leaves;
	lv->at[0] = malloc((size_t)leaves * sizeof(core_merkle_hash));
	if (!lv->at[0])
		abort();
	for (long long i = 0; i < leaves; i++) {
		char text[32];
		int len = snprintf(text, sizeof(text), "leaf %lld", i);
		core_merkle_leaf(text, (size_t)len, lv->at[0][i]);
	}
	for (int l = 1; lv->count[l - 1] >= 2; l++) {
		lv->count[l] = lv->count[l - 1] / 2;
		lv->at[l] = malloc((size_t)lv->count[l] * sizeof(core_merkle_hash));
		if (!lv->at[l])
			abort();
		for (long long i = 0; i < lv->count[l]; i++)
			core_merkle_node(lv->at[l - 1][2 * i], lv->at[l - 1][2 * i + 1], lv->at[l][i]);
		lv->top = l;
	}
}

static void
levels_free(struct levels *lv)
{
	for (int l = 0; l <= lv->top; l++)
		free(lv->at[l]);
}

static int
subtree(void *ctx, int level, long long index, core_merkle_hash out)
{
	struct levels *lv = ctx;

	if (level < 0 || level > lv->top || index < 0 || index >= lv->count[level]) {
		fprintf(stderr, "merkle_dump: asked for subtree %lld at level %d\n", index, level);
		exit(1);
	}
	memcpy(out, lv->at[level][index], CORE_MERKLE_HASH);
	return 0;
}

static void
print_proof(const core_merkle_hash *proof, int n)
{
	char text[CORE_MERKLE_B64];

	fputs("\"proof\":[", stdout);
	for (int i = 0; i < n; i++) {
		core_merkle_b64(proof[i], text);
		printf("%s\"%s\"", i ? "," : "", text);
	}
	fputs("]}\n", stdout);
}

static void
dump_root(struct levels *lv, long long size)
{
	core_merkle_hash root;
	char text[CORE_MERKLE_B64];

	if (core_merkle_root(subtree, lv, size, root) != 0)
		exit(1);
	core_merkle_b64(root, text);
	printf("{\"size\":%lld,\"root\":\"%s\"}\n", size, text);
}

/* A proof of either kind (both take their two sizes alike), after its
 * first member's key: "leaf" for inclusion, "old" for consistency. */
typedef int (*prove_fn)(core_merkle_subtree_fn fn, void *ctx, long long a, long long size,
			core_merkle_hash proof[CORE_MERKLE_MAX_PROOF], int *n);

static void
dump_proof(struct levels *lv, prove_fn prove, const char *key, long long a, long long size)
{
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF];
	int n;

	if (prove(subtree, lv, a, size, proof, &n) != 0)
		exit(1);
	printf("{\"%s\":%lld,\"size\":%lld,", key, a, size);
	print_proof(proof, n);
}

/* A fixed generator, so that a failure can be run again. */
static long long
next_random(unsigned long long *state, long long below)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (long long)((*state >> 33) % (unsigned long long)below);
}

static long long
arg(int argc, char **argv, int i, long long fallback)
{
	char *end;
	long long v;

	if (argc <= i)
		return fallback;
	v = strtoll(argv[i], &end, 10);
	if (*end || v < 1 || v > 10000000) {
		fprintf(stderr, "merkle_dump: bad count '%s'\n", argv[i]);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	long long max = arg(argc, argv, 1, 300), big = arg(argc, argv, 2, 100000);
	unsigned long long seed = 9162;
	struct levels lv;

	levels_build(&lv, max > big ? max : big);
	for (long long size = 1; size <= max; size++) {
		dump_root(&lv, size);
		for (long long leaf = 0; leaf < size; leaf++)
			dump_proof(&lv, core_merkle_inclusion, "leaf", leaf, size);
		for (long long old = 1; old <= size; old++)
			dump_proof(&lv, core_merkle_consistency, "old", old, size);
	}
	for (int i = 0; i < BIG_SAMPLES; i++) {
		long long size = 1 + next_random(&seed, big);
		long long old = 1 + next_random(&seed, size);

		dump_root(&lv, size);
		dump_root(&lv, old);
		dump_proof(&lv, core_merkle_inclusion, "leaf", next_random(&seed, size), size);
		dump_proof(&lv, core_merkle_inclusion, "leaf", size - 1, size);
		dump_proof(&lv, core_merkle_consistency, "old", old, size);
	}
	levels_free(&lv);
	return ferror(stdout) || fflush(stdout) != 0 ? 1 : 0;
}
