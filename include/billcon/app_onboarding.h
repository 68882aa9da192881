/* app_onboarding: an end customer's Azure Stack onboarding checklist
 * (DOMAIN.md §7) for the console and the command line alike: started for
 * a customer tenant, its steps read with their states, who and when
 * (core_onboarding says which are derived from the data and which are
 * ticked by hand), ticked and unticked, the management chosen, and the
 * warning for a deployment whose registration lacks the tenant. Reading
 * takes any billing role on the account in scope, changing Billing
 * account owner or contributor there (CORE_NEED_MANAGE), as app_stack's
 * changes do. Each change writes one audit entry under the onboarding's
 * object; none is pushed (the checklist is the partner's own). */
#ifndef BILLCON_APP_ONBOARDING_H
#define BILLCON_APP_ONBOARDING_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "billcon/app_context.h"
#include "billcon/core_onboarding.h"
#include "billcon/core_status.h"
#include "billcon/store_onboarding.h"

/* What the changes do, in words, for refusals. */
#define APP_ONBOARDING_DOING "change an Azure Stack onboarding"

/* The most deployments, and lines, a checklist holds. */
#define APP_ONB_MAX_DEPLOYMENTS 16
#define APP_ONB_MAX_ITEMS (4 + 2 * APP_ONB_MAX_DEPLOYMENTS)

/* One line of the checklist. */
struct app_onb_item {
	enum core_onb_step step;
	char word[320];          /* "customer", "registration:stack-dublin": what tick takes */
	char title[400];         /* "Registration of stack-dublin updated" */
	bool derived, done;
	char by[256], on[32];    /* who and when ("" unknown) */
	char detail[600];        /* what the data shows, or the choice */
};

/* A deployment as the checklist sees it. */
struct app_onb_deployment {
	struct store_onboarding_deployment d;
	bool onboarded;          /* ticked onboarded there */
	bool used;               /* onboarded, registered or usage seen there */
};

struct app_onboarding {
	struct store_onboarding o;
	char subscription[64];   /* the tenant's CSP subscription, "" none known */
	char subscription_name[256];
	struct app_onb_deployment deps[APP_ONB_MAX_DEPLOYMENTS];
	int ndeps;
	struct app_onb_item items[APP_ONB_MAX_ITEMS];
	int nitems;
	char warning[1200];      /* "" none */
	char warning_short[800]; /* the same without the tenant, for a narrow line */
};

/* The onboarding's audit object for tenant ("/azurestack/onboarding/..."). */
void app_onboarding_object(const char *tenant, char *out, size_t size);

/* Reads tenant's checklist into *out: CORE_NOT_FOUND with how to start
 * it when none is started, CORE_USAGE for a malformed tenant ID. */
enum core_status app_onboarding_read(struct app_ctx *ctx, const char *tenant, struct app_onboarding *out,
				     struct core_error *err);

/* Every onboarding started, by customer, into *out (freed by the caller)
 * and *n. */
enum core_status app_onboarding_list(struct app_ctx *ctx, struct store_onboarding **out, size_t *n,
				     struct core_error *err);

/* The state of the wizard's step of ob in a word into out: "done", "to
 * do", or "1/2" for the per-deployment steps. */
void app_onboarding_state(const struct app_onboarding *ob, enum core_onb_step step, char *out, size_t size);

/* How many lines of ob are done. */
int app_onboarding_done(const struct app_onboarding *ob);

/* ob as JSON (tenant, customer, management, guest, started, steps with
 * word, title, derived, done, by, on, detail, and the warning). The
 * caller owns the reference. */
json_t *app_onboarding_json(const struct app_onboarding *ob);

/* Starts the onboarding of tenant (a GUID) for the customer named
 * customer; CORE_REFUSED when one is started already. */
enum core_status app_onboarding_start(struct app_ctx *ctx, const char *tenant, const char *customer,
				      struct core_error *err);

/* Ticks (on) or unticks the step named word (core_onboarding_step_parse's
 * words) of tenant's onboarding: derived steps are refused with their
 * sentence, an unknown deployment is CORE_NOT_FOUND, ticking a ticked step
 * or unticking one not ticked CORE_REFUSED. Unticking management clears
 * the choice. */
enum core_status app_onboarding_tick(struct app_ctx *ctx, const char *tenant, const char *word, bool on,
				     struct core_error *err);

/* Chooses the management of tenant's customer: "csp", or "guest" with the
 * guest's email (core_onboarding_check_management). */
enum core_status app_onboarding_manage(struct app_ctx *ctx, const char *tenant, const char *management,
				       const char *guest_email, struct core_error *err);

#endif
