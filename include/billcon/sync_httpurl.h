/* sync_httpurl: the URLs billcon sends requests to (sync_http.h includes
 * this header; sync_http_request checks every URL with it). */
#ifndef BILLCON_SYNC_HTTPURL_H
#define BILLCON_SYNC_HTTPURL_H

#include <stdbool.h>

#include "billcon/core_status.h"

/* CORE_OK for an https:// URL, or http:// to 127.0.0.0/8, ::1 or localhost;
 * CORE_USAGE with one sentence otherwise (another scheme, plain http:// to
 * another host, a user name or password in the URL, not a URL). */
enum core_status sync_http_check_url(const char *url, struct core_error *err);

/* Whether url goes to the same scheme, host and port as base: a bearer
 * token is sent only there, whatever link a page hands back. */
bool sync_http_same_origin(const char *url, const char *base);

/* The proxy exceptions for CURLOPT_NOPROXY (malloc'd; the caller frees;
 * NULL when out of memory): the environment's no_proxy (or NO_PROXY),
 * which that option would otherwise replace, plus loopback, so that plain
 * http:// to this machine never goes through a proxy. */
char *sync_httpurl_noproxy(void);

#endif
