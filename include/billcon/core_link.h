/* core_link: the rules of the billing profile link wizard (DOMAIN.md §6)
 * as data and guards on core_wizard, shared by the console's wizard and the
 * command line's `partner link`, so that both say the same sentences. Facts
 * about the chosen account (MCA accepted, sold-to country, a profile
 * without a payment instrument) are filled in by the app layer, which reads
 * them from the store; the rules here only read the struct. */
#ifndef BILLCON_CORE_LINK_H
#define BILLCON_CORE_LINK_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_wizard.h"

/* Which run of the wizard: a first link, or a change of the linked one. */
enum core_link_mode {
	CORE_LINK_NEW,             /* Start: no link yet */
	CORE_LINK_CHANGE_ACCOUNT,  /* Change billing account: from the first step */
	CORE_LINK_CHANGE_PROFILE,  /* Change billing profile: from Select billing profile */
};

/* The steps, in order; their ids are kept in drafts. */
enum core_link_step {
	CORE_LINK_STEP_ACCOUNT,    /* "account": Select billing account */
	CORE_LINK_STEP_PROFILE,    /* "profile": Select billing profile */
	CORE_LINK_STEP_REVIEW,     /* "review": Review, whose Next is Finish */
	CORE_LINK_NSTEPS
};

struct core_link {
	enum core_link_mode mode;
	/* Select billing account: an existing account (its ARM name) or a new
	 * one, whose name is prefilled from the legal profile and whose
	 * primary contact is optional. */
	bool new_account;
	char account[256];          /* the chosen account's ARM name, "" none */
	char account_name[256];     /* its display name, or the new one's */
	char primary_contact[256];  /* the new account's, "" none */
	/* Facts about the chosen account (none for a new one, whose sold-to
	 * country is the legal profile's). */
	bool mca_accepted;          /* the MCA was accepted for it before */
	char sold_to_country[8];    /* ISO 3166 alpha-2: "IT" asks a second acknowledgement */
	char reuse_profile[256];    /* a profile of it with no payment instrument, "" none */
	char reuse_profile_name[256];
	/* Select billing profile: an existing profile (its ARM name) or a new
	 * one by name (its payment instrument is None). */
	bool new_profile;
	char profile[256];
	char profile_name[256];     /* its display name, or the new one's */
	/* Review */
	bool accept_mca;
	bool accept_mca_italy;
};

/* The wizard's steps (ids "account", "profile", "review"). */
extern const struct core_wizard_step core_link_steps[CORE_LINK_NSTEPS];

/* Clears l and sets its mode. */
void core_link_init(struct core_link *l, enum core_link_mode mode);

/* Sets w up over l's steps, starting where l's mode starts (Select
 * billing profile for a change of profile), with core_link_guard. */
void core_link_wizard(struct core_wizard *w, const struct core_link *l);

/* The guard of step (core_wizard's): whether it may be left forward, and
 * why not in one sentence (what to choose, which field is bad, that the
 * MCA must be accepted, that an account's profile with no payment
 * instrument must be reused, naming it). */
bool core_link_guard(const void *link, int step, char *why, size_t size);

/* Checks every step of the run in order (from where l's mode starts), as
 * `partner link` does: true, or false with the first failing step's
 * sentence in why and that step in *step (may be NULL). */
bool core_link_check(const struct core_link *l, char *why, size_t size, int *step);

/* A warning that does not stop the step (a new account with no primary
 * contact: purchases can fail) into why; false when there is none. */
bool core_link_warning(const struct core_link *l, int step, char *why, size_t size);

/* Whether the MCA box is shown checked and cannot be changed (the account
 * accepted it before). */
bool core_link_mca_locked(const struct core_link *l);

/* Whether the second acknowledgement is asked: the sold-to country is
 * Italy and the MCA was not accepted for the account before (then both
 * were given at that time). */
bool core_link_needs_italy(const struct core_link *l);

/* Chooses an existing account (clearing the new one's fields and the
 * profile chosen under another account); the caller fills in its facts. */
void core_link_choose_account(struct core_link *l, const char *name, const char *display_name);

/* Chooses a new account named display_name with primary_contact ("" none);
 * its sold-to country is country (the legal profile's). */
void core_link_choose_new_account(struct core_link *l, const char *display_name,
				  const char *primary_contact, const char *country);

/* Chooses an existing profile of the chosen account. */
void core_link_choose_profile(struct core_link *l, const char *name, const char *display_name);

/* Chooses a new profile named display_name. */
void core_link_choose_new_profile(struct core_link *l, const char *display_name);

#endif
