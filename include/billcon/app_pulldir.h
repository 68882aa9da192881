/* app_pulldir: the directory of the primary billing tenant from Microsoft
 * Graph v1.0 (issue 11), after the pull from ARM and as it: each page in
 * one transaction with its listing's cursor, each real change audited as
 * the sync actor (never queued for push), what a complete listing no
 * longer has marked removed (never an object with a change waiting to be
 * pushed). The signed-in tenant's organization (its ID and name), its
 * authorization policy (whether guests may be invited), its domains (the
 * verified ones kept), its users (members, and guests with their
 * invitation state), and the members of its Global Administrator role. */
#ifndef BILLCON_APP_PULLDIR_H
#define BILLCON_APP_PULLDIR_H

#include "billcon/app_context.h"
#include "billcon/app_pull.h"
#include "billcon/core_status.h"

/* The Global Administrator directory role's roleTemplateId: the same in
 * every tenant. */
#define APP_PULLDIR_GLOBAL_ADMIN "62e90394-69f5-4237-9190-012177145e10"

/* Pulls the directory from graph (Graph's base URL, "/v1.0/..." is added)
 * into ctx's store (bound by app_pull_bind), with p's actor, fetch (which
 * must send a Graph token) and progress; p->arm is not used. Adds to *sum
 * (not emptied: it follows app_pull_run's) under the kinds
 * CORE_REMOTE_DIR_*. A failed fetch or malformed page stops it as
 * app_pull_run; Graph listing no organization is CORE_REMOTE. */
enum core_status app_pull_directory(struct app_ctx *ctx, const char *graph, const struct app_pull *p,
				    struct app_pull_summary *sum, struct core_error *err);

#endif
