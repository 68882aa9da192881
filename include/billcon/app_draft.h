/* app_draft: what a person typed, kept so that a dropped link loses nothing.
 * Drafts are the actor's own and are not billing changes: no permission, no
 * audit entry, no outbox row, and nothing is written on a read-only store
 * (saving there does nothing and says so by its status). */
#ifndef BILLCON_APP_DRAFT_H
#define BILLCON_APP_DRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "billcon/core_status.h"
#include "billcon/store_draft.h"

struct app_ctx;

/* Keeps fields (a JSON object; the reference stays the caller's) as the
 * actor's draft of kind at step ("" for a form). CORE_REFUSED on a
 * read-only store, with nothing written. */
enum core_status app_draft_save(struct app_ctx *ctx, const char *kind, const char *step,
				const json_t *fields, struct core_error *err);

/* Keeps n named text values (a form's fields by label) as the actor's
 * draft of kind at step; as app_draft_save. */
enum core_status app_draft_save_values(struct app_ctx *ctx, const char *kind, const char *step,
				       const char *const *names, const char *const *values, int n,
				       struct core_error *err);

/* The text value named name in d's fields into out (size bytes); false
 * when d holds none. */
bool app_draft_value(const struct store_draft *d, const char *name, char *out, size_t size);

/* The actor's draft of kind, or (kind NULL) the newest of any kind, into
 * *out; CORE_NOT_FOUND when there is none. Free with app_draft_free. */
enum core_status app_draft_get(struct app_ctx *ctx, const char *kind, struct store_draft *out,
			       struct core_error *err);

/* Discards the actor's draft of kind (a submit or a cancel ends it). */
enum core_status app_draft_discard(struct app_ctx *ctx, const char *kind, struct core_error *err);

/* What d was, in words a person recognises, into out: "adding an
 * associated tenant", "the billing profile link wizard at Select billing
 * profile"; a kind billcon does not know is named as it is stored. */
void app_draft_words(const struct store_draft *d, char *out, size_t size);

/* Frees what app_draft_get allocated in d. */
void app_draft_free(struct store_draft *d);

#endif
