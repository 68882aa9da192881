/* app_plan: the waiting changes of the outbox as a plan (issue 11): each
 * change in order with its before and after and the call sync will make,
 * or why it stays local, failed items with their last ARM error, and
 * items held behind an earlier failed change to the same object. Needs no
 * network and no sign-in. The push engine (app_push) walks the same plan. */
#ifndef BILLCON_APP_PLAN_H
#define BILLCON_APP_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "billcon/core_buf.h"
#include "billcon/core_status.h"
#include "billcon/store_outbox.h"
#include "billcon/sync_plan.h"

struct app_ctx;

enum app_plan_state {
	APP_PLAN_PUSH,     /* will be sent */
	APP_PLAN_SENT,     /* sent, its answer never recorded: read back first */
	APP_PLAN_FAILED,   /* its last call failed (last_error): sent again */
	APP_PLAN_HELD,     /* waits for an earlier failed change to its object */
	APP_PLAN_LOCAL,    /* no API takes it (call.reason says why) */
	APP_PLAN_DONE,     /* pushed or settled during this push */
	APP_PLAN_CONFLICT, /* changed there since pulled: waits for sync resolve */
};

struct app_plan_item {
	struct store_outbox_row *row;   /* owned by the plan */
	struct sync_call call;
	enum app_plan_state state;
	long long held_by;              /* APP_PLAN_HELD: the change it waits for */
};

struct app_plan {
	struct app_plan_item *items;
	size_t n;
	long long to_push, local_only, failed, held, conflicts;
	struct store_outbox_row *rows;  /* owned */
	/* The items that hold later ones (failed or held), in order: the
	 * few a check walks instead of every earlier item. */
	size_t *blockers, nblockers;
};

/* Reads the waiting changes of ctx's store and maps each to its call into
 * a new plan (app_plan_free). */
enum core_status app_plan_load(struct app_ctx *ctx, struct app_plan **out, struct core_error *err);

/* Frees p; NULL is allowed. */
void app_plan_free(struct app_plan *p);

/* Item i of p now goes to object (its row's object replaced, its call
 * mapped again): a change to an object the service named itself when a
 * push made it. Its state is kept. */
enum core_status app_plan_retarget(struct app_plan *p, size_t i, const char *object, struct core_error *err);

/* The earlier item of p, before index i, that i must wait for (failed,
 * held or in conflict, on the same object or one it lies under), or NULL. */
const struct app_plan_item *app_plan_blocker(const struct app_plan *p, size_t i);

/* Recounts p's totals and holds from its items' states. */
void app_plan_settle(struct app_plan *p);

/* Sets item i's state to s, noting it among the blockers when it is failed,
 * held or in conflict (call in the items' order). */
void app_plan_mark(struct app_plan *p, size_t i, enum app_plan_state s);

/* The state's word: "push", "sent", "failed", "held", "local-only", "done",
 * "conflict". */
const char *app_plan_state_name(enum app_plan_state s);

/* it's change in words into b: "displayName: Wingtip Toys -> Wingtip 2",
 * "new: displayName=New Co, ...", "removed". */
void app_plan_change_words(const struct app_plan_item *it, struct core_buf *b);

/* A conflicted it's remote side in words into b: "removed there",
 * "exists there: displayName=...", or their changes since the pull
 * ("displayName: Wingtip Toys -> Wingtip Remote"), properties first. */
void app_plan_theirs_words(const struct app_plan_item *it, struct core_buf *b);

/* it as a JSON object (a new reference): id, createdOn, action, object,
 * before, after, state, api, method, path, body, longRunning,
 * resolveDomain, reason, attempts, lastError, heldBy, conflict (null,
 * "changed" or "removed"), theirs (their JSON or null). */
json_t *app_plan_item_json(const struct app_plan_item *it);

/* --- one change at a time: the sync blade reads the plan by pages --- */

/* A change that holds later ones to its object (failed, or held itself). */
struct app_plan_blocker {
	long long id;
	enum app_plan_state state;         /* APP_PLAN_FAILED or APP_PLAN_HELD */
	char *action, *object, *last_error; /* owned; last_error NULL when held */
};

/* The waiting changes of a store counted as app_plan_load counts them,
 * with the changes that hold others, in order: what a change read alone is
 * checked against. Memory grows with the blockers only, never with the
 * waiting changes. */
struct app_plan_summary {
	long long to_push, local_only, failed, held, conflicts;
	struct app_plan_blocker *blockers; /* owned */
	size_t nblockers, cap;
};

/* Walks the waiting changes of ctx's store once, a row at a time, into *s
 * (emptied first; app_plan_summary_free): each change's state from its
 * row and sync_plan_is_local, held behind an earlier blocker on its
 * object or one under or above it, as app_plan_settle holds. */
enum core_status app_plan_summarize(struct app_ctx *ctx, struct app_plan_summary *s, struct core_error *err);

/* Frees what s holds and empties it. */
void app_plan_summary_free(struct app_plan_summary *s);

/* One waiting change read alone: its row, whose strings point into the
 * entry it was read from (keep the entry while it is used), and its item
 * (call, state, held_by). */
struct app_plan_one {
	struct store_outbox_row row;
	struct app_plan_item item;
};

/* Maps entry e to its call and state into *out, as app_plan_load would:
 * held when one of s's blockers made before it is on its object or one
 * under or above it (the latest such is held_by). app_plan_one_clear frees
 * the call; CORE_STORE with a sentence as sync_plan_call. */
enum core_status app_plan_one(const struct store_outbox_entry *e, const struct app_plan_summary *s,
			      struct app_plan_one *out, struct core_error *err);

/* Frees o's call. */
void app_plan_one_clear(struct app_plan_one *o);

/* Called by app_plan_each with each change in turn (valid during the call
 * only); non-zero stops the walk. */
typedef int (*app_plan_each_fn)(const struct app_plan_item *it, void *arg);

/* Walks the waiting changes of ctx's store in the order they were made,
 * each mapped as app_plan_one maps it against s (from
 * app_plan_summarize), handing it to fn: a plan of any size costs one
 * change's memory (`sync --plan`). CORE_STORE with a sentence as
 * sync_plan_call. */
enum core_status app_plan_each(struct app_ctx *ctx, const struct app_plan_summary *s, app_plan_each_fn fn,
			       void *arg, struct core_error *err);

/* s's blocker id, or NULL. */
const struct app_plan_blocker *app_plan_blocker_by_id(const struct app_plan_summary *s, long long id);

/* it's object in a few words into out: the display name (or the email of
 * whom a role is for) in its after (or before), else the last segment of
 * its path. */
void app_plan_object_name(const struct app_plan_item *it, char *out, size_t size);

/* Where ctx's store syncs to, in words, into out: "syncs to ENDPOINT
 * (tenant T)", the demo store's "never synced", or "not bound to a
 * service: sync creates or binds it". */
enum core_status app_plan_where(struct app_ctx *ctx, char *out, size_t size, struct core_error *err);

/* The last sync's summary as the store's meta holds it (key last_sync,
 * text written by sync), "" when none. */
enum core_status app_plan_last_sync(struct app_ctx *ctx, char *out, size_t size, struct core_error *err);

#endif
