#include "config.h"

#include <stdio.h>
#include <string.h>

#include "billcon/app_draft.h"
#include "billcon/app_onbdraft.h"
#include "billcon/core_onboarding.h"

static const char *const names[] = { "tenant", "customer", "management", "guestEmail" };

enum core_status
app_onboarding_draft_save(struct app_ctx *ctx, const char *step, const struct app_onb_draft *d,
			  struct core_error *err)
{
	const char *values[] = { d->tenant, d->customer, d->management, d->guest_email };

	return app_draft_save_values(ctx, APP_ONBOARDING_DRAFT_KIND, step, names, values, 4, err);
}

bool
app_onboarding_draft_read(const struct store_draft *s, struct app_onb_draft *d, char *step, size_t size)
{
	memset(d, 0, sizeof(*d));
	if (strcmp(s->kind, APP_ONBOARDING_DRAFT_KIND) != 0 ||
	    !app_draft_value(s, names[0], d->tenant, sizeof(d->tenant)))
		return false;
	app_draft_value(s, names[1], d->customer, sizeof(d->customer));
	app_draft_value(s, names[2], d->management, sizeof(d->management));
	app_draft_value(s, names[3], d->guest_email, sizeof(d->guest_email));
	snprintf(step, size, "%s", s->step);
	return true;
}

void
app_onboarding_draft_words(const struct store_draft *s, char *out, size_t size)
{
	struct app_onb_draft d;
	char step[64];
	int i;

	if (!app_onboarding_draft_read(s, &d, step, sizeof(step))) {
		snprintf(out, size, "the Azure Stack onboarding checklist");
		return;
	}
	for (i = 0; i < CORE_ONB_NSTEPS && strcmp(core_onboarding_steps[i].id, step) != 0; i++)
		;
	snprintf(out, size, "the Azure Stack onboarding checklist of %s%s%s", d.customer[0] ? d.customer : d.tenant,
		 i < CORE_ONB_NSTEPS ? " at " : "", i < CORE_ONB_NSTEPS ? core_onboarding_steps[i].title : "");
}
