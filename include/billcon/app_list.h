/* app_list: reading any list of the account in scope for the console and
 * the command line (store_list.h), for an actor who may see it, at the time
 * of the read; and noticing other processes' changes. */
#ifndef BILLCON_APP_LIST_H
#define BILLCON_APP_LIST_H

#include <stdbool.h>

#include "billcon/core_status.h"
#include "billcon/store_list.h"

struct app_ctx;

/* One window of q's list. The scope is the account in scope when q->scope
 * is 0; the read time is now. CORE_FORBIDDEN for an actor with no role on
 * the account (its roles read afresh), unless the list holds the actor's own rows
 * (store_list_for_actor: q->key is set to the actor); CORE_ABANDONED when an abandon callback stopped it. */
enum core_status app_list_page(struct app_ctx *ctx, struct store_list_query *q, store_list_fn fn,
			       void *data, struct core_error *err);

/* How many rows spec's list of the account holds; -1 when it keeps no count. */
enum core_status app_list_count(struct app_ctx *ctx, const struct store_list_spec *spec,
				long long *n, struct core_error *err);

/* True when another process committed a change to the store since the
 * last call (SQLite's data_version): the console's tick reloads then. */
bool app_store_changed(struct app_ctx *ctx);

#endif
