/* app_request: billing requests (DOMAIN.md §5): their names in the audit
 * trail and the URLs handed to the people who decide them. */
#ifndef BILLCON_APP_REQUEST_H
#define BILLCON_APP_REQUEST_H

#include <stddef.h>

#include "billcon/app_write.h"
#include "billcon/store_request.h"

struct app_ctx;

/* Creates a pending request (only from an apply of app_run_write): r's
 * type, scope, object, tenant_id and addressee are the caller's; its name,
 * status, author, times and row ID are set here; the creation is audited,
 * with push saying whether sync sends it (a request the service makes
 * itself from another change is APP_LOCAL). */
enum core_status app_request_create(struct app_ctx *ctx, struct store_request *r,
				    enum app_push push, struct core_error *err);

/* The audit trail's name of the request called name (its ARM path), into
 * out. */
void app_request_object(const char *name, char *out, size_t size);

/* The URL at which the addressee decides the request called name, from the
 * `request_url` template of the settings, into out. */
void app_request_url(const struct app_ctx *ctx, const char *name, char *out, size_t size);

#endif
