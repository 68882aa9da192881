/* sync_httpurl: where billcon may send a request. Plain http:// is allowed
 * to loopback only, as tests and local stand-ins need it and it never
 * leaves the machine; so it must never go through a proxy either. */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "billcon/core_text.h"
#include "billcon/sync_httpurl.h"

/* 127.0.0.0/8, ::1 or localhost (curl's URL parser has normalised an IPv4
 * address to dotted quads and put an IPv6 one in brackets). */
static bool
is_loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char v6[64];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (n > 2 && n < sizeof(v6) && host[0] == '[' && host[n - 1] == ']') {
		memcpy(v6, host + 1, n - 2);
		v6[n - 2] = '\0';
		return inet_pton(AF_INET6, v6, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
	}
	return false;
}

enum core_status
sync_http_check_url(const char *url, struct core_error *err)
{
	char echo[CORE_ECHO_BYTES];
	char *scheme = NULL, *host = NULL, *user = NULL;
	enum core_status rc = CORE_OK;
	CURLU *u = curl_url();

	if (!u)
		return core_error_set(err, CORE_REMOTE, "Out of memory checking a URL.");
	if (!url || curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		rc = core_error_set(err, CORE_USAGE, "%s is not a URL billcon can use.",
				    core_text_echo(url ? url : "(none)", echo));
	} else if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK) {
		rc = core_error_set(err, CORE_USAGE, "A URL with a user name or password is refused: "
				    "billcon sends credentials only in headers.");
	} else if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) {
		rc = core_error_set(err, CORE_USAGE, "%s is refused: only https:// (and http:// to this "
				    "machine) is allowed.", core_text_echo(url, echo));
	} else if (strcmp(scheme, "http") == 0 && !is_loopback(host)) {
		rc = core_error_set(err, CORE_USAGE, "%s is refused: plain http:// is allowed only to "
				    "this machine (127.0.0.0/8, ::1, localhost); use https://.",
				    core_text_echo(url, echo));
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_url_cleanup(u);
	return rc;
}

/* The origin of url ("https://host:443") into out, the port made
 * explicit; false when url is not one. */
static bool
origin(const char *url, char *out, size_t size)
{
	char *scheme = NULL, *host = NULL, *port = NULL;
	CURLU *u = curl_url();
	bool ok = u && url && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK;

	if (ok)
		ok = snprintf(out, size, "%s://%s:%s", scheme, host, port) < (int)size;
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return ok;
}

bool
sync_http_same_origin(const char *url, const char *base)
{
	char a[512], b[512];

	return origin(url, a, sizeof(a)) && origin(base, b, sizeof(b)) && strcasecmp(a, b) == 0;
}

char *
sync_httpurl_noproxy(void)
{
	static const char loop[] = "localhost,127.0.0.1,127.0.0.0/8,::1";
	const char *env = getenv("no_proxy");
	size_t n;
	char *s;

	if (!env || !*env)
		env = getenv("NO_PROXY");
	if (env && strcmp(env, "*") == 0)
		return strdup(env);
	n = (env ? strlen(env) + 1 : 0) + sizeof(loop);
	s = malloc(n);
	if (s)
		snprintf(s, n, "%s%s%s", env && *env ? env : "", env && *env ? "," : "", loop);
	return s;
}
