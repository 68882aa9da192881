/* app_write: the one way a billing change is written (DOMAIN.md §1, §8).
 *
 * app_run_write takes the time of the action, checks that the store is
 * writable, begins the transaction, reads the actor's roles inside it,
 * checks the permission, then calls the action's apply, which validates and
 * writes and records each change with app_write_record (its audit entry and
 * its outbox row for sync); then it commits, or rolls everything back when
 * anything failed or asked for confirmation. An action is its validation and
 * its write. */
#ifndef BILLCON_APP_WRITE_H
#define BILLCON_APP_WRITE_H

#include <stdbool.h>

#include <jansson.h>

#include "billcon/app_context.h"
#include "billcon/core_status.h"

struct app_write {
	const char *doing;     /* "change associated tenants", for refusals */
	enum core_need need;   /* what the actor needs ... */
	const char *scope;     /* ... at this scope; NULL: the account in scope */
	bool system;           /* billcon itself acts (expiry): no permission, actor "billcon" */
	/* When not NULL, decides who may act instead of need and scope, with
	 * the actor's roles read again first (a Global administrator, the
	 * invited guest): CORE_OK, or why not (CORE_FORBIDDEN). */
	enum core_status (*permit)(struct app_ctx *ctx, void *data, struct core_error *err);
	/* Validates and writes inside the transaction; any status but CORE_OK
	 * (CORE_CONFIRM included) rolls the whole action back. */
	enum core_status (*apply)(struct app_ctx *ctx, void *data, struct core_error *err);
	void *data;
};

/* A permit for what the service decided (a pull's changes, the name it
 * gave what a push made): the sync actor only records it, so no role of
 * the store's is asked for. Always CORE_OK. */
enum core_status app_permit_service(struct app_ctx *ctx, void *data, struct core_error *err);

/* Runs w as described above; CORE_OK when it committed. */
enum core_status app_run_write(struct app_ctx *ctx, const struct app_write *w,
			       struct core_error *err);

/* Whether sync ever sends a recorded change to the service. */
enum app_push {
	APP_LOCAL,   /* kept here only (the service does it itself, or has no API) */
	APP_PUSHED,  /* sync maps it to calls later */
	APP_PULLED,  /* read from the service by a pull, or done by the service
		      * itself in a synced store: audited, no outbox row */
};

/* Records one change of the action under way (only from an apply): an
 * audit entry at the action's time by its actor, and an outbox row with the
 * intended change (action, object, before, after; not an HTTP call; none
 * for APP_PULLED, which the service already has). before
 * and after are JSON objects or NULL; this takes their references. A
 * pushed change by anyone but the signed-in user of a synced store is
 * refused (app_write_check_signed_in). */
enum core_status app_write_record(struct app_ctx *ctx, const char *action, const char *object,
				  json_t *before, json_t *after, enum app_push push,
				  struct core_error *err);

/* The rule for a synced store: a change that will be pushed is made as
 * the signed-in user only (a decision on a request is pushed with the
 * addressee's own token). CORE_OK when signed_in is NULL or "" (the store
 * is not synced) or is ctx's actor; CORE_REFUSED with one sentence
 * otherwise. app_write_record applies it with ctx->signed_in. */
enum core_status app_write_check_signed_in(const struct app_ctx *ctx, const char *signed_in,
					   struct core_error *err);

/* The JSON text of o as the trail keeps it: compact, keys sorted, ASCII
 * only (so that the hashed bytes never depend on how a terminal shows
 * them); NULL for NULL or out of memory. Caller frees. */
char *app_write_text(const json_t *o);

/* As app_write_record, with before and after given as text already in the
 * form app_write_text writes (or NULL): for a writer that has it so and
 * need not parse it again. Takes nothing. */
enum core_status app_write_record_text(struct app_ctx *ctx, const char *action, const char *object,
				       const char *before, const char *after, enum app_push push,
				       struct core_error *err);

/* The actor of the action under way ("billcon" for a system action). */
const char *app_write_actor(const struct app_ctx *ctx);

#endif
