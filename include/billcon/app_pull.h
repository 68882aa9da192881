/* app_pull: a pull from ARM into the store (issue 11): every collection in
 * order, its pages read ahead a few at a time and written in one
 * transaction with each page's cursor (a pull cut short anywhere resumes
 * after the last batch written, reading the rest again), each real change
 * audited as the sync actor (never queued for push) in that transaction,
 * and what a complete listing no longer has marked removed. HTTP is the caller's: it
 * hands a fetch function, so that tests serve pages from files. */
#ifndef BILLCON_APP_PULL_H
#define BILLCON_APP_PULL_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/app_context.h"
#include "billcon/core_remote.h"
#include "billcon/core_status.h"
#include "billcon/store_pull.h"

/* API versions of the contract (issue 11). */
#define APP_PULL_BILLING_API "2024-04-01"
#define APP_PULL_STACK_API "2022-06-01"

/* Pages written in one transaction at most (fewer when they hold
 * APP_PULL_BATCH_ITEMS objects or took half a second to fetch). */
#define APP_PULL_BATCH_PAGES 40
#define APP_PULL_BATCH_ITEMS 2000

/* GETs url; on CORE_OK *body (malloc'd, the caller frees) and *len hold
 * the response body of a 200; any failure is a status and one sentence. */
typedef enum core_status (*app_fetch_fn)(void *ctx, const char *url, char **body, size_t *len,
					 struct core_error *err);

/* When a listing starts (0 and 0) and after each page of it is written:
 * its collection ("associatedTenants"), and how many pages and items of
 * that listing are written so far. Running totals, so that a line drawn
 * from them stays true while the next page is awaited (a stall) instead
 * of naming a page, or a listing, as if it were in hand. */
typedef void (*app_pull_progress_fn)(void *ctx, const char *collection, long long pages,
				     long long items);

struct app_pull_count {
	long long pages, items, added, changed, removed;
};

struct app_pull_summary {
	struct app_pull_count by[CORE_REMOTE_KIND_COUNT];
	struct app_pull_count total;
};

struct app_pull {
	const char *arm;         /* ARM's base URL (no trailing slash needed) */
	const char *tenant;      /* the signed-in tenant the store is bound to */
	const char *actor;       /* who the pull's changes are audited as: the
				  * signed-in user's email, or app:<ID> */
	app_fetch_fn fetch;
	void *fetch_ctx;
	app_pull_progress_fn progress; /* NULL for none */
	void *progress_ctx;
	size_t batch_pages;      /* pages a transaction holds at most (tests);
				  * 0: APP_PULL_BATCH_PAGES */
};

/* A store's or a sign-in's tenant in words into out (size bytes),
 * returned: "tenant T", or "the sign-in's own tenant" when none was named
 * ("" or NULL). */
const char *app_pull_tenant_words(const char *tenant, char *out, size_t size);

/* CORE_OK when ctx's store may be synced with p's remote (p->arm and
 * p->tenant): never the demo store, never a store bound to another
 * endpoint or tenant (CORE_REFUSED, one sentence each); *bound tells
 * whether it is bound already. Writes nothing. */
enum core_status app_pull_check(struct app_ctx *ctx, const struct app_pull *p, bool *bound,
				struct core_error *err);

/* CORE_OK when ctx's store may be pulled into from p's remote: never the
 * demo store, never a store bound to another endpoint or tenant (CORE_REFUSED,
 * one sentence each). A store not bound yet is bound to p's remote here. */
enum core_status app_pull_bind(struct app_ctx *ctx, const struct app_pull *p, struct core_error *err);

/* Pulls everything into ctx's store (after app_pull_bind), filling *sum.
 * A failed fetch or a malformed page stops the pull with its status and
 * sentence: the pages before it are written and kept, nothing is marked removed from
 * the listing it cut short, and the next pull resumes it from its cursor. */
enum core_status app_pull_run(struct app_ctx *ctx, const struct app_pull *p,
			      struct app_pull_summary *sum, struct core_error *err);

/* The first store: creates a store at db_path bound to p's remote, with
 * p->actor as its default actor, and pulls into it; *sum as app_pull_run.
 * A store already there is refused (CORE_REFUSED) unless a first store
 * bound to the same remote made it (a first pull cut short, perhaps
 * before any account: it resumes); the demo store and another remote's
 * are refused as by app_pull_bind. */
enum core_status app_pull_first_store(const char *db_path, const struct app_pull *p,
				      struct app_pull_summary *sum, struct core_error *err);

/* Writes one mapped page of a listing (at->listing, the cursor's key;
 * at->run from store_pull_cursor) as app_pull_run writes each of its
 * pages: in one transaction, as p_actor, each change audited and never
 * queued, the cursor moved to page->next_link, and after the last page
 * what the listing left out marked removed; adds its counts to *sum. For
 * the other pulls (app_pulldir). */
enum core_status app_pull_page(struct app_ctx *ctx, const char *p_actor, struct core_remote_page *page,
			       const struct store_pull_at *at, struct app_pull_summary *sum,
			       struct core_error *err);

#endif
