/* sync_auth: OAuth 2.0 with the Microsoft identity platform (v2.0
 * endpoints): the device code flow (RFC 8628) for a person in an SSH
 * session, client credentials for automation, and the refresh token grant
 * that gives both ARM's and Microsoft Graph's tokens from one sign-in. And
 * who a token speaks for, read from its JWT payload (unverified: billcon
 * is the client, the service verifies). No message this module makes ever
 * holds a token, a code to redeem or a secret. */
#ifndef BILLCON_SYNC_AUTH_H
#define BILLCON_SYNC_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"

struct sync_http;

#define SYNC_AUTH_SCOPE_ARM "https://management.azure.com/.default"
#define SYNC_AUTH_SCOPE_GRAPH "https://graph.microsoft.com/.default"

/* Where and as what application to sign in. */
struct sync_auth_client {
	const char *login_endpoint;  /* base URL, no trailing slash */
	const char *tenant;          /* a tenant ID; NULL or "": "organizations" */
	const char *client_id;
	long slow_down_ms;           /* added to the interval on slow_down; 0: 5000
				      * (RFC 8628); tests set a few ms */
};

/* A token the endpoint gave. Strings owned: sync_token_clear frees them. */
struct sync_token {
	char *access;                /* the access token, NULL none */
	char *refresh;               /* the refresh token, NULL none given */
	long long expires_at;        /* Unix time it expires at */
};

/* Frees s, a token, code or secret, overwriting it first: it should not
 * outlive its use in freed memory a later allocation hands out. NULL is
 * allowed. */
void sync_auth_free_secret(char *s);

/* Frees t's strings (wiping them first) and zeroes it; NULL is allowed. */
void sync_token_clear(struct sync_token *t);

/* What a token endpoint's answer says. */
enum sync_auth_outcome {
	SYNC_AUTH_DONE,              /* a token */
	SYNC_AUTH_PENDING,           /* authorization_pending: poll again */
	SYNC_AUTH_SLOW_DOWN,         /* slow_down: poll again, less often */
	SYNC_AUTH_FAILED             /* err says why, in one sentence */
};

/* Reads a token endpoint's answer (HTTP status, body) received at now
 * (Unix time) into tok. DONE fills tok; the device flow's errors
 * (authorization_declined, expired_token, bad_verification_code) and any
 * other error code are FAILED with one sentence in err (CORE_FORBIDDEN for
 * a declined sign-in, CORE_REMOTE otherwise). */
enum sync_auth_outcome sync_auth_parse_token(long status, const char *body, size_t len,
					     long long now, struct sync_token *tok,
					     struct core_error *err);

/* The interval after a slow_down: interval_ms + increment_ms (increment 0:
 * 5000), capped at one minute. */
long sync_auth_slow_down(long interval_ms, long increment_ms);

/* A device code sign-in in progress. */
struct sync_device;

/* What to show the person signing in. */
struct sync_device_info {
	char user_code[64];
	char verification_uri[512];
	long interval_ms;            /* the current polling interval */
	long expires_in_s;           /* how long the code is good for */
};

/* Asks for a device code for scope (offline_access is added, for the
 * refresh token). CORE_REMOTE (or what the endpoint said) with one
 * sentence on failure. Free with sync_device_free. */
enum core_status sync_device_start(struct sync_http *h, const struct sync_auth_client *c,
				   const char *scope, struct sync_device **out,
				   struct core_error *err);

/* The code, the URL and the interval, for the dialog or stderr. */
const struct sync_device_info *sync_device_info(const struct sync_device *d);

/* Polls the token endpoint once, at once (the caller keeps the interval:
 * the console from its tick). DONE fills tok; SLOW_DOWN has already made
 * the interval longer; FAILED fills err. */
enum sync_auth_outcome sync_device_poll_once(struct sync_device *d, struct sync_http *h,
					     struct sync_token *tok, struct core_error *err);

/* Polls at the interval until the sign-in is done (CORE_OK, tok filled),
 * fails, or the code expires (CORE_REMOTE). */
enum core_status sync_device_wait(struct sync_device *d, struct sync_http *h,
				  struct sync_token *tok, struct core_error *err);

/* Frees d (wiping its device code); NULL is allowed. */
void sync_device_free(struct sync_device *d);

/* The client credentials grant for scope with secret. CORE_OK fills tok. */
enum core_status sync_auth_client_credentials(struct sync_http *h, const struct sync_auth_client *c,
					      const char *secret, const char *scope,
					      struct sync_token *tok, struct core_error *err);

/* The refresh token grant for scope. CORE_OK fills tok (with the new
 * refresh token when the endpoint rotates it). */
enum core_status sync_auth_refresh(struct sync_http *h, const struct sync_auth_client *c,
				   const char *refresh_token, const char *scope,
				   struct sync_token *tok, struct core_error *err);

/* Who the JWT access token speaks for, into out (size bytes): the user's
 * email (upn, preferred_username or unique_name, lowercased), or
 * "app:<appid or azp>" for an application's token (idtyp "app", or no user
 * claim); *exp (when not NULL) its exp claim, 0 none. CORE_USAGE with one
 * sentence (never the token) when it is not a JWT billcon can read. */
enum core_status sync_auth_actor(const char *jwt, char *out, size_t size, long long *exp,
				 struct core_error *err);

#endif
