#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_pulldir.h"
#include "billcon/core_buf.h"
#include "billcon/store_pull.h"
#include "billcon/sync_map.h"

#define ORGANIZATION "/v1.0/organization"

/* What Graph returns of a user only when asked ($select): userType and
 * externalUserState. */
#define USER_SELECT "?$select=id,displayName,mail,userPrincipalName,userType,externalUserState"

struct dir_pull {
	struct app_ctx *ctx;
	const char *graph;
	const struct app_pull *p;
	struct app_pull_summary *sum;
	char tenant[64];
	char scope[128];     /* "/tenants/<tenant>" */
};

/* The first page's URL: Graph's base, path, query. */
static char *
graph_url(const char *graph, const char *path, const char *query)
{
	struct core_buf b = { 0 };
	size_t n = strlen(graph);

	while (n && graph[n - 1] == '/')
		n--;
	core_buf_add(&b, graph, n);
	core_buf_printf(&b, "%s%s", path, query);
	if (b.failed)
		core_buf_free(&b);
	return b.p;
}

/* Reads the listing at path (its cursor's key) page by page from where a
 * pull cut short stopped, each item's ID under scope ("" : none). */
static enum core_status
graph_listing(struct dir_pull *d, enum core_remote_kind kind, const char *path, const char *query,
	      const char *under, struct core_error *err)
{
	struct store_pull_at at = { .listing = path, .parent = d->tenant };
	struct core_remote_page page = { 0 };
	char scope[256], *url = NULL, *body = NULL;
	size_t len = 0;
	long long n = 0, items = 0;
	enum core_status rc = store_pull_cursor(d->ctx->st, path, &url, &at.run, err);

	snprintf(scope, sizeof(scope), "%s%s", kind == CORE_REMOTE_DIR_TENANT ? "/tenants" : d->scope, under);
	if (!rc && !url && !(url = graph_url(d->graph, path, query)))
		rc = core_error_set(err, CORE_STORE, "Out of memory building a URL.");
	if (!rc && d->p->progress)
		d->p->progress(d->p->progress_ctx, core_remote_kind_name(kind), 0, 0);
	while (!rc && url) {
		rc = d->p->fetch(d->p->fetch_ctx, url, &body, &len, err);
		if (!rc)
			rc = sync_map_graph_page(kind, scope, body, len, &page, err);
		free(body);
		body = NULL;
		free(url);
		url = NULL;
		if (!rc)
			rc = app_pull_page(d->ctx, d->p->actor, &page, &at, d->sum, err);
		items += (long long)page.n;
		if (!rc && d->p->progress)
			d->p->progress(d->p->progress_ctx, core_remote_kind_name(kind), ++n, items);
		if (!rc)
			url = page.next_link;   /* followed exactly as given */
		page.next_link = NULL;
		core_remote_page_free(&page);
	}
	free(url);
	return rc;
}

/* The tenant Graph's organization names: the one the token is for. */
static enum core_status
find_tenant(struct dir_pull *d, struct core_error *err)
{
	struct store_pull_child *orgs = NULL;
	size_t n = 0;
	enum core_status rc = store_pull_children(d->ctx->st, ORGANIZATION, &orgs, &n, err);

	if (!rc && n == 0)
		rc = core_error_set(err, CORE_REMOTE, "Microsoft Graph listed no organization for the signed-in"
				    " tenant, so its directory was not pulled.");
	if (!rc) {
		snprintf(d->tenant, sizeof(d->tenant), "%s", orgs[0].id + strlen("/tenants/"));
		snprintf(d->scope, sizeof(d->scope), "/tenants/%s", d->tenant);
	}
	free(orgs);
	return rc;
}

enum core_status
app_pull_directory(struct app_ctx *ctx, const char *graph, const struct app_pull *p,
		   struct app_pull_summary *sum, struct core_error *err)
{
	struct dir_pull d = { .ctx = ctx, .graph = graph, .p = p, .sum = sum };
	enum core_status rc = graph_listing(&d, CORE_REMOTE_DIR_TENANT, ORGANIZATION, "?$select=id,displayName", "",
					    err);

	if (!rc)
		rc = find_tenant(&d, err);
	if (!rc)
		rc = graph_listing(&d, CORE_REMOTE_DIR_POLICY, "/v1.0/policies/authorizationPolicy", "", "", err);
	if (!rc)
		rc = graph_listing(&d, CORE_REMOTE_DIR_DOMAIN, "/v1.0/domains", "", "/domains", err);
	if (!rc)
		rc = graph_listing(&d, CORE_REMOTE_DIR_USER, "/v1.0/users", USER_SELECT, "/users", err);
	if (!rc)
		rc = graph_listing(&d, CORE_REMOTE_DIR_ADMIN,
				   "/v1.0/directoryRoles(roleTemplateId='" APP_PULLDIR_GLOBAL_ADMIN "')/members",
				   "?$select=id,displayName,mail,userPrincipalName", "/users", err);
	return rc;
}
