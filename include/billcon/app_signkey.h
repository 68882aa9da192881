/* app_signkey: the Ed25519 key that signs the audit trail's checkpoints
 * (core_note), kept outside the store in
 * $XDG_STATE_HOME/billcon/audit-signing.key ($HOME/.local/state without
 * it) as a PEM PKCS#8 private key, so that `openssl pkey -in FILE -pubout`
 * reads it. Made on first use: the folder mode 0700, the file mode 0600,
 * written aside and linked into place, so that two processes making it at
 * once end with one key and no reader ever sees half a file. Whoever can read
 * the file can sign checkpoints: a file that group or others may read or
 * write is refused. */
#ifndef BILLCON_APP_SIGNKEY_H
#define BILLCON_APP_SIGNKEY_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_note.h"
#include "billcon/core_status.h"

/* The key file's name in the state folder. */
#define APP_SIGNKEY_FILE "audit-signing.key"

/* The key file's path into path_out (path_size bytes; NULL with 0 when not
 * wanted) and its private key (the 32-byte Ed25519 seed) into priv. When
 * there is no key file: with create, makes one; without, CORE_NOT_FOUND and
 * a sentence. Otherwise a sentence: no HOME nor XDG_STATE_HOME (CORE_USAGE),
 * a file group or others may read or write, naming the chmod that fixes it,
 * a file that is not an unencrypted Ed25519 private key in PEM (both
 * CORE_REFUSED), a file or folder that cannot be read or made (CORE_STORE).
 * priv is cleared on failure; the key is never printed. */
enum core_status app_signkey_load(bool create, unsigned char priv[CORE_NOTE_KEY_BYTES],
				  char *path_out, size_t path_size, struct core_error *err);

#endif
