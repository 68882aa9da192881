/* app_config: the settings file $XDG_CONFIG_HOME/billcon/config (or
 * BILLCON_CONFIG), lines of "key = value", '#' starting a comment. */
#ifndef BILLCON_APP_CONFIG_H
#define BILLCON_APP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "billcon/core_bandwidth.h"
#include "billcon/core_status.h"

struct app_config {
	char path[1024];                     /* the file read, "" when none */
	char actor[256];                     /* "actor": who acts when --as is not given */
	int request_expiry_days;             /* "request_expiry_days": 1..365, default 14 */
	char invitation_url_template[512];   /* "invitation_url": {request}, {tenant}, {account} */
	char request_url_template[512];      /* "request_url": {request} */
	bool mouse;                          /* "mouse": on lets the console take clicks */
	char theme[64];                      /* "theme": the console's theme, "" default */
	enum core_bandwidth_mode low_bandwidth; /* "low_bandwidth": on, off or auto (default) */
	char audit_origin[256];              /* "audit_origin": checkpoints' origin, "" the store's */
	long checkpoint_every;               /* "checkpoint_every": a checkpoint every N changes, 0 never */
	char checkpoint_sink[1024];          /* "checkpoint_sink": file:PATH, command:CMD or syslog */
	bool read_only;                      /* "read_only": on makes every run read-only
					      * (an auditor's profile); no option undoes it */
	char tenant[64];                     /* "tenant": the sign-in tenant (a GUID, bare
					      * lowercase), "" the actor's home tenant;
					      * --tenant overrides it (app_open) */
	/* Sync (doc/billcon.1, SYNC): where the service is, for sovereign
	 * clouds and tests; plain http:// is accepted only for loopback. */
	char arm_endpoint[256];              /* "arm_endpoint", default https://management.azure.com */
	char graph_endpoint[256];            /* "graph_endpoint", default https://graph.microsoft.com */
	char login_endpoint[256];            /* "login_endpoint", default https://login.microsoftonline.com */
	char client_id[64];                  /* "client_id": the application signed in through,
					      * default the Azure CLI's public client */
	char ca_file[1024];                  /* "ca_file": extra CA bundle (TLS inspection), "" none */
	char client_secret_file[1024];       /* "client_secret_file": client credentials'
					      * secret, read from this file ("" none;
					      * BILLCON_CLIENT_SECRET otherwise) */
};

/* Fills cfg with the defaults, then reads the settings file when there is
 * one. A bad line is CORE_USAGE naming the file and line; so is a path that
 * names something other than a regular file (a directory, a FIFO). */
enum core_status app_config_load(struct app_config *cfg, struct core_error *err);

/* Fills cfg with the defaults alone (no file read; cfg->path ""). */
void app_config_defaults(struct app_config *cfg);

/* Applies the settings text of f (lines of any length) to cfg, naming
 * cfg->path in messages; stops at the first bad line (CORE_USAGE). */
enum core_status app_config_read(struct app_config *cfg, FILE *f, struct core_error *err);

/* CORE_OK when HOME is set, or every XDG_*_HOME billcon uses is; otherwise
 * CORE_USAGE with one sentence, as the current folder is never a fallback
 * for the settings, the store or the state. */
enum core_status app_config_check_home(struct core_error *err);

/* Expands template into out (size bytes): {request} → request, {tenant} →
 * tenant, {account} → account. */
void app_config_expand(const char *template_, const char *request, const char *tenant,
		       const char *account, char *out, size_t size);

#endif
