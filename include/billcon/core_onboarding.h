/* core_onboarding: the end-customer onboarding checklist of Azure Stack as
 * a CSP (DOMAIN.md §7) as pure rules: its steps in order, which of them
 * the data shows (derived, never ticked) and which are ticked by hand, the
 * words that name a step, the management choice, and the warning for a
 * tenant using a deployment whose registration lacks its subscription. */
#ifndef BILLCON_CORE_ONBOARDING_H
#define BILLCON_CORE_ONBOARDING_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"
#include "billcon/core_wizard.h"

/* The checklist's steps, in order (the wizard's steps too). */
enum core_onb_step {
	CORE_ONB_CUSTOMER,      /* customer created in Partner Center: ticked */
	CORE_ONB_SUBSCRIPTION,  /* CSP subscription created: derived */
	CORE_ONB_MANAGEMENT,    /* managed by the CSP, or a guest elevated to Owner: chosen */
	CORE_ONB_REGISTRATION,  /* each used deployment's registration updated: derived */
	CORE_ONB_ONBOARDED,     /* tenant onboarded to a deployment (per deployment): ticked */
	CORE_ONB_TEST,          /* a test resource created: ticked */
	CORE_ONB_NSTEPS
};

/* Each step's word (its ID in drafts and on the command line) and title. */
extern const struct core_wizard_step core_onboarding_steps[CORE_ONB_NSTEPS];

/* True for the steps the data shows, never ticked. */
bool core_onboarding_derived(enum core_onb_step step);

/* Reads the step word ("customer", "onboarded:stack-dublin", ...) into
 * *step and, for the per-deployment steps, the deployment after the colon
 * into deployment (size bytes; "" for the others). CORE_USAGE with a
 * sentence naming the words for an unknown one, or a per-deployment step
 * without its deployment (or another with one). */
enum core_status core_onboarding_step_parse(const char *word, enum core_onb_step *step, char *deployment,
					    size_t size, struct core_error *err);

/* CORE_OK when step may be ticked or unticked by hand; CORE_REFUSED with
 * the sentence for a derived step, CORE_USAGE for the management choice
 * (chosen, not ticked). */
enum core_status core_onboarding_check_tick(enum core_onb_step step, struct core_error *err);

/* The management choice: "csp" or "guest" (any case) into its canonical
 * word; NULL for anything else. */
const char *core_onboarding_management_parse(const char *s);

/* CORE_OK when management (canonical) with guest_email (may be NULL or
 * "") is a whole choice: a guest needs an email address, the CSP none;
 * else CORE_USAGE with the sentence. The email, checked, goes to email
 * (size bytes, "" for the CSP). */
enum core_status core_onboarding_check_management(const char *management, const char *guest_email, char *email,
						  size_t size, struct core_error *err);

/* A deployment as the warning sees it. */
struct core_onb_use {
	const char *deployment;
	const char *registration;
	bool used;   /* the tenant uses it: onboarded there, usage from it, or registered */
	bool holds;  /* its registration holds a customer subscription of the tenant */
};

/* The warning when tenant uses deployments whose registration lacks its
 * subscription (subscription: the tenant's CSP subscription, "" when none
 * is known), naming each, into out (size bytes); false (out "") when
 * there is none. With tenant NULL, the short form for a narrow line
 * ("Uses stack-dublin, whose registration ... lacks its subscription S."). */
bool core_onboarding_warning(const char *tenant, const char *subscription, const struct core_onb_use *uses,
			     size_t n, char *out, size_t size);

#endif
