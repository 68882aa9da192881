#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "billcon/core_buf.h"
#include "billcon/sync_plan.h"

/* Why no API takes a change, by action (a prefix when it ends with '.'). */
static const struct {
	const char *action;
	const char *reason;
} local_reasons[] = {
	{ "request.create", "ARM makes this request itself when the change that asked for it is pushed:"
			    " it has no URL until pushed" },
	{ "request.expire", "the service expires requests itself" },
	{ "role.status", "the service sets it when the request is decided" },
	{ "role.assign", "part of a Partner Center link, which has no ARM API" },
	{ "partner.", "Partner Center has no ARM API" },
	{ "billingAccount.", "part of a Partner Center link, which has no ARM API" },
	{ "billingProfile.create", "part of a Partner Center link, which has no ARM API" },
	{ "usage.import", "usage reaches Azure through Azure Stack's own usage bridge: an import is"
			  " billcon's record" },
	{ "stack.onboarding.", "the onboarding checklist is billcon's own" },
	{ "directory.", "Microsoft Graph does not take this directory edit from billcon" },
	{ "guest.accept", "the guest accepts through the invitation's own link" },
	{ "guest.invite", "recorded here only" },
	{ "subscription.provision", "a Microsoft 365 subscription is bought in the Microsoft 365 admin"
				    " center, not through ARM" },
	{ "section.add", "ARM makes a billing profile's default invoice section with the profile" },
};

static void
set_local(struct sync_call *call, const char *action)
{
	const char *why = "no API takes this change";
	size_t i, n;

	for (i = 0; i < sizeof(local_reasons) / sizeof(local_reasons[0]); i++) {
		n = strlen(local_reasons[i].action);
		if (local_reasons[i].action[n - 1] == '.' ? strncmp(action, local_reasons[i].action, n) == 0 :
		    strcmp(action, local_reasons[i].action) == 0) {
			why = local_reasons[i].reason;
			break;
		}
	}
	call->api = SYNC_API_NONE;
	call->method[0] = '\0';
	snprintf(call->reason, sizeof(call->reason), "%s", why);
}

void
sync_call_clear(struct sync_call *call)
{
	free(call->path);
	free(call->body);
	free(call->readback);
	memset(call, 0, sizeof(*call));
}

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The pieces of one mapping: the row's JSON, read once. */
struct map {
	const struct sync_change *c;
	json_t *before, *after;
	struct sync_call *call;
};

static bool
set_path(struct sync_call *call, const char *method, const char *object, const char *tail,
	 const char *version)
{
	struct core_buf b = { 0 };

	snprintf(call->method, sizeof(call->method), "%s", method);
	core_buf_printf(&b, "%s%s?api-version=%s", object, tail, version);
	if (b.failed) {
		core_buf_free(&b);
		return false;
	}
	call->path = b.p;
	return true;
}

/* Sets call's body to o (taking its reference); false when out of memory. */
static bool
set_body(struct sync_call *call, json_t *o)
{
	call->body = o ? json_dumps(o, JSON_COMPACT) : NULL;
	json_decref(o);
	return call->body != NULL;
}

/* Copies the string at key of from, when there, into to as key. */
static void
copy(json_t *to, const json_t *from, const char *key)
{
	const char *v = str(from, key);

	if (v)
		json_object_set_new(to, key, json_string(v));
}

/* Associated tenant PUT (add, update): its name and states. A tenant added
 * by domain has no ID yet: push resolves it first. */
static bool
map_tenant_put(struct map *m)
{
	json_t *p = json_object(), *tid = json_object_get(m->after, "tenantId");
	const char *domain = str(m->after, "domain");

	copy(p, m->after, "displayName");
	copy(p, m->after, "billingManagementState");
	copy(p, m->after, "provisioningManagementState");
	if (json_is_null(tid) && domain) {
		snprintf(m->call->domain, sizeof(m->call->domain), "%s", domain);
		snprintf(m->call->reason, sizeof(m->call->reason),
			 "the domain %.200s is first resolved to its tenant ID", domain);
	}
	return set_path(m->call, "PUT", m->c->object, "", SYNC_BILLING_API) &&
	       set_body(m->call, json_pack("{s:o}", "properties", p));
}

static bool
map_delete(struct map *m, const char *version)
{
	return set_path(m->call, "DELETE", m->c->object, "", version);
}

/* createBillingRoleAssignment at the assignment's scope: the principal by
 * email (or object ID), its tenant and the role, as ARM's example sends
 * them (no "properties" wrapper). A POST: read back before resending. */
static bool
map_role_assign(struct map *m)
{
	const char *scope = str(m->after, "scope");
	json_t *p = json_object();
	struct core_buf b = { 0 };

	if (!scope)
		scope = "";
	copy(p, m->after, "principalId");
	copy(p, m->after, "userEmailAddress");
	copy(p, m->after, "principalTenantId");
	copy(p, m->after, "roleDefinitionId");
	m->call->not_idempotent = true;
	core_buf_printf(&b, "%s/billingRoleAssignments?api-version=%s", scope, SYNC_BILLING_API);
	m->call->readback = b.p;
	return !b.failed && set_path(m->call, "POST", scope, "/createBillingRoleAssignment", SYNC_BILLING_API) &&
	       set_body(m->call, p);
}

/* A decision on a billing request: PUT of the request with its new
 * status (Approved, Declined, Cancelled) and the reason given. */
static bool
map_request(struct map *m)
{
	json_t *p = json_object();

	copy(p, m->after, "status");
	copy(p, m->after, "decisionReason");
	return set_path(m->call, "PUT", m->c->object, "", SYNC_BILLING_API) &&
	       set_body(m->call, json_pack("{s:o}", "properties", p));
}

static bool
map_customer_put(struct map *m)
{
	json_t *props = json_object_get(m->after, "properties");
	json_t *p = json_object();

	copy(p, props, "tenantId");
	return set_path(m->call, "PUT", m->c->object, "", SYNC_STACK_API) &&
	       set_body(m->call, json_pack("{s:o}", "properties", p));
}

/* Billing profile or invoice section PUT: its display name. ARM makes a
 * profile's default section itself. */
static bool
map_named_put(struct map *m)
{
	json_t *p = json_object();

	if (json_is_true(json_object_get(m->after, "default"))) {
		json_decref(p);
		set_local(m->call, "section.add");
		return true;
	}
	copy(p, m->after, "displayName");
	return set_path(m->call, "PUT", m->c->object, "", SYNC_BILLING_API) &&
	       set_body(m->call, json_pack("{s:o}", "properties", p));
}

/* Subscription move (and a link, billed here from now on): POST .../move
 * to the invoice section it is billed to. */
static bool
map_move(struct map *m)
{
	json_t *p = json_object();
	const char *section = str(m->after, "invoiceSectionId");

	if (section)
		json_object_set_new(p, "destinationInvoiceSectionId", json_string(section));
	return set_path(m->call, "POST", m->c->object, "/move", SYNC_BILLING_API) && set_body(m->call, p);
}

/* A B2B invitation through Microsoft Graph v1.0. */
static bool
map_invite(struct map *m)
{
	json_t *p = json_object();
	const char *mail = str(m->after, "mail"), *name = str(m->after, "displayName");

	m->call->api = SYNC_API_GRAPH;
	snprintf(m->call->method, sizeof(m->call->method), "POST");
	if (!(m->call->path = strdup("/v1.0/invitations"))) {
		json_decref(p);
		return false;
	}
	json_object_set_new(p, "invitedUserEmailAddress", json_string(mail ? mail : ""));
	if (name)
		json_object_set_new(p, "invitedUserDisplayName", json_string(name));
	json_object_set_new(p, "inviteRedirectUrl", json_string("https://myapps.microsoft.com"));
	json_object_set_new(p, "sendInvitationMessage", json_true());
	return set_body(m->call, p);
}

/* The primary tenant's guest setting: PATCH of Graph's authorization
 * policy. On lets members (not guests) invite, the narrowest value that
 * lets a billing administrator who is no directory administrator invite;
 * off is "none". A change of the name alone is local-only. */
static bool
map_guest_policy(struct map *m)
{
	json_t *on = json_object_get(m->after, "guestInvitationsAllowed");

	if (!json_is_boolean(on) || json_equal(on, json_object_get(m->before, "guestInvitationsAllowed"))) {
		set_local(m->call, "directory.");
		return true;
	}
	m->call->api = SYNC_API_GRAPH;
	snprintf(m->call->method, sizeof(m->call->method), "PATCH");
	if (!(m->call->path = strdup("/v1.0/policies/authorizationPolicy")))
		return false;
	return set_body(m->call, json_pack("{s:s}", "allowInvitesFrom",
					   json_is_true(on) ? "adminsGuestInvitersAndAllMembers" : "none"));
}

static bool map_stack_delete(struct map *m) { return map_delete(m, SYNC_STACK_API); }
static bool map_billing_delete(struct map *m) { return map_delete(m, SYNC_BILLING_API); }

/* Each pushed action's mapping; a mapping that may find the change
 * local-only after all is `maybe_local` (sync_plan_is_local asks it). */
static const struct {
	const char *action;
	bool (*map)(struct map *m);
	bool maybe_local;
} pushed[] = {
	{ "tenant.add", map_tenant_put, false },
	{ "tenant.update", map_tenant_put, false },
	{ "tenant.remove", map_billing_delete, false },
	{ "role.assign", map_role_assign, false },
	{ "role.remove", map_billing_delete, false },
	{ "request.approve", map_request, false },
	{ "request.decline", map_request, false },
	{ "request.cancel", map_request, false },
	{ "stack.customer.add", map_customer_put, false },
	{ "stack.customer.remove", map_stack_delete, false },
	{ "profile.add", map_named_put, true },
	{ "section.add", map_named_put, true },
	{ "subscription.move", map_move, false },
	{ "subscription.link", map_move, false },
	{ "guest.invite", map_invite, false },
	{ "directory.tenant.update", map_guest_policy, true },
};

static bool
load(const char *text, json_t **out)
{
	*out = NULL;
	if (!text)
		return true;
	*out = json_loads(text, JSON_DECODE_ANY, NULL);
	return *out != NULL;
}

/* The index in pushed of c's action, or the table's size when c is not
 * pushed or no API takes its action. */
static size_t
find_pushed(const struct sync_change *c)
{
	size_t i;

	for (i = 0; c->push && i < sizeof(pushed) / sizeof(pushed[0]); i++)
		if (strcmp(c->action, pushed[i].action) == 0)
			return i;
	return sizeof(pushed) / sizeof(pushed[0]);
}

bool
sync_plan_is_local(const struct sync_change *c)
{
	size_t i = find_pushed(c);
	struct sync_call call;
	struct core_error err;
	bool local;

	if (i == sizeof(pushed) / sizeof(pushed[0]))
		return true;
	if (!pushed[i].maybe_local)
		return false;
	/* A default section, which ARM makes with its profile; a directory
	 * change that leaves the guest setting as it was. */
	if (sync_plan_call(c, &call, &err))
		return false;
	local = call.api == SYNC_API_NONE;
	sync_call_clear(&call);
	return local;
}

enum core_status
sync_plan_call(const struct sync_change *c, struct sync_call *out, struct core_error *err)
{
	struct map m = { .c = c, .call = out };
	enum core_status rc = CORE_OK;
	size_t i;

	memset(out, 0, sizeof(*out));
	i = find_pushed(c);
	if (i == sizeof(pushed) / sizeof(pushed[0])) {
		set_local(out, c->action);
		return CORE_OK;
	}
	if (!load(c->before, &m.before) || !load(c->after, &m.after))
		rc = core_error_set(err, CORE_STORE, "The change %s of %s is not JSON the plan can read.",
				    c->action, c->object);
	else {
		out->api = SYNC_API_ARM;
		out->lro = true;
		if (!pushed[i].map(&m))
			rc = core_error_set(err, CORE_STORE, "Out of memory planning a change.");
		if (out->api == SYNC_API_GRAPH)
			out->lro = false;
		if (out->api == SYNC_API_NONE)
			out->lro = false;
	}
	json_decref(m.before);
	json_decref(m.after);
	if (rc)
		sync_call_clear(out);
	return rc;
}

enum core_status
sync_plan_set_tenant(struct sync_call *call, const char *tenant_id, struct core_error *err)
{
	size_t dl = strlen(call->domain);
	char *q = call->path ? strchr(call->path, '?') : NULL;
	struct core_buf b = { 0 };

	if (!dl || !q || (size_t)(q - call->path) < dl || strncmp(q - dl, call->domain, dl) != 0)
		return core_error_set(err, CORE_STORE, "The call has no domain %s to resolve.", call->domain);
	core_buf_printf(&b, "%.*s%s%s", (int)(q - dl - call->path), call->path, tenant_id, q);
	if (b.failed) {
		core_buf_free(&b);
		return core_error_set(err, CORE_STORE, "Out of memory planning a change.");
	}
	free(call->path);
	call->path = b.p;
	call->domain[0] = '\0';
	call->reason[0] = '\0';
	return CORE_OK;
}

enum core_status
sync_plan_keep_theirs(struct sync_call *call, const char *before, const char *after, const char *theirs,
		      struct core_error *err)
{
	json_t *body = call->body ? json_loads(call->body, JSON_ALLOW_NUL, NULL) : NULL;
	json_t *b = before ? json_loads(before, JSON_ALLOW_NUL, NULL) : NULL;
	json_t *a = after ? json_loads(after, JSON_ALLOW_NUL, NULL) : NULL;
	json_t *t = theirs ? json_loads(theirs, JSON_ALLOW_NUL, NULL) : NULL;
	json_t *props = json_object_get(body, "properties"), *tprops = json_object_get(t, "properties");
	enum core_status rc = CORE_OK;
	const char *key;
	json_t *v;
	bool took = false;

	if (json_is_object(props) && json_is_object(b) && json_is_object(a) && json_is_object(tprops)) {
		json_object_foreach(props, key, v) {
			json_t *bv = json_object_get(b, key), *av = json_object_get(a, key);
			json_t *tv = json_object_get(tprops, key);

			if (bv && av && tv && json_equal(bv, av) && !json_equal(v, tv)) {
				json_object_set(props, key, tv);
				took = true;
			}
		}
	}
	if (took) {
		char *text = json_dumps(body, JSON_COMPACT);

		if (text) {
			free(call->body);
			call->body = text;
		} else {
			rc = core_error_set(err, CORE_STORE, "Out of memory planning a change.");
		}
	}
	json_decref(body);
	json_decref(b);
	json_decref(a);
	json_decref(t);
	return rc;
}

/* Whether a listed assignment's properties match what the POST asked:
 * the same role and the same principal (by email or by object ID). */
static bool
same_assignment(const json_t *asked, const json_t *props)
{
	const char *role = str(asked, "roleDefinitionId"), *email = str(asked, "userEmailAddress");
	const char *principal = str(asked, "principalId"), *v;

	if (!role || !(v = str(props, "roleDefinitionId")) || strcasecmp(role, v) != 0)
		return false;
	if (email && (v = str(props, "userEmailAddress")) && strcasecmp(email, v) == 0)
		return true;
	return principal && (v = str(props, "principalId")) && strcasecmp(principal, v) == 0;
}

/* The assignment's name into name (size bytes; "" when it has none). */
static void
name_of(const json_t *o, char *name, size_t size)
{
	const char *v = str(o, "name");

	if (name && size)
		snprintf(name, size, "%s", v && strlen(v) < size ? v : "");
}

bool
sync_plan_made(const struct sync_call *call, const char *body, char *name, size_t size)
{
	json_t *asked = call->body ? json_loads(call->body, 0, NULL) : NULL;
	json_t *got = body ? json_loads(body, 0, NULL) : NULL, *v;
	bool found = false;
	size_t i;

	name_of(NULL, name, size);
	json_array_foreach(json_object_get(got, "value"), i, v)
		if (!found && same_assignment(asked, json_object_get(v, "properties"))) {
			found = true;
			name_of(v, name, size);
		}
	json_decref(asked);
	json_decref(got);
	return found;
}

void
sync_plan_made_name(const struct sync_call *call, const char *answer, char *name, size_t size)
{
	json_t *asked = call->body ? json_loads(call->body, 0, NULL) : NULL;
	json_t *got = answer ? json_loads(answer, 0, NULL) : NULL;

	name_of(NULL, name, size);
	if (same_assignment(asked, json_object_get(got, "properties")))
		name_of(got, name, size);
	json_decref(asked);
	json_decref(got);
}

bool
sync_plan_issuer_tenant(const char *body, char tenant[37])
{
	json_t *o = body ? json_loads(body, 0, NULL) : NULL;
	const char *issuer = str(o, "issuer"), *p = issuer ? strstr(issuer, "://") : NULL;
	size_t i;
	bool ok = false;

	tenant[0] = '\0';
	/* https://login.microsoftonline.com/{tenant}/v2.0: the first path segment. */
	if (p && (p = strchr(p + 3, '/')) && strlen(p + 1) >= 36 && (p[37] == '/' || p[37] == '\0')) {
		ok = true;
		for (i = 0; i < 36; i++)
			if (!(i == 8 || i == 13 || i == 18 || i == 23 ? p[1 + i] == '-' :
			      strchr("0123456789abcdefABCDEF", p[1 + i]) != NULL))
				ok = false;
		if (ok)
			snprintf(tenant, 37, "%.36s", p + 1);
	}
	json_decref(o);
	return ok;
}
