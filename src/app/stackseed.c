#include "config.h"

#include <stdio.h>

#include "billcon/app_demo.h"
#include "billcon/app_stackseed.h"
#include "billcon/core_clock.h"
#include "billcon/store_stack.h"

#define DAY 86400

/* Two Azure Stack deployments, each with its registration (one CSPSS,
 * registered from another tenant than the deployment's; one CSP), and the
 * CSP subscriptions the partner knows (DOMAIN.md §7): Tailspin Toys is a
 * customer of both deployments, Wingtip Toys of Redmond only, Adventure
 * Works not yet of either; Litware's subscription is another partner's,
 * Woodgrove's of another offer and Relecloud's a CSPSS one, so that each
 * rule has a subscription it refuses. Subscription n's ID is
 * 5c000000-0000-4000-8000-<n>, its tenant demo tenant t's. */
struct demo_csp {
	unsigned n;
	const char *name, *type, *partner;
	unsigned tenant;
};

static const struct demo_csp csp_subs[] = {
	{ 1, "Contoso Azure Stack shared services", "CSPSS", "5123456", 1 },
	{ 2, "Contoso Azure Stack Dublin", "CSP", "5123456", 1 },
	{ 11, "Tailspin Toys on Azure Stack", "CSP", "5123456", 3 },
	{ 12, "Wingtip Toys on Azure Stack", "CSP", "5123456", 4 },
	{ 13, "Adventure Works on Azure Stack", "CSP", "5123456", 5 },
	{ 14, "Litware (another partner's customer)", "CSP", "7654321", 6 },
	{ 15, "Woodgrove Bank pay-as-you-go", "Other", "5123456", 7 },
	{ 16, "Relecloud shared services", "CSPSS", "5123456", 8 },
};

struct demo_stack {
	const char *deployment, *registration, *resource_group, *type;
	unsigned sub, admin_tenant, registering_tenant;
	unsigned customers[2]; /* subscription numbers, 0 for none */
};

static const struct demo_stack stacks[] = {
	{ "stack-redmond", "redmond-registration", "azurestack", "CSPSS", 1, 1, 2, { 11, 12 } },
	{ "stack-dublin", "dublin-registration", "azurestack-dublin", "CSP", 2, 1, 1, { 11, 0 } },
};

static enum core_status
seed_stack_one(struct store *st, time_t made, const struct demo_stack *x, struct core_error *err)
{
	struct store_stack_reg r = { .id = 0 };
	struct store_stack_customer c = { .registration = 0 };
	char tenant[37];
	enum core_status rc;
	size_t k;

	app_demo_guid(0xc0000000u, x->admin_tenant, tenant);
	if ((rc = store_stack_deployment_add(st, x->deployment, tenant, &r.deployment_id, err)))
		return rc;
	app_demo_guid(0x5c000000u, x->sub, r.subscription_id);
	snprintf(r.resource_group, sizeof(r.resource_group), "%s", x->resource_group);
	snprintf(r.name, sizeof(r.name), "%s", x->registration);
	snprintf(r.type, sizeof(r.type), "%s", x->type);
	app_demo_guid(0xc0000000u, x->registering_tenant, r.registering_tenant_id);
	if ((rc = store_stack_registration_add(st, &r, err)))
		return rc;
	c.registration = r.id;
	snprintf(c.added_by, sizeof(c.added_by), "ada@contoso.com");
	core_time_iso(made - 30 * DAY, c.added_on);
	for (k = 0; !rc && k < 2 && x->customers[k]; k++) {
		size_t i = 0;

		while (csp_subs[i].n != x->customers[k])
			i++;
		app_demo_guid(0x5c000000u, csp_subs[i].n, c.subscription_id);
		app_demo_guid(0xc0000000u, csp_subs[i].tenant, c.tenant_id);
		rc = store_stack_customer_add(st, &c, err);
	}
	return rc;
}

enum core_status
app_stack_seed_demo(struct store *st, time_t made, struct core_error *err)
{
	enum core_status rc = CORE_OK;
	size_t i;

	for (i = 0; !rc && i < sizeof(csp_subs) / sizeof(csp_subs[0]); i++) {
		struct store_csp_sub s = { .id = 0 };

		app_demo_guid(0x5c000000u, csp_subs[i].n, s.subscription_id);
		snprintf(s.display_name, sizeof(s.display_name), "%s", csp_subs[i].name);
		snprintf(s.type, sizeof(s.type), "%s", csp_subs[i].type);
		snprintf(s.partner_id, sizeof(s.partner_id), "%s", csp_subs[i].partner);
		app_demo_guid(0xc0000000u, csp_subs[i].tenant, s.tenant_id);
		rc = store_csp_sub_save(st, &s, err);
	}
	for (i = 0; !rc && i < sizeof(stacks) / sizeof(stacks[0]); i++)
		rc = seed_stack_one(st, made, &stacks[i], err);
	return rc;
}
