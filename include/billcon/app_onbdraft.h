/* app_onbdraft: the onboarding checklist wizard's draft (app_draft): the
 * tenant, the step and what is typed but not yet written, so that a
 * dropped link loses nothing; and the draft in words for the offer at the
 * next start. */
#ifndef BILLCON_APP_ONBDRAFT_H
#define BILLCON_APP_ONBDRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/core_status.h"
#include "billcon/store_draft.h"

struct app_ctx;

/* The checklist wizard's drafts (the stack blade opens them again). */
#define APP_ONBOARDING_DRAFT_KIND "stack.onboarding"

/* What the checklist wizard holds between two keys: the tenant, and what
 * is typed but not yet written. */
struct app_onb_draft {
	char tenant[64];
	char customer[256];
	char management[8];
	char guest_email[320];
};

/* Keeps d as the actor's checklist draft at step (a wizard step's word). */
enum core_status app_onboarding_draft_save(struct app_ctx *ctx, const char *step, const struct app_onb_draft *d,
					   struct core_error *err);

/* Reads the draft s (of APP_ONBOARDING_DRAFT_KIND) into *d and its step
 * into step (size bytes); false when it does not read. */
bool app_onboarding_draft_read(const struct store_draft *s, struct app_onb_draft *d, char *step, size_t size);

/* The draft s in words ("the Azure Stack onboarding checklist of Tailspin
 * Toys at Management") into out. */
void app_onboarding_draft_words(const struct store_draft *s, char *out, size_t size);

#endif
