/* app_request: billing requests (DOMAIN.md §5): reading them, deciding
 * them as their addressee, cancelling one's own, their names in the audit
 * trail and the URLs handed to the people who decide them. A request past
 * its expiry is expired when it is read or acted on; a decided request
 * never changes. */
#ifndef BILLCON_APP_REQUEST_H
#define BILLCON_APP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "billcon/app_write.h"
#include "billcon/core_status.h"
#include "billcon/store_request.h"

struct app_ctx;
struct app_denial;

/* What can be done to a pending request. */
enum app_request_act {
	APP_REQUEST_APPROVE,  /* by its addressee */
	APP_REQUEST_DECLINE,  /* by its addressee, with a reason */
	APP_REQUEST_CANCEL,   /* by whoever made it */
};

/* What act does, as a refusal names it ("approve a request"). */
const char *app_request_doing(enum app_request_act act);

/* The most characters of a decision's reason. */
#define APP_REQUEST_REASON_MAX 250

/* Creates a pending request (only from an apply of app_run_write): r's
 * type, scope, object, tenant_id and addressee are the caller's; its name,
 * status, author, times and row ID are set here; the creation is audited,
 * with push saying whether sync sends it (a request the service makes
 * itself from another change is APP_LOCAL). */
enum core_status app_request_create(struct app_ctx *ctx, struct store_request *r,
				    enum app_push push, struct core_error *err);

/* The audit trail's name of the request called name (its ARM path), into
 * out. */
void app_request_object(const char *name, char *out, size_t size);

/* The URL at which the addressee decides the request called name, from the
 * `request_url` template of the settings, into out; "" for a request made
 * here in a synced store, which the service never has (it makes its own,
 * with its own URL, when the change that asked for it is pushed), so that
 * no URL leading nowhere is shown, copied or audited. */
void app_request_url(const struct app_ctx *ctx, const char *name, char *out, size_t size);

/* Why a request has no URL (app_request_url gave ""), in one sentence,
 * and as a detail's value. */
#define APP_REQUEST_NO_URL "This request was made here: the service makes its own, with its URL, when the" \
	" change that asked for it is pushed."
#define APP_REQUEST_NO_URL_VALUE "(none: the service makes its own when the change is pushed)"


/* The list of requests the actor sees (store_list.h): all of the account's
 * for a user with a billing role on it, else only those addressed to the
 * actor. */
const struct store_list_spec *app_request_list(struct app_ctx *ctx);

/* The request of the account in scope called name (its GUID), expiry
 * applied first when the store is writable (else read as at now).
 * CORE_NOT_FOUND when there is none; CORE_FORBIDDEN when the actor has no
 * billing role here and neither made the request nor decides it. */
enum core_status app_request_get(struct app_ctx *ctx, const char *name, struct store_request *out,
				 struct core_error *err);

/* Approves, declines or cancels the request called name, in one
 * transaction with what follows from it: the role assignment it approves
 * (whose status is the request's) or the associated tenant's provisioning
 * state, each with its audit entry. reason may be NULL except to decline
 * (CORE_USAGE). Refused (CORE_REFUSED) when the request is decided or
 * expired; not permitted (CORE_FORBIDDEN) when the actor is not its
 * addressee (for ProvisioningAccess, a Global administrator of that
 * tenant) or, to cancel, not who made it. The addressee needs no billing
 * role. *out (may be NULL) receives the request as it is after. */
enum core_status app_request_act(struct app_ctx *ctx, const char *name, enum app_request_act act,
				 const char *reason, struct store_request *out,
				 struct core_error *err);

/* Whether the actor may now take act on r (as read), by the same rules as
 * app_request_act; false with why in *d (APP_DENY_READ_ONLY or
 * APP_DENY_RULE, with a few words: "not the addressee"). */
bool app_request_may(struct app_ctx *ctx, const struct store_request *r,
		     enum app_request_act act, struct app_denial *d);

/* The request as ARM writes it (name, type, status, requestScope,
 * createdBy.upn, creationDate, expirationDate, reviewedBy.upn,
 * reviewalDate, decisionReason) plus addressee, object and url; the
 * caller owns the reference. */
json_t *app_request_json(const struct app_ctx *ctx, const struct store_request *r);

#endif
