/* app_hierseed: the demo's billing hierarchy (app_demo calls it with one
 * line): a profile's invoice day, a second section, and subscriptions,
 * one living in another tenant than the billing tenant and one linked
 * from another account. */
#ifndef BILLCON_APP_HIERSEED_H
#define BILLCON_APP_HIERSEED_H

#include <time.h>

#include "billcon/core_status.h"

struct store;

/* The demo's hierarchy under account account_id, the demo made at made:
 * its first profile invoiced on the 12th, a Research section, and five
 * subscriptions (Fabrikam Analytics in Fabrikam's tenant; Woodgrove Lab
 * linked from Woodgrove Bank's pay-as-you-go account 20 days before).
 * Inside the demo's transaction; no audit entries. */
enum core_status app_hier_seed_demo(struct store *st, long long account_id, time_t made,
				    struct core_error *err);

#endif
