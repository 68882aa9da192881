#include "config.h"

#include <string.h>
#include <strings.h>

#include "billcon/core_tenant.h"

static bool
eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

bool
core_account_allows_associated_tenants(const struct core_account_kind *k,
				       struct core_error *err)
{
	bool enterprise = eq(k->account_type, "Enterprise") ||
			  (eq(k->account_type, "Business") && eq(k->account_sub_type, "Enterprise"));

	if (!eq(k->agreement_type, "MicrosoftCustomerAgreement")) {
		core_error_set(err, CORE_REFUSED,
			"Associated tenants exist only for Microsoft Customer Agreement billing accounts; this one is %s.",
			k->agreement_type ? k->agreement_type : "of an unknown agreement type");
		return false;
	}
	if (!enterprise) {
		core_error_set(err, CORE_REFUSED,
			"Associated tenants exist only for billing accounts created with a Microsoft sales representative; this one is %s.",
			k->account_type ? k->account_type : "of an unknown account type");
		return false;
	}
	return true;
}

bool
core_bm_is_on(const char *state)
{
	return eq(state, CORE_BM_ACTIVE);
}

bool
core_pm_is_on(const char *state)
{
	return eq(state, CORE_PM_ACTIVE) || eq(state, CORE_PM_PENDING);
}

const char *
core_bm_next(const char *current, bool on)
{
	if (on)
		return CORE_BM_ACTIVE;
	if (eq(current, CORE_BM_ACTIVE) || eq(current, CORE_BM_REVOKED))
		return CORE_BM_REVOKED;
	return CORE_BM_NOT_ALLOWED;
}

const char *
core_pm_after_off(const char *current)
{
	if (core_pm_is_on(current))
		return CORE_PM_REVOKED;
	return current ? current : CORE_PM_NOT_REQUESTED;
}

const char *
core_bm_words(const char *state)
{
	if (eq(state, CORE_BM_ACTIVE))
		return "On";
	if (eq(state, CORE_BM_NOT_ALLOWED))
		return "Off";
	return state;
}

const char *
core_pm_words(const char *state)
{
	static const char *const words[][2] = {
		{ CORE_PM_NOT_REQUESTED, "Not requested" }, { CORE_PM_PENDING, "Pending" },
		{ CORE_PM_ACTIVE, "Active" }, { CORE_PM_DECLINED, "Declined" },
		{ CORE_PM_EXPIRED, "Expired" }, { CORE_PM_REVOKED, "Revoked" },
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (eq(state, words[i][0]))
			return words[i][1];
	return state;
}

bool
core_parse_switch(const char *s, bool *on)
{
	static const char *const yes[] = { "on", "true", "yes", "1" };
	static const char *const no[] = { "off", "false", "no", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *on = true, true;
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (strcasecmp(s, no[i]) == 0)
			return *on = false, true;
	return false;
}
