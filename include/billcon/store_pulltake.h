/* store_pulltake: a pulled object's place (its kind, listing and parents'
 * rows, as the pull had them) and taking the service's JSON for it
 * outside a pull: `billcon sync resolve ID --theirs` (issue 11). Runs
 * inside the caller's transaction. */
#ifndef BILLCON_STORE_PULLTAKE_H
#define BILLCON_STORE_PULLTAKE_H

#include "billcon/core_remote.h"
#include "billcon/core_status.h"
#include "billcon/store_pull.h"

struct store;

/* Where an object was pulled; listing and parent owned
 * (store_pull_place_clear). */
struct store_pull_place {
	enum core_remote_kind kind;
	char *listing;         /* the ARM path of its collection */
	char *parent;          /* the listing's parent's ARM ID */
	struct store_pull_at at;   /* listing, parent and parents' rows set; now is the caller's */
};

/* The place of the pulled object id into *out; CORE_NOT_FOUND with a
 * sentence when it was never pulled (or of no kind the pull knows). */
enum core_status store_pull_place(struct store *st, const char *id, struct store_pull_place *out,
				  struct core_error *err);

/* Frees out's strings and zeroes it. */
void store_pull_place_clear(struct store_pull_place *out);

/* Takes it as the object's JSON and its table row (as store_pull_put
 * would, but written even when the JSON is the one last pulled, and
 * whatever changes wait for it: the caller settles those), at at; *row
 * the table row, 0 none. */
enum core_status store_pull_take(struct store *st, const struct store_pull_at *at,
				 const struct core_remote_item *it, long long *row, struct core_error *err);

#endif
