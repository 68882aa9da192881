#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <sqlite3.h>

#include "billcon/app_demo.h"
#include "fixture.h"

void
fixture_demo(char *path)
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

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
