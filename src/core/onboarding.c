#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "billcon/core_onboarding.h"
#include "billcon/core_validate.h"

const struct core_wizard_step core_onboarding_steps[CORE_ONB_NSTEPS] = {
	[CORE_ONB_CUSTOMER] = { "customer", "Customer in Partner Center" },
	[CORE_ONB_SUBSCRIPTION] = { "subscription", "CSP subscription" },
	[CORE_ONB_MANAGEMENT] = { "management", "Management" },
	[CORE_ONB_REGISTRATION] = { "registration", "Registrations updated" },
	[CORE_ONB_ONBOARDED] = { "onboarded", "Tenant onboarded" },
	[CORE_ONB_TEST] = { "test", "Test resource" },
};

#define STEP_WORDS "customer, management, onboarded:DEPLOYMENT or test (subscription and " \
	"registration:DEPLOYMENT are derived)"

bool
core_onboarding_derived(enum core_onb_step step)
{
	return step == CORE_ONB_SUBSCRIPTION || step == CORE_ONB_REGISTRATION;
}

static bool
per_deployment(enum core_onb_step step)
{
	return step == CORE_ONB_REGISTRATION || step == CORE_ONB_ONBOARDED;
}

enum core_status
core_onboarding_step_parse(const char *word, enum core_onb_step *step, char *deployment, size_t size,
			   struct core_error *err)
{
	const char *colon = word ? strchr(word, ':') : NULL;
	size_t n = colon ? (size_t)(colon - word) : word ? strlen(word) : 0;
	int i;

	deployment[0] = '\0';
	for (i = 0; word && i < CORE_ONB_NSTEPS; i++)
		if (strlen(core_onboarding_steps[i].id) == n && strncmp(core_onboarding_steps[i].id, word, n) == 0)
			break;
	if (!word || i == CORE_ONB_NSTEPS)
		return core_error_set(err, CORE_USAGE, "There is no step \"%s\": the steps are " STEP_WORDS ".",
				      word ? word : "");
	*step = (enum core_onb_step)i;
	if (per_deployment(*step) && (!colon || !colon[1]))
		return core_error_set(err, CORE_USAGE, "Name the deployment after the step: %s:DEPLOYMENT.",
				      core_onboarding_steps[i].id);
	if (!per_deployment(*step) && colon)
		return core_error_set(err, CORE_USAGE, "The step %s is not per deployment: give it without \"%s\".",
				      core_onboarding_steps[i].id, colon);
	if (colon)
		snprintf(deployment, size, "%s", colon + 1);
	return CORE_OK;
}

enum core_status
core_onboarding_check_tick(enum core_onb_step step, struct core_error *err)
{
	if (step == CORE_ONB_SUBSCRIPTION)
		return core_error_set(err, CORE_REFUSED, "The CSP subscription step is derived from the data and "
				      "cannot be ticked: it is done when the partner knows a CSP subscription in "
				      "the customer's tenant.");
	if (step == CORE_ONB_REGISTRATION)
		return core_error_set(err, CORE_REFUSED, "A registration step is derived from the data and cannot "
				      "be ticked: it is done when the deployment's registration holds the tenant's "
				      "customer subscription (billcon stack add-customer).");
	if (step == CORE_ONB_MANAGEMENT)
		return core_error_set(err, CORE_USAGE, "The management step is a choice, not a tick: choose "
				      "\"manage csp\" or \"manage guest --guest EMAIL\".");
	return CORE_OK;
}

const char *
core_onboarding_management_parse(const char *s)
{
	if (s && strcasecmp(s, "csp") == 0)
		return "csp";
	if (s && strcasecmp(s, "guest") == 0)
		return "guest";
	return NULL;
}

enum core_status
core_onboarding_check_management(const char *management, const char *guest_email, char *email, size_t size,
				 struct core_error *err)
{
	char checked[CORE_EMAIL_MAX + 1];
	bool have = guest_email && guest_email[0];

	email[0] = '\0';
	if (!management)
		return core_error_set(err, CORE_USAGE, "The management is csp (managed by the CSP) or guest (a "
				      "guest user elevated to Owner in the customer's directory).");
	if (strcmp(management, "csp") == 0) {
		if (have)
			return core_error_set(err, CORE_USAGE, "A customer managed by the CSP has no guest user: "
					      "leave the guest's email out.");
		return CORE_OK;
	}
	if (!have)
		return core_error_set(err, CORE_USAGE, "A guest user needs the guest's email address.");
	if (!core_email_parse(guest_email, checked, err))
		return core_error_set(err, CORE_USAGE, "The guest's email address \"%s\" is not an email address.",
				      guest_email);
	snprintf(email, size, "%s", checked);
	return CORE_OK;
}

/* Appends the i-th of n names to out, after ", " or " and ". */
static void
add_name(char *out, size_t size, size_t i, size_t n, const char *name)
{
	size_t len = strlen(out);

	if (len < size)
		snprintf(out + len, size - len, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", name);
}

bool
core_onboarding_warning(const char *tenant, const char *subscription, const struct core_onb_use *uses, size_t n,
			char *out, size_t size)
{
	char deps[1024] = "", regs[1024] = "";
	size_t i, bad = 0, k = 0;

	for (i = 0; i < n; i++)
		bad += uses[i].used && !uses[i].holds;
	out[0] = '\0';
	if (bad == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (!uses[i].used || uses[i].holds)
			continue;
		add_name(deps, sizeof(deps), k, bad, uses[i].deployment);
		add_name(regs, sizeof(regs), k++, bad, uses[i].registration);
	}
	if (!tenant)
		snprintf(out, size, "Uses %s, whose registration%s %s lack%s its subscription%s%s.", deps,
			 bad > 1 ? "s" : "", regs, bad > 1 ? "" : "s", subscription && subscription[0] ? " " : "",
			 subscription ? subscription : "");
	else if (subscription && subscription[0])
		snprintf(out, size, "Tenant %s uses %s, whose registration%s %s lack%s its subscription %s: its usage "
			 "there goes to the default subscription.", tenant, deps, bad > 1 ? "s" : "", regs,
			 bad > 1 ? "" : "s", subscription);
	else
		snprintf(out, size, "Tenant %s uses %s, whose registration%s %s hold%s no subscription of it: its "
			 "usage there goes to the default subscription.", tenant, deps, bad > 1 ? "s" : "", regs,
			 bad > 1 ? "" : "s");
	return true;
}
