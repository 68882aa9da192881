/* app_link: finishing the billing profile link wizard (DOMAIN.md §6) and
 * keeping its state as a draft, for the console's wizard and `billcon
 * partner link|change-account|change-profile` alike. Partner Center's own
 * API is not called: a link, and the account and profile it creates, are
 * local changes (audited, in the outbox as not pushed). */
#ifndef BILLCON_APP_LINK_H
#define BILLCON_APP_LINK_H

#include <stdbool.h>
#include <stddef.h>

#include "billcon/app_context.h"
#include "billcon/core_link.h"
#include "billcon/core_status.h"
#include "billcon/core_wizard.h"

struct store_draft;

/* Finishes l: the preconditions and every step's rule again, then in one
 * write the new account (its creator made its owner), the new profile
 * with its default invoice section, the MCA acceptance and the link (the
 * current one ended and kept in the history), each audited and queued as
 * not pushed; the actor's draft is discarded. The success sentence into
 * msg. */
enum core_status app_link_finish(struct app_ctx *ctx, struct core_link *l, char *msg, size_t size,
				 struct core_error *err);

/* Keeps the wizard's state (its step and l's choices and fields) as the
 * actor's draft. */
enum core_status app_link_draft_save(struct app_ctx *ctx, const struct core_wizard *w,
				     const struct core_link *l, struct core_error *err);

/* Reads the draft d (of APP_PARTNER_DRAFT_KIND, the console's resume
 * hands it) back into l, its facts filled in again (app_partner_fill), and
 * the step's id into step; CORE_USAGE when d is not such a draft. */
enum core_status app_link_draft_read(struct app_ctx *ctx, const struct store_draft *d,
				     struct core_link *l, char *step, size_t size,
				     struct core_error *err);

#endif
