/* app_stackseed: the demo's Azure Stack (DOMAIN.md §7): the CSP
 * subscriptions the partner knows, two deployments with their
 * registrations and customer subscriptions. */
#ifndef BILLCON_APP_STACKSEED_H
#define BILLCON_APP_STACKSEED_H

#include <time.h>

#include "billcon/core_status.h"

struct store;

/* Adds the demo's CSP subscriptions, deployments, registrations and
 * customer subscriptions to st (customers added 30 days before made),
 * inside the caller's transaction, with no audit entry (as the rest of the
 * demo world). */
enum core_status app_stack_seed_demo(struct store *st, time_t made, struct core_error *err);

#endif
