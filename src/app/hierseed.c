#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "billcon/app_hierseed.h"
#include "billcon/core_clock.h"
#include "billcon/store_hierarchy.h"
#include "billcon/store_account.h"

struct demo_sub {
	unsigned n;
	const char *name, *sku, *status;
	unsigned tenant;         /* the directory's demo tenant it lives in */
	bool research;           /* billed to the Research section */
	const char *from;        /* linked from this account, or NULL */
};

/* Contoso's subscriptions: most in its own tenant, one in Fabrikam's (a
 * service tenant other than the billing tenant), one linked from
 * Woodgrove Bank's pay-as-you-go account (an ownership transfer). */
static const struct demo_sub demo_subs[] = {
	{ 1, "Contoso Production", "Microsoft Azure Plan", "Active", 1, false, NULL },
	{ 2, "Contoso Dev/Test", "Microsoft Azure Plan for DevTest", "Active", 1, false, NULL },
	{ 3, "Fabrikam Analytics", "Microsoft Azure Plan", "Active", 2, false, NULL },
	{ 4, "Woodgrove Lab", "Microsoft Azure Plan", "Active", 7, true, "Woodgrove Bank PAYG" },
	{ 5, "Legacy Sandbox", "Microsoft Azure Plan", "Disabled", 1, true, NULL },
};

static enum core_status
seed_sub(struct store *st, const struct demo_sub *d, long long section, time_t made, struct core_error *err)
{
	struct store_hier_sub b = { .section_id = section };
	char when[CORE_TIME_ISO_LEN + 1];

	snprintf(b.subscription_id, sizeof(b.subscription_id), "5b000000-0000-4000-8000-%012x", d->n);
	snprintf(b.display_name, sizeof(b.display_name), "%s", d->name);
	snprintf(b.service_tenant_id, sizeof(b.service_tenant_id), "c0000000-0000-4000-8000-%012x", d->tenant);
	snprintf(b.status, sizeof(b.status), "%s", d->status);
	snprintf(b.sku, sizeof(b.sku), "%s", d->sku);
	if (d->from) {
		snprintf(b.transferred_from, sizeof(b.transferred_from), "%s", d->from);
		snprintf(b.transferred_on, sizeof(b.transferred_on), "%s", core_time_iso(made - 20 * 86400, when));
	}
	return store_hier_sub_insert(st, &b, err);
}

enum core_status
app_hier_seed_demo(struct store *st, long long account_id, time_t made, struct core_error *err)
{
	struct store_hier_profile *p = NULL;
	struct store_hier_section *s = NULL;
	long long research = 0, main = 0;
	size_t np = 0, ns = 0, i;
	enum core_status rc = store_hier_profiles(st, account_id, &p, &np, err);

	if (!rc && np)
		rc = store_hier_profile_set_invoice(st, p[0].id, 12, "USD", err);
	if (!rc && np)
		rc = store_section_insert(st, p[0].id, "RSCH-7QWE-PJA-TGB", "Research", &research, err);
	if (!rc)
		rc = store_hier_sections(st, account_id, np ? p[0].id : -1, &s, &ns, err);
	for (i = 0; !rc && i < ns && !main; i++)
		main = s[i].id != research ? s[i].id : 0;
	for (i = 0; !rc && main && i < sizeof(demo_subs) / sizeof(demo_subs[0]); i++)
		rc = seed_sub(st, &demo_subs[i], demo_subs[i].research ? research : main, made, err);
	free(p);
	free(s);
	return rc;
}
