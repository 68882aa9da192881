#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billcon/app_stack.h"
#include "billcon/app_write.h"
#include "billcon/core_stack.h"
#include "billcon/core_text.h"
#include "billcon/core_validate.h"

static enum core_status
require_read(struct app_ctx *ctx, struct core_error *err)
{
	enum core_status rc = app_load_grants(ctx, err);

	return rc ? rc : app_require(ctx, CORE_NEED_READ, ctx->account_scope,
				     "read the Azure Stack registrations", err);
}

enum core_status
app_stack_read(struct app_ctx *ctx, struct app_stack_view *v, struct core_error *err)
{
	enum core_status rc;

	memset(v, 0, sizeof(*v));
	app_touch(ctx);
	if ((rc = require_read(ctx, err)))
		return rc;
	rc = store_stack_registrations(ctx->st, &v->regs, &v->nregs, err);
	if (!rc)
		rc = store_stack_customers(ctx->st, 0, &v->customers, &v->ncustomers, err);
	return rc;
}

void
app_stack_view_free(struct app_stack_view *v)
{
	free(v->regs);
	free(v->customers);
	memset(v, 0, sizeof(*v));
}

const struct store_stack_reg *
app_stack_reg_of(const struct app_stack_view *v, long long id)
{
	size_t i;

	for (i = 0; i < v->nregs; i++)
		if (v->regs[i].id == id)
			return &v->regs[i];
	return NULL;
}

void
app_stack_resource_id(const struct store_stack_reg *r, const char *subscription, char *out, size_t size)
{
	/* Cut when too long: the store's IDs are GUIDs and short names. */
	(void)core_stack_resource_id(r->subscription_id, r->resource_group, r->name, subscription, out, size);
}

static void
put(json_t *o, const char *key, const char *value)
{
	json_object_set_new(o, key, app_json_text(value));
}

json_t *
app_stack_reg_json(const struct store_stack_reg *r)
{
	json_t *o = json_object(), *d = json_object();

	put(o, "deployment", r->deployment);
	put(o, "deploymentAdminTenantId", r->admin_tenant_id);
	put(o, "registrationSubscriptionId", r->subscription_id);
	put(o, "resourceGroup", r->resource_group);
	put(o, "registrationName", r->name);
	put(o, "type", r->type);
	put(o, "registeringTenantId", r->registering_tenant_id);
	put(d, "subscriptionId", r->subscription_id);
	put(d, "displayName", r->default_name);
	put(d, "type", r->default_type);
	put(d, "partnerId", r->default_partner_id);
	json_object_set_new(o, "defaultSubscription", d);
	json_object_set_new(o, "customerSubscriptions", json_integer(r->ncustomers));
	return o;
}

json_t *
app_stack_customer_json(const struct store_stack_reg *r, const struct store_stack_customer *c)
{
	json_t *o = json_object();
	char id[1024];

	app_stack_resource_id(r, c->subscription_id, id, sizeof(id));
	put(o, "deployment", r->deployment);
	put(o, "registrationName", r->name);
	put(o, "subscriptionId", c->subscription_id);
	put(o, "displayName", c->display_name);
	put(o, "tenantId", c->tenant_id);
	put(o, "addedBy", c->added_by);
	put(o, "addedOn", c->added_on);
	put(o, "resourceId", id);
	return o;
}

/* The GUID s (what names it) in its bare lowercase form into out. */
static enum core_status
guid(const char *s, const char *what, char out[CORE_GUID_LEN + 1], struct core_error *err)
{
	struct core_error why;
	char shown[CORE_ECHO_BYTES];

	if (s && core_guid_parse(s, out, &why))
		return CORE_OK;
	return core_error_set(err, CORE_USAGE, "The %s must be a GUID; \"%s\" is not one.", what,
			      core_text_echo(s ? s : "", shown));
}

/* The payload the service takes, and the audit entry keeps. */
static json_t *
customer_payload(const struct store_stack_customer *c)
{
	json_t *o = json_object(), *p = json_object();

	put(p, "tenantId", c->tenant_id);
	json_object_set_new(o, "properties", p);
	put(o, "addedBy", c->added_by);
	return o;
}

struct add_call {
	const struct app_stack_add *in;
	char sub[CORE_GUID_LEN + 1], tenant[CORE_GUID_LEN + 1];
	struct store_stack_customer row;
};

/* The rules of §7 on the registration r and the subscription to add. */
static enum core_status
check_add(struct app_ctx *ctx, struct add_call *c, const struct store_stack_reg *r,
	  const struct store_csp_sub *sub, struct core_error *err)
{
	struct core_stack_sub def = { r->subscription_id, r->default_type[0] ? r->default_type : r->type,
				      r->default_partner_id, "" };
	struct core_stack_sub cust = { sub->subscription_id, sub->type, sub->partner_id, sub->tenant_id };
	struct store_stack_customer had;
	struct core_stack_add a = { &def, &cust, c->tenant, false };
	enum core_status rc = store_stack_customer_get(ctx->st, r->id, c->sub, &had, err);

	if (rc && rc != CORE_NOT_FOUND)
		return rc;
	a.registered = rc == CORE_OK;
	core_error_clear(err);
	return core_stack_check_add(&a, err);
}

static enum core_status
add_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct add_call *c = data;
	struct store_stack_reg r;
	struct store_csp_sub sub;
	char id[1024];
	enum core_status rc = store_stack_registration_find(ctx->st, c->in->registration, &r, err);

	if (!rc && (rc = store_csp_sub_get(ctx->st, c->sub, &sub, err)) == CORE_NOT_FOUND)
		return core_error_set(err, CORE_NOT_FOUND,
				      "The subscription %s is not among the CSP subscriptions the partner knows.",
				      c->sub);
	if (!rc)
		rc = check_add(ctx, c, &r, &sub, err);
	if (rc)
		return rc;
	memset(&c->row, 0, sizeof(c->row));
	c->row.registration = r.id;
	snprintf(c->row.subscription_id, sizeof(c->row.subscription_id), "%s", c->sub);
	snprintf(c->row.tenant_id, sizeof(c->row.tenant_id), "%s", c->tenant);
	snprintf(c->row.display_name, sizeof(c->row.display_name), "%s", sub.display_name);
	snprintf(c->row.added_by, sizeof(c->row.added_by), "%s", app_write_actor(ctx));
	snprintf(c->row.added_on, sizeof(c->row.added_on), "%s", ctx->now_iso);
	if ((rc = store_stack_customer_add(ctx->st, &c->row, err)))
		return rc;
	app_stack_resource_id(&r, c->sub, id, sizeof(id));
	return app_write_record(ctx, "stack.customer.add", id, NULL, customer_payload(&c->row), APP_PUSHED, err);
}

enum core_status
app_stack_add_customer(struct app_ctx *ctx, const struct app_stack_add *a, struct store_stack_customer *out,
		       struct core_error *err)
{
	struct app_write w = { .doing = APP_STACK_DOING_ADD, .need = CORE_NEED_MANAGE, .apply = add_apply };
	struct add_call c = { .in = a };
	enum core_status rc;

	if (!a->registration || !a->registration[0])
		return core_error_set(err, CORE_USAGE, "Name the registration to add the subscription to.");
	if ((rc = guid(a->subscription, "customer subscription ID", c.sub, err)) ||
	    (rc = guid(a->tenant, "tenant the customer signs in with", c.tenant, err)))
		return rc;
	w.data = &c;
	rc = app_run_write(ctx, &w, err);
	if (!rc && out)
		*out = c.row;
	return rc;
}

struct remove_call {
	const char *registration;
	char sub[CORE_GUID_LEN + 1];
	bool confirmed;
};

static enum core_status
remove_apply(struct app_ctx *ctx, void *data, struct core_error *err)
{
	struct remove_call *c = data;
	struct store_stack_reg r;
	struct store_stack_customer had;
	char id[1024];
	enum core_status rc = store_stack_registration_find(ctx->st, c->registration, &r, err);

	if (!rc && (rc = store_stack_customer_get(ctx->st, r.id, c->sub, &had, err)) == CORE_NOT_FOUND)
		return core_error_set(err, CORE_NOT_FOUND,
				      "The subscription %s is not a customer subscription of that registration.",
				      c->sub);
	if (rc)
		return rc;
	if (!c->confirmed)
		return core_error_set(err, CORE_CONFIRM,
				      "Removing customer subscription %s: the usage of tenant %s on deployment "
				      "\"%s\" then goes to the default subscription %s.",
				      had.subscription_id, had.tenant_id, r.deployment, r.subscription_id);
	if ((rc = store_stack_customer_remove(ctx->st, r.id, c->sub, err)))
		return rc;
	app_stack_resource_id(&r, c->sub, id, sizeof(id));
	return app_write_record(ctx, "stack.customer.remove", id, customer_payload(&had), NULL, APP_PUSHED, err);
}

enum core_status
app_stack_remove_customer(struct app_ctx *ctx, const char *registration, const char *subscription,
			  bool confirmed, struct core_error *err)
{
	struct app_write w = { .doing = APP_STACK_DOING_REMOVE, .need = CORE_NEED_MANAGE, .apply = remove_apply };
	struct remove_call c = { .registration = registration, .confirmed = confirmed };
	enum core_status rc;

	if (!registration || !registration[0])
		return core_error_set(err, CORE_USAGE, "Name the registration to remove the subscription from.");
	if ((rc = guid(subscription, "customer subscription ID", c.sub, err)))
		return rc;
	w.data = &c;
	return app_run_write(ctx, &w, err);
}

/* The tenant the commands name: the registered customer's, else the one
 * the partner knows the subscription in. */
static enum core_status
commands_tenant(struct app_ctx *ctx, const struct store_stack_reg *r, const char *sub, char *tenant,
		size_t size, struct core_error *err)
{
	struct store_stack_customer c;
	struct store_csp_sub known;
	enum core_status rc = store_stack_customer_get(ctx->st, r->id, sub, &c, err);

	if (!rc) {
		snprintf(tenant, size, "%s", c.tenant_id);
		return CORE_OK;
	}
	if (rc != CORE_NOT_FOUND)
		return rc;
	if ((rc = store_csp_sub_get(ctx->st, sub, &known, err)) == CORE_NOT_FOUND || (!rc && !known.tenant_id[0]))
		return core_error_set(err, CORE_NOT_FOUND,
				      "The tenant of subscription %s is unknown: it is neither registered nor "
				      "among the CSP subscriptions the partner knows.", sub);
	if (!rc)
		snprintf(tenant, size, "%s", known.tenant_id);
	return rc;
}

enum core_status
app_stack_commands(struct app_ctx *ctx, const char *registration, const char *subscription,
		   char *resource_id, size_t size, char **powershell, char **az, struct core_error *err)
{
	struct core_buf ps = { 0 }, cli = { 0 };
	struct store_stack_reg r;
	char sub[CORE_GUID_LEN + 1], tenant[64];
	enum core_status rc;

	*powershell = *az = NULL;
	app_touch(ctx);
	if ((rc = guid(subscription, "customer subscription ID", sub, err)) || (rc = require_read(ctx, err)) ||
	    (rc = store_stack_registration_find(ctx->st, registration, &r, err)) ||
	    (rc = commands_tenant(ctx, &r, sub, tenant, sizeof(tenant), err)))
		return rc;
	app_stack_resource_id(&r, sub, resource_id, size);
	core_stack_powershell(&ps, resource_id, tenant);
	core_stack_az(&cli, resource_id, tenant);
	if (ps.failed || cli.failed) {
		core_buf_free(&ps);
		core_buf_free(&cli);
		return core_error_set(err, CORE_STORE, "Out of memory writing the commands.");
	}
	*powershell = ps.p;
	*az = cli.p;
	return CORE_OK;
}

/* Routes tenant among the customers cs (n) of r into out. */
static enum core_status
route_among(const struct store_stack_reg *r, const struct store_stack_customer *cs, size_t n, const char *tenant,
	    struct app_stack_route *out, struct core_error *err)
{
	struct core_stack_customer *route = n ? calloc(n, sizeof(*route)) : NULL;
	struct core_stack_route to;
	size_t i;

	if (n && !route)
		return core_error_set(err, CORE_STORE, "Out of memory routing usage.");
	for (i = 0; i < n; i++)
		route[i] = (struct core_stack_customer){ cs[i].subscription_id, cs[i].tenant_id };
	to = core_stack_route(r->subscription_id, route, n, tenant);
	snprintf(out->subscription_id, sizeof(out->subscription_id), "%s", to.subscription_id);
	out->fell_back = to.fell_back;
	free(route);
	return CORE_OK;
}

enum core_status
app_stack_route(struct app_ctx *ctx, const char *deployment, const char *tenant, struct app_stack_route *out,
		struct core_error *err)
{
	struct store_stack_customer *cs = NULL;
	struct store_stack_reg r;
	size_t n = 0;
	enum core_status rc;

	memset(out, 0, sizeof(*out));
	app_touch(ctx);
	if (!(rc = require_read(ctx, err)) && !(rc = store_stack_registration_find(ctx->st, deployment, &r, err)) &&
	    !(rc = store_stack_customers(ctx->st, r.id, &cs, &n, err)))
		rc = route_among(&r, cs, n, tenant, out, err);
	free(cs);
	return rc;
}
