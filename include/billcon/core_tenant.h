/* core_tenant: the access settings of an associated tenant and the accounts
 * that may have associated tenants (DOMAIN.md §3). States are the ARM
 * spellings; unknown values from the API are kept as strings and shown as
 * they are. */
#ifndef BILLCON_CORE_TENANT_H
#define BILLCON_CORE_TENANT_H

#include <stdbool.h>

#include "billcon/core_status.h"

/* billingManagementState */
#define CORE_BM_ACTIVE "Active"
#define CORE_BM_NOT_ALLOWED "NotAllowed"
#define CORE_BM_REVOKED "Revoked"

/* provisioningManagementState */
#define CORE_PM_NOT_REQUESTED "NotRequested"
#define CORE_PM_PENDING "Pending"
#define CORE_PM_ACTIVE "Active"
#define CORE_PM_DECLINED "BillingRequestDeclined"
#define CORE_PM_EXPIRED "BillingRequestExpired"
#define CORE_PM_REVOKED "Revoked"

/* The billing account properties the associated-tenant rule reads. */
struct core_account_kind {
	const char *agreement_type;
	const char *account_type;
	const char *account_sub_type; /* may be NULL */
};

/* True when an account may have associated tenants: an MCA created with a
 * Microsoft sales representative (Enterprise, or Business/Enterprise as the
 * 2024-04-01 API reports it). Otherwise err says why not. */
bool core_account_allows_associated_tenants(const struct core_account_kind *k,
					    struct core_error *err);

/* The billing management state after the setting is turned on or off from
 * current (off after use is Revoked, off never used is NotAllowed). */
const char *core_bm_next(const char *current, bool on);

/* The provisioning state after the setting is turned off from current:
 * Revoked when it was Pending or Active, else current unchanged (a declined
 * or expired request is already off). Turning it on always asks anew:
 * Pending. */
const char *core_pm_after_off(const char *current);

/* True when billing management is on in state. */
bool core_bm_is_on(const char *state);

/* True when provisioning is on or asked for (Pending or Active). */
bool core_pm_is_on(const char *state);

/* The billing management state in a word for people ("On", "Off",
 * "Revoked"); an unknown state is returned as it is. */
const char *core_bm_words(const char *state);

/* The provisioning state in words for people ("Not requested", "Pending",
 * "Active", "Declined", "Expired", "Revoked"); unknown ones as they are. */
const char *core_pm_words(const char *state);

/* Parses "on"/"off" (also true/false, yes/no, 1/0) into *on. */
bool core_parse_switch(const char *s, bool *on);

#endif
