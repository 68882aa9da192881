#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_demo.h"
#include "billcon/app_usageseed.h"
#include "billcon/core_clock.h"
#include "billcon/core_stack.h"
#include "billcon/store_stack.h"
#include "billcon/store_usage.h"

#define DAY 86400

struct seed_row {
	const char *deployment;
	unsigned tenant; /* demo tenant n: c0000000-0000-4000-8000-<n> */
	const char *meter;
	double quantity;
};

static const struct seed_row rows[] = {
	{ "stack-redmond", 3, "VM hours", 1488 },
	{ "stack-redmond", 3, "Blob GB/mo", 512.5 },
	{ "stack-dublin", 3, "VM hours", 744 },
	{ "stack-redmond", 4, "VM hours", 372 },
	{ "stack-dublin", 4, "Blob GB/mo", 96 },
	{ "stack-dublin", 4, "VM hours", 168 },
};

#define NROWS (sizeof(rows) / sizeof(rows[0]))

/* Where row x's usage is charged, by the rule of core_stack_route, into
 * sub (sized 64); *fallback when the tenant is not registered there. */
static enum core_status
route(struct store *st, const struct seed_row *x, const char *tenant, long long *deployment, char *sub,
      bool *fallback, struct core_error *err)
{
	struct store_stack_customer *cs = NULL;
	struct core_stack_customer *cc = NULL;
	struct store_stack_reg r;
	struct core_stack_route to;
	size_t n = 0, i;
	enum core_status rc;

	if ((rc = store_stack_registration_find(st, x->deployment, &r, err)) ||
	    (rc = store_stack_customers(st, r.id, &cs, &n, err)))
		return rc;
	if (n && !(cc = calloc(n, sizeof(*cc)))) {
		free(cs);
		return core_error_set(err, CORE_STORE, "Out of memory seeding the demo's usage.");
	}
	for (i = 0; i < n; i++) {
		cc[i].subscription_id = cs[i].subscription_id;
		cc[i].tenant_id = cs[i].tenant_id;
	}
	to = core_stack_route(r.subscription_id, cc, n, tenant);
	snprintf(sub, 64, "%s", to.subscription_id);
	*fallback = to.fell_back;
	*deployment = r.deployment_id;
	free(cc);
	free(cs);
	return CORE_OK;
}

/* Writes row x of the import, and its share of the totals. */
static enum core_status
seed_row(struct store *st, long long import_id, const struct seed_row *x, const char *start, const char *end,
	 struct core_error *err)
{
	char tenant[64], sub[64];
	struct store_usage_record rec = { .meter = x->meter, .quantity = x->quantity };
	enum core_status rc;

	app_demo_guid(0xc0000000u, x->tenant, tenant);
	rec.tenant_id = tenant;
	rec.start_on = start;
	rec.end_on = end;
	rec.subscription_id = sub;
	if ((rc = route(st, x, tenant, &rec.deployment_id, sub, &rec.fallback, err)))
		return rc;
	if ((rc = store_usage_records_add(st, import_id, &rec, 1, err)))
		return rc;
	return store_usage_total_add(st, &rec, 1, x->quantity, err);
}

enum core_status
app_usage_seed_demo(struct store *st, time_t made, struct core_error *err)
{
	struct store_usage_import imp = { .rows = (long long)NROWS };
	char start[CORE_TIME_ISO_LEN + 1], end[CORE_TIME_ISO_LEN + 1];
	enum core_status rc;
	size_t i;

	snprintf(imp.file_name, sizeof(imp.file_name), "demo-usage.csv");
	/* Not a real file's hash: no file the operator imports can match it. */
	memset(imp.file_hash, '0', 64);
	imp.file_hash[64] = '\0';
	snprintf(imp.imported_by, sizeof(imp.imported_by), "ada@contoso.com");
	core_time_iso(made - 2 * DAY, imp.imported_on);
	core_time_iso(made - 32 * DAY, start);
	core_time_iso(made - 2 * DAY, end);
	if ((rc = store_usage_import_add(st, &imp, err)))
		return rc;
	for (i = 0; !rc && i < NROWS; i++)
		rc = seed_row(st, imp.id, &rows[i], start, end, err);
	return rc;
}
