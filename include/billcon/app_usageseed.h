/* app_usageseed: the demo's Azure Stack usage, so the usage blade and
 * report show who is charged and who fell back from the first run. */
#ifndef BILLCON_APP_USAGESEED_H
#define BILLCON_APP_USAGESEED_H

#include <time.h>

#include "billcon/core_status.h"

struct store;

/* Adds one usage import of the month before made to st (its stack
 * deployments and registrations already seeded), each row routed as
 * DOMAIN.md §7 says: Tailspin Toys registered on both deployments, Wingtip
 * Toys registered on Redmond but also using Dublin, where its usage falls
 * back to the default subscription. Written inside the caller's transaction, with no
 * audit entry (as the rest of the demo world). */
enum core_status app_usage_seed_demo(struct store *st, time_t made, struct core_error *err);

#endif
