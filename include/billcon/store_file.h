/* store_file: a store file built beside its place and put there whole, never
 * over another file: new demo stores and backups. The file being built is
 * PATH.building-PID; a run that is killed leaves none behind (SIGINT,
 * SIGTERM and SIGHUP remove it, and the next run removes what SIGKILL left). */
#ifndef BILLCON_STORE_FILE_H
#define BILLCON_STORE_FILE_H

#include <stddef.h>

#include "billcon/core_status.h"

struct store;

/* Names the file to build path in (path.building-PID) into tmp (size
 * bytes), after removing the files of earlier runs for path whose process is
 * gone; until store_file_place or store_file_discard, a signal that ends
 * billcon removes it first. CORE_REFUSED when path already exists (what
 * names the command in the sentence). */
enum core_status store_file_start(const char *path, const char *what, char *tmp, size_t size,
				  struct core_error *err);

/* Puts the closed store file tmp at path, unless something is there by now
 * (CORE_REFUSED, never an overwrite), and removes tmp and its journal
 * files either way. */
enum core_status store_file_place(const char *tmp, const char *path, const char *what,
				  struct core_error *err);

/* Removes tmp and its journal files (-wal, -shm, -journal), and ends the
 * signal guard. */
void store_file_discard(const char *tmp);

/* Copies the store st into the new file tmp with SQLite's online backup: a
 * consistent snapshot, taken while other billcons read and write. */
enum core_status store_backup(struct store *st, const char *tmp, struct core_error *err);

#endif
