#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_onbseed.h"
#include "billcon/core_clock.h"
#include "billcon/store_onboarding.h"

#define DAY 86400

struct seed {
	const char *tenant, *customer, *management, *guest;
	const char *steps[5]; /* ticked, NULL after the last */
};

static const struct seed seeds[] = {
	{ "c0000000-0000-4000-8000-000000000003", "Tailspin Toys", "csp", NULL,
	  { "customer", "management", "onboarded:stack-dublin", "onboarded:stack-redmond", "test" } },
	{ "c0000000-0000-4000-8000-000000000004", "Wingtip Toys", "guest", "admin@wingtiptoys.example",
	  { "customer", "management", "onboarded:stack-dublin", "onboarded:stack-redmond", NULL } },
};

static enum core_status
seed_one(struct store *st, const struct seed *x, time_t made, struct core_error *err)
{
	struct store_onboarding o = { .id = 0 };
	struct store_onboarding_step t = { .step = "" };
	enum core_status rc;
	int i;

	snprintf(o.tenant_id, sizeof(o.tenant_id), "%s", x->tenant);
	snprintf(o.customer, sizeof(o.customer), "%s", x->customer);
	snprintf(o.started_by, sizeof(o.started_by), "ada@contoso.com");
	core_time_iso(made - 40 * DAY, o.started_on);
	if ((rc = store_onboarding_add(st, &o, err)) ||
	    (rc = store_onboarding_set_management(st, o.id, x->management, x->guest ? x->guest : "", err)))
		return rc;
	snprintf(t.done_by, sizeof(t.done_by), "ada@contoso.com");
	for (i = 0; !rc && i < 5 && x->steps[i]; i++) {
		snprintf(t.step, sizeof(t.step), "%s", x->steps[i]);
		core_time_iso(made - (39 - i) * DAY, t.done_on);
		rc = store_onboarding_tick(st, o.id, &t, err);
	}
	return rc;
}

enum core_status
app_onboarding_seed_demo(struct store *st, time_t made, struct core_error *err)
{
	enum core_status rc = CORE_OK;
	size_t i;

	for (i = 0; !rc && i < sizeof(seeds) / sizeof(seeds[0]); i++)
		rc = seed_one(st, &seeds[i], made, err);
	return rc;
}
