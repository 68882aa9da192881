/* app_usage: the usage import and report (app_usage.h). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "billcon/app_json.h"
#include "billcon/app_stack.h"
#include "billcon/app_usage.h"
#include "billcon/app_write.h"
#include "billcon/core_stack.h"

/* The totals are kept in memory by (registration, tenant, meter) and
 * written when the table holds this many, so memory stays flat whatever
 * the file. */
#define TOTALS_FLUSH 65536

/* Rows are written this many at a time (one statement lookup a batch). */
#define BATCH 256

/* One (registration, tenant[, meter]) of the hash tables: where its usage
 * goes and, for a total, how much of it. */
struct entry {
	char *key;               /* malloc'd; NULL: a free slot */
	uint64_t hash;
	int reg;
	char tenant[37];
	const char *meter;       /* into key, for totals */
	const char *sub;         /* borrowed from the view */
	bool fallback;
	long long rows;
	double quantity;
};

struct table {
	struct entry *e;
	size_t cap, n;
};

/* What one charged subscription got, for the audit entry. */
struct charged {
	int reg;
	const char *sub;
	bool fallback;
	long long rows;
	double quantity;
};

struct import {
	FILE *f;
	const char *name;
	const struct app_usage_source *src;
	struct app_usage_result *r;
	struct app_stack_view v;
	struct core_stack_customer **custs; /* per registration */
	size_t *ncusts;
	struct table routes, totals;
	struct charged *charged;
	size_t ncharged;
	struct core_usage_row *rows;        /* the batch being written (BATCH) */
	struct store_usage_record *recs;
	size_t nbatch;
};

static uint64_t
fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of key in t: its entry, or the free slot it would take. */
static struct entry *
slot(struct table *t, const char *key, uint64_t h)
{
	size_t i = h & (t->cap - 1);

	while (t->e[i].key && (t->e[i].hash != h || strcmp(t->e[i].key, key) != 0))
		i = (i + 1) & (t->cap - 1);
	return &t->e[i];
}

/* Doubles t (at least 1024 slots); false when out of memory. */
static bool
grow(struct table *t)
{
	struct table g = { calloc(t->cap ? t->cap * 2 : 1024, sizeof(struct entry)), t->cap ? t->cap * 2 : 1024, t->n };
	size_t i;

	if (!g.e)
		return false;
	for (i = 0; i < t->cap; i++)
		if (t->e[i].key)
			*slot(&g, t->e[i].key, t->e[i].hash) = t->e[i];
	free(t->e);
	*t = g;
	return true;
}

static void
table_clear(struct table *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->e[i].key);
	if (t->e)
		memset(t->e, 0, t->cap * sizeof(*t->e));
	t->n = 0;
}

static void
table_free(struct table *t)
{
	table_clear(t);
	free(t->e);
	memset(t, 0, sizeof(*t));
}

/* The entry of key in t, made (zeroed, key set) when absent; NULL when
 * out of memory. *made says which. */
static struct entry *
lookup(struct table *t, const char *key, bool *made)
{
	uint64_t h = fnv(key);
	struct entry *e;

	if ((t->n + 1) * 2 > t->cap && !grow(t))
		return NULL;
	e = slot(t, key, h);
	*made = !e->key;
	if (*made) {
		if (!(e->key = strdup(key)))
			return NULL;
		e->hash = h;
		t->n++;
	}
	return e;
}

/* "reg|a" or "reg|a|b" into out (size bytes, enough for both): a key of
 * the tables, made by hand as it is made for every row. */
static void
make_key(char *out, size_t size, int reg, const char *a, const char *b)
{
	char digits[16];
	size_t n = 0, k = 0, la = strlen(a), lb = b ? strlen(b) : 0;

	do
		digits[k++] = (char)('0' + reg % 10);
	while ((reg /= 10) > 0 && k < sizeof(digits));
	while (k > 0)
		out[n++] = digits[--k];
	out[n++] = '|';
	memcpy(out + n, a, la);
	n += la;
	if (b && n + 1 + lb < size) {
		out[n++] = '|';
		memcpy(out + n, b, lb);
		n += lb;
	}
	out[n] = '\0';
}

/* The registration whose deployment (or registration name) is name, -1
 * when none. */
static int
reg_named(const struct import *im, const char *name)
{
	size_t i;

	for (i = 0; i < im->v.nregs; i++)
		if (strcmp(im->v.regs[i].deployment, name) == 0 || strcmp(im->v.regs[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The view read inside the transaction, with each registration's
 * customers as core_stack_route takes them. */
static enum core_status
read_view(struct app_ctx *ctx, struct import *im, struct core_error *err)
{
	enum core_status rc;
	size_t i, k;

	/* Not app_stack_read: it would take the time again, and the action's
	 * time is app_run_write's. */
	if (!(rc = store_stack_registrations(ctx->st, &im->v.regs, &im->v.nregs, err)))
		rc = store_stack_customers(ctx->st, 0, &im->v.customers, &im->v.ncustomers, err);
	if (rc)
		return rc;
	im->custs = calloc(im->v.nregs + 1, sizeof(*im->custs));
	im->ncusts = calloc(im->v.nregs + 1, sizeof(*im->ncusts));
	im->charged = calloc(im->v.nregs + im->v.ncustomers + 1, sizeof(*im->charged));
	im->rows = calloc(BATCH, sizeof(*im->rows));
	im->recs = calloc(BATCH, sizeof(*im->recs));
	if (!im->custs || !im->ncusts || !im->charged || !im->rows || !im->recs)
		return core_error_set(err, CORE_STORE, "Out of memory routing usage.");
	for (i = 0; i < im->v.nregs; i++) {
		if (!(im->custs[i] = calloc(im->v.ncustomers + 1, sizeof(**im->custs))))
			return core_error_set(err, CORE_STORE, "Out of memory routing usage.");
		for (k = 0; k < im->v.ncustomers; k++)
			if (im->v.customers[k].registration == im->v.regs[i].id)
				im->custs[i][im->ncusts[i]++] = (struct core_stack_customer){
					im->v.customers[k].subscription_id, im->v.customers[k].tenant_id };
	}
	return CORE_OK;
}

static void
import_free(struct import *im)
{
	size_t i;

	for (i = 0; im->custs && i < im->v.nregs; i++)
		free(im->custs[i]);
	free(im->custs);
	free(im->ncusts);
	free(im->charged);
	free(im->rows);
	free(im->recs);
	table_free(&im->routes);
	table_free(&im->totals);
	app_stack_view_free(&im->v);
}

/* Notes a bad row: kept among the first APP_USAGE_BAD_KEPT, else counted. */
static void
bad_row(struct app_usage_result *r, long line, const char *why)
{
	r->nbad++;
	if (r->nkept >= APP_USAGE_BAD_KEPT)
		return;
	if (!r->bad && !(r->bad = calloc(APP_USAGE_BAD_KEPT, sizeof(*r->bad))))
		return;
	r->bad[r->nkept].line = line;
	snprintf(r->bad[r->nkept].why, sizeof(r->bad[r->nkept].why), "%s", why);
	r->nkept++;
}

/* The next row of the source, validated into *row with its registration
 * in *reg: 1, 0 at the end, -1 for a bad row (noted in r), or
 * -2 for a failure of the source itself (err). */
static int
next_row(struct import *im, struct core_usage_row *row, int *reg, struct core_error *err)
{
	struct core_usage_fields f;
	struct core_error why;
	long line = 0;
	int got;

	core_error_clear(&why);
	got = im->src->next(im->src->self, &f, &line, &why);
	if (got == 0)
		return 0;
	if (got < 0 && why.status == CORE_STORE) {
		*err = why;
		return -2;
	}
	if (got > 0 && !core_usage_check(&f, row, &why)) {
		if ((*reg = reg_named(im, row->deployment)) >= 0)
			return 1;
		core_error_set(&why, CORE_USAGE, "There is no registered Azure Stack deployment named \"%s\".",
			       row->deployment);
	}
	bad_row(im->r, line, why.message);
	return -1;
}

/* Where the usage of tenant on registration reg goes, from the cache. */
static const struct entry *
route(struct import *im, int reg, const char *tenant, struct core_error *err)
{
	char key[64];
	struct entry *e;
	bool made;

	make_key(key, sizeof(key), reg, tenant, NULL);
	if (!(e = lookup(&im->routes, key, &made))) {
		core_error_set(err, CORE_STORE, "Out of memory routing usage.");
		return NULL;
	}
	if (made) {
		struct core_stack_route to = core_stack_route(im->v.regs[reg].subscription_id, im->custs[reg],
							      im->ncusts[reg], tenant);
		e->reg = reg;
		e->sub = to.subscription_id;
		e->fallback = to.fell_back;
	}
	return e;
}

/* Adds the routed row to its subscription's share, for the audit entry. */
static void
charge(struct import *im, const struct entry *to, double quantity)
{
	size_t i;

	for (i = 0; i < im->ncharged; i++)
		if (im->charged[i].reg == to->reg && im->charged[i].sub == to->sub) /* the view's strings */
			break;
	if (i == im->ncharged)
		im->charged[im->ncharged++] = (struct charged){ to->reg, to->sub, to->fallback, 0, 0 };
	im->charged[i].rows++;
	im->charged[i].quantity += quantity;
}

/* Writes the totals kept in memory and forgets them. */
static enum core_status
flush_totals(struct app_ctx *ctx, struct import *im, struct core_error *err)
{
	enum core_status rc = CORE_OK;
	size_t i;

	for (i = 0; !rc && i < im->totals.cap; i++) {
		const struct entry *e = &im->totals.e[i];
		struct store_usage_record r = { im->v.regs[e->reg].deployment_id, e->tenant, e->meter, "", "",
						e->sub, 0, e->fallback };
		if (e->key)
			rc = store_usage_total_add(ctx->st, &r, e->rows, e->quantity, err);
	}
	table_clear(&im->totals);
	return rc;
}

/* Adds the row to its total in memory. */
static enum core_status
total(struct app_ctx *ctx, struct import *im, const struct entry *to, const struct core_usage_row *row,
      struct core_error *err)
{
	char key[16 + 37 + CORE_USAGE_NAME_BYTES];
	struct entry *e;
	bool made;

	if (im->totals.n >= TOTALS_FLUSH && flush_totals(ctx, im, err))
		return err->status;
	make_key(key, sizeof(key), to->reg, row->tenant, row->meter);
	if (!(e = lookup(&im->totals, key, &made)))
		return core_error_set(err, CORE_STORE, "Out of memory totalling usage.");
	if (made) {
		e->reg = to->reg;
		memcpy(e->tenant, row->tenant, sizeof(e->tenant));
		e->meter = e->key + strlen(e->key) - strlen(row->meter);
		e->sub = to->sub;
		e->fallback = to->fallback;
	}
	e->rows++;
	e->quantity += row->quantity;
	return CORE_OK;
}

/* Writes the batch of rows. */
static enum core_status
flush_rows(struct app_ctx *ctx, struct import *im, long long import_id, struct core_error *err)
{
	enum core_status rc = store_usage_records_add(ctx->st, import_id, im->recs, im->nbatch, err);

	im->nbatch = 0;
	return rc;
}

/* Routes the row read into the batch's next slot and adds it up. */
static enum core_status
take_row(struct app_ctx *ctx, struct import *im, int reg, struct core_error *err)
{
	const struct core_usage_row *row = &im->rows[im->nbatch];
	const struct entry *to = route(im, reg, row->tenant, err);

	if (!to)
		return err->status;
	im->recs[im->nbatch++] = (struct store_usage_record){ im->v.regs[reg].deployment_id, row->tenant,
							      row->meter, row->start, row->end, to->sub,
							      row->quantity, to->fallback };
	charge(im, to, row->quantity);
	im->r->quantity += row->quantity;
	im->r->fallback_rows += to->fallback;
	return total(ctx, im, to, row, err);
}

/* The one pass over the rows: every row is checked; while every row so
 * far is good, each is routed and written; after a bad one the rest are
 * only checked (each bad row is wanted), and the refusal rolls back what
 * was written. So a good file is read once, and a bad one never lands. */
static enum core_status
import_rows(struct app_ctx *ctx, struct import *im, long long import_id, struct core_error *err)
{
	enum core_status rc = im->src->start(im->src->self, err);
	int got, reg;

	while (!rc && (got = next_row(im, &im->rows[im->nbatch], &reg, err)) != 0) {
		if (got == -2)
			return err->status;
		im->r->rows++;
		if (got > 0 && !im->r->nbad && !(rc = take_row(ctx, im, reg, err)) && im->nbatch == BATCH)
			rc = flush_rows(ctx, im, import_id, err);
	}
	if (rc)
		return rc;
	if (im->r->nbad)
		return core_error_set(err, CORE_REFUSED,
				      "The usage file %s has %lld bad row%s of %lld; nothing was imported.", im->name,
				      im->r->nbad, im->r->nbad == 1 ? "" : "s", im->r->rows);
	if (!im->r->rows)
		return core_error_set(err, CORE_USAGE, "The usage file %s has no rows.", im->name);
	if (im->nbatch && (rc = flush_rows(ctx, im, import_id, err)))
		return rc;
	return flush_totals(ctx, im, err);
}

/* The audit entry's after: the file, its rows and what each charged
 * subscription got. */
static json_t *
import_payload(const struct import *im, const struct store_usage_import *imp)
{
	json_t *o = json_object(), *subs = json_array();
	size_t i;

	json_object_set_new(o, "fileName", app_json_text(imp->file_name));
	json_object_set_new(o, "fileHash", json_string(imp->file_hash));
	json_object_set_new(o, "rows", json_integer(imp->rows));
	json_object_set_new(o, "fallbackRows", json_integer(im->r->fallback_rows));
	json_object_set_new(o, "quantity", json_real(im->r->quantity));
	for (i = 0; i < im->ncharged; i++) {
		const struct charged *c = &im->charged[i];
		json_array_append_new(subs, json_pack("{s:o, s:s, s:s, s:I, s:f}", "deployment",
						      app_json_text(im->v.regs[c->reg].deployment), "subscriptionId",
						      c->sub, "charged", c->fallback ? "default" : "customer", "rows",
						      (json_int_t)c->rows, "quantity", c->quantity));
	}
	json_object_set_new(o, "subscriptions", subs);
	return o;
}

static enum core_status
refuse_again(const struct store_usage_import *had, const char *name, struct core_error *err)
{
	return core_error_set(err, CORE_REFUSED,
			      "The usage file %s was imported already (import %lld of %s by %s, %lld rows): "
			      "the same file is never imported twice.", name, had->id, had->imported_on,
			      had->imported_by, had->rows);
}

static enum core_status
import_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct import *im = data;
	struct store_usage_import imp = { 0 }, had;
	char object[64];
	enum core_status rc = store_usage_import_find(ctx->st, im->r->hash, &had, err);

	if (rc == CORE_OK)
		return refuse_again(&had, im->name, err);
	if (rc != CORE_NOT_FOUND || (rc = read_view(ctx, im, err)))
		return rc;
	snprintf(imp.file_name, sizeof(imp.file_name), "%s", im->name);
	memcpy(imp.file_hash, im->r->hash, sizeof(imp.file_hash));
	snprintf(imp.imported_by, sizeof(imp.imported_by), "%s", app_write_actor(ctx));
	snprintf(imp.imported_on, sizeof(imp.imported_on), "%s", ctx->now_iso);
	/* The import first, for its rows to name; its count once known. */
	if ((rc = store_usage_import_add(ctx->st, &imp, err)) || (rc = import_rows(ctx, im, imp.id, err)))
		return rc;
	imp.rows = im->r->rows;
	if ((rc = store_usage_import_rows(ctx->st, imp.id, imp.rows, err)))
		return rc;
	im->r->import_id = imp.id;
	snprintf(object, sizeof(object), "/usage/imports/%lld", imp.id);
	return app_write_record(ctx, "usage.import", object, NULL, import_payload(im, &imp), APP_LOCAL, err);
}

/* The SHA-256 of the whole of f, in lowercase hex, into hex. */
static enum core_status
hash_file(FILE *f, const char *name, char hex[65], struct core_error *err)
{
	static char buf[1 << 16];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	size_t got;
	bool ok = c && EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1 && fseek(f, 0, SEEK_SET) == 0;

	while (ok && (got = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(c, buf, got) == 1;
	ok = ok && !ferror(f) && EVP_DigestFinal_ex(c, md, &len) == 1 && len == 32;
	EVP_MD_CTX_free(c);
	if (!ok)
		return core_error_set(err, CORE_USAGE, "The usage file %s cannot be read.", name);
	for (i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return CORE_OK;
}

enum core_status
app_usage_import(struct app_ctx *ctx, FILE *f, const char *name, const struct app_usage_source *src,
		 struct app_usage_result *r, struct core_error *err)
{
	struct app_write w = { .doing = APP_USAGE_DOING, .need = CORE_NEED_MANAGE, .apply = import_apply };
	struct import im = { .f = f, .name = name, .src = src, .r = r };
	enum core_status rc;

	memset(r, 0, sizeof(*r));
	if ((rc = hash_file(f, name, r->hash, err)))
		return rc;
	w.data = &im;
	if (!app_read_only(ctx) && (rc = store_usage_bulk(ctx->st, true, err)))
		return rc;
	rc = app_run_write(ctx, &w, err);
	if (!app_read_only(ctx) && store_usage_bulk(ctx->st, false, rc ? NULL : err) && !rc)
		rc = err->status;
	if (rc)
		r->import_id = 0;
	import_free(&im);
	return rc;
}

void
app_usage_result_free(struct app_usage_result *r)
{
	free(r->bad);
	r->bad = NULL;
	r->nkept = 0;
}

bool
app_usage_by_parse(const char *word, enum store_usage_by *by)
{
	static const char *const words[] = { "subscription", "tenant", "meter" };
	int i;

	for (i = 0; word && i < 3; i++)
		if (strcmp(word, words[i]) == 0) {
			*by = (enum store_usage_by)i;
			return true;
		}
	return false;
}

enum core_status
app_usage_report(struct app_ctx *ctx, enum store_usage_by by, struct store_usage_line **out, size_t *n,
		 struct core_error *err)
{
	enum core_status rc;

	*out = NULL;
	*n = 0;
	app_touch(ctx);
	if ((rc = app_load_grants(ctx, err)) ||
	    (rc = app_require(ctx, CORE_NEED_READ, ctx->account_scope, "read the Azure Stack usage", err)))
		return rc;
	return store_usage_report(ctx->st, by, out, n, err);
}

json_t *
app_usage_line_json(enum store_usage_by by, const struct store_usage_line *l)
{
	json_t *o = json_object();

	json_object_set_new(o, "deployment", app_json_text(l->deployment));
	if (by == STORE_USAGE_BY_TENANT)
		json_object_set_new(o, "tenantId", app_json_text(l->tenant_id));
	if (by == STORE_USAGE_BY_METER)
		json_object_set_new(o, "meter", app_json_text(l->meter));
	json_object_set_new(o, "subscriptionId", app_json_text(l->subscription_id));
	json_object_set_new(o, "charged", json_string(l->fallback ? "default" : "customer"));
	if (by != STORE_USAGE_BY_TENANT)
		json_object_set_new(o, "tenants", json_integer(l->tenants));
	json_object_set_new(o, "rows", json_integer(l->rows));
	json_object_set_new(o, "quantity", json_real(l->quantity));
	return o;
}
