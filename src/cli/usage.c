/* cli_usage: the usage commands (cli_usage.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "billcon/app_usage.h"
#include "billcon/cli_out.h"
#include "billcon/cli_usage.h"
#include "billcon/cli_usagefile.h"

/* ---- import ---- */

/* Standard input copied into a temporary file: the import reads its file
 * twice. NULL when it cannot be. */
static FILE *
spool_stdin(void)
{
	static char buf[1 << 16];
	FILE *t = tmpfile();
	size_t got;

	while (t && (got = fread(buf, 1, sizeof(buf), stdin)) > 0)
		if (fwrite(buf, 1, got, t) != got) {
			fclose(t);
			return NULL;
		}
	if (t && (ferror(stdin) || fflush(t) != 0)) {
		fclose(t);
		return NULL;
	}
	return t;
}

/* Each bad row kept, by line, then how many more there were. */
static void
report_bad(const struct app_usage_result *r)
{
	size_t i;

	for (i = 0; i < r->nkept; i++) {
		fprintf(stderr, "billcon: line %ld: ", r->bad[i].line);
		cli_put_safe(stderr, r->bad[i].why);
		fputc('\n', stderr);
	}
	if (r->nbad > (long long)r->nkept)
		fprintf(stderr, "billcon: and %lld more bad rows.\n", r->nbad - (long long)r->nkept);
}

static void
report_done(const char *name, const struct app_usage_result *r, enum cli_format format)
{
	if (format == CLI_JSON) {
		json_t *o = json_pack("{s:I, s:o, s:s, s:I, s:I, s:f}", "importId", (json_int_t)r->import_id,
				      "fileName", app_json_text(name), "fileHash", r->hash, "rows", (json_int_t)r->rows,
				      "fallbackRows", (json_int_t)r->fallback_rows, "quantity", r->quantity);
		cli_put_json(stdout, o);
		json_decref(o);
		return;
	}
	fputs("Imported ", stdout);
	fprintf(stdout, "%lld usage row%s from ", r->rows, r->rows == 1 ? "" : "s");
	cli_put_safe(stdout, name);
	fprintf(stdout, " (import %lld, SHA-256 %s): quantity %.15g; %lld row%s charged to a default "
		"subscription.\n", r->import_id, r->hash, r->quantity, r->fallback_rows,
		r->fallback_rows == 1 ? "" : "s");
}

/* The file and its format from the words after `usage import`. */
static int
import_args(struct cli_args *a, const char **path, enum cli_usage_format *format)
{
	const char *fmt = NULL;
	int i, got;

	*path = NULL;
	for (i = 2; i < a->argc; i++) {
		if ((got = cli_opt_value(a->argc, a->argv, &i, "--format", &fmt)) < 0)
			return cli_usage("--format needs a value: csv or jsonl.");
		if (got)
			continue;
		if (*path)
			return cli_unexpected("usage import", a->argv[i]);
		*path = a->argv[i];
	}
	if (!*path)
		return cli_usage("usage import needs one file (CSV or JSON lines), or - for standard input.");
	/* A mistyped name is said as such, before its extension is. */
	if (strcmp(*path, "-") != 0 && access(*path, R_OK) != 0)
		return cli_usage("The file %.60s cannot be read: %s.", *path, strerror(errno));
	if (fmt && strcmp(fmt, "csv") == 0)
		*format = CLI_USAGE_CSV;
	else if (fmt && (strcmp(fmt, "jsonl") == 0 || strcmp(fmt, "json") == 0))
		*format = CLI_USAGE_JSONL;
	else if (fmt)
		return cli_usage("--format is csv or jsonl, not \"%.60s\".", fmt);
	else if (!cli_usagefile_format_of(*path, format))
		return cli_usage("Say the format of %.60s with --format csv or --format jsonl "
				 "(its name ends in neither .csv nor .jsonl).", *path);
	return 0;
}

static int
run_import(struct app_ctx *ctx, FILE *f, const char *name, enum cli_usage_format format, enum cli_format out)
{
	struct app_usage_source src;
	struct app_usage_result r;
	struct cli_usagefile u;
	struct core_error err;
	int rc = 0;

	if (!cli_usagefile_init(&u, f, format, &src))
		return cli_usage("Out of memory.");
	core_error_clear(&err);
	if (app_usage_import(ctx, f, name, &src, &r, &err)) {
		report_bad(&r);
		rc = cli_fail(&err);
	} else {
		report_done(name, &r, out);
	}
	app_usage_result_free(&r);
	cli_usagefile_done(&u);
	return rc;
}

static int
import_cmd(struct cli_args *a)
{
	enum cli_usage_format format = CLI_USAGE_CSV;
	const char *path;
	struct app_ctx *ctx;
	FILE *f;
	int rc;

	if ((rc = import_args(a, &path, &format)))
		return rc;
	f = strcmp(path, "-") == 0 ? spool_stdin() : fopen(path, "rb");
	if (!f)
		return cli_usage("The file %.60s cannot be read: %s.", path, strerror(errno));
	a->app.changes = APP_USAGE_DOING;
	if (!(rc = cli_open(a, &ctx))) {
		rc = run_import(ctx, f, strcmp(path, "-") == 0 ? "(standard input)" : path, format, a->format);
		app_close(ctx);
	}
	fclose(f);
	return rc;
}

/* ---- report ---- */

static const struct cli_column by_subscription[] = {
	{ "deployment", "DEPLOYMENT", 15 },
	{ "subscriptionId", "CHARGED SUBSCRIPTION", 37 },
	{ "charged", "AS", 9 },
	{ "tenants", "TENANTS", 8 },
	{ "rows", "ROWS", 10 },
	{ "quantity", "QUANTITY", 0 },
};

static const struct cli_column by_tenant[] = {
	{ "deployment", "DEPLOYMENT", 15 },
	{ "tenantId", "TENANT", 37 },
	{ "subscriptionId", "CHARGED SUBSCRIPTION", 37 },
	{ "charged", "AS", 9 },
	{ "rows", "ROWS", 10 },
	{ "quantity", "QUANTITY", 0 },
};

static const struct cli_column by_meter[] = {
	{ "deployment", "DEPLOYMENT", 15 },
	{ "meter", "METER", 24 },
	{ "subscriptionId", "CHARGED SUBSCRIPTION", 37 },
	{ "charged", "AS", 9 },
	{ "tenants", "TENANTS", 8 },
	{ "rows", "ROWS", 10 },
	{ "quantity", "QUANTITY", 0 },
};

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

static int
report_cmd(struct cli_args *a)
{
	enum store_usage_by by = STORE_USAGE_BY_SUBSCRIPTION;
	struct cli_table t = { .format = a->format };
	struct store_usage_line *lines = NULL;
	const char *word = NULL;
	struct core_error err;
	struct app_ctx *ctx;
	size_t n = 0, i;
	int k, got, rc;

	for (k = 2; k < a->argc; k++) {
		if ((got = cli_opt_value(a->argc, a->argv, &k, "--by", &word)) <= 0)
			return got < 0 ? cli_usage("--by needs a value: subscription, tenant or meter.")
				       : cli_unexpected("usage report", a->argv[k]);
		if (!app_usage_by_parse(word, &by))
			return cli_usage("--by is subscription, tenant or meter, not \"%.60s\".", word);
	}
	t.cols = by == STORE_USAGE_BY_TENANT ? by_tenant : by == STORE_USAGE_BY_METER ? by_meter : by_subscription;
	t.ncols = by == STORE_USAGE_BY_TENANT ? NCOLS(by_tenant) : by == STORE_USAGE_BY_METER ? NCOLS(by_meter)
											   : NCOLS(by_subscription);
	a->app.reader = true;
	if ((rc = cli_open(a, &ctx)))
		return rc;
	core_error_clear(&err);
	if (app_usage_report(ctx, by, &lines, &n, &err)) {
		rc = cli_fail(&err);
	} else {
		cli_table_begin(&t);
		for (i = 0; i < n; i++)
			cli_table_row(&t, app_usage_line_json(by, &lines[i]));
		cli_table_end(&t, "no usage imported");
	}
	free(lines);
	app_close(ctx);
	return rc;
}

int
cli_usage_cmd(struct cli_args *a)
{
	const char *verb = a->argc > 1 ? a->argv[1] : NULL;

	if (!verb)
		return cli_usage("usage needs a verb: import or report.");
	if (strcmp(verb, "import") == 0)
		return import_cmd(a);
	if (strcmp(verb, "report") == 0)
		return report_cmd(a);
	return cli_unexpected("usage", verb);
}
