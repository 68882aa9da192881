#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "billcon/core_stack.h"
#include "billcon/core_text.h"

/* An ID named in a sentence, cut so that a hostile one cannot fill it. */
static const char *
shown(const char *s, char buf[CORE_ECHO_BYTES])
{
	return core_text_echo(s ? s : "", buf);
}

bool
core_stack_type_registers(const char *type)
{
	return type && (strcmp(type, "CSP") == 0 || strcmp(type, "CSPSS") == 0);
}

const char *
core_stack_type_parse(const char *type)
{
	static const char *const types[] = { "CSP", "CSPSS", "Other" };
	size_t k;

	for (k = 0; type && k < sizeof(types) / sizeof(types[0]); k++)
		if (strcasecmp(type, types[k]) == 0)
			return types[k];
	return NULL;
}

enum core_status
core_stack_check_registration(const struct core_stack_sub *reg, struct core_error *err)
{
	char id[CORE_ECHO_BYTES], type[CORE_ECHO_BYTES];

	if (core_stack_type_registers(reg->type))
		return CORE_OK;
	return core_error_set(err, CORE_REFUSED,
			      "The registration subscription %s is of type %s: only a CSP or CSPSS "
			      "subscription can register a multi-tenant Azure Stack.",
			      shown(reg->id, id), shown(reg->type, type));
}

static bool
same(const char *a, const char *b)
{
	return a && b && a[0] && strcasecmp(a, b) == 0;
}

/* The rules on the customer subscription itself, after the default one's. */
static enum core_status
check_customer(const struct core_stack_add *a, struct core_error *err)
{
	const struct core_stack_sub *c = a->customer;
	char id[CORE_ECHO_BYTES], v[CORE_ECHO_BYTES];

	if (same(c->id, a->def->id))
		return core_error_set(err, CORE_REFUSED,
				      "The subscription %s is the registration's default subscription, "
				      "registered already.", shown(c->id, id));
	if (!c->type || strcmp(c->type, "CSP") != 0)
		return core_error_set(err, CORE_REFUSED,
				      "The subscription %s is of type %s: only CSP subscriptions can be registered.",
				      shown(c->id, id), shown(c->type, v));
	if (!same(c->partner_id, a->def->partner_id))
		return core_error_set(err, CORE_REFUSED,
				      "The subscription %s belongs to partner %s, not to the partner of the "
				      "default subscription: you cannot register someone else's customers.",
				      shown(c->id, id), shown(c->partner_id[0] ? c->partner_id : "(unknown)", v));
	if (!same(c->tenant_id, a->sign_in_tenant))
		return core_error_set(err, CORE_REFUSED,
				      "The subscription %s was created in tenant %s, not in the tenant the "
				      "customer signs in with.", shown(c->id, id),
				      shown(c->tenant_id[0] ? c->tenant_id : "(unknown)", v));
	if (a->registered)
		return core_error_set(err, CORE_REFUSED,
				      "The subscription %s is registered to this registration already.",
				      shown(c->id, id));
	return CORE_OK;
}

enum core_status
core_stack_check_add(const struct core_stack_add *a, struct core_error *err)
{
	enum core_status rc = core_stack_check_registration(a->def, err);
	char id[CORE_ECHO_BYTES];

	if (rc)
		return rc;
	if (!a->def->partner_id || !a->def->partner_id[0])
		return core_error_set(err, CORE_REFUSED,
				      "The partner of the default subscription %s is unknown, so no customer "
				      "subscription can be checked against it.", shown(a->def->id, id));
	return check_customer(a, err);
}

bool
core_stack_resource_id(const char *registration_sub, const char *resource_group,
		       const char *registration, const char *customer_sub, char *out, size_t size)
{
	int n = snprintf(out, size,
			 "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.AzureStack/registrations/%s"
			 "/customerSubscriptions/%s",
			 registration_sub, resource_group, registration, customer_sub);

	return n >= 0 && (size_t)n < size;
}

void
core_stack_quote_sh(struct core_buf *b, const char *s)
{
	core_buf_str(b, "'");
	for (; *s; s++) {
		if (*s == '\'')
			core_buf_str(b, "'\\''");
		else
			core_buf_add(b, s, 1);
	}
	core_buf_str(b, "'");
}

/* The length of the PowerShell quote character at s (', or U+2018..U+201B
 * in UTF-8), 0 when there is none. */
static size_t
ps_quote_at(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] == '\'')
		return 1;
	if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x98 && u[2] <= 0x9B)
		return 3;
	return 0;
}

void
core_stack_quote_ps(struct core_buf *b, const char *s)
{
	size_t q;

	core_buf_str(b, "'");
	while (*s) {
		if ((q = ps_quote_at(s))) {
			core_buf_add(b, s, q);
			core_buf_add(b, s, q);
			s += q;
		} else {
			core_buf_add(b, s++, 1);
		}
	}
	core_buf_str(b, "'");
}

/* s as the text of a JSON string (no quotes around it). */
static void
json_text(struct core_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			core_buf_printf(b, "\\%c", c);
		else if (c < 0x20)
			core_buf_printf(b, "\\u%04x", c);
		else
			core_buf_add(b, s, 1);
	}
}

void
core_stack_powershell(struct core_buf *b, const char *resource_id, const char *tenant_id)
{
	core_buf_str(b, "New-AzResource -ResourceId ");
	core_stack_quote_ps(b, resource_id);
	core_buf_str(b, " -ApiVersion " CORE_STACK_API_VERSION " -Properties @{tenantId=");
	core_stack_quote_ps(b, tenant_id);
	core_buf_str(b, "} -Force");
}

void
core_stack_az(struct core_buf *b, const char *resource_id, const char *tenant_id)
{
	struct core_buf props = { 0 };

	core_buf_str(b, "az resource create --id ");
	core_stack_quote_sh(b, resource_id);
	core_buf_str(b, " --api-version " CORE_STACK_API_VERSION " --properties ");
	core_buf_str(&props, "{\"tenantId\":\"");
	json_text(&props, tenant_id);
	core_buf_str(&props, "\"}");
	if (props.failed)
		b->failed = true;
	else
		core_stack_quote_sh(b, props.p);
	core_buf_free(&props);
}

struct core_stack_route
core_stack_route(const char *default_sub, const struct core_stack_customer *customers, size_t n,
		 const char *tenant_id)
{
	struct core_stack_route r = { default_sub, true };
	size_t i;

	for (i = 0; i < n; i++) {
		if (same(customers[i].tenant_id, tenant_id)) {
			r.subscription_id = customers[i].subscription_id;
			r.fell_back = false;
			break;
		}
	}
	return r;
}
