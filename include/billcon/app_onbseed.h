/* app_onbseed: the demo's Azure Stack onboardings (app_demo calls it after
 * its Azure Stack registrations): Tailspin Toys onboarded to both
 * deployments with every step done; Wingtip Toys managed through a guest,
 * onboarded to both but registered on Redmond only, so that its checklist
 * warns; Adventure Works not started. */
#ifndef BILLCON_APP_ONBSEED_H
#define BILLCON_APP_ONBSEED_H

#include <time.h>

#include "billcon/core_status.h"

struct store;

/* Seeds the onboardings into st, as made at made (the demo's time). */
enum core_status app_onboarding_seed_demo(struct store *st, time_t made, struct core_error *err);

#endif
