/* app_resolve: `billcon sync resolve ID --mine|--theirs` (issue 11): a
 * change the read-back before a push found changed there (a conflict:
 * app_push) is resolved one way or the other, audited as sync.resolve by
 * the actor, with no new change to push. */
#ifndef BILLCON_APP_RESOLVE_H
#define BILLCON_APP_RESOLVE_H

#include <stdbool.h>

#include "billcon/app_context.h"
#include "billcon/core_status.h"

/* Resolves the conflict of outbox row id. mine: the change stays, and the
 * next push sends it as it is, without reading the object back. Not mine
 * (theirs): the change is dropped (its row settled) and the store takes
 * their version as a pull would (audited pull.change, or pull.remove when
 * they removed the object), by the actor; later waiting changes to the
 * object, made on the change dropped, become conflicts too. CORE_NOT_FOUND for an id that
 * waits for nothing, CORE_REFUSED for one that is not a conflict, or for
 * an actor other than the signed-in user of a synced store; one sentence
 * each. */
enum core_status app_resolve(struct app_ctx *ctx, long long id, bool mine, struct core_error *err);

#endif
