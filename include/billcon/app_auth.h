/* app_auth: who sync signs in as, and the tokens it uses. Signs in
 * (sync_auth) and keeps the tokens in the token cache,
 * $XDG_STATE_HOME/billcon/tokens ($HOME/.local/state without it): JSON,
 * mode 0600 in a folder of mode 0700, replaced whole (written aside with
 * mode 0600 from its creation, then renamed), one entry per login endpoint,
 * tenant and client ID. A cache, or a token file, that group or others may
 * read or write is refused with the chmod that fixes it. Access tokens are
 * reused until shortly before they expire, then renewed with the refresh
 * token (or, for client credentials, the secret again). No message, log
 * or file but the cache ever holds a token or a secret. */
#ifndef BILLCON_APP_AUTH_H
#define BILLCON_APP_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/app_config.h"
#include "billcon/core_status.h"
#include "billcon/sync_auth.h"

struct sync_http;
struct app_auth;

enum app_auth_mode {
	APP_AUTH_CACHE,       /* the cached sign-in (billcon login made it) */
	APP_AUTH_DEVICE,      /* a new sign-in with a device code */
	APP_AUTH_CLIENT,      /* client credentials: the secret from the file
			       * client_secret_file names, else BILLCON_CLIENT_SECRET */
	APP_AUTH_TOKEN_FILE   /* {"arm": TOKEN, "graph": TOKEN} from a file */
};

enum app_auth_resource { APP_AUTH_ARM, APP_AUTH_GRAPH };

/* Access tokens this close to their expiry are renewed first. */
#define APP_AUTH_MARGIN_S 300

/* Signs in as mode says, with cfg's login_endpoint, tenant and client_id
 * (a copy is kept; http is borrowed and must outlive the result; NULL is
 * allowed for APP_AUTH_TOKEN_FILE). token_file is the file for
 * APP_AUTH_TOKEN_FILE, else ignored. APP_AUTH_DEVICE returns at once with
 * the code to show (app_auth_device) and the sign-in pending: app_auth_wait
 * polls it at the interval the login endpoint asked for. Failures: CORE_USAGE (no secret, a token
 * file that cannot be read), CORE_REFUSED (a cache or token file others may
 * read), CORE_FORBIDDEN (not signed in, sign-in declined or no longer
 * valid), CORE_REMOTE (the login endpoint). Free with app_auth_free. */
enum core_status app_auth_open(const struct app_config *cfg, enum app_auth_mode mode,
			       const char *token_file, struct sync_http *http,
			       struct app_auth **out, struct core_error *err);

/* The device code sign-in's code and URL while it is pending, else NULL. */
const struct sync_device_info *app_auth_device(const struct app_auth *a);

/* Polls a pending device code sign-in until it is done (CORE_OK, cached)
 * or fails; CORE_OK at once when nothing is pending. */
enum core_status app_auth_wait(struct app_auth *a, struct core_error *err);

/* A bearer token for r into *bearer, valid until the next call or
 * app_auth_free; renewed first when it expires within APP_AUTH_MARGIN_S.
 * CORE_FORBIDDEN when there is none and no way to get one (a token file
 * without "graph"; a sign-in no longer valid). */
enum core_status app_auth_token(struct app_auth *a, enum app_auth_resource r,
				const char **bearer, struct core_error *err);

/* Who is signed in: the user's email, or app:<application ID>; "" while a
 * device code sign-in is pending. */
const char *app_auth_actor(const struct app_auth *a);

/* Until when (Unix time) the ARM access token in hand is good; 0 none. */
long long app_auth_expires(const struct app_auth *a);

/* Frees a, wiping its tokens; NULL is allowed. */
void app_auth_free(struct app_auth *a);

/* Forgets the cached sign-in of cfg's login endpoint, tenant and client
 * ID. *removed tells whether there was one. */
enum core_status app_auth_logout(const struct app_config *cfg, bool *removed,
				 struct core_error *err);

/* The token cache's path into out; false when neither XDG_STATE_HOME nor
 * HOME is set or out is too small. The folder is made (mode 0700) when
 * make. */
bool app_auth_cache_path(char *out, size_t size, bool make);

/* Reads the private file path (the cache, a token file; what names it in
 * messages) into a new string (*text, the caller frees; NULL and CORE_OK
 * when it does not exist). CORE_REFUSED when group or others may read or
 * write it, naming `chmod 600 PATH`; CORE_USAGE when it cannot be read. */
enum core_status app_auth_read_private(const char *path, const char *what, char **text,
				       struct core_error *err);

/* Replaces path with text: written to a new file of mode 0600 beside it,
 * then renamed over it. CORE_STORE with one sentence on failure. */
enum core_status app_auth_write_private(const char *path, const char *text,
					struct core_error *err);

#endif
