/* app_request: billing requests (DOMAIN.md §5): their names in the audit
 * trail and the URLs handed to the people who decide them. */
#ifndef BILLCON_APP_REQUEST_H
#define BILLCON_APP_REQUEST_H

#include <stddef.h>

struct app_ctx;

/* The audit trail's name of the request called name (its ARM path), into
 * out. */
void app_request_object(const char *name, char *out, size_t size);

/* The URL at which the addressee decides the request called name, from the
 * `request_url` template of the settings, into out. */
void app_request_url(const struct app_ctx *ctx, const char *name, char *out, size_t size);

#endif
