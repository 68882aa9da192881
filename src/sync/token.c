#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "billcon/core_base64.h"
#include "billcon/sync_token.h"

void
sync_token_wipe(char *s)
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
	sync_token_wipe(t->access);
	sync_token_wipe(t->refresh);
	memset(t, 0, sizeof(*t));
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

enum sync_token_outcome
sync_token_error(const char *code, const char *description, long status, struct core_error *err)
{
	char desc[200];
	size_t n;

	if (strcmp(code, "authorization_declined") == 0 || strcmp(code, "access_denied") == 0) {
		core_error_set(err, CORE_FORBIDDEN,
			"The sign-in was declined at the verification page; run billcon login again to retry.");
		return SYNC_TOKEN_FAILED;
	}
	if (strcmp(code, "expired_token") == 0) {
		core_error_set(err, CORE_REMOTE,
			"The sign-in code expired before it was entered; run billcon login again for a new one.");
		return SYNC_TOKEN_FAILED;
	}
	if (strcmp(code, "bad_verification_code") == 0) {
		core_error_set(err, CORE_REMOTE,
			"The login endpoint did not recognise the sign-in code; run billcon login again.");
		return SYNC_TOKEN_FAILED;
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
	return SYNC_TOKEN_FAILED;
}

enum sync_token_outcome
sync_token_parse(long status, const char *body, size_t len, long long now,
		      struct sync_token *tok, struct core_error *err)
{
	json_t *j = body ? json_loadb(body, len, 0, NULL) : NULL;
	enum sync_token_outcome out = SYNC_TOKEN_FAILED;
	const char *code, *access;

	memset(tok, 0, sizeof(*tok));
	if (!json_is_object(j)) {
		core_error_set(err, CORE_REMOTE, "The login endpoint's answer (HTTP %ld) is not a token.", status);
		goto done;
	}
	if ((code = jstr(j, "error"))) {
		if (strcmp(code, "authorization_pending") == 0)
			out = SYNC_TOKEN_PENDING;
		else if (strcmp(code, "slow_down") == 0)
			out = SYNC_TOKEN_SLOW_DOWN;
		else
			out = sync_token_error(code, jstr(j, "error_description"), status, err);
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
	out = SYNC_TOKEN_DONE;
done:
	json_decref(j);
	return out;
}

enum core_status
sync_token_parse_device(long status, const char *body, size_t len, struct sync_device_info *info,
			char **device_code, struct core_error *err)
{
	json_t *j = body ? json_loadb(body, len, 0, NULL) : NULL;
	const char *code = json_is_object(j) ? jstr(j, "device_code") : NULL;
	const char *user = json_is_object(j) ? jstr(j, "user_code") : NULL;
	const char *uri = json_is_object(j) ? jstr(j, "verification_uri") : NULL;
	enum core_status st = CORE_OK;

	*device_code = NULL;
	memset(info, 0, sizeof(*info));
	if (json_is_object(j) && jstr(j, "error")) {
		sync_token_error(jstr(j, "error"), jstr(j, "error_description"), status, err);
		st = err ? err->status : CORE_REMOTE;
	} else if (status < 200 || status > 299 || !code || !user || !uri ||
		   strlen(user) >= sizeof(info->user_code) || strlen(uri) >= sizeof(info->verification_uri)) {
		st = core_error_set(err, CORE_REMOTE,
			"The login endpoint's answer to a device code request (HTTP %ld) holds no usable code.",
			status);
	} else if (!(*device_code = strdup(code))) {
		st = core_error_set(err, CORE_REMOTE, "Out of memory while signing in.");
	} else {
		long long interval = jnum(j, "interval", 5), expires = jnum(j, "expires_in", 900);
		snprintf(info->user_code, sizeof(info->user_code), "%s", user);
		snprintf(info->verification_uri, sizeof(info->verification_uri), "%s", uri);
		info->interval_ms = interval < 0 ? 0 : interval > 60 ? 60000 : (long)interval * 1000;
		info->expires_in_s = expires < 1 ? 1 : expires > 86400 ? 86400 : (long)expires;
	}
	json_decref(j);
	return st;
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
sync_token_actor(const char *jwt, char *out, size_t size, long long *exp, struct core_error *err)
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
