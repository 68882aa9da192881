/* store_onboarding: an end customer's Azure Stack onboarding (DOMAIN.md
 * §7): one row per customer tenant with its management choice, the steps
 * ticked by hand with who and when, and what the data shows of the
 * tenant on each deployment (the rest of the checklist is derived from
 * it, never stored). Tenant IDs match whatever their case. */
#ifndef BILLCON_STORE_ONBOARDING_H
#define BILLCON_STORE_ONBOARDING_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"

struct store;

struct store_onboarding {
	long long id;
	char tenant_id[64];
	char customer[256];
	char management[8];      /* "csp", "guest" or "" (not chosen) */
	char guest_email[320];
	char started_by[256];
	char started_on[32];
};

/* A step ticked by hand ("customer", "management", "onboarded:DEPLOYMENT",
 * "test"). */
struct store_onboarding_step {
	char step[320];
	char done_by[256];
	char done_on[32];
};

/* A deployment as one tenant's onboarding sees it. */
struct store_onboarding_deployment {
	long long deployment_id;
	char deployment[256];
	char registration[128];
	char default_sub[64];      /* the registration's default subscription */
	char held_sub[64];         /* the customer subscription registered for the tenant, "" none */
	char added_by[256];        /* who registered it, and when */
	char added_on[32];
	bool usage;                /* usage of the tenant was imported from it */
};

/* The onboarding of tenant_id into *out; CORE_NOT_FOUND when none is
 * started. */
enum core_status store_onboarding_get(struct store *st, const char *tenant_id,
				      struct store_onboarding *out, struct core_error *err);

/* Every onboarding, by customer name, into *out (a new array the caller
 * frees) and *n. */
enum core_status store_onboarding_list(struct store *st, struct store_onboarding **out, size_t *n,
				       struct core_error *err);

/* Adds o (tenant_id, customer, started_by, started_on); sets o->id. */
enum core_status store_onboarding_add(struct store *st, struct store_onboarding *o,
				      struct core_error *err);

/* Sets the management choice of onboarding id: management "csp" or
 * "guest" with guest_email (may be ""), or NULL for none. */
enum core_status store_onboarding_set_management(struct store *st, long long id, const char *management,
						 const char *guest_email, struct core_error *err);

/* The steps ticked on onboarding id, by step, into *out (a new array the
 * caller frees) and *n. */
enum core_status store_onboarding_steps(struct store *st, long long id, struct store_onboarding_step **out,
					size_t *n, struct core_error *err);

/* Ticks step s (its step, done_by, done_on) of onboarding id. */
enum core_status store_onboarding_tick(struct store *st, long long id, const struct store_onboarding_step *s,
				       struct core_error *err);

/* Unticks step of onboarding id; CORE_NOT_FOUND when it is not ticked. */
enum core_status store_onboarding_untick(struct store *st, long long id, const char *step,
					 struct core_error *err);

/* Every deployment with a registration, by name, as tenant_id's
 * onboarding sees it, into *out (a new array the caller frees) and *n. */
enum core_status store_onboarding_deployments(struct store *st, const char *tenant_id,
					      struct store_onboarding_deployment **out, size_t *n,
					      struct core_error *err);

#endif
