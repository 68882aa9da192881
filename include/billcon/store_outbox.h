/* store_outbox: the changes waiting for sync, one row each, written in the
 * same transaction as the change and its audit entry. */
#ifndef BILLCON_STORE_OUTBOX_H
#define BILLCON_STORE_OUTBOX_H

#include <stdbool.h>

#include "billcon/core_status.h"

struct store;

/* Queues the change recorded by the last audit entry: action on object,
 * before and after as JSON text (or NULL), at; push false for a change sync
 * never sends. Call inside the change's transaction, after its audit entry. */
enum core_status store_outbox_add(struct store *st, const char *at, const char *action,
				  const char *object, const char *before, const char *after,
				  bool push, struct core_error *err);

/* How many rows wait to be pushed (push set, not done). */
enum core_status store_outbox_waiting(struct store *st, long long *n, struct core_error *err);

#endif
