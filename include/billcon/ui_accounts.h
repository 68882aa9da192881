/* ui_accounts: the switch of the billing account in scope (`:account`): the
 * accounts the actor sees, filtered as one types; Enter makes the selected
 * one the account of every blade, Esc leaves it as it was. The choice is
 * remembered for the next start (app_state), like the IAM blade's scope. */
#ifndef BILLCON_UI_ACCOUNTS_H
#define BILLCON_UI_ACCOUNTS_H

#include <stdbool.h>

struct app_ctx;
struct ui_console;

/* Shows the switcher over the console until Enter or Esc; true when the
 * account in scope changed (the console then reloads its blades). */
bool ui_accounts_choose(struct ui_console *c);

/* At the start, when ctx's account only stands in for several (no
 * --account), the account chosen last time, if the actor still sees it. */
void ui_accounts_restore(struct app_ctx *ctx);

#endif
