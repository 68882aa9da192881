#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <jansson.h>

#include "billcon/app_pull.h"
#include "billcon/app_pullread.h"
#include "billcon/app_write.h"
#include "billcon/core_buf.h"
#include "billcon/store_db.h"
#include "billcon/store_pull.h"
#include "billcon/store_stack.h"

#define ACCOUNTS "/providers/Microsoft.Billing/billingAccounts"

/* One pull under way. */
struct pull {
	struct app_ctx *ctx;
	const struct app_pull *p;
	struct app_pull_summary *sum;
};

/* Pages read ahead and written together: a batch is one transaction, each
 * page in it followed by its cursor, so that a pull killed anywhere
 * resumes after the last batch committed and reads the rest again (no
 * page twice, none lost). Batching spares a commit, a write-ahead log
 * frame of each page the rows touch and a segment of each full-text index
 * per page: a bounded batch (pages, items, and the time its pages took to
 * fetch) keeps memory flat, other writers' waits short and the progress
 * regular. Counts are the batch's until it commits. */
#define BATCH_SECONDS 0.5

struct page_write {
	struct core_remote_page pages[APP_PULL_BATCH_PAGES];
	size_t max;        /* pages it may hold */
	size_t n;          /* pages held */
	size_t items;      /* their items */
	double started;    /* when the batch's first page was asked for */
	long long first;   /* the first page's number in its listing */
	long long written; /* items of the listing written before the batch */
	struct store_pull_at at;
	struct store_pull_index index;
	struct app_pull_count count;
};

/* The trail's text (app_write_text) of JSON text from the store or the
 * service, into *made (caller frees; NULL when the text is not JSON). */
static enum core_status
trail_text(const char *text, size_t len, char **made, struct core_error *err)
{
	json_t *o = json_loadb(text, len, JSON_ALLOW_NUL, NULL);

	*made = app_write_text(o);
	json_decref(o);
	if (o && !*made)
		return core_error_set(err, CORE_STORE, "Out of memory writing the audit entry.");
	return CORE_OK;
}

/* The trail's text of an object as sync_map wrote it (compact, keys
 * sorted): itself when it is ASCII only, which is most, so that a pull
 * does not parse every object twice; else as trail_text. */
static enum core_status
item_text(const struct core_remote_item *it, const char **text, char **made, struct core_error *err)
{
	*made = NULL;
	*text = it->json;
	for (size_t i = 0; i < it->json_len; i++)
		if ((unsigned char)it->json[i] >= 0x80) {
			enum core_status rc = trail_text(it->json, it->json_len, made, err);

			*text = *made;
			return rc;
		}
	return CORE_OK;
}

static enum core_status
put_item(struct app_ctx *ctx, struct page_write *w, const struct core_remote_item *it,
	 struct core_error *err)
{
	enum store_pull_change change;
	char *before = NULL, *b = NULL, *a = NULL;
	const char *after;
	long long row;
	enum core_status rc = store_pull_put(ctx->st, &w->at, it, &change, &before, &row, err);

	if (!rc && change != STORE_PULL_SAME) {
		if (change == STORE_PULL_ADDED)
			w->count.added++;
		else
			w->count.changed++;
		rc = before ? trail_text(before, strlen(before), &b, err) : CORE_OK;
		if (!rc)
			rc = item_text(it, &after, &a, err);
		if (!rc)
			rc = app_write_record_text(ctx, change == STORE_PULL_ADDED ? "pull.add" : "pull.change",
						   it->id.s, b, after, APP_PULLED, err);
	}
	free(before);
	free(b);
	free(a);
	return rc;
}

/* After a complete listing: what it no longer has is marked removed. */
static enum core_status
sweep(struct app_ctx *ctx, struct page_write *w, struct core_error *err)
{
	struct store_pull_gone *gone;
	char *before = NULL;
	size_t n;
	enum core_status rc = store_pull_missing(ctx->st, w->at.listing, w->at.run, &gone, &n, err);

	for (size_t i = 0; !rc && i < n; i++) {
		rc = store_pull_remove(ctx->st, gone[i].id, ctx->now_iso, err);
		if (!rc)
			rc = trail_text(gone[i].json, strlen(gone[i].json), &before, err);
		if (!rc)
			rc = app_write_record_text(ctx, "pull.remove", gone[i].id, before, NULL, APP_PULLED, err);
		free(before);
		before = NULL;
		w->count.removed++;
	}
	store_pull_gone_free(gone, n);
	return rc;
}

static enum core_status
apply_batch(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct page_write *w = data;
	enum core_status rc = CORE_OK;

	w->at.now = ctx->now_iso;
	w->at.index = &w->index;
	memset(&w->count, 0, sizeof(w->count));
	rc = store_pull_index_defer(ctx->st, &w->index, err);
	for (size_t p = 0; !rc && p < w->n; p++) {
		const struct core_remote_page *page = &w->pages[p];

		for (size_t i = 0; !rc && i < page->n; i++)
			rc = put_item(ctx, w, &page->items[i], err);
		if (!rc)
			rc = store_pull_cursor_set(ctx->st, w->at.listing, page->next_link, w->at.run, err);
		if (!rc && !page->next_link)
			rc = sweep(ctx, w, err);
	}
	return rc ? rc : store_pull_index_end(ctx->st, &w->index, err);
}

static void
count_add(struct app_pull_count *to, const struct app_pull_count *c)
{
	to->pages += c->pages;
	to->items += c->items;
	to->added += c->added;
	to->changed += c->changed;
	to->removed += c->removed;
}

/* Writes the batch as the sync actor, in one transaction, and counts it;
 * its pages stay the caller's. */
static enum core_status
commit_batch(struct pull *pl, struct page_write *w, enum core_remote_kind kind, struct core_error *err)
{
	struct app_ctx *ctx = pl->ctx;
	struct app_write aw = { .doing = "pull from the service", .permit = app_permit_service,
				.apply = apply_batch, .data = w };
	char saved[sizeof(ctx->actor)];
	enum core_status rc;

	memcpy(saved, ctx->actor, sizeof(saved));
	snprintf(ctx->actor, sizeof(ctx->actor), "%s", pl->p->actor);
	rc = app_run_write(ctx, &aw, err);
	memcpy(ctx->actor, saved, sizeof(saved));
	if (!rc) {
		w->count.pages = (long long)w->n;
		w->count.items = (long long)w->items;
		count_add(&pl->sum->by[kind], &w->count);
		count_add(&pl->sum->total, &w->count);
	}
	return rc;
}

/* Writes the batch (commit_batch), then reports its pages and empties it. */
static enum core_status
write_batch(struct pull *pl, struct page_write *w, enum core_remote_kind kind, struct core_error *err)
{
	enum core_status rc;

	if (!w->n)
		return CORE_OK;
	rc = commit_batch(pl, w, kind, err);
	for (size_t p = 0; p < w->n; p++) {
		w->written += (long long)w->pages[p].n;
		if (!rc && pl->p->progress)
			pl->p->progress(pl->p->progress_ctx, core_remote_kind_name(kind), w->first + (long long)p,
					w->written);
		core_remote_page_free(&w->pages[p]);
	}
	w->first += (long long)w->n;
	w->n = w->items = 0;
	return rc;
}

/* Seconds on a steady clock. */
static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Whether the batch is to be written before the next page is read. */
static bool
batch_full(const struct page_write *w)
{
	return w->n == w->max || w->items >= APP_PULL_BATCH_ITEMS || seconds() - w->started >= BATCH_SECONDS;
}

enum core_status
app_pull_page(struct app_ctx *ctx, const char *p_actor, struct core_remote_page *page,
	      const struct store_pull_at *at, struct app_pull_summary *sum, struct core_error *err)
{
	struct app_pull p = { .actor = p_actor };
	struct pull pl = { .ctx = ctx, .p = &p, .sum = sum };
	struct page_write w = { .max = 1, .n = 1, .items = page->n, .at = *at };

	w.pages[0] = *page;   /* borrowed: the caller frees it */
	return commit_batch(&pl, &w, page->kind, err);
}

/* The first page's URL: base, path, api-version, then query ("" none). */
static char *
first_url(const struct app_pull *p, const char *path, const char *api, const char *query)
{
	struct core_buf b = { 0 };
	size_t n = strlen(p->arm);

	while (n && p->arm[n - 1] == '/')
		n--;
	core_buf_add(&b, p->arm, n);
	core_buf_printf(&b, "%s?api-version=%s%s", path, api, query);
	if (b.failed)
		core_buf_free(&b);
	return b.p;
}

/* Takes the reader's next page into the batch; *last is true after the
 * listing's last page, or when there was none left. */
static enum core_status
take_page(struct app_pullread *rd, struct page_write *w, bool *last, struct core_error *err)
{
	struct core_remote_page *page = &w->pages[w->n];
	bool done = false;
	enum core_status rc;

	if (!w->n)
		w->started = seconds();
	rc = app_pullread_next(rd, page, &done, err);
	*last = done || (!rc && !page->next_link);
	if (rc || done)
		return rc;
	w->n++;
	w->items += page->n;
	return CORE_OK;
}

/* Reads the listing at path (an ARM path: the cursor's key) page by page,
 * from where its cursor stopped if a pull was cut short: a reader thread
 * fetches and maps up to a batch of pages ahead while the batch before is
 * written. A page that cannot be read stops it after the pages read
 * before it are written. */
static enum core_status
pull_listing(struct pull *pl, enum core_remote_kind kind, const char *path, const char *api,
	     const char *query, struct store_pull_at at, struct core_error *err)
{
	struct page_write *w = calloc(1, sizeof(*w));
	struct app_pullread *rd = NULL;
	struct core_error werr;
	char *url = NULL;
	bool last = false;
	enum core_status rc, wrc = CORE_OK;

	if (!w)
		return core_error_set(err, CORE_STORE, "Out of memory reading a listing.");
	w->max = pl->p->batch_pages && pl->p->batch_pages < APP_PULL_BATCH_PAGES ? pl->p->batch_pages
										 : APP_PULL_BATCH_PAGES;
	w->at = at;
	w->at.listing = path;
	w->first = 1;
	rc = store_pull_cursor(pl->ctx->st, path, &url, &w->at.run, err);
	if (!rc && !url && !(url = first_url(pl->p, path, api, query)))
		rc = core_error_set(err, CORE_STORE, "Out of memory building a URL.");
	if (!rc)
		rc = app_pullread_start(pl->p, kind, url, w->max, &rd, err);
	else
		free(url);
	if (!rc && pl->p->progress)
		pl->p->progress(pl->p->progress_ctx, core_remote_kind_name(kind), 0, 0);
	while (!rc && !last) {
		rc = take_page(rd, w, &last, err);
		if (!rc && w->n && (last || batch_full(w)))
			rc = write_batch(pl, w, kind, err);
	}
	/* What was read before a failure is kept; the failure is what is told. */
	core_error_clear(&werr);
	wrc = write_batch(pl, w, kind, rc ? &werr : err);
	app_pullread_free(rd);
	free(w);
	return rc ? rc : wrc;
}

/* pull_listing of the collection name under the object id. */
static enum core_status
pull_under(struct pull *pl, enum core_remote_kind kind, const char *id, const char *query,
	   struct store_pull_at at, struct core_error *err)
{
	char *path = NULL;
	struct core_buf b = { 0 };
	enum core_status rc;

	core_buf_printf(&b, "%s/%s", id, core_remote_kind_name(kind));
	if (b.failed) {
		core_buf_free(&b);
		return core_error_set(err, CORE_STORE, "Out of memory building a URL.");
	}
	path = b.p;
	at.parent = id;
	rc = pull_listing(pl, kind, path, APP_PULL_BILLING_API, query, at, err);
	free(path);
	return rc;
}

/* The objects pulled last in the listing of kind under id (NULL: the
 * accounts). */
static enum core_status
children(struct pull *pl, const char *id, enum core_remote_kind kind, struct store_pull_child **out,
	 size_t *n, struct core_error *err)
{
	char listing[2048];

	if (id)
		snprintf(listing, sizeof(listing), "%s/%s", id, core_remote_kind_name(kind));
	else
		snprintf(listing, sizeof(listing), "%s", ACCOUNTS);
	return store_pull_children(pl->ctx->st, listing, out, n, err);
}

/* Role definitions, then assignments, at the scope id. */
static enum core_status
pull_roles(struct pull *pl, const char *id, struct store_pull_at at, struct core_error *err)
{
	enum core_status rc = pull_under(pl, CORE_REMOTE_ROLE_DEFINITION, id, "", at, err);

	return rc ? rc : pull_under(pl, CORE_REMOTE_ROLE_ASSIGNMENT, id, "", at, err);
}

/* A profile's invoice sections and invoices, then the roles at the
 * profile and at each section. */
static enum core_status
pull_profile(struct pull *pl, const struct store_pull_child *prof, struct store_pull_at at,
	     struct core_error *err)
{
	struct store_pull_child *secs = NULL;
	size_t n = 0;
	enum core_status rc;

	at.profile_id = prof->row;
	rc = pull_under(pl, CORE_REMOTE_SECTION, prof->id, "", at, err);
	if (!rc)
		rc = pull_under(pl, CORE_REMOTE_INVOICE, prof->id, "", at, err);
	if (!rc)
		rc = pull_roles(pl, prof->id, at, err);
	if (!rc)
		rc = children(pl, prof->id, CORE_REMOTE_SECTION, &secs, &n, err);
	for (size_t i = 0; !rc && i < n; i++)
		rc = pull_roles(pl, secs[i].id, at, err);
	free(secs);
	return rc;
}

static enum core_status
pull_account(struct pull *pl, const struct store_pull_child *acc, struct core_error *err)
{
	struct store_pull_at at = { .account_id = acc->row };
	struct store_pull_child *profs = NULL;
	size_t n = 0;
	enum core_status rc = pull_under(pl, CORE_REMOTE_PROFILE, acc->id, "", at, err);

	if (!rc)
		rc = children(pl, acc->id, CORE_REMOTE_PROFILE, &profs, &n, err);
	for (size_t i = 0; !rc && i < n; i++)
		rc = pull_profile(pl, &profs[i], at, err);
	free(profs);
	if (!rc)
		rc = pull_under(pl, CORE_REMOTE_SUBSCRIPTION, acc->id, "", at, err);
	if (!rc)
		rc = pull_under(pl, CORE_REMOTE_TENANT, acc->id, "&includeRevoked=true", at, err);
	if (!rc)
		rc = pull_roles(pl, acc->id, at, err);
	if (!rc)
		rc = pull_under(pl, CORE_REMOTE_REQUEST, acc->id, "", at, err);
	return rc;
}

/* The customer subscriptions of each Azure Stack registration the store
 * has. */
static enum core_status
pull_stack(struct pull *pl, struct core_error *err)
{
	struct store_stack_reg *regs = NULL;
	size_t n = 0;
	enum core_status rc = store_stack_registrations(pl->ctx->st, &regs, &n, err);
	struct store_pull_at at = { 0 };
	char path[1024];

	for (size_t i = 0; !rc && i < n; i++) {
		at.registration = regs[i].id;
		snprintf(path, sizeof(path),
			 "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.AzureStack/registrations/%s"
			 "/customerSubscriptions", regs[i].subscription_id, regs[i].resource_group, regs[i].name);
		rc = pull_listing(pl, CORE_REMOTE_STACK_CUSTOMER, path, APP_PULL_STACK_API, "", at, err);
	}
	free(regs);
	return rc;
}

enum core_status
app_pull_run(struct app_ctx *ctx, const struct app_pull *p, struct app_pull_summary *sum,
	     struct core_error *err)
{
	struct pull pl = { .ctx = ctx, .p = p, .sum = sum };
	struct store_pull_at at = { 0 };
	struct store_pull_child *accs = NULL;
	size_t n = 0;
	enum core_status rc;

	memset(sum, 0, sizeof(*sum));
	store_pull_cache(ctx->st, true);
	rc = pull_listing(&pl, CORE_REMOTE_ACCOUNT, ACCOUNTS, APP_PULL_BILLING_API, "", at, err);
	if (!rc)
		rc = children(&pl, NULL, CORE_REMOTE_ACCOUNT, &accs, &n, err);
	for (size_t i = 0; !rc && i < n; i++)
		if (accs[i].row)
			rc = pull_account(&pl, &accs[i], err);
	free(accs);
	if (!rc)
		rc = pull_stack(&pl, err);
	store_pull_cache(ctx->st, false);
	return rc;
}

/* A meta value, "" when the store has none. */
static enum core_status
meta(struct app_ctx *ctx, const char *key, char *out, int size, struct core_error *err)
{
	enum core_status rc = store_meta_get(ctx->st, key, out, size, err);

	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		out[0] = '\0';
		rc = CORE_OK;
	}
	return rc;
}

static enum core_status
bind_remote(struct app_ctx *ctx, const struct app_pull *p, struct core_error *err)
{
	enum core_status rc = store_begin(ctx->st, err);

	if (!rc)
		rc = store_meta_set(ctx->st, "remote_endpoint", p->arm, err);
	if (!rc)
		rc = store_meta_set(ctx->st, "remote_tenant", p->tenant ? p->tenant : "", err);
	if (rc) {
		store_rollback(ctx->st);
		return rc;
	}
	return store_commit(ctx->st, err);
}

/* Whether two endpoints are the same, whatever trailing slashes. */
static bool
same_endpoint(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	while (na && a[na - 1] == '/')
		na--;
	while (nb && b[nb - 1] == '/')
		nb--;
	return na == nb && strncmp(a, b, na) == 0;
}

const char *
app_pull_tenant_words(const char *tenant, char *out, size_t size)
{
	if (tenant && tenant[0])
		snprintf(out, size, "tenant %s", tenant);
	else
		snprintf(out, size, "the sign-in's own tenant");
	return out;
}

enum core_status
app_pull_check(struct app_ctx *ctx, const struct app_pull *p, bool *bound, struct core_error *err)
{
	char demo[16], endpoint[1024], tenant[128], was[160], asked[160];
	const char *want = p->tenant ? p->tenant : "";
	enum core_status rc = meta(ctx, "demo", demo, sizeof(demo), err);

	if (!rc)
		rc = meta(ctx, "remote_endpoint", endpoint, sizeof(endpoint), err);
	if (!rc)
		rc = meta(ctx, "remote_tenant", tenant, sizeof(tenant), err);
	if (rc)
		return rc;
	if (strcmp(demo, "1") == 0)
		return core_error_set(err, CORE_REFUSED, "This is the demo store, which is never synced:"
				      " sync into a new store to start from your billing account.");
	if (endpoint[0] && (!same_endpoint(endpoint, p->arm) || strcasecmp(tenant, want) != 0))
		return core_error_set(err, CORE_REFUSED, "This store is bound to %s (%s), not to %s"
				      " (%s): sync it from where it came, or into a new store.",
				      endpoint, app_pull_tenant_words(tenant, was, sizeof(was)), p->arm,
				      app_pull_tenant_words(want, asked, sizeof(asked)));
	*bound = endpoint[0] != '\0';
	return CORE_OK;
}

enum core_status
app_pull_bind(struct app_ctx *ctx, const struct app_pull *p, struct core_error *err)
{
	enum core_status rc = app_require_change(ctx, "pull from the service", err);
	bool bound = false;

	if (!rc)
		rc = app_pull_check(ctx, p, &bound, err);
	return rc || bound ? rc : bind_remote(ctx, p, err);
}

/* Whether the store at path exists and what binds it ("" none): a first
 * store cut short before it had an account is taken up again. */
static enum core_status
probe_store(const char *path, bool *exists, char *endpoint, int size, struct core_error *err)
{
	struct store *st = NULL;
	enum core_status rc = store_open(path, STORE_OPEN_READ_ONLY, &st, err);

	*exists = rc == CORE_OK;
	endpoint[0] = '\0';
	if (rc == CORE_NOT_FOUND) {
		core_error_clear(err);
		rc = CORE_OK;
	} else if (!rc && store_meta_get(st, "remote_endpoint", endpoint, size, err) == CORE_NOT_FOUND) {
		core_error_clear(err);
	}
	store_close(st);
	return rc;
}

enum core_status
app_pull_first_store(const char *db_path, const struct app_pull *p, struct app_pull_summary *sum,
		     struct core_error *err)
{
	struct app_ctx *ctx = calloc(1, sizeof(*ctx));
	char endpoint[1024];
	bool exists = false;
	enum core_status rc;

	memset(sum, 0, sizeof(*sum));
	if (!ctx)
		return core_error_set(err, CORE_STORE, "Out of memory.");
	rc = probe_store(db_path, &exists, endpoint, sizeof(endpoint), err);
	if (!rc && exists && !endpoint[0])
		rc = core_error_set(err, CORE_REFUSED, "A store already exists at %s: sync into it, or name a new one.",
				    db_path);
	if (!rc)
		rc = app_config_load(&ctx->cfg, err);
	if (!rc)
		rc = store_open(db_path, STORE_OPEN_CREATE, &ctx->st, err);
	snprintf(ctx->actor, sizeof(ctx->actor), "%s", p->actor);
	if (!rc && !exists)
		rc = store_meta_set(ctx->st, "default_actor", p->actor, err);
	if (!rc)
		rc = app_pull_bind(ctx, p, err);
	if (!rc)
		rc = app_pull_run(ctx, p, sum, err);
	app_close(ctx);
	return rc;
}
