/* ui_link: the link wizard (DOMAIN.md §6) on the console's wizard frame
 * (ui_wizard.h): Select billing account (or create one, prefilled from the
 * legal profile), Select billing profile (or create one, unless a profile
 * with no payment instrument must be reused), Review (the Microsoft
 * Customer Agreement, again for Italy), Finish. The same run links a
 * first billing profile or changes the linked account or profile; its
 * fields are a core_link, kept as a draft of APP_PARTNER_DRAFT_KIND as
 * fields are left, at each step and on a stop signal. The Billing profile
 * blade (ui_partner.h) opens it and resumes its draft. */
#ifndef BILLCON_UI_LINK_H
#define BILLCON_UI_LINK_H

#include <stdbool.h>

#include "billcon/core_link.h"

struct store_draft;
struct ui_console;

/* Opens the wizard over the current view for mode. When a precondition
 * fails (app_partner_preconditions) its sentence is shown and nothing
 * opens. The actor's unfinished run of the same mode opens again at its
 * step; else a new run starts: CORE_LINK_CHANGE_PROFILE on the linked
 * account, account and account_name (its name and display name; not read
 * in the other modes). */
void ui_link_start(struct ui_console *c, enum core_link_mode mode, const char *account,
		   const char *account_name);

/* A draft the console found at start (ui_view_ops.resume): false when d
 * is not the link wizard's, or does not read; else true, the wizard
 * opened again at d's step with its fields (whatever its mode), or a
 * failed precondition's sentence shown instead. */
bool ui_link_resume(struct ui_console *c, const struct store_draft *d);

#endif
