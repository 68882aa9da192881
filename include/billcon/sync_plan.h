/* sync_plan: the call one outbox row makes at push (DOMAIN.md §9): its
 * API (ARM or Graph), method, path with its api-version, and body in ARM's
 * shape; or why no API takes the change (local-only). Pure mapping: no
 * store, no network (sync_call sends what it maps). */
#ifndef BILLCON_SYNC_PLAN_H
#define BILLCON_SYNC_PLAN_H

#include <stdbool.h>

#include "billcon/core_status.h"

#define SYNC_BILLING_API "2024-04-01"
#define SYNC_STACK_API "2022-06-01"

/* Where a call goes; NONE for a change kept local. */
enum sync_api { SYNC_API_NONE, SYNC_API_ARM, SYNC_API_GRAPH };

/* One outbox row as the plan reads it; before and after are JSON text or
 * NULL. */
struct sync_change {
	const char *action;
	const char *object;
	const char *before;
	const char *after;
	bool push;           /* the row asks to be sent */
};

/* The call of one change. path and body are owned (sync_call_clear). */
struct sync_call {
	enum sync_api api;
	char method[8];      /* "" when local-only */
	char *path;          /* from the API's base, with ?api-version= */
	char *body;          /* JSON text, NULL for none */
	bool lro;            /* a 201/202 with Location may follow: poll it */
	bool not_idempotent; /* a POST: read back before sending it again */
	char *readback;      /* GET path that lists what the POST makes, or NULL */
	char domain[256];    /* a tenant to resolve to its ID first, "" none */
	char reason[256];    /* local-only: why; else a note for the plan, "" */
};

/* Maps c to its call into *out (cleared first). CORE_OK for a call or a
 * local-only change (out->api NONE and out->reason set); CORE_STORE with
 * one sentence when the row's JSON cannot be read or memory ran out. */
enum core_status sync_plan_call(const struct sync_change *c, struct sync_call *out,
				struct core_error *err);

/* Whether c stays local (no API takes it), as sync_plan_call says, without
 * building its call: cheap enough to ask of every waiting change (only a
 * pushed section or directory change is mapped: a default section, and a
 * directory change that leaves the guest setting as it was, stay local). */
bool sync_plan_is_local(const struct sync_change *c);

/* Frees call's path, body and read-back path and zeroes it. */
void sync_call_clear(struct sync_call *call);

/* A conflict resolved --mine keeps my change, not the rest of my copy:
 * each property of call's body that my change left as it was (equal in
 * before and after, the change's JSON) takes the value theirs (the
 * object as the service holds it now, ARM's JSON) gives it, so that a PUT
 * of the whole object does not undo what they changed and I did not.
 * call's body is replaced when anything was taken; a body without
 * "properties", a creation (no before) or theirs unreadable are left as
 * they are. CORE_STORE when memory ran out. */
enum core_status sync_plan_keep_theirs(struct sync_call *call, const char *before, const char *after,
				       const char *theirs, struct core_error *err);

/* Puts tenant_id in place of call's domain in its path (after the domain
 * was resolved) and clears the domain. CORE_STORE when memory ran out. */
enum core_status sync_plan_set_tenant(struct sync_call *call, const char *tenant_id,
				      struct core_error *err);

/* Whether the JSON listing body (ARM's {"value":[...]}) holds what call's
 * POST makes (a role assignment with the same role and principal); its
 * name, the service's, into name (size bytes; "" when none or not found;
 * name may be NULL). */
bool sync_plan_made(const struct sync_call *call, const char *body, char *name, size_t size);

/* The name the service gave what call's POST made, from the call's final
 * answer (the assignment itself, when it is the one asked for) into name
 * (size bytes), else "". */
void sync_plan_made_name(const struct sync_call *call, const char *answer, char *name, size_t size);

/* The tenant ID in an OpenID configuration's body (its "issuer"
 * https://login.microsoftonline.com/{id}/v2.0) into tenant (37 bytes);
 * false when there is none. */
bool sync_plan_issuer_tenant(const char *body, char tenant[37]);

#endif
