#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_auth.h"
#include "billcon/app_config.h"
#include "billcon/cli_login.h"
#include "billcon/core_clock.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"
#include "billcon/sync_http.h"

int
cli_auth_opt(int argc, char **argv, int *i, struct cli_auth_opts *o)
{
	char shown[CORE_ECHO_BYTES];
	const char *v;
	int got;

	if ((got = cli_opt_value(argc, argv, i, "--login-endpoint", &o->login_endpoint)))
		return got < 0 ? (cli_usage("--login-endpoint needs a URL."), -1) : 1;
	if (!(got = cli_opt_value(argc, argv, i, "--auth", &v)))
		return 0;
	if (got < 0)
		return cli_usage("--auth is device, client or token-file FILE."), -1;
	if (strcmp(v, "device") == 0) {
		o->mode = APP_AUTH_DEVICE;
	} else if (strcmp(v, "client") == 0) {
		o->mode = APP_AUTH_CLIENT;
	} else if (strcmp(v, "token-file") == 0) {
		if (*i + 1 >= argc)
			return cli_usage("--auth token-file needs the file's name."), -1;
		o->mode = APP_AUTH_TOKEN_FILE;
		o->token_file = argv[++*i];
	} else {
		return cli_usage("--auth is device, client or token-file FILE, not \"%s\".",
				 core_text_echo(v, shown)), -1;
	}
	return 1;
}

int
cli_auth_settings(const struct cli_args *a, const struct cli_auth_opts *o, struct app_config *cfg)
{
	struct core_error err;
	char shown[CORE_ECHO_BYTES];

	core_error_clear(&err);
	if (app_config_load(cfg, &err))
		return cli_fail(&err);
	if (a->app.tenant && !core_guid_parse(a->app.tenant, cfg->tenant, NULL))
		return cli_usage("--tenant is the ID of the tenant you sign in through, a GUID, not \"%s\".",
				 core_text_echo(a->app.tenant, shown));
	if (o->login_endpoint) {
		size_t n = strlen(o->login_endpoint);
		if (n >= sizeof(cfg->login_endpoint))
			return cli_usage("--login-endpoint is too long.");
		memcpy(cfg->login_endpoint, o->login_endpoint, n + 1);
		while (n > 0 && cfg->login_endpoint[n - 1] == '/')
			cfg->login_endpoint[--n] = '\0';
	}
	if (sync_http_check_url(cfg->login_endpoint, &err))
		return cli_fail(&err);
	return 0;
}

int
cli_auth_open(const struct app_config *cfg, const struct cli_auth_opts *o, struct sync_http *http,
	      struct app_auth **out)
{
	const struct sync_device_info *info;
	struct core_error err;
	char code[CORE_ECHO_BYTES * 2], url[1024];

	core_error_clear(&err);
	if (app_auth_open(cfg, o->mode, o->token_file, http, out, &err))
		return cli_fail(&err);
	if ((info = app_auth_device(*out))) {
		fprintf(stderr, "To sign in, open %s and enter the code %s\n",
			cli_safe(info->verification_uri, url, sizeof(url)),
			cli_safe(info->user_code, code, sizeof(code)));
		fflush(stderr);
		if (o->progress_fd > 0)
			dprintf(o->progress_fd, "device %s %s\n", url, code);
		if (app_auth_wait(*out, &err)) {
			app_auth_free(*out);
			*out = NULL;
			return cli_fail(&err);
		}
	}
	return 0;
}

int
cli_remote_begin(const struct app_config *cfg, const struct cli_auth_opts *o, const char *trace, long backoff_ms,
		 struct sync_http **http, struct app_auth **auth)
{
	struct sync_http_opts ho = { .ca_file = cfg->ca_file, .trace_path = trace, .backoff_base_ms = backoff_ms };
	struct core_error err;
	int rc;

	*http = NULL;
	*auth = NULL;
	core_error_clear(&err);
	if (sync_http_new(&ho, http, &err))
		return cli_fail(&err);
	if ((rc = cli_auth_open(cfg, o, *http, auth))) {
		sync_http_free(*http);
		*http = NULL;
	}
	return rc;
}

void
cli_remote_end(struct sync_http *http, struct app_auth *auth)
{
	app_auth_free(auth);
	sync_http_free(http);
}

/* "until TIME" of the access token in hand, for the status line. */
static void
print_signed_in(const struct app_config *cfg, const struct app_auth *auth, const char *how)
{
	char actor[512], until[CORE_TIME_ISO_LEN + 1];
	long long exp = app_auth_expires(auth);

	fprintf(stdout, "Signed in as %s", cli_safe(app_auth_actor(auth), actor, sizeof(actor)));
	fprintf(stdout, " at %s, tenant %s", cfg->login_endpoint, cfg->tenant[0] ? cfg->tenant : "organizations");
	if (exp > 0)
		fprintf(stdout, "; the access token is good until %s%s", core_time_iso((time_t)exp, until), how);
	fputs(".\n", stdout);
}

/* `billcon login --status`: the cached sign-in, read with no network. */
static int
login_status(const struct app_config *cfg)
{
	struct cli_auth_opts o = { .mode = APP_AUTH_CACHE };
	struct app_auth *auth = NULL;
	int rc = cli_auth_open(cfg, &o, NULL, &auth);

	if (!rc)
		print_signed_in(cfg, auth, ", then renewed as needed");
	app_auth_free(auth);
	return rc;
}

int
cli_login(struct cli_args *a)
{
	struct cli_auth_opts o = { 0 };
	struct sync_http_opts hopts = { 0 };
	struct sync_http *http = NULL;
	struct app_auth *auth = NULL;
	struct app_config cfg;
	struct core_error err;
	const char *bearer;
	bool status = false;
	int i, got, rc;

	for (i = 1; i < a->argc; i++) {
		if ((got = cli_auth_opt(a->argc, a->argv, &i, &o)) < 0)
			return 2;
		if (got)
			continue;
		if (strcmp(a->argv[i], "--status") == 0)
			status = true;
		else
			return cli_unexpected("login", a->argv[i]);
	}
	if (status && o.mode != APP_AUTH_CACHE)
		return cli_usage("login --status reads the cached sign-in: give it no --auth.");
	if ((rc = cli_auth_settings(a, &o, &cfg)))
		return rc;
	if (status)
		return login_status(&cfg);
	if (o.mode == APP_AUTH_CACHE)
		o.mode = APP_AUTH_DEVICE;
	core_error_clear(&err);
	hopts.ca_file = cfg.ca_file;
	if (o.mode != APP_AUTH_TOKEN_FILE && sync_http_new(&hopts, &http, &err))
		return cli_fail(&err);
	rc = cli_auth_open(&cfg, &o, http, &auth);
	/* Microsoft Graph's token too, from the same sign-in, so that a sign-in
	 * that cannot reach the directory is found now and both are cached;
	 * then ARM's again, renewed when it came too close to its expiry to be
	 * worth caching. */
	if (!rc && o.mode != APP_AUTH_TOKEN_FILE &&
	    (app_auth_token(auth, APP_AUTH_GRAPH, &bearer, &err) || app_auth_token(auth, APP_AUTH_ARM, &bearer, &err)))
		rc = cli_fail(&err);
	if (!rc)
		print_signed_in(&cfg, auth, o.mode == APP_AUTH_TOKEN_FILE ? " (a token file: nothing is cached)" : "");
	app_auth_free(auth);
	sync_http_free(http);
	return rc;
}

int
cli_logout(struct cli_args *a)
{
	struct cli_auth_opts o = { 0 };
	struct app_config cfg;
	struct core_error err;
	bool removed;
	int i, got, rc;

	for (i = 1; i < a->argc; i++) {
		if ((got = cli_auth_opt(a->argc, a->argv, &i, &o)) < 0)
			return 2;
		if (!got || o.mode != APP_AUTH_CACHE)
			return cli_unexpected("logout", a->argv[i]);
	}
	if ((rc = cli_auth_settings(a, &o, &cfg)))
		return rc;
	core_error_clear(&err);
	if (app_auth_logout(&cfg, &removed, &err))
		return cli_fail(&err);
	fprintf(stdout, removed ? "Signed out of %s, tenant %s: the cached tokens are gone.\n"
				: "Not signed in to %s, tenant %s: nothing to remove.\n",
		cfg.login_endpoint, cfg.tenant[0] ? cfg.tenant : "organizations");
	return 0;
}
