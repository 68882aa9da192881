/* app_state: the small choices the console remembers between runs (the
 * Access control blade's scope), one "key value" line each in
 * $XDG_STATE_HOME/billcon/console.state (~/.local/state without it). Not
 * billing data: never audited, written even when the store is read-only,
 * and a lost or unreadable file loses only the choices. */
#ifndef BILLCON_APP_STATE_H
#define BILLCON_APP_STATE_H

#include <stdbool.h>
#include <stddef.h>

/* The folder of billcon's state ($XDG_STATE_HOME/billcon, else
 * $HOME/.local/state/billcon) into out; when make, made with its missing
 * parents, mode 0700. False when neither variable is set or out is too
 * small. */
bool app_state_dir(char *out, size_t size, bool make);

/* The value remembered for key into out; false (out "") when none. */
bool app_state_get(const char *key, char *out, size_t size);

/* Remembers value (one line, no newline) for key, replacing the old one;
 * the file is replaced whole (written aside, then renamed), mode 0600.
 * False when it could not be written. */
bool app_state_set(const char *key, const char *value);

#endif
