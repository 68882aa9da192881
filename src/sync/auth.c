#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "billcon/core_base64.h"
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

void
sync_auth_free_secret(char *s)
{
	if (!s)
		return;
	volatile char *v = s;
	while (*v)
		*v++ = '\0';
	free(s);
}

void
sync_token_clear(struct sync_token *t)
{
	if (!t)
		return;
	sync_auth_free_secret(t->access);
	sync_auth_free_secret(t->refresh);
	memset(t, 0, sizeof(*t));
}

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

static const char *
jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) && json_string_length(v) > 0 ? json_string_value(v) : NULL;
}

static long long
jnum(json_t *o, const char *key, long long fallback)
{
	json_t *v = json_object_get(o, key);

	if (json_is_integer(v))
		return json_integer_value(v);
	if (json_is_string(v))
		return strtoll(json_string_value(v), NULL, 10);
	return fallback;
}

/* The sentence for an OAuth error code; the status it counts as. */
static enum sync_auth_outcome
oauth_error(const char *code, const char *description, long status, struct core_error *err)
{
	char desc[200];
	size_t n;

	if (strcmp(code, "authorization_declined") == 0 || strcmp(code, "access_denied") == 0) {
		core_error_set(err, CORE_FORBIDDEN,
			"The sign-in was declined at the verification page; run billcon login again to retry.");
		return SYNC_AUTH_FAILED;
	}
	if (strcmp(code, "expired_token") == 0) {
		core_error_set(err, CORE_REMOTE,
			"The sign-in code expired before it was entered; run billcon login again for a new one.");
		return SYNC_AUTH_FAILED;
	}
	if (strcmp(code, "bad_verification_code") == 0) {
		core_error_set(err, CORE_REMOTE,
			"The login endpoint did not recognise the sign-in code; run billcon login again.");
		return SYNC_AUTH_FAILED;
	}
	/* The endpoint's own words (AADSTS...), up to its trace IDs, one line. */
	snprintf(desc, sizeof(desc), "%s", description ? description : "");
	n = strcspn(desc, "\r\n");
	desc[n] = '\0';
	for (char *p = desc; *p; p++)
		if ((unsigned char)*p < 0x20)
			*p = ' ';
	if (strcmp(code, "invalid_grant") == 0)
		core_error_set(err, CORE_FORBIDDEN, "The sign-in is no longer valid (%s%s%s); run billcon login.",
			       code, desc[0] ? ": " : "", desc);
	else
		core_error_set(err, CORE_REMOTE, "The login endpoint refused the sign-in (HTTP %ld, %s%s%s).",
			       status, code, desc[0] ? ": " : "", desc);
	return SYNC_AUTH_FAILED;
}

enum sync_auth_outcome
sync_auth_parse_token(long status, const char *body, size_t len, long long now,
		      struct sync_token *tok, struct core_error *err)
{
	json_t *j = body ? json_loadb(body, len, 0, NULL) : NULL;
	enum sync_auth_outcome out = SYNC_AUTH_FAILED;
	const char *code, *access;

	memset(tok, 0, sizeof(*tok));
	if (!json_is_object(j)) {
		core_error_set(err, CORE_REMOTE, "The login endpoint's answer (HTTP %ld) is not a token.", status);
		goto done;
	}
	if ((code = jstr(j, "error"))) {
		if (strcmp(code, "authorization_pending") == 0)
			out = SYNC_AUTH_PENDING;
		else if (strcmp(code, "slow_down") == 0)
			out = SYNC_AUTH_SLOW_DOWN;
		else
			out = oauth_error(code, jstr(j, "error_description"), status, err);
		goto done;
	}
	access = jstr(j, "access_token");
	if (status < 200 || status > 299 || !access) {
		core_error_set(err, CORE_REMOTE, "The login endpoint's answer (HTTP %ld) holds no access token.", status);
		goto done;
	}
	tok->access = strdup(access);
	tok->refresh = jstr(j, "refresh_token") ? strdup(jstr(j, "refresh_token")) : NULL;
	tok->expires_at = now + jnum(j, "expires_in", 3600);
	if (!tok->access || (jstr(j, "refresh_token") && !tok->refresh)) {
		sync_token_clear(tok);
		core_error_set(err, CORE_REMOTE, "Out of memory while signing in.");
		goto done;
	}
	out = SYNC_AUTH_DONE;
done:
	json_decref(j);
	return out;
}

/* The token endpoint's answer to the form in b, read into tok. */
static enum sync_auth_outcome
token_request(struct sync_http *h, const struct sync_auth_client *c, struct core_buf *b,
	      struct sync_token *tok, struct core_error *err)
{
	char url[1024];
	struct sync_response resp;
	enum sync_auth_outcome out;

	endpoint_url(c, "token", url, sizeof(url));
	if (post_form(h, url, b, &resp, err) != CORE_OK) {
		sync_response_clear(&resp);
		return SYNC_AUTH_FAILED;
	}
	out = sync_auth_parse_token(resp.status, resp.body, resp.len, (long long)time(NULL), tok, err);
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
	enum sync_auth_outcome out = token_request(h, c, b, tok, err);

	if (out == SYNC_AUTH_DONE)
		return CORE_OK;
	if (out != SYNC_AUTH_FAILED)
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

/* Reads the devicecode answer into d; CORE_OK or one sentence. */
static enum core_status
device_read(struct sync_device *d, const struct sync_response *resp, struct core_error *err)
{
	json_t *j = resp->body ? json_loadb(resp->body, resp->len, 0, NULL) : NULL;
	const char *code = json_is_object(j) ? jstr(j, "device_code") : NULL;
	const char *user = json_is_object(j) ? jstr(j, "user_code") : NULL;
	const char *uri = json_is_object(j) ? jstr(j, "verification_uri") : NULL;
	enum core_status st = CORE_OK;

	if (json_is_object(j) && jstr(j, "error")) {
		oauth_error(jstr(j, "error"), jstr(j, "error_description"), resp->status, err);
		st = err ? err->status : CORE_REMOTE;
	} else if (resp->status < 200 || resp->status > 299 || !code || !user || !uri ||
		   strlen(user) >= sizeof(d->info.user_code) || strlen(uri) >= sizeof(d->info.verification_uri)) {
		st = core_error_set(err, CORE_REMOTE,
			"The login endpoint's answer to a device code request (HTTP %ld) holds no usable code.",
			resp->status);
	} else if (!(d->device_code = strdup(code))) {
		st = core_error_set(err, CORE_REMOTE, "Out of memory while signing in.");
	} else {
		long long interval = jnum(j, "interval", 5), expires = jnum(j, "expires_in", 900);
		snprintf(d->info.user_code, sizeof(d->info.user_code), "%s", user);
		snprintf(d->info.verification_uri, sizeof(d->info.verification_uri), "%s", uri);
		d->info.interval_ms = interval < 0 ? 0 : interval > 60 ? INTERVAL_CAP_MS : (long)interval * 1000;
		d->info.expires_in_s = expires < 1 ? 1 : expires > 86400 ? 86400 : (long)expires;
		clock_gettime(CLOCK_MONOTONIC, &d->deadline);
		d->deadline.tv_sec += d->info.expires_in_s;
	}
	json_decref(j);
	return st;
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
		st = device_read(d, &resp, err);
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

enum sync_auth_outcome
sync_device_poll_once(struct sync_device *d, struct sync_http *h, struct sync_token *tok,
		      struct core_error *err)
{
	struct core_buf b = { 0 };
	enum sync_auth_outcome out;

	form_add(&b, "grant_type", DEVICE_GRANT);
	form_add(&b, "client_id", d->client.client_id);
	form_add(&b, "device_code", d->device_code);
	out = token_request(h, &d->client, &b, tok, err);
	if (out == SYNC_AUTH_SLOW_DOWN)
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
		enum sync_auth_outcome out;

		if (expired(&d->deadline)) {
			oauth_error("expired_token", NULL, 0, err);
			return CORE_REMOTE;
		}
		nanosleep(&pause, NULL);
		out = sync_device_poll_once(d, h, tok, err);
		if (out == SYNC_AUTH_DONE)
			return CORE_OK;
		if (out == SYNC_AUTH_FAILED)
			return err ? err->status : CORE_REMOTE;
	}
}

void
sync_device_free(struct sync_device *d)
{
	if (!d)
		return;
	sync_auth_free_secret(d->device_code);
	free(d);
}

/* The JWT's payload (its second part) as JSON, NULL when it is not one. */
static json_t *
jwt_payload(const char *jwt)
{
	const char *dot1 = strchr(jwt, '.'), *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
	unsigned char *raw;
	size_t len, n;
	json_t *j = NULL;

	if (!dot1 || !dot2 || strchr(dot2 + 1, '.'))
		return NULL;
	len = (size_t)(dot2 - dot1 - 1);
	raw = malloc(len + 1);
	if (raw && core_base64url_decode(dot1 + 1, len, raw, len + 1, &n))
		j = json_loadb((const char *)raw, n, 0, NULL);
	free(raw);
	if (j && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

/* Copies claim into out lowercased; false when it does not fit or holds
 * a control character or a space. */
static bool
copy_claim(const char *prefix, const char *claim, char *out, size_t size)
{
	size_t p = strlen(prefix), n = strlen(claim);

	if (p + n >= size)
		return false;
	memcpy(out, prefix, p);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)claim[i];
		if (c <= 0x20 || c == 0x7f)
			return false;
		out[p + i] = (char)tolower(c);
	}
	out[p + n] = '\0';
	return true;
}

enum core_status
sync_auth_actor(const char *jwt, char *out, size_t size, long long *exp, struct core_error *err)
{
	json_t *j = jwt ? jwt_payload(jwt) : NULL;
	const char *idtyp, *user = NULL, *app;
	bool ok = false;

	if (exp)
		*exp = 0;
	if (!j)
		return core_error_set(err, CORE_USAGE, "The access token is not a JWT with a readable payload.");
	idtyp = jstr(j, "idtyp");
	if (!idtyp || strcmp(idtyp, "app") != 0) {
		user = jstr(j, "upn");
		if (!user)
			user = jstr(j, "preferred_username");
		if (!user)
			user = jstr(j, "unique_name");
	}
	app = jstr(j, "appid") ? jstr(j, "appid") : jstr(j, "azp");
	if (user)
		ok = copy_claim("", user, out, size);
	else if (app)
		ok = copy_claim("app:", app, out, size);
	if (exp)
		*exp = jnum(j, "exp", 0);
	json_decref(j);
	if (!ok)
		return core_error_set(err, CORE_USAGE,
			user || app ? "The access token's user or application claim is not a usable name."
				    : "The access token names no user and no application.");
	return CORE_OK;
}
