/* sync_token: what the Microsoft identity platform's answers say, with no
 * I/O (its fuzz target links it alone): a token endpoint's answer, a device
 * code request's answer, an OAuth error's sentence, and who a JWT access
 * token speaks for, read from its payload (unverified: billcon is the
 * client, the service verifies). No sentence it makes holds a token, a
 * code to redeem or a secret. */
#ifndef BILLCON_SYNC_TOKEN_H
#define BILLCON_SYNC_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"

/* A token the endpoint gave. Strings owned: sync_token_clear frees them. */
struct sync_token {
	char *access;                /* the access token, NULL none */
	char *refresh;               /* the refresh token, NULL none given */
	long long expires_at;        /* Unix time it expires at */
};

/* Frees s, a token, code or secret, overwriting it first: it should not
 * outlive its use in freed memory a later allocation hands out. NULL is
 * allowed. */
void sync_token_wipe(char *s);

/* Frees t's strings (wiping them first) and zeroes it; NULL is allowed. */
void sync_token_clear(struct sync_token *t);

/* What a token endpoint's answer says. */
enum sync_token_outcome {
	SYNC_TOKEN_DONE,              /* a token */
	SYNC_TOKEN_PENDING,           /* authorization_pending: poll again */
	SYNC_TOKEN_SLOW_DOWN,         /* slow_down: poll again, less often */
	SYNC_TOKEN_FAILED             /* err says why, in one sentence */
};

/* Reads a token endpoint's answer (HTTP status, body) received at now
 * (Unix time) into tok. DONE fills tok; the device flow's errors
 * (authorization_declined, expired_token, bad_verification_code) and any
 * other error code are FAILED with one sentence in err (CORE_FORBIDDEN for
 * a declined sign-in, CORE_REMOTE otherwise). */
enum sync_token_outcome sync_token_parse(long status, const char *body, size_t len,
					     long long now, struct sync_token *tok,
					     struct core_error *err);

/* What to show the person signing in. */
struct sync_device_info {
	char user_code[64];
	char verification_uri[512];
	long interval_ms;            /* the current polling interval */
	long expires_in_s;           /* how long the code is good for */
};

/* Reads a device code request's answer into info and *device_code (a new
 * string: free it with sync_token_wipe); the interval in milliseconds (at
 * most a minute), expires_in between 1 s and a day. CORE_OK, or one
 * sentence: the endpoint's error (as sync_token_error) or no usable code. */
enum core_status sync_token_parse_device(long status, const char *body, size_t len,
					 struct sync_device_info *info, char **device_code,
					 struct core_error *err);

/* The sentence for an OAuth error code (error_description, when not NULL,
 * up to its first line break, control characters made spaces) into err:
 * CORE_FORBIDDEN for a declined sign-in or invalid_grant, CORE_REMOTE
 * otherwise. Returns SYNC_TOKEN_FAILED. */
enum sync_token_outcome sync_token_error(const char *code, const char *description, long status,
					 struct core_error *err);

/* Who the JWT access token speaks for, into out (size bytes): the user's
 * email (upn, preferred_username or unique_name, lowercased), or
 * "app:<appid or azp>" for an application's token (idtyp "app", or no user
 * claim); *exp (when not NULL) its exp claim, 0 none. CORE_USAGE with one
 * sentence (never the token) when it is not a JWT billcon can read. */
enum core_status sync_token_actor(const char *jwt, char *out, size_t size, long long *exp,
				 struct core_error *err);

#endif
