/* core_status: the one status enum of billcon, with the exit code each maps to. */
#ifndef BILLCON_CORE_STATUS_H
#define BILLCON_CORE_STATUS_H

#include <stddef.h>

/* id, exit code, short name. ABANDONED is a read the caller stopped (a key
 * arrived while a filter ran): not a failure, and never shown as one. The exit codes are part of the command line's
 * contract (doc/billcon.1): never renumber them. */
#define CORE_STATUS_INFO(_) \
	_(OK,        0, "ok") \
	_(USAGE,     2, "usage") \
	_(REFUSED,   3, "refused by a rule") \
	_(FORBIDDEN, 4, "not permitted") \
	_(NOT_FOUND, 5, "not found") \
	_(STORE,     6, "store failure") \
	_(REMOTE,    7, "remote failure") \
	_(CONFIRM,   3, "needs confirmation") \
	_(ABANDONED, 6, "abandoned")

enum core_status {
#define CORE_STATUS_ENUM(id, code, name) CORE_##id,
	CORE_STATUS_INFO(CORE_STATUS_ENUM)
#undef CORE_STATUS_ENUM
};

/* A failure a user can read: a status and one sentence. Embedded by callers;
 * core_error_set overwrites it. */
struct core_error {
	enum core_status status;
	char message[512];
};

/* Sets err (when not NULL) to status and the formatted sentence; returns status
 * so callers can write `return core_error_set(err, ...)`. */
enum core_status core_error_set(struct core_error *err, enum core_status status,
				const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears err to CORE_OK with an empty message; NULL is allowed. */
void core_error_clear(struct core_error *err);

/* The process exit code for status (see the table above). */
int core_status_exit_code(enum core_status status);

/* A short lowercase name of status, for logs and JSON. */
const char *core_status_name(enum core_status status);

#endif
