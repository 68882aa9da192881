/* core_link: the link wizard's rules on core_wizard (core_link.h,
 * DOMAIN.md §6). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "billcon/core_link.h"
#include "billcon/core_status.h"
#include "billcon/core_validate.h"

/* Account and profile names are friendly names: one line, as long as
 * the portal takes. */
#define LINK_NAME_MAX_CHARS 64

const struct core_wizard_step core_link_steps[CORE_LINK_NSTEPS] = {
	{ "account", "Select billing account" },
	{ "profile", "Select billing profile" },
	{ "review", "Review" },
};

void
core_link_init(struct core_link *l, enum core_link_mode mode)
{
	memset(l, 0, sizeof(*l));
	l->mode = mode;
}

void
core_link_wizard(struct core_wizard *w, const struct core_link *l)
{
	int first = l->mode == CORE_LINK_CHANGE_PROFILE ? CORE_LINK_STEP_PROFILE : CORE_LINK_STEP_ACCOUNT;

	core_wizard_init(w, core_link_steps, CORE_LINK_NSTEPS, first, core_link_guard, l);
}

/* Copies the validator's sentence into why; false, for the guards. */
static bool
refuse(char *why, size_t size, const char *sentence)
{
	if (size)
		snprintf(why, size, "%s", sentence);
	return false;
}

static bool
account_guard(const struct core_link *l, char *why, size_t size)
{
	struct core_error err;

	if (!l->new_account)
		return l->account[0] ||
		       refuse(why, size, "Choose a billing account, or Create new billing account.");
	if (!core_line_parse(l->account_name, "billing account name", LINK_NAME_MAX_CHARS, NULL, &err))
		return refuse(why, size, err.message);
	if (l->primary_contact[0] && !core_email_parse(l->primary_contact, NULL, &err))
		return refuse(why, size, err.message);
	return true;
}

static bool
profile_guard(const struct core_link *l, char *why, size_t size)
{
	struct core_error err;

	if (!l->new_profile)
		return l->profile[0] ||
		       refuse(why, size, "Choose a billing profile, or Create new billing profile.");
	if (l->reuse_profile[0]) {
		if (size)
			snprintf(why, size,
				 "Billing account \"%s\" already has billing profile \"%s\" with no payment "
				 "instrument: choose it; a new profile cannot be created.",
				 l->account_name, l->reuse_profile_name[0] ? l->reuse_profile_name : l->reuse_profile);
		return false;
	}
	if (!core_line_parse(l->profile_name, "billing profile name", LINK_NAME_MAX_CHARS, NULL, &err))
		return refuse(why, size, err.message);
	return true;
}

static bool
review_guard(const struct core_link *l, char *why, size_t size)
{
	if (!core_link_mca_locked(l) && !l->accept_mca)
		return refuse(why, size, "Accept the Microsoft Customer Agreement to finish.");
	if (core_link_needs_italy(l) && !l->accept_mca_italy)
		return refuse(why, size, "The sold-to address is in Italy: give the second, separate "
					 "acknowledgement of the Microsoft Customer Agreement to finish.");
	return true;
}

bool
core_link_guard(const void *link, int step, char *why, size_t size)
{
	const struct core_link *l = link;

	switch (step) {
	case CORE_LINK_STEP_ACCOUNT:
		return account_guard(l, why, size);
	case CORE_LINK_STEP_PROFILE:
		return profile_guard(l, why, size);
	case CORE_LINK_STEP_REVIEW:
		return review_guard(l, why, size);
	default:
		return refuse(why, size, "There is no such step.");
	}
}

bool
core_link_check(const struct core_link *l, char *why, size_t size, int *step)
{
	struct core_wizard w;

	core_link_wizard(&w, l);
	for (; w.current < w.nsteps; w.current++)
		if (!core_wizard_can_next(&w, why, size)) {
			if (step)
				*step = w.current;
			return false;
		}
	return true;
}

bool
core_link_warning(const struct core_link *l, int step, char *why, size_t size)
{
	if (step != CORE_LINK_STEP_ACCOUNT || !l->new_account || l->primary_contact[0])
		return false;
	if (size)
		snprintf(why, size, "No primary contact: purchases can fail without one; adding it is "
				    "strongly recommended.");
	return true;
}

bool
core_link_mca_locked(const struct core_link *l)
{
	return !l->new_account && l->mca_accepted;
}

bool
core_link_needs_italy(const struct core_link *l)
{
	return !core_link_mca_locked(l) && strcasecmp(l->sold_to_country, "IT") == 0;
}

/* The profile chosen under an account no longer holds once the account
 * changes, and neither do that account's facts. */
static void
forget_account(struct core_link *l)
{
	l->account[0] = l->account_name[0] = l->primary_contact[0] = '\0';
	l->mca_accepted = false;
	l->sold_to_country[0] = '\0';
	l->reuse_profile[0] = l->reuse_profile_name[0] = '\0';
	l->new_profile = false;
	l->profile[0] = l->profile_name[0] = '\0';
	l->accept_mca = l->accept_mca_italy = false;
}

void
core_link_choose_account(struct core_link *l, const char *name, const char *display_name)
{
	if (!l->new_account && strcmp(l->account, name) == 0)
		return;
	forget_account(l);
	l->new_account = false;
	snprintf(l->account, sizeof(l->account), "%s", name);
	snprintf(l->account_name, sizeof(l->account_name), "%s", display_name);
}

void
core_link_choose_new_account(struct core_link *l, const char *display_name,
			     const char *primary_contact, const char *country)
{
	if (!l->new_account) {
		forget_account(l);
		l->new_account = true;
	}
	snprintf(l->account_name, sizeof(l->account_name), "%s", display_name);
	snprintf(l->primary_contact, sizeof(l->primary_contact), "%s", primary_contact);
	snprintf(l->sold_to_country, sizeof(l->sold_to_country), "%s", country);
}

void
core_link_choose_profile(struct core_link *l, const char *name, const char *display_name)
{
	l->new_profile = false;
	snprintf(l->profile, sizeof(l->profile), "%s", name);
	snprintf(l->profile_name, sizeof(l->profile_name), "%s", display_name);
}

void
core_link_choose_new_profile(struct core_link *l, const char *display_name)
{
	l->new_profile = true;
	l->profile[0] = '\0';
	snprintf(l->profile_name, sizeof(l->profile_name), "%s", display_name);
}
