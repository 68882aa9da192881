#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>

#include "billcon/app_demo.h"
#include "fixture.h"

/* One demo store per test process, made before the tests fork, that each
 * test copies: the same bytes a demo init at FIXTURE_NOW writes, without
 * its cost per test (seconds each under valgrind). */
static char template_path[4096];

static void
make_demo(char *path)
{
	char dir[] = "/tmp/billcon-test-XXXXXX";
	struct core_error err;

	setenv("BILLCON_NOW", FIXTURE_NOW, 1);
	setenv("BILLCON_CONFIG", "/nonexistent/billcon-config", 1);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, 4096, "%s/demo.db", dir);
	core_error_clear(&err);
	ck_assert_msg(app_demo_init(path, 0, &err) == CORE_OK, "demo init: %s", err.message);
}

static void
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;

	ck_assert_ptr_nonnull(in);
	ck_assert_ptr_nonnull(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

/* Outside any test (no ck_assert): a failure leaves template_path empty,
 * and each test then makes its own demo and reports why it cannot. */
static void
make_template(void)
{
	char dir[] = "/tmp/billcon-test-XXXXXX";
	struct core_error err;

	setenv("BILLCON_NOW", FIXTURE_NOW, 1);
	setenv("BILLCON_CONFIG", "/nonexistent/billcon-config", 1);
	if (!mkdtemp(dir))
		return;
	snprintf(template_path, sizeof(template_path), "%s/demo.db", dir);
	if (app_demo_init(template_path, 0, &err) != CORE_OK) {
		fprintf(stderr, "fixture: demo init: %s\n", err.message);
		template_path[0] = '\0';
	}
	unsetenv("BILLCON_NOW");
}

void
fixture_demo(char *path)
{
	char dir[] = "/tmp/billcon-test-XXXXXX";

	if (!template_path[0]) {
		make_demo(path);
		return;
	}
	setenv("BILLCON_NOW", FIXTURE_NOW, 1);
	setenv("BILLCON_CONFIG", "/nonexistent/billcon-config", 1);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, 4096, "%s/demo.db", dir);
	copy_file(template_path, path);
}

void
fixture_cleanup(const char *path)
{
	char cmd[4200];
	const char *slash = strrchr(path, '/');

	snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(slash - path), path);
	ck_assert_int_eq(system(cmd), 0);
}

struct app_ctx *
fixture_open(const char *path, const char *actor, bool read_only)
{
	struct app_options o = { .db_path = path, .actor = actor, .read_only = read_only };
	struct app_ctx *ctx = NULL;
	struct core_error err;

	core_error_clear(&err);
	ck_assert_msg(app_open(&o, &ctx, &err) == CORE_OK, "open: %s", err.message);
	return ctx;
}

long long
fixture_count(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	long long n = -1;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

int
fixture_ids(const char *path, const char *sql, long long *ids, int max)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	int n = 0;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(db));
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (n < max)
			ids[n] = sqlite3_column_int64(s, 0);
		n++;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

enum core_status
fixture_slurp(const char *dir, const char *name, char **body, size_t *len, struct core_error *err)
{
	char path[1024];
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "rb")))
		return core_error_set(err, CORE_REMOTE, "no fixture %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	*body = malloc((size_t)n + 1);
	*len = fread(*body, 1, (size_t)n, f);
	(*body)[*len] = '\0';
	fclose(f);
	return CORE_OK;
}

int
fixture_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

int
fixture_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	make_template();
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	if (template_path[0]) {
		char cmd[4200];
		snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)(strrchr(template_path, '/') - template_path),
			 template_path);
		if (system(cmd) != 0)
			fprintf(stderr, "fixture: could not remove %s\n", template_path);
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

bool
fixture_quick(void)
{
	const char *q = getenv("BILLCON_TEST_QUICK");

	return q && *q && strcmp(q, "0") != 0;
}

char fixture_path[4096];

void
fixture_setup(void)
{
	fixture_demo(fixture_path);
}

void
fixture_teardown(void)
{
	unsetenv("BILLCON_NOW");
	fixture_cleanup(fixture_path);
}
