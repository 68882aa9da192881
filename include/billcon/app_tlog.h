/* app_tlog: the audit trail as a transparency log (doc/audit.md):
 * checkpoints signed with the user's key, the checks of a checkpoint
 * against the store, and the check of an inclusion proof with no store at
 * all. */
#ifndef BILLCON_APP_TLOG_H
#define BILLCON_APP_TLOG_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "billcon/core_merkle.h"
#include "billcon/core_note.h"
#include "billcon/core_status.h"
#include "billcon/store_audit.h"

struct store;

/* The bytes a signed checkpoint note of billcon's takes at most. */
#define APP_TLOG_NOTE_MAX (CORE_CHECKPOINT_MAX + CORE_NOTE_SIGNED_EXTRA)

/* The checkpoint origin of st: origin when it is not NULL or empty (the
 * `audit_origin` setting), else the name the store was given when made.
 * CORE_USAGE with a sentence for an origin no note can carry. */
enum core_status app_tlog_origin(struct store *st, const char *origin, char *out, size_t size,
				 struct core_error *err);

/* The current tree of st as a signed checkpoint note (origin as
 * app_tlog_origin) into note, signed with the user's key, made on first
 * use (app_signkey). */
enum core_status app_tlog_checkpoint(struct store *st, const char *origin, char *note, size_t size,
				     struct core_error *err);

/* The verifier key of the user's key under the origin (as
 * app_tlog_origin) into out (CORE_NOTE_VERIFIER_MAX bytes). */
enum core_status app_tlog_verifier(struct store *st, const char *origin, char *out, size_t size,
				   struct core_error *err);

struct app_config;

/* Writes the current checkpoint to cfg's checkpoint_sink, outside the
 * store, so that a copy lives where the store's writer cannot reach:
 * file:PATH appends it (then a blank line), command:CMD gives it to CMD's
 * standard input, syslog logs it as one line. CORE_REMOTE with a sentence
 * when the sink fails. */
enum core_status app_tlog_publish(struct store *st, const struct app_config *cfg,
				  struct core_error *err);

/* What checking a checkpoint against a store found. */
struct app_tlog_verdict {
	struct store_audit_verdict trail; /* the whole trail's own checks */
	long long size;                   /* the checkpoint's tree size */
	long long entries;                /* the trail's entries now */
	bool consistent;                  /* the consistency proof from size to entries holds */
	int proof_len;
	core_merkle_hash proof[CORE_MERKLE_MAX_PROOF];
	long long first_bad;              /* 0 when the checkpoint holds */
	char problem[400];                /* one sentence, "" when it holds */
};

/* Checks the signed checkpoint note against st: its signature by key (a
 * verifier key's text; NULL: the user's own key under the checkpoint's
 * origin), its origin (the store's, as app_tlog_origin), then the whole
 * trail (store_audit_verify, progress as opts gives it), that the first
 * size entries hash to its root, and the consistency proof from its tree
 * to the current one. CORE_OK with the verdict filled whether or not it
 * holds; a note that does not open is CORE_REFUSED with its sentence. */
enum core_status app_tlog_verify(struct store *st, const char *note, const char *key,
				 const char *origin, const struct store_audit_verify_opts *opts,
				 struct app_tlog_verdict *v, struct core_error *err);

/* The inclusion proof of entry seq in the tree of size entries (0: the
 * current tree) as a new JSON object: seq, leafIndex, treeSize, leafHash,
 * proof (base64 hashes in RFC 9162 order) and entry (set by the caller to
 * the entry as `audit export --format jsonl` writes it). */
enum core_status app_tlog_prove(struct store *st, long long seq, long long size, json_t **out,
				struct core_error *err);

/* The leaf hash of an entry as export writes it (seq, at, actor, action,
 * object, and before and after as JSON values or null): its fields are
 * serialized as the store keeps them (compact JSON, sorted keys, ASCII)
 * and hashed as core_audit_leaf does. CORE_REFUSED when a field is
 * missing or of the wrong type. */
enum core_status app_tlog_entry_leaf(const json_t *entry, core_merkle_hash out,
				     struct core_error *err);

/* Checks a proof (the JSON app_tlog_prove makes, as text) against the
 * signed checkpoint note and the verifier key, with no store: the
 * signature, that the proof is of the checkpoint's tree, that the entry it
 * carries hashes to its leaf hash, and that the leaf is in the tree.
 * CORE_OK when all hold; otherwise CORE_REFUSED with the sentence of the
 * first that does not. *seq gets the entry's number when known. */
enum core_status app_tlog_check_proof(const char *proof, const char *note, const char *key,
				      long long *seq, struct core_error *err);

#endif
