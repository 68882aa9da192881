/* sync_httperror: what an HTTP answer says went wrong, and when it asks to
 * be tried again. Pure functions of the answer (sync_http.h includes this
 * header: callers need only that one). */
#ifndef BILLCON_SYNC_HTTPERROR_H
#define BILLCON_SYNC_HTTPERROR_H

#include "billcon/core_status.h"

struct sync_response;

/* For an answer that is not 2xx: CORE_REMOTE (CORE_NOT_FOUND for 404,
 * CORE_FORBIDDEN for 401/403) with ARM's error.code and error.message as
 * the sentence ("AuthorizationFailed: ..."), or OAuth's error and
 * error_description, or the status when the body has neither (or is not
 * JSON). The sentence is one line, valid UTF-8, without control
 * characters, and fits err. CORE_OK (err cleared) for 2xx. */
enum core_status sync_http_error(const struct sync_response *resp, struct core_error *err);

/* The delay, in milliseconds, a Retry-After value asks for (seconds, or an
 * HTTP date against now, in seconds since the epoch; a date past is 0);
 * -1 when value is NULL, empty, negative or not understood. Very long
 * delays are capped at a day. */
long sync_http_retry_after_ms(const char *value, long long now);

#endif
