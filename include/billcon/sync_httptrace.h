/* sync_httptrace: the --trace file, written by libcurl's debug callback:
 * each request line and headers, each answer's status and headers, and the
 * first few KB of each body, with every credential replaced by
 * "[redacted]" (the Authorization and cookie headers' values; the values
 * of the JSON and form fields that carry tokens, secrets or codes; any
 * text the session was told is secret). Internal to src/sync/. */
#ifndef BILLCON_SYNC_HTTPTRACE_H
#define BILLCON_SYNC_HTTPTRACE_H

#include <stddef.h>

#include <curl/curl.h>

#include "billcon/core_buf.h"
#include "billcon/core_status.h"

struct sync_httptrace;

/* How much of one body the trace keeps. */
#define SYNC_HTTPTRACE_BODY_MAX 4096

/* Opens path for appending (created with mode 0600, made 0600 if it was
 * not; a symbolic link is refused) and writes a first line naming agent
 * and the time. CORE_USAGE with one sentence when it cannot be opened. */
enum core_status sync_httptrace_open(const char *path, const char *agent,
				     struct sync_httptrace **out, struct core_error *err);

/* Flushes and closes the trace; NULL is allowed. */
void sync_httptrace_close(struct sync_httptrace *t);

/* Sets the handle's debug callback to t (after each curl_easy_reset). */
void sync_httptrace_attach(struct sync_httptrace *t, CURL *curl);

/* secret (NULL: none) is scrubbed from everything written until the next
 * call; t keeps the pointer, not a copy, so the caller keeps it alive. */
void sync_httptrace_secret(struct sync_httptrace *t, const char *secret);

/* Ends one transfer: writes the bodies held back and, when failure is not
 * NULL, the reason the transfer failed. */
void sync_httptrace_end(struct sync_httptrace *t, const char *failure);

/* Appends s (len bytes, NUL bytes allowed) to out with the credentials in
 * it replaced by "[redacted]": the values of the header lines
 * Authorization, Proxy-Authorization, Cookie and Set-Cookie; the values
 * of the JSON members and of the form or query fields named in the
 * module's lists (a value cut off at the end of s included); and every
 * occurrence of secret (NULL, or shorter than 8 bytes: none). Pure, so
 * that it is unit-tested and fuzzed. */
void sync_httptrace_redact(const char *s, size_t len, const char *secret, struct core_buf *out);

#endif
