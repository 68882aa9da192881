/* store_draft: typed input kept between runs (a form or a wizard left by a
 * dropped link). Drafts are not billing changes: no audit entry, no outbox
 * row. One draft per kind and actor. */
#ifndef BILLCON_STORE_DRAFT_H
#define BILLCON_STORE_DRAFT_H

#include <stddef.h>

#include "billcon/core_status.h"

struct store;

struct store_draft {
	char kind[64];        /* "tenant.add", "tenant.edit", "link.wizard" */
	char actor[256];
	char step[64];        /* where a wizard was; "" for a form */
	char *fields;         /* JSON object text, owned (free()) */
	char saved_on[32];
};

/* Saves (or replaces) the draft of kind by actor, in its own transaction. */
enum core_status store_draft_save(struct store *st, const struct store_draft *d,
				  struct core_error *err);

/* The draft of kind by actor into *out (out->fields allocated);
 * CORE_NOT_FOUND when there is none. */
enum core_status store_draft_get(struct store *st, const char *kind, const char *actor,
				 struct store_draft *out, struct core_error *err);

/* The newest draft by actor, of any kind; CORE_NOT_FOUND when none. */
enum core_status store_draft_newest(struct store *st, const char *actor, struct store_draft *out,
				    struct core_error *err);

/* Removes the draft of kind by actor (none is fine). */
enum core_status store_draft_discard(struct store *st, const char *kind, const char *actor,
				     struct core_error *err);

#endif
