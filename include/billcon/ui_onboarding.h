/* ui_onboarding: the end-customer onboarding checklist (app_onboarding) on
 * the wizard frame (ui_wizard): a step per stage of core_onboarding, each
 * with its state in the row of steps; steps the data shows are drawn with
 * their state and never ticked; the others are ticked with Space or x
 * (who and when shown), the management chosen with Enter (a guest's email
 * typed in a form). The warning of a deployment whose registration lacks
 * the tenant shows under every step. The tenant, the step and what is
 * typed are kept as a draft (APP_ONBOARDING_DRAFT_KIND), opened again
 * after a dropped link. */
#ifndef BILLCON_UI_ONBOARDING_H
#define BILLCON_UI_ONBOARDING_H

#include <stdbool.h>

#include "billcon/store_draft.h"

struct ui_console;

/* Opens the checklist of tenant's onboarding (started already); the
 * reason is shown when it cannot be read. */
void ui_onboarding_open(struct ui_console *c, const char *tenant);

/* o on the Azure Stack blade: the checklist of tenant, started first when
 * new (a form asks the customer's name); with tenant NULL the form asks
 * the tenant too, from the draft d when not NULL (the form keeps one,
 * "stack.start"). */
void ui_onboarding_start(struct ui_console *c, const char *tenant, const char *customer,
			 const struct store_draft *d);

/* Opens the checklist, or the start form, from the draft d again, at its
 * step with what was typed; false when d is neither's. */
bool ui_onboarding_resume(struct ui_console *c, const struct store_draft *d);

#endif
