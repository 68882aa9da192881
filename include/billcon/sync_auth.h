/* sync_auth: OAuth 2.0 with the Microsoft identity platform (v2.0
 * endpoints): the device code flow (RFC 8628) for a person in an SSH
 * session, client credentials for automation, and the refresh token grant
 * that gives both ARM's and Microsoft Graph's tokens from one sign-in, over
 * sync_http; sync_token reads the answers. No message this module makes
 * ever holds a token, a code to redeem or a secret. */
#ifndef BILLCON_SYNC_AUTH_H
#define BILLCON_SYNC_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"
#include "billcon/sync_token.h"

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

/* The interval after a slow_down: interval_ms + increment_ms (increment 0:
 * 5000), capped at one minute. */
long sync_auth_slow_down(long interval_ms, long increment_ms);

/* A device code sign-in in progress. */
struct sync_device;

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
enum sync_token_outcome sync_device_poll_once(struct sync_device *d, struct sync_http *h,
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

#endif
