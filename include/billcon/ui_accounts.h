/* ui_accounts: the switch of the billing account in scope (`:account`): the
 * accounts the actor sees, filtered as one types; Enter makes the selected
 * one the account of every blade, Esc leaves it as it was. The choice is
 * remembered for the next start (app_state), like the IAM blade's scope,
 * when the console closes. */
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

/* Remembers ctx's account as the one to start on next time: the console
 * calls it as it closes when a switch changed the account (not at each
 * switch, so that a switch never waits for the state file on a busy disk). */
void ui_accounts_remember(const struct app_ctx *ctx);

#endif
