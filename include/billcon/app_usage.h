/* app_usage: importing Azure Stack usage and reporting who is charged
 * (DOMAIN.md §7 "Usage routing").
 *
 * An import reads its file twice, streaming, never holding it: a SHA-256
 * of its bytes (the same file is never imported twice), then one pass in
 * one app_run_write that checks every row (core_usage_check, and a
 * deployment the store has a registration for) and, while every row so
 * far is good, routes and writes it. A file with any bad row is refused
 * whole, with every bad row's line, and the transaction rolls back what
 * was written: nothing lands. A good file lands with one audit entry
 * "usage.import" (file name and hash, rows, total quantity, the totals
 * per charged subscription), kept local (sync pushes nothing: Azure Stack
 * reports usage itself). Importing takes Billing account owner or
 * contributor, as the registrations do. */
#ifndef BILLCON_APP_USAGE_H
#define BILLCON_APP_USAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "billcon/app_context.h"
#include "billcon/core_status.h"
#include "billcon/core_usage.h"
#include "billcon/store_usage.h"

#define APP_USAGE_DOING "import Azure Stack usage"

/* How many bad rows a refusal keeps, in file order; the rest are counted. */
#define APP_USAGE_BAD_KEPT 100

/* The rows of a usage file, in whatever format (cli_usagefile reads CSV
 * and JSON lines). */
struct app_usage_source {
	/* Goes to the first row (past a header); CORE_OK or why not. */
	enum core_status (*start)(void *self, struct core_error *err);
	/* The next row: 1 with its texts in *f (valid until the next call)
	 * and its line in *line; 0 at the end; -1 for a record that cannot
	 * be read, its sentence in err and its line in *line. */
	int (*next)(void *self, struct core_usage_fields *f, long *line, struct core_error *err);
	void *self;
};

/* One bad row of a refused file. */
struct app_usage_bad {
	long line;
	char why[512];
};

/* What an import did, or why it refused the file. */
struct app_usage_result {
	char hash[65];           /* the file's SHA-256 */
	long long import_id;     /* the import made, 0 when refused */
	long long rows, fallback_rows;
	double quantity;
	long long nbad;          /* bad rows in all */
	struct app_usage_bad *bad; /* the first APP_USAGE_BAD_KEPT of them (malloc'd) */
	size_t nkept;
};

/* Imports the rows src reads from f (a seekable stream of the file, read
 * for its hash), recording name. CORE_OK with r filled when it landed;
 * CORE_REFUSED when a row is bad (r->nbad, r->bad; nothing written) or
 * the same bytes were imported before (the sentence names when and by
 * whom); CORE_USAGE for a file with no rows. Free r with
 * app_usage_result_free, also after a failure. */
enum core_status app_usage_import(struct app_ctx *ctx, FILE *f, const char *name,
				  const struct app_usage_source *src, struct app_usage_result *r,
				  struct core_error *err);

/* Frees what an import allocated in r. */
void app_usage_result_free(struct app_usage_result *r);

/* The grouping named word ("subscription", "tenant", "meter") into *by;
 * false for another word. */
bool app_usage_by_parse(const char *word, enum store_usage_by *by);

/* The report grouped by (any billing role on the account in scope), from
 * the totals, into *out (free()) and *n. */
enum core_status app_usage_report(struct app_ctx *ctx, enum store_usage_by by, struct store_usage_line **out,
				  size_t *n, struct core_error *err);

/* l, a line of the report grouped by, as JSON: deployment, tenantId (by
 * tenant), meter (by meter), subscriptionId, charged ("customer" or
 * "default"), tenants (not by tenant), rows, quantity. The caller owns
 * the reference. */
json_t *app_usage_line_json(enum store_usage_by by, const struct store_usage_line *l);

#endif
