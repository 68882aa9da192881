/* app_config: the settings file $XDG_CONFIG_HOME/billcon/config (or
 * BILLCON_CONFIG), lines of "key = value", '#' starting a comment. */
#ifndef BILLCON_APP_CONFIG_H
#define BILLCON_APP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"

struct app_config {
	char path[1024];                     /* the file read, "" when none */
	char actor[256];                     /* "actor": who acts when --as is not given */
	int request_expiry_days;             /* "request_expiry_days": 1..365, default 14 */
	char invitation_url_template[512];   /* "invitation_url": {request}, {tenant}, {account} */
	char request_url_template[512];      /* "request_url": {request} */
	bool mouse;                          /* "mouse": on lets the console take clicks */
	char theme[64];                      /* "theme": the console's theme, "" default */
};

/* Fills cfg with the defaults, then reads the settings file when there is
 * one. A bad line is CORE_USAGE naming the file and line. */
enum core_status app_config_load(struct app_config *cfg, struct core_error *err);

/* Expands template into out (size bytes): {request} → request, {tenant} →
 * tenant, {account} → account. */
void app_config_expand(const char *template_, const char *request, const char *tenant,
		       const char *account, char *out, size_t size);

#endif
