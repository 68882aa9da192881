/* sync_conflict: the read-back before a push (issue 11; there are no
 * ETags). The object a change goes to is read again and compared with its
 * JSON as pulled when the change was made: a remote change since then is
 * a conflict, never overwritten. Comparison is pure (sync_conflict_judge);
 * sync_conflict_check makes the GET. */
#ifndef BILLCON_SYNC_CONFLICT_H
#define BILLCON_SYNC_CONFLICT_H

#include <stdbool.h>

#include "billcon/core_status.h"
#include "billcon/sync_call.h"
#include "billcon/sync_plan.h"

/* What the read-back found, for one change. */
struct sync_readback {
	long status;      /* the GET's: 200, or 404 when the object is gone */
	const char *body; /* their JSON (a 200's body), NULL otherwise */
};

/* Whether the change call (to an object pulled as base, JSON text; NULL
 * for a creation, which has none) conflicts with what the read-back rb
 * found. Not a conflict: their JSON equal to base (parsed, compared as
 * JSON), or already showing what call asks (a resend after a kill, or the
 * same edit made there); a removal of what is gone; a creation of what
 * does not exist. A conflict: anything else changed there, an update of
 * what is gone, a creation of what exists otherwise. */
bool sync_conflict_judge(const struct sync_call *call, const char *base, const struct sync_readback *rb);

/* Whether their JSON already shows what call asks: each property a PUT
 * sends has that value there, or a move's destination is their invoice
 * section. */
bool sync_conflict_applied(const struct sync_call *call, const char *theirs);

/* GETs object as the read-back does (call's own path for a PUT or DELETE,
 * else the object with call's api-version) through h with t's token: *status
 * 200 and *body their JSON (malloc'd, caller frees), or 404 and NULL. A
 * failed read is the status and sentence of sync_http_error; *answered as
 * sync_call_send's. */
enum core_status sync_conflict_read(struct sync_http *h, const struct sync_target *t,
				    const struct sync_call *call, const char *object, long *status,
				    char **body, bool *answered, struct core_error *err);

/* GETs object (its ARM ID; call's api-version) through h with t's token and
 * judges it as sync_conflict_judge. CORE_OK with *conflict set, and when
 * set *theirs (malloc'd, caller frees: their JSON, "" when gone); a
 * failed read is the status and sentence of sync_http_error (the change
 * then fails as its call would). *answered as sync_call_send's. */
enum core_status sync_conflict_check(struct sync_http *h, const struct sync_target *t,
				     const struct sync_call *call, const char *object, const char *base,
				     bool *conflict, char **theirs, bool *answered, struct core_error *err);

#endif
