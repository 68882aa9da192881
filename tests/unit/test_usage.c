/* Unit tests of Azure Stack usage (DOMAIN.md §7 "Usage routing"): each
 * rule of a row with its sentence (core_usage), the CSV header and the
 * JSON lines (cli_usagefile), and the import on the demo store: a file
 * with bad rows refused whole with every line, routing to customer and
 * default subscriptions on two deployments, one audit entry, the same
 * file never twice, read-only refused; the report from the totals. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "billcon/app_audit.h"
#include "billcon/app_usage.h"
#include "billcon/cli_usagefile.h"
#include "billcon/core_usage.h"
#include "fixture.h"

#define SUB(n) "5c000000-0000-4000-8000-0000000000" n
#define ADVENTURE "c0000000-0000-4000-8000-000000000005"

/* Checks a row of texts; returns the status, the sentence in err. */
static enum core_status
check(const char *dep, const char *tenant, const char *meter, const char *q, const char *start, const char *end,
      struct core_error *err)
{
	struct core_usage_fields f = { { dep, tenant, meter, q, start, end } };
	struct core_usage_row row;

	core_error_clear(err);
	return core_usage_check(&f, &row, err);
}

#define REFUSED(sentence, ...) \
	do { \
		struct core_error e_; \
		ck_assert_int_eq(check(__VA_ARGS__, &e_), CORE_USAGE); \
		ck_assert_msg(strstr(e_.message, sentence) != NULL, "\"%s\" lacks \"%s\"", e_.message, sentence); \
	} while (0)

START_TEST(good_row_is_read)
{
	struct core_usage_fields f = { { " stack-redmond ", "{C0000000-0000-4000-8000-000000000003}", "vcpu-hours",
					 " 1.5e2 ", "2026-11-30", "2026-11-30T10:00:00.250+01:00" } };
	struct core_usage_row row;
	struct core_error err;

	ck_assert_int_eq(core_usage_check(&f, &row, &err), CORE_OK);
	ck_assert_str_eq(row.deployment, "stack-redmond");
	ck_assert_str_eq(row.tenant, TAILSPIN);
	ck_assert(row.quantity == 150.0);
	ck_assert_str_eq(row.end, "2026-11-30T10:00:00.250+01:00");
	ck_assert_int_eq(check("d", TAILSPIN, "m", "0", "2026-11-30T10:00Z", "2026-11-30T10:00Z", &err), CORE_OK);
	ck_assert_int_eq(check("d", TAILSPIN, "m", "-0", "2024-02-29", "2024-03-01", &err), CORE_OK);
}
END_TEST

START_TEST(bad_dates_are_refused)
{
	REFUSED("The start \"2026-02-30\" is not an ISO 8601 date", "d", TAILSPIN, "m", "1", "2026-02-30", "2026-03-01");
	REFUSED("The start \"2025-02-29\"", "d", TAILSPIN, "m", "1", "2025-02-29", "2026-03-01");
	REFUSED("The end \"yesterday\" is not", "d", TAILSPIN, "m", "1", "2026-11-01", "yesterday");
	REFUSED("The end \"2026-11-01T24:00:00Z\"", "d", TAILSPIN, "m", "1", "2026-11-01", "2026-11-01T24:00:00Z");
	REFUSED("The start \"2026-11-01T10:00:00Q\"", "d", TAILSPIN, "m", "1", "2026-11-01T10:00:00Q", "2026-11-02");
	REFUSED("The start \"26-11-01\"", "d", TAILSPIN, "m", "1", "26-11-01", "2026-11-02");
	REFUSED("The start \"\"", "d", TAILSPIN, "m", "1", "", "2026-11-02");
}
END_TEST

START_TEST(end_before_start_is_refused)
{
	REFUSED("The end 2026-10-31 is before the start 2026-11-01.", "d", TAILSPIN, "m", "1", "2026-11-01",
		"2026-10-31");
	/* 10:00 at +02:00 is 08:00 UTC: before 09:00Z. */
	REFUSED("is before the start", "d", TAILSPIN, "m", "1", "2026-11-01T09:00:00Z", "2026-11-01T10:00:00+02:00");
}
END_TEST

START_TEST(bad_quantities_are_refused)
{
	REFUSED("The quantity is negative (-3).", "d", TAILSPIN, "m", "-3", "2026-11-01", "2026-11-02");
	REFUSED("The quantity is negative (-0.001).", "d", TAILSPIN, "m", "-0.001", "2026-11-01", "2026-11-02");
	REFUSED("The quantity \"nan\" is not a finite decimal number.", "d", TAILSPIN, "m", "nan", "2026-11-01",
		"2026-11-02");
	REFUSED("The quantity \"inf\"", "d", TAILSPIN, "m", "inf", "2026-11-01", "2026-11-02");
	REFUSED("The quantity \"1e999\"", "d", TAILSPIN, "m", "1e999", "2026-11-01", "2026-11-02");
	REFUSED("The quantity \"0x10\"", "d", TAILSPIN, "m", "0x10", "2026-11-01", "2026-11-02");
	REFUSED("The quantity \"\"", "d", TAILSPIN, "m", "", "2026-11-01", "2026-11-02");
	REFUSED("The quantity \"1,5\"", "d", TAILSPIN, "m", "1,5", "2026-11-01", "2026-11-02");
}
END_TEST

START_TEST(tenant_meter_and_deployment_are_checked)
{
	REFUSED("The tenant \"tailspin\" is not a GUID.", "d", "tailspin", "m", "1", "2026-11-01", "2026-11-02");
	REFUSED("A meter is required.", "d", TAILSPIN, "  ", "1", "2026-11-01", "2026-11-02");
	REFUSED("A deployment is required.", "", TAILSPIN, "m", "1", "2026-11-01", "2026-11-02");
	REFUSED("The meter may not hold control characters", "d", TAILSPIN, "a\033b", "1", "2026-11-01", "2026-11-02");
	REFUSED("The row has no meter.", "d", TAILSPIN, NULL, "1", "2026-11-01", "2026-11-02");
}
END_TEST

START_TEST(header_takes_any_order)
{
	const char *names[] = { "End", "start", "extra", "quantity", " meter ", "tenant", "deployment" };
	const char *twice[] = { "deployment", "tenant", "meter", "quantity", "start", "end", "tenant" };
	int cols[CORE_USAGE_NCOLS];
	struct core_error err;

	ck_assert_int_eq(core_usage_header(names, 7, cols, &err), CORE_OK);
	ck_assert_int_eq(cols[CORE_USAGE_DEPLOYMENT], 6);
	ck_assert_int_eq(cols[CORE_USAGE_END], 0);
	ck_assert_int_eq(cols[CORE_USAGE_METER], 4);
	ck_assert_int_eq(core_usage_header(twice, 7, cols, &err), CORE_USAGE);
	ck_assert_str_eq(err.message, "The header names the column tenant twice.");
	ck_assert_int_eq(core_usage_header(names + 1, 6, cols, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "The header has no column end"));
}
END_TEST

/* Decodes one JSON line. */
static int
json_row(const char *line, struct core_usage_fields *f, char *q, struct core_error *err)
{
	json_t *hold = NULL;
	int rc = cli_usagefile_json_row(line, strlen(line), f, &hold, q, err);

	json_decref(hold);
	return rc;
}

START_TEST(json_lines_are_decoded)
{
	struct core_usage_fields f;
	struct core_error err;
	char q[64];

	ck_assert_int_eq(json_row("{\"deployment\":\"d\",\"tenant\":\"t\",\"meter\":\"m\",\"quantity\":2.5,"
				  "\"start\":\"s\",\"end\":\"e\",\"other\":[1]}", &f, q, &err), 1);
	ck_assert_str_eq(f.v[CORE_USAGE_QUANTITY], "2.5");
	ck_assert_int_eq(json_row("  \r\n", &f, q, &err), 0);
	ck_assert_int_eq(json_row("[1]", &f, q, &err), -1);
	ck_assert_str_eq(err.message, "The line is not a JSON object.");
	ck_assert_int_eq(json_row("{\"deployment\":1}", &f, q, &err), -1);
	ck_assert_str_eq(err.message, "The deployment is not a string.");
	ck_assert_int_eq(json_row("{\"deployment\":\"d\"}", &f, q, &err), -1);
	ck_assert_str_eq(err.message, "The row has no tenant.");
	ck_assert_int_eq(json_row("{\"deployment\":\"d\",\"deployment\":\"e\"}", &f, q, &err), -1);
	ck_assert_int_eq(json_row("{nope", &f, q, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, "The line is not JSON"));
}
END_TEST

/* ---- the import on the demo store ---- */

static char file_path[4200];

/* Writes text as the test's usage file (beside the store) and imports it
 * in format as ctx's actor. */
static enum core_status
import(struct app_ctx *ctx, const char *text, enum cli_usage_format format, struct app_usage_result *r,
       struct core_error *err)
{
	struct app_usage_source src;
	struct cli_usagefile u;
	enum core_status rc;
	FILE *f;

	snprintf(file_path, sizeof(file_path), "%s.usage", fixture_path);
	f = fopen(file_path, "w+b");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert(cli_usagefile_init(&u, f, format, &src));
	core_error_clear(err);
	rc = app_usage_import(ctx, f, "usage.csv", &src, r, err);
	cli_usagefile_done(&u);
	fclose(f);
	remove(file_path);
	return rc;
}

#define HEADER "deployment,tenant,meter,quantity,start,end\n"

START_TEST(bad_file_is_refused_whole_with_every_line)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	long long audit = fixture_count(fixture_path, "SELECT count(*) FROM audit");
	struct app_usage_result r;
	struct core_error err;
	const char *text = HEADER
		"stack-redmond," TAILSPIN ",vcpu,1,2026-11-01,2026-11-02\n"       /* 2: good */
		"stack-redmond," TAILSPIN ",vcpu,-4,2026-11-01,2026-11-02\n"      /* 3 */
		"stack-nowhere," TAILSPIN ",vcpu,1,2026-11-01,2026-11-02\n"       /* 4 */
		"stack-dublin," TAILSPIN ",vcpu,1,2026-11-03,2026-11-02\n"        /* 5 */
		"stack-dublin,nobody,vcpu,1,2026-11-01,2026-11-02\n"              /* 6 */
		"stack-dublin," TAILSPIN ",vcpu,1,2026-13-01,2026-11-02\n"        /* 7 */
		"stack-dublin," TAILSPIN ",vcpu,1\n"                              /* 8 */
		"stack-dublin," TAILSPIN ",vcpu,1,2026-11-01,2026-11-02\n";       /* 9: good */

	ck_assert_int_eq(import(ctx, text, CLI_USAGE_CSV, &r, &err), CORE_REFUSED);
	ck_assert_str_eq(err.message, "The usage file usage.csv has 6 bad rows of 8; nothing was imported.");
	ck_assert_int_eq(r.nbad, 6);
	ck_assert_uint_eq(r.nkept, 6);
	ck_assert_int_eq(r.bad[0].line, 3);
	ck_assert_str_eq(r.bad[0].why, "The quantity is negative (-4).");
	ck_assert_int_eq(r.bad[1].line, 4);
	ck_assert_str_eq(r.bad[1].why, "There is no registered Azure Stack deployment named \"stack-nowhere\".");
	ck_assert_int_eq(r.bad[2].line, 5);
	ck_assert_str_eq(r.bad[2].why, "The end 2026-11-02 is before the start 2026-11-03.");
	ck_assert_int_eq(r.bad[3].line, 6);
	ck_assert_str_eq(r.bad[3].why, "The tenant \"nobody\" is not a GUID.");
	ck_assert_int_eq(r.bad[4].line, 7);
	ck_assert_int_eq(r.bad[5].line, 8);
	ck_assert_str_eq(r.bad[5].why, "The row has 4 fields where the header has 6.");
	app_usage_result_free(&r);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit"), audit);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_record"), 0);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_import"), 0);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_total"), 0);
	app_close(ctx);
}
END_TEST

START_TEST(refusal_keeps_the_first_hundred)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	struct app_usage_result r;
	struct core_error err;
	char *text = malloc(300 * 80 + 100);
	size_t n = 0;
	int i;

	n += (size_t)sprintf(text, HEADER);
	for (i = 0; i < 250; i++)
		n += (size_t)sprintf(text + n, "stack-dublin," TAILSPIN ",vcpu,-1,2026-11-01,2026-11-02\n");
	ck_assert_int_eq(import(ctx, text, CLI_USAGE_CSV, &r, &err), CORE_REFUSED);
	ck_assert_int_eq(r.nbad, 250);
	ck_assert_uint_eq(r.nkept, APP_USAGE_BAD_KEPT);
	ck_assert_int_eq(r.bad[99].line, 101);
	app_usage_result_free(&r);
	free(text);
	app_close(ctx);
}
END_TEST

START_TEST(late_bad_row_rolls_back_what_was_written)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	long long audit = fixture_count(fixture_path, "SELECT count(*) FROM audit");
	struct app_usage_result r;
	struct core_error err;
	char *text = malloc(1000 * 90 + 200);
	size_t n = (size_t)sprintf(text, HEADER);
	int i;

	/* Good rows past several written batches, then one bad at the end. */
	for (i = 0; i < 1000; i++)
		n += (size_t)sprintf(text + n, "stack-dublin," TAILSPIN ",vcpu,1,2026-11-01,2026-11-02\n");
	sprintf(text + n, "stack-dublin," TAILSPIN ",vcpu,1,2026-11-01,2026-10-02\n");
	ck_assert_int_eq(import(ctx, text, CLI_USAGE_CSV, &r, &err), CORE_REFUSED);
	ck_assert_int_eq(r.nbad, 1);
	ck_assert_int_eq(r.bad[0].line, 1002);
	app_usage_result_free(&r);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_record"), 0);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_total"), 0);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_import"), 0);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit"), audit);
	free(text);
	/* The store takes the next import as ever. */
	ck_assert_int_eq(import(ctx, HEADER "stack-dublin," TAILSPIN ",vcpu,1,2026-11-01,2026-11-02\n", CLI_USAGE_CSV,
				&r, &err), CORE_OK);
	app_usage_result_free(&r);
	app_close(ctx);
}
END_TEST

/* The total charged to sub on deployment for tenant, from usage_total. */
static long long
charged(const char *deployment, const char *tenant, const char *sub, int fallback)
{
	char sql[600];

	snprintf(sql, sizeof(sql), "SELECT coalesce(sum(t.quantity), -1) FROM usage_total t JOIN stack_deployment d"
		 " ON d.id = t.deployment WHERE d.name = '%s' AND t.tenant_id = '%s' AND t.subscription_id = '%s'"
		 " AND t.fallback = %d", deployment, tenant, sub, fallback);
	return fixture_count(fixture_path, sql);
}

/* A generated file: each of four tenants on both deployments, n rows
 * each, quantity 1 to n. */
static char *
generated(int n)
{
	static const char *const tenants[] = { TAILSPIN, WINGTIP, ADVENTURE, "0c0ffee0-0000-4000-8000-000000000000" };
	char *text = malloc((size_t)n * 8 * 200 + 100);
	size_t len = (size_t)sprintf(text, "start,end,tenant,deployment,quantity,meter,note\n");
	int i, t, d;

	for (i = 1; i <= n; i++)
		for (t = 0; t < 4; t++)
			for (d = 0; d < 2; d++)
				len += (size_t)sprintf(text + len, "2026-11-%02dT00:00:00Z,2026-11-%02dT01:00:00Z,%s,%s,%d,"
						       "\"vcpu, hours\",x\n", i % 28 + 1, i % 28 + 1, tenants[t],
						       d ? "stack-dublin" : "stack-redmond", i);
	return text;
}

START_TEST(routes_registered_unregistered_and_two_deployment_tenants)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	long long audit = fixture_count(fixture_path, "SELECT count(*) FROM audit"), sum = 100 * 101 / 2;
	struct store_audit_verdict v;
	struct app_usage_result r;
	struct core_error err;
	char *text = generated(100);

	ck_assert_msg(import(ctx, text, CLI_USAGE_CSV, &r, &err) == CORE_OK, "%s", err.message);
	ck_assert_int_eq(r.rows, 800);
	ck_assert_int_eq(r.fallback_rows, 500);
	ck_assert(r.quantity == 8.0 * (double)sum);
	/* Tailspin on both deployments to its customer subscription; Wingtip
	 * on Redmond only; the others to each deployment's default. */
	ck_assert_int_eq(charged("stack-redmond", TAILSPIN, SUB("0b"), 0), sum);
	ck_assert_int_eq(charged("stack-dublin", TAILSPIN, SUB("0b"), 0), sum);
	ck_assert_int_eq(charged("stack-redmond", WINGTIP, SUB("0c"), 0), sum);
	ck_assert_int_eq(charged("stack-dublin", WINGTIP, SUB("02"), 1), sum);
	ck_assert_int_eq(charged("stack-redmond", ADVENTURE, SUB("01"), 1), sum);
	ck_assert_int_eq(charged("stack-dublin", ADVENTURE, SUB("02"), 1), sum);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_record WHERE fallback = 1"), 500);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT sum(rows) FROM usage_total"), 800);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_total WHERE meter = 'vcpu, hours'"), 8);
	/* One audit entry, with the file's hash, rows and totals. */
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit"), audit + 1);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM audit WHERE action = 'usage.import'"
				       " AND object = '/usage/imports/1' AND json_extract(after, '$.rows') = 800"
				       " AND json_extract(after, '$.fallbackRows') = 500"
				       " AND length(json_extract(after, '$.fileHash')) = 64"
				       " AND json_array_length(after, '$.subscriptions') = 5"), 1);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_import WHERE rows = 800 AND"
				       " file_hash = (SELECT json_extract(after, '$.fileHash') FROM audit"
				       " WHERE action = 'usage.import')"), 1);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM sync_outbox WHERE action = 'usage.import'"
				       " AND push = 0"), 1);
	ck_assert_int_eq(app_audit_verify(ctx, NULL, &v, &err), CORE_OK);
	ck_assert_int_eq(v.first_bad, 0);
	app_usage_result_free(&r);
	free(text);
	app_close(ctx);
}
END_TEST

START_TEST(same_file_is_never_imported_twice)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	const char *text = HEADER "stack-dublin," WINGTIP ",vcpu,2,2026-11-01,2026-11-02\n";
	struct app_usage_result r;
	struct core_error err;

	ck_assert_int_eq(import(ctx, text, CLI_USAGE_CSV, &r, &err), CORE_OK);
	app_usage_result_free(&r);
	ck_assert_int_eq(import(ctx, text, CLI_USAGE_CSV, &r, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "was imported already (import 1 of "));
	ck_assert_ptr_nonnull(strstr(err.message, "the same file is never imported twice"));
	app_usage_result_free(&r);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_record"), 1);
	/* Another file with the same rows is another import. */
	ck_assert_int_eq(import(ctx, HEADER "stack-dublin," WINGTIP ",vcpu,2,2026-11-01,2026-11-02\r\n", CLI_USAGE_CSV,
				&r, &err), CORE_OK);
	app_usage_result_free(&r);
	ck_assert_int_eq(charged("stack-dublin", WINGTIP, SUB("02"), 1), 4);
	app_close(ctx);
}
END_TEST

START_TEST(json_lines_import_and_report)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, false);
	const char *text =
		"{\"deployment\":\"stack-redmond\",\"tenant\":\"" TAILSPIN "\",\"meter\":\"vcpu\",\"quantity\":3,"
		"\"start\":\"2026-11-01\",\"end\":\"2026-11-02\"}\n\n"
		"{\"deployment\":\"stack-redmond\",\"tenant\":\"" ADVENTURE "\",\"meter\":\"vcpu\",\"quantity\":\"4.5\","
		"\"start\":\"2026-11-01\",\"end\":\"2026-11-02\"}\n";
	struct store_usage_line *lines;
	struct app_usage_result r;
	struct core_error err;
	enum store_usage_by by;
	size_t n;

	ck_assert_msg(import(ctx, text, CLI_USAGE_JSONL, &r, &err) == CORE_OK, "%s", err.message);
	ck_assert_int_eq(r.rows, 2);
	app_usage_result_free(&r);
	ck_assert(app_usage_by_parse("tenant", &by));
	ck_assert_int_eq(app_usage_report(ctx, by, &lines, &n, &err), CORE_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(lines[0].tenant_id, TAILSPIN);
	ck_assert(!lines[0].fallback);
	ck_assert_str_eq(lines[1].subscription_id, SUB("01"));
	ck_assert(lines[1].fallback && lines[1].quantity == 4.5);
	free(lines);
	ck_assert_int_eq(app_usage_report(ctx, STORE_USAGE_BY_SUBSCRIPTION, &lines, &n, &err), CORE_OK);
	ck_assert_uint_eq(n, 2);
	free(lines);
	ck_assert(!app_usage_by_parse("region", &by));
	/* A bad line is named by its number, blank lines counted. */
	ck_assert_int_eq(import(ctx, "\n{\"deployment\":\"stack-redmond\"}\n", CLI_USAGE_JSONL, &r, &err), CORE_REFUSED);
	ck_assert_int_eq(r.bad[0].line, 2);
	app_usage_result_free(&r);
	app_close(ctx);
}
END_TEST

START_TEST(read_only_and_readers_are_refused)
{
	struct app_ctx *ctx = fixture_open(fixture_path, NULL, true);
	const char *text = HEADER "stack-dublin," WINGTIP ",vcpu,2,2026-11-01,2026-11-02\n";
	struct app_usage_result r;
	struct core_error err;

	ck_assert_int_eq(import(ctx, text, CLI_USAGE_CSV, &r, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "import Azure Stack usage"));
	app_usage_result_free(&r);
	app_close(ctx);
	ctx = fixture_open(fixture_path, "cleo@contoso.com", false);
	ck_assert_int_eq(import(ctx, text, CLI_USAGE_CSV, &r, &err), CORE_FORBIDDEN);
	app_usage_result_free(&r);
	app_close(ctx);
	ck_assert_int_eq(fixture_count(fixture_path, "SELECT count(*) FROM usage_import"), 0);
}
END_TEST

/* The demo store without the demo's own usage, so each figure checked is
 * the file's the test imports (and import numbers start at 1). */
static void
usage_setup(void)
{
	fixture_setup();
	ck_assert_int_eq(fixture_exec(fixture_path, "DELETE FROM usage_total; DELETE FROM usage_record;"
				      " DELETE FROM usage_import"), 0);
}

static Suite *
usage_suite(void)
{
	Suite *s = suite_create("usage");
	TCase *tc = tcase_create("rows");

	tcase_add_test(tc, good_row_is_read);
	tcase_add_test(tc, bad_dates_are_refused);
	tcase_add_test(tc, end_before_start_is_refused);
	tcase_add_test(tc, bad_quantities_are_refused);
	tcase_add_test(tc, tenant_meter_and_deployment_are_checked);
	tcase_add_test(tc, header_takes_any_order);
	tcase_add_test(tc, json_lines_are_decoded);
	suite_add_tcase(s, tc);
	tc = tcase_create("import");
	tcase_add_checked_fixture(tc, usage_setup, fixture_teardown);
	tcase_add_test(tc, bad_file_is_refused_whole_with_every_line);
	tcase_add_test(tc, refusal_keeps_the_first_hundred);
	tcase_add_test(tc, late_bad_row_rolls_back_what_was_written);
	tcase_add_test(tc, routes_registered_unregistered_and_two_deployment_tenants);
	tcase_add_test(tc, same_file_is_never_imported_twice);
	tcase_add_test(tc, json_lines_import_and_report);
	tcase_add_test(tc, read_only_and_readers_are_refused);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return fixture_run(usage_suite());
}
