/* cli_login: `billcon login` and `billcon logout`, and the sign-in
 * options (--auth, --login-endpoint, the global --tenant) that every
 * command talking to the service takes (`billcon sync` too). */
#ifndef BILLCON_CLI_LOGIN_H
#define BILLCON_CLI_LOGIN_H

#include "billcon/app_auth.h"
#include "billcon/cli_args.h"

struct sync_http;

/* The sign-in options of one command line. */
struct cli_auth_opts {
	enum app_auth_mode mode;     /* --auth; APP_AUTH_CACHE when not given */
	const char *token_file;      /* --auth token-file FILE */
	const char *login_endpoint;  /* --login-endpoint URL, NULL the setting */
	int progress_fd;             /* sync --progress-fd: the device code goes
				      * there too, as "device URL CODE"; 0 none */
};

/* Takes --auth device|client|token-file FILE or --login-endpoint URL at
 * argv[*i] into o, advancing *i past it: 1 taken, 0 not one of them, -1
 * a bad value (reported; the usage exit code is the caller's). */
int cli_auth_opt(int argc, char **argv, int *i, struct cli_auth_opts *o);

/* Loads the settings into cfg and applies a's --tenant and o's
 * --login-endpoint; 0, or the exit code of the failure, reported. */
int cli_auth_settings(const struct cli_args *a, const struct cli_auth_opts *o,
		      struct app_config *cfg);

/* Signs in as o says (the cache when no --auth), over http; for a device
 * code, shows the code and URL on stderr and waits for the sign-in. 0, or
 * the exit code of the failure, reported. */
int cli_auth_open(const struct app_config *cfg, const struct cli_auth_opts *o,
		  struct sync_http *http, struct app_auth **out);

/* The start of a command that talks to the service, after
 * cli_auth_settings filled cfg: an HTTP session (with cfg's ca_file,
 * trace when not NULL, and backoff_ms as its first retry delay, 0 the
 * default), then the sign-in as cli_auth_open does it. 0 with *http and
 * *auth set (free them with cli_remote_end), or the exit code, reported,
 * with nothing left to free. */
int cli_remote_begin(const struct app_config *cfg, const struct cli_auth_opts *o, const char *trace,
		     long backoff_ms, struct sync_http **http, struct app_auth **auth);

/* Frees what cli_remote_begin made; NULLs are allowed. */
void cli_remote_end(struct sync_http *http, struct app_auth *auth);

/* `billcon login [--auth ...] [--login-endpoint URL] [--status]`. */
int cli_login(struct cli_args *a);

/* `billcon logout [--login-endpoint URL]`. */
int cli_logout(struct cli_args *a);

#endif
