/* bench/audit-proof.c: how long the audit tree's root (what a checkpoint
 * signs) and an inclusion and a consistency proof take at a store's size,
 * called as billcon calls them, and the memory that takes. Built by
 * `make bench-audit`; run by bench/run-audit.sh.
 *
 * Usage: audit-proof DB [RUNS]
 * Prints "name first_ms median_ms max_ms" lines, then "entries N" and
 * "maxrss_kb N". The store is opened read-only. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "billcon/store_audit.h"
#include "billcon/store_db.h"

#define MAX_RUNS 1000

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Prints the first, median and largest of n times (sorting them). */
static void
report(const char *name, double *ms, int n)
{
	double first = ms[0];

	qsort(ms, (size_t)n, sizeof(*ms), by_value);
	printf("%s %.3f %.3f %.3f\n", name, first, ms[n / 2], ms[n - 1]);
}

/* Which entry run i proves: spread over the trail, never the same twice
 * running, so that each proof reads other leaves. */
static long long
pick(long long size, int i)
{
	return 1 + (long long)(((unsigned long long)i * 2654435761ULL + 12345) % (unsigned long long)size);
}

static int
run(struct store *st, int runs)
{
	static double ms[3][MAX_RUNS];
	core_merkle_hash root, proof[CORE_MERKLE_MAX_PROOF];
	struct core_error err;
	long long size;
	double t;
	int i, n;

	if (store_audit_size(st, &size, &err) || size < 2) {
		fprintf(stderr, "audit-proof: no trail to prove: %s\n", size < 2 ? "under 2 entries" : err.message);
		return 1;
	}
	for (i = 0; i < runs; i++) {
		t = now_ms();
		if (store_audit_root(st, size, root, &err))
			goto failed;
		ms[0][i] = now_ms() - t;
		t = now_ms();
		if (store_audit_inclusion(st, pick(size, i), size, proof, &n, &err))
			goto failed;
		ms[1][i] = now_ms() - t;
		t = now_ms();
		if (store_audit_consistency(st, pick(size - 1, i), size, proof, &n, &err))
			goto failed;
		ms[2][i] = now_ms() - t;
	}
	report("root", ms[0], runs);
	report("inclusion", ms[1], runs);
	report("consistency", ms[2], runs);
	printf("entries %lld\n", size);
	return 0;
failed:
	fprintf(stderr, "audit-proof: %s\n", err.message);
	return 1;
}

int
main(int argc, char **argv)
{
	struct store *st;
	struct core_error err;
	struct rusage ru;
	int runs = argc > 2 ? atoi(argv[2]) : 20, rc;

	if (argc < 2 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: audit-proof DB [RUNS (1 to %d)]\n", MAX_RUNS);
		return 2;
	}
	core_error_clear(&err);
	if (store_open(argv[1], STORE_OPEN_READ_ONLY, &st, &err)) {
		fprintf(stderr, "audit-proof: %s\n", err.message);
		return 1;
	}
	rc = run(st, runs);
	store_close(st);
	getrusage(RUSAGE_SELF, &ru);
	printf("maxrss_kb %ld\n", ru.ru_maxrss);
	return rc;
}
