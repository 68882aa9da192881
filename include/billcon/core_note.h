/* core_note: C2SP signed notes (c2sp.org/signed-note) with Ed25519, and the
 * C2SP tlog-checkpoint text they carry (c2sp.org/tlog-checkpoint), as the
 * audit trail's transparency log signs them (DOMAIN.md §8, doc/audit.md).
 *
 * A signed note is its text (ending in "\n"), a blank line, then lines
 * "— <name> <base64(4-byte key ID || signature)>\n". The key ID is the first
 * 4 bytes, big-endian, of SHA-256(name || "\n" || 0x01 || public key); the
 * signature is Ed25519 (RFC 8032) over the text with its final newline. A
 * verifier key is "<name>+<8 hex key ID>+<base64(0x01 || public key)>", as
 * Go's golang.org/x/mod/sumdb/note writes it. Pure: no files, no globals.
 *
 * Statuses: CORE_USAGE for what the caller gave that cannot be used (a
 * malformed name, text or verifier key, a buffer too small); CORE_REFUSED
 * for a note or checkpoint that does not check (malformed, not signed by the
 * key, a signature that does not verify); CORE_STORE when libcrypto fails. */
#ifndef BILLCON_CORE_NOTE_H
#define BILLCON_CORE_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "billcon/core_status.h"

#define CORE_NOTE_KEY_BYTES 32  /* an Ed25519 private key (seed) or public key */
#define CORE_NOTE_SIG_BYTES 64  /* an Ed25519 signature */
#define CORE_NOTE_HASH_BYTES 32 /* a checkpoint's root hash (SHA-256) */
#define CORE_NOTE_NAME_MAX 255  /* bytes of a key name or origin, terminator not counted */
/* More signature lines than this and a note is refused (the spec asks for
 * a limit of at least 16). */
#define CORE_NOTE_MAX_SIGNATURES 100
/* A verifier key: name, "+", 8 hex digits, "+", 44 base64, terminator. */
#define CORE_NOTE_VERIFIER_MAX (CORE_NOTE_NAME_MAX + 55)
/* What signing adds to a text at most: the blank line and one signature
 * line (em dash, name, 92 characters of base64, spaces, newline) and the
 * terminator. */
#define CORE_NOTE_SIGNED_EXTRA (CORE_NOTE_NAME_MAX + 100)
/* A checkpoint body billcon writes: origin, size (at most 19 digits), 44
 * characters of base64, three newlines, terminator. */
#define CORE_CHECKPOINT_MAX (CORE_NOTE_NAME_MAX + 70)

/* True when name can name a key (and so a checkpoint's origin, which
 * billcon keeps equal to its key's name): 1..CORE_NOTE_NAME_MAX bytes of
 * UTF-8 with no control character, no Unicode space and no '+'. Otherwise
 * err (may be NULL) gets a sentence about `what` ("the origin") and
 * CORE_USAGE. */
bool core_note_name_check(const char *name, const char *what, struct core_error *err);

/* The key ID of the Ed25519 public key pub under name. */
uint32_t core_note_key_id(const char *name, const unsigned char pub[CORE_NOTE_KEY_BYTES]);

/* The Ed25519 public key of the private key (the 32-byte seed) priv into
 * pub. False when libcrypto fails. */
bool core_note_public_key(const unsigned char priv[CORE_NOTE_KEY_BYTES],
			  unsigned char pub[CORE_NOTE_KEY_BYTES]);

/* The verifier key of pub under name into out (CORE_NOTE_VERIFIER_MAX bytes
 * are enough), with no newline. False when name is not a valid key name or
 * out is too small. */
bool core_note_verifier_key(const char *name, const unsigned char pub[CORE_NOTE_KEY_BYTES],
			    char *out, size_t size);

/* Parses a verifier key (one trailing newline allowed): its name into name
 * (name_size bytes) and its public key into pub. CORE_USAGE with a sentence
 * when it is not "<name>+<8 hex>+<base64>", is not an Ed25519 key, or its
 * key ID is not the one of its name and public key. */
enum core_status core_note_parse_verifier_key(const char *text, char *name, size_t name_size,
					      unsigned char pub[CORE_NOTE_KEY_BYTES],
					      struct core_error *err);

/* Signs text (valid UTF-8 without control characters but newlines, ending
 * in a newline) as name with the private key priv: the whole signed note
 * into out (strlen(text) + CORE_NOTE_SIGNED_EXTRA bytes are enough).
 * CORE_USAGE with a sentence when text or name cannot be signed or out is
 * too small; CORE_STORE when libcrypto fails. */
enum core_status core_note_sign(const char *text, const char *name,
				const unsigned char priv[CORE_NOTE_KEY_BYTES], char *out,
				size_t outsize, struct core_error *err);

/* Opens the signed note: CORE_OK, with its text (final newline included)
 * in text_out (text_size bytes; NULL with 0 to only check), when a signature
 * line carries the name and key ID of verifier_key and every such line
 * verifies; signatures by other keys are ignored, as the spec says. Otherwise a sentence: a malformed verifier key (CORE_USAGE);
 * not a signed note, no signature by that key, a signature that does not
 * verify (the text was changed or another key signed it), more than
 * CORE_NOTE_MAX_SIGNATURES signatures, bytes that are not UTF-8 or are
 * control characters (all CORE_REFUSED); text_out too small (CORE_USAGE). */
enum core_status core_note_open(const char *note, const char *verifier_key, char *text_out,
				size_t text_size, struct core_error *err);

/* The checkpoint body "<origin>\n<size>\n<base64 root>\n" into out
 * (CORE_CHECKPOINT_MAX bytes are enough). False when origin is not a valid
 * key name (core_note_name_check), size is negative, or out is too small. */
bool core_checkpoint_format(const char *origin, long long size,
			    const unsigned char root[CORE_NOTE_HASH_BYTES], char *out,
			    size_t outsize);

/* Parses a checkpoint body (the text of its note): the origin into origin
 * (origin_size bytes), the tree size into *size, the root hash into root.
 * Extension lines after the root are accepted and ignored. CORE_REFUSED with
 * one sentence when a line is missing or wrong: no origin, a size that is not
 * a decimal number without leading zeros, a root that is not the base64 of
 * 32 bytes, an empty extension line, no final newline, control bytes. */
enum core_status core_checkpoint_parse(const char *body, char *origin, size_t origin_size,
				       long long *size, unsigned char root[CORE_NOTE_HASH_BYTES],
				       struct core_error *err);

#endif
