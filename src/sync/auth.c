#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "billcon/core_buf.h"
#include "billcon/sync_auth.h"
#include "billcon/sync_http.h"

#define SLOW_DOWN_DEFAULT_MS 5000
#define INTERVAL_CAP_MS 60000
#define DEVICE_GRANT "urn:ietf:params:oauth:grant-type:device_code"

struct sync_device {
	struct sync_device_info info;
	struct sync_auth_client client;
	char *device_code;            /* private: redeems the sign-in */
	char token_url[1024];
	struct timespec deadline;     /* monotonic: when the code expires */
};

long
sync_auth_slow_down(long interval_ms, long increment_ms)
{
	long next = interval_ms + (increment_ms > 0 ? increment_ms : SLOW_DOWN_DEFAULT_MS);

	return next > INTERVAL_CAP_MS || next < 0 ? INTERVAL_CAP_MS : next;
}

/* Appends s percent-encoded for an application/x-www-form-urlencoded body. */
static void
form_add(struct core_buf *b, const char *name, const char *s)
{
	if (b->len)
		core_buf_str(b, "&");
	core_buf_str(b, name);
	core_buf_str(b, "=");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			core_buf_add(b, (const char *)&c, 1);
		else
			core_buf_printf(b, "%%%02X", c);
	}
}

/* {login}/{tenant or organizations}/oauth2/v2.0/{what} into out. */
static void
endpoint_url(const struct sync_auth_client *c, const char *what, char *out, size_t size)
{
	snprintf(out, size, "%s/%s/oauth2/v2.0/%s", c->login_endpoint,
		 c->tenant && *c->tenant ? c->tenant : "organizations", what);
}

/* POSTs the form in b to url; the answer in resp, whatever its status. */
static enum core_status
post_form(struct sync_http *h, const char *url, struct core_buf *b, struct sync_response *resp,
	  struct core_error *err)
{
	static const char *const accept[] = { "Accept: application/json", NULL };
	enum core_status st;

	memset(resp, 0, sizeof(*resp));
	if (b->failed)
		st = core_error_set(err, CORE_REMOTE, "Out of memory while signing in.");
	else if ((st = sync_http_check_url(url, err)) == CORE_OK)
		st = sync_http_request(h, "POST", url, NULL, accept, "application/x-www-form-urlencoded",
				       b->p, b->len, resp, err);
	if (b->p)
		memset(b->p, 0, b->len);
	core_buf_free(b);
	return st;
}


/* The token endpoint's answer to the form in b, read into tok. */
static enum sync_token_outcome
token_request(struct sync_http *h, const struct sync_auth_client *c, struct core_buf *b,
	      struct sync_token *tok, struct core_error *err)
{
	char url[1024];
	struct sync_response resp;
	enum sync_token_outcome out;

	endpoint_url(c, "token", url, sizeof(url));
	if (post_form(h, url, b, &resp, err) != CORE_OK) {
		sync_response_clear(&resp);
		return SYNC_TOKEN_FAILED;
	}
	out = sync_token_parse(resp.status, resp.body, resp.len, (long long)time(NULL), tok, err);
	if (resp.body)
		memset(resp.body, 0, resp.len);
	sync_response_clear(&resp);
	return out;
}

/* A grant that answers at once (client credentials, refresh). */
static enum core_status
grant(struct sync_http *h, const struct sync_auth_client *c, struct core_buf *b,
      struct sync_token *tok, struct core_error *err)
{
	enum sync_token_outcome out = token_request(h, c, b, tok, err);

	if (out == SYNC_TOKEN_DONE)
		return CORE_OK;
	if (out != SYNC_TOKEN_FAILED)
		return core_error_set(err, CORE_REMOTE, "The login endpoint answered a grant with a device code's wait.");
	return err ? err->status : CORE_REMOTE;
}

enum core_status
sync_auth_client_credentials(struct sync_http *h, const struct sync_auth_client *c,
			     const char *secret, const char *scope, struct sync_token *tok,
			     struct core_error *err)
{
	struct core_buf b = { 0 };

	form_add(&b, "grant_type", "client_credentials");
	form_add(&b, "client_id", c->client_id);
	form_add(&b, "client_secret", secret);
	form_add(&b, "scope", scope);
	return grant(h, c, &b, tok, err);
}

enum core_status
sync_auth_refresh(struct sync_http *h, const struct sync_auth_client *c,
		  const char *refresh_token, const char *scope, struct sync_token *tok,
		  struct core_error *err)
{
	struct core_buf b = { 0 };
	char scopes[512];

	snprintf(scopes, sizeof(scopes), "%s offline_access", scope);
	form_add(&b, "grant_type", "refresh_token");
	form_add(&b, "client_id", c->client_id);
	form_add(&b, "refresh_token", refresh_token);
	form_add(&b, "scope", scopes);
	return grant(h, c, &b, tok, err);
}


enum core_status
sync_device_start(struct sync_http *h, const struct sync_auth_client *c, const char *scope,
		  struct sync_device **out, struct core_error *err)
{
	struct sync_device *d = calloc(1, sizeof(*d));
	struct core_buf b = { 0 };
	struct sync_response resp;
	char url[1024], scopes[512];
	enum core_status st;

	*out = NULL;
	if (!d)
		return core_error_set(err, CORE_REMOTE, "Out of memory while signing in.");
	d->client = *c;
	endpoint_url(c, "token", d->token_url, sizeof(d->token_url));
	endpoint_url(c, "devicecode", url, sizeof(url));
	snprintf(scopes, sizeof(scopes), "%s offline_access", scope);
	form_add(&b, "client_id", c->client_id);
	form_add(&b, "scope", scopes);
	st = post_form(h, url, &b, &resp, err);
	if (st == CORE_OK)
		st = sync_token_parse_device(resp.status, resp.body, resp.len, &d->info, &d->device_code, err);
	if (st == CORE_OK) {
		clock_gettime(CLOCK_MONOTONIC, &d->deadline);
		d->deadline.tv_sec += d->info.expires_in_s;
	}
	sync_response_clear(&resp);
	if (st != CORE_OK) {
		sync_device_free(d);
		return st;
	}
	*out = d;
	return CORE_OK;
}

const struct sync_device_info *
sync_device_info(const struct sync_device *d)
{
	return &d->info;
}

enum sync_token_outcome
sync_device_poll_once(struct sync_device *d, struct sync_http *h, struct sync_token *tok,
		      struct core_error *err)
{
	struct core_buf b = { 0 };
	enum sync_token_outcome out;

	form_add(&b, "grant_type", DEVICE_GRANT);
	form_add(&b, "client_id", d->client.client_id);
	form_add(&b, "device_code", d->device_code);
	out = token_request(h, &d->client, &b, tok, err);
	if (out == SYNC_TOKEN_SLOW_DOWN)
		d->info.interval_ms = sync_auth_slow_down(d->info.interval_ms, d->client.slow_down_ms);
	return out;
}

static bool
expired(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec ||
	       (now.tv_sec == deadline->tv_sec && now.tv_nsec >= deadline->tv_nsec);
}

enum core_status
sync_device_wait(struct sync_device *d, struct sync_http *h, struct sync_token *tok,
		 struct core_error *err)
{
	for (;;) {
		struct timespec pause = { d->info.interval_ms / 1000, d->info.interval_ms % 1000 * 1000000L };
		enum sync_token_outcome out;

		if (expired(&d->deadline)) {
			sync_token_error("expired_token", NULL, 0, err);
			return CORE_REMOTE;
		}
		nanosleep(&pause, NULL);
		out = sync_device_poll_once(d, h, tok, err);
		if (out == SYNC_TOKEN_DONE)
			return CORE_OK;
		if (out == SYNC_TOKEN_FAILED)
			return err ? err->status : CORE_REMOTE;
	}
}

void
sync_device_free(struct sync_device *d)
{
	if (!d)
		return;
	sync_token_wipe(d->device_code);
	free(d);
}

