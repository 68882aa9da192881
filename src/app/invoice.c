#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "billcon/app_context.h"
#include "billcon/app_invoice.h"
#include "billcon/app_json.h"
#include "billcon/core_clock.h"
#include "billcon/core_text.h"
#include "billcon/store_partner.h"

#define DAY 86400

static const char *const state_names[] = {
	[APP_INVOICE_DUE] = "Due", [APP_INVOICE_PAID] = "Paid", [APP_INVOICE_PAST_DUE] = "PastDue",
	[APP_INVOICE_VOID] = "Void", [APP_INVOICE_LOCKED] = "Locked", [APP_INVOICE_OTHER] = "Other",
};

enum app_invoice_state
app_invoice_state(const char *status)
{
	int i;

	for (i = 0; i <= APP_INVOICE_OTHER; i++)
		if (strcmp(status, state_names[i]) == 0)
			return (enum app_invoice_state)i;
	return APP_INVOICE_UNKNOWN;
}

enum core_status
app_invoice_status_parse(const char *text, char *out, size_t size, struct core_error *err)
{
	char shown[CORE_ECHO_BYTES];
	int i;

	for (i = 0; i <= APP_INVOICE_OTHER; i++)
		if (strcasecmp(text, state_names[i]) == 0) {
			snprintf(out, size, "%s", state_names[i]);
			return CORE_OK;
		}
	return core_error_set(err, CORE_USAGE, "\"%s\" is no invoice status: give %s.",
			      core_text_echo(text, shown), APP_INVOICE_STATUS_WORDS);
}

/* Read afresh, as every list: an account role reads every profile's
 * invoices, a profile role its own profile's (DOMAIN.md §1, roles hold for
 * the scopes under theirs). */
static enum core_status
may_read(struct app_ctx *ctx, const char *profile, struct core_error *err)
{
	char scope[1024];
	enum core_status rc = app_load_grants(ctx, err);

	if (rc)
		return rc;
	if (!app_require(ctx, CORE_NEED_READ, ctx->account_scope, "see this billing account's invoices", NULL))
		return CORE_OK;
	if (!profile && ctx->ngrants == 0)
		return core_error_set(err, CORE_FORBIDDEN,
			"%s may not see %s's invoices: that needs a billing role on the account or on one"
			" of its billing profiles.", ctx->actor, ctx->account.display_name);
	if (!profile)
		return core_error_set(err, CORE_FORBIDDEN,
			"%s may not see all of %s's invoices: that needs a billing role on the account;"
			" with a role on one billing profile, name it with --profile.",
			ctx->actor, ctx->account.display_name);
	snprintf(scope, sizeof(scope), "%s/billingProfiles/%s", ctx->account_scope, profile);
	if (!app_require(ctx, CORE_NEED_READ, scope, "see this billing profile's invoices", NULL))
		return CORE_OK;
	return core_error_set(err, CORE_FORBIDDEN, "%s may not see the invoices of billing profile %s:"
			      " that needs a billing role on it or on the account.", ctx->actor, profile);
}

enum core_status
app_invoice_query(struct app_ctx *ctx, struct store_list_query *q, struct core_error *err)
{
	enum core_status rc = may_read(ctx, q->key, err);

	if (rc)
		return rc;
	app_touch(ctx);
	q->scope = ctx->account.id;
	q->now = ctx->now_iso;
	return CORE_OK;
}

enum core_status
app_invoice_page(struct app_ctx *ctx, struct store_list_query *q, store_list_fn fn, void *data,
		 struct core_error *err)
{
	enum core_status rc = app_invoice_query(ctx, q, err);

	return rc ? rc : store_list_page(ctx->st, q, fn, data, err);
}

enum core_status
app_invoice_profile(struct app_ctx *ctx, const char *name, char *profile, size_t size,
		    struct core_error *err)
{
	struct store_profile p;
	char shown[CORE_ECHO_BYTES];
	enum core_status rc = store_profile_find(ctx->st, ctx->account.id, name, &p, err);

	if (rc == CORE_NOT_FOUND)
		return core_error_set(err, CORE_NOT_FOUND, "%s has no billing profile named \"%s\".",
				      ctx->account.display_name, core_text_echo(name, shown));
	if (!rc)
		snprintf(profile, size, "%s", p.name);
	return rc;
}

/* The most profiles an account's reader is looked for in. */
#define OWN_PROFILES_MAX 64

bool
app_invoice_own_profile(struct app_ctx *ctx, char *profile, size_t size)
{
	struct store_profile p[OWN_PROFILES_MAX];
	char scope[1024];
	int n = 0, i;

	if (app_load_grants(ctx, NULL) ||
	    !app_require(ctx, CORE_NEED_READ, ctx->account_scope, "see this billing account", NULL) ||
	    store_profiles_of(ctx->st, ctx->account.id, p, OWN_PROFILES_MAX, &n, NULL))
		return false;
	for (i = 0; i < n && i < OWN_PROFILES_MAX; i++) {
		snprintf(scope, sizeof(scope), "%s/billingProfiles/%s", ctx->account_scope, p[i].name);
		if (!app_require(ctx, CORE_NEED_READ, scope, "see this billing profile", NULL)) {
			snprintf(profile, size, "%s", p[i].name);
			return true;
		}
	}
	return false;
}

void
app_invoice_amount(long long minor, const char *currency, char *out, size_t size)
{
	unsigned long long m = minor < 0 ? 0ULL - (unsigned long long)minor : (unsigned long long)minor;
	unsigned long long units = m / 100;
	char digits[32], grouped[48];
	int n, i, o = 0;

	n = snprintf(digits, sizeof(digits), "%llu", units);
	for (i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = digits[i];
	}
	grouped[o] = '\0';
	snprintf(out, size, "%s%s.%02llu %s", minor < 0 ? "-" : "", grouped, m % 100, currency);
}

json_t *
app_invoice_json(const struct store_invoice *v)
{
	char amount[48];
	unsigned long long m = v->amount_minor < 0 ? 0ULL - (unsigned long long)v->amount_minor
						   : (unsigned long long)v->amount_minor;
	json_t *o;

	snprintf(amount, sizeof(amount), "%s%llu.%02llu", v->amount_minor < 0 ? "-" : "", m / 100, m % 100);
	o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:I, s:o, s:o}",
		      "name", app_json_text(v->name), "billingProfile", app_json_text(v->profile),
		      "billingProfileName", app_json_text(v->profile_name),
		      "invoiceDate", app_json_text(v->invoice_date),
		      "periodStart", app_json_text(v->period_start), "periodEnd", app_json_text(v->period_end),
		      "dueDate", app_json_text(v->due_date), "amount", amount,
		      "amountMinor", (json_int_t)v->amount_minor,
		      "currency", app_json_text(v->currency), "status", app_json_text(v->status));
	if (o)
		json_object_set_new(o, "documentUrl", v->document_url[0] ? app_json_text(v->document_url)
									: json_null());
	return o;
}

/* ---- the demo's invoices ---- */

/* y-m-d as "YYYY-MM-DDT00:00:00Z" into out; the month may run past 12
 * or below 1 (it carries into the year). */
static void
date_of(int y, int m, int d, char out[CORE_TIME_ISO_LEN + 1])
{
	while (m < 1) {
		m += 12;
		y--;
	}
	while (m > 12) {
		m -= 12;
		y++;
	}
	snprintf(out, CORE_TIME_ISO_LEN + 1, "%04d-%02d-%02dT00:00:00Z", y, m, d);
}

static void
days_after(const char *iso, int days, char out[CORE_TIME_ISO_LEN + 1])
{
	time_t t = 0;

	core_time_parse(iso, &t);
	core_time_iso(t + (time_t)days * DAY, out);
}

/* The k-th month before now's (k from 1, the latest): invoiced on the
 * profile's day for the month before it. Statuses: the latest Due, the one
 * before PastDue (its due date gone), one Void, the rest Paid; the void
 * one and every fifth have no document yet. */
static void
demo_invoice(const struct store_invoice_profile *p, const struct tm *now, int k, struct store_invoice *v)
{
	/* The latest invoice is this month's once its day has come. */
	int latest = now->tm_mon + 1 - (now->tm_mday < p->invoice_day);
	int y = now->tm_year + 1900, m = latest - k + 1;
	static const long long base[] = { 1843250, 2210475, 968130, 3120990 };
	unsigned long long h = ((unsigned long long)k * 2654435761ULL) ^ ((unsigned long long)p->id * 0x9e3779b9ULL);

	memset(v, 0, sizeof(*v));
	v->account_id = p->account_id;
	v->profile_id = p->id;
	date_of(y, m, p->invoice_day, v->invoice_date);
	date_of(y, m - 1, 1, v->period_start);
	days_after(v->invoice_date, -p->invoice_day, v->period_end);
	days_after(v->invoice_date, 30, v->due_date);
	snprintf(v->name, sizeof(v->name), "G%03lld%06d", p->id % 1000, (y * 12 + m) % 1000000);
	/* Amounts vary with the profile and the month, in cents. */
	v->amount_minor = base[p->id % 4] + (long long)((h >> 7) % 1200000) - 600000;
	snprintf(v->currency, sizeof(v->currency), "%s", p->currency);
	snprintf(v->status, sizeof(v->status), "%s", k == 1 ? "Due" : k == 2 ? "PastDue" : k == 7 ? "Void" : "Paid");
	if (k != 7 && k % 5 != 0)
		snprintf(v->document_url, sizeof(v->document_url),
			 "https://invoices.billcon.example/billingProfiles/%s/invoices/%s.pdf", p->name, v->name);
}

/* The months of the demo: a year. */
#define DEMO_MONTHS 12
#define DEMO_PROFILES_MAX 64

enum core_status
app_invoice_seed_demo(struct store *st, time_t now, struct core_error *err)
{
	struct store_invoice_profile *p = calloc(DEMO_PROFILES_MAX, sizeof(*p));
	struct store_invoice v;
	struct tm tm;
	int n = 0, i, k;
	enum core_status rc;

	if (!p)
		return core_error_set(err, CORE_STORE, "Out of memory making the demo's invoices.");
	gmtime_r(&now, &tm);
	rc = store_invoice_profiles(st, p, DEMO_PROFILES_MAX, &n, err);
	for (i = 0; !rc && i < n && i < DEMO_PROFILES_MAX; i++)
		for (k = 1; !rc && k <= DEMO_MONTHS; k++) {
			demo_invoice(&p[i], &tm, k, &v);
			rc = store_invoice_insert(st, &v, err);
		}
	free(p);
	return rc;
}

enum core_status
app_invoice_seed_many(struct store *st, long long account_id, time_t now, long n, struct core_error *err)
{
	struct store_invoice_profile *p = calloc(DEMO_PROFILES_MAX, sizeof(*p));
	struct store_invoice v;
	int np = 0, i;
	long k;
	enum core_status rc = CORE_OK;
	static const char *const statuses[] = { "Paid", "Paid", "Paid", "Due", "PastDue", "Void" };

	if (!p)
		return core_error_set(err, CORE_STORE, "Out of memory making invoices.");
	if (n > 0)
		rc = store_invoice_profiles(st, p, DEMO_PROFILES_MAX, &np, err);
	for (i = 0; i < np && p[i].account_id != account_id; i++)
		;
	for (k = 0; !rc && i < np && k < n; k++) {
		memset(&v, 0, sizeof(v));
		v.account_id = account_id;
		v.profile_id = p[i].id;
		core_time_iso(now - (time_t)(k + 400) * 7200, v.invoice_date);
		days_after(v.invoice_date, -30, v.period_start);
		days_after(v.invoice_date, -1, v.period_end);
		days_after(v.invoice_date, 30, v.due_date);
		snprintf(v.name, sizeof(v.name), "B%09ld", k + 1);
		v.amount_minor = 1000 + (k * 7919) % 5000000;
		snprintf(v.currency, sizeof(v.currency), "%s", p[i].currency);
		snprintf(v.status, sizeof(v.status), "%s", statuses[k % 6]);
		if (k % 4)
			snprintf(v.document_url, sizeof(v.document_url), "https://invoices.billcon.example/%s.pdf",
				 v.name);
		rc = store_invoice_insert(st, &v, err);
	}
	free(p);
	return rc;
}
