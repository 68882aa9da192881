/* ui_partner: the Billing profile blade (":partner") of the Partner Center
 * account (DOMAIN.md §6): its state and tenants, the linked billing account
 * and profile or an alert that none is linked, the history of links, the
 * Membership purchase refused until one is; and the link wizard on the
 * generic frame (ui_wizard.h): Select billing account, Select billing
 * profile, Review, Finish, also run to change the account or the profile,
 * its draft kept and resumed (APP_PARTNER_DRAFT_KIND). */
#ifndef BILLCON_UI_PARTNER_H
#define BILLCON_UI_PARTNER_H

/* The blade's operations, listed in ui_blades (src/ui/console.c). */
extern const struct ui_view_ops ui_partner_view;

#endif
