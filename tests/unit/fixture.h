/* Test fixtures: a demo store in a fresh temporary directory, at a fixed time. */
#ifndef BILLCON_TESTS_FIXTURE_H
#define BILLCON_TESTS_FIXTURE_H

#include <stdbool.h>

#include <check.h>

#include "billcon/app_context.h"

/* The fixed "now" the fixtures make their stores at (BILLCON_NOW). */
#define FIXTURE_NOW "2026-01-15T00:00:00Z"

/* The demo's tenants and people (app/demo.c). */
#define FABRIKAM "c0000000-0000-4000-8000-000000000002"
#define TAILSPIN "c0000000-0000-4000-8000-000000000003"
#define WINGTIP "c0000000-0000-4000-8000-000000000004"
#define LITWARE "c0000000-0000-4000-8000-000000000006"
#define CONTOSO_PRIMARY "c0000000-0000-4000-8000-000000000001"
#define RELECLOUD "c0000000-0000-4000-8000-000000000008"

/* Makes a temporary directory with a demo store in it (at FIXTURE_NOW) and
 * writes the store's path into path (4096 bytes). */
void fixture_demo(char *path);

/* Removes the directory fixture_demo made for path. */
void fixture_cleanup(const char *path);

/* Opens ctx on path as actor (NULL: the demo's owner), read-only or not;
 * fails the test when it cannot. */
struct app_ctx *fixture_open(const char *path, const char *actor, bool read_only);

/* The number of rows of the SQL count query sql run on path directly. */
long long fixture_count(const char *path, const char *sql);

/* The first column of every row of sql run on path directly, into ids (at
 * most max); returns how many rows there were. */
int fixture_ids(const char *path, const char *sql, long long *ids, int max);

/* The bytes of dir/name into *body (malloc'd, NUL-terminated; the caller
 * frees) and *len: a fetch callback's page from a fixture file;
 * CORE_REMOTE with a sentence when it cannot be read. */
enum core_status fixture_slurp(const char *dir, const char *name, char **body, size_t *len,
			       struct core_error *err);

/* Runs sql on path directly (tests may tamper); returns sqlite's code. */
int fixture_exec(const char *path, const char *sql);

/* The store of the test under way, made by fixture_setup. */
extern char fixture_path[4096];

/* A checked fixture: a demo store at fixture_path for each test, removed
 * (and the clock set free) after it. */
void fixture_setup(void);
void fixture_teardown(void);

/* True under tests/valgrind (BILLCON_TEST_QUICK): a test that repeats one
 * path over many inputs may take a sample of them, as each query costs 50
 * times as much there and the plain and sanitizer runs take them all. */
bool fixture_quick(void);

/* Runs every test of s; the exit status for main (failure when any failed). */
int fixture_run(Suite *s);

#endif
