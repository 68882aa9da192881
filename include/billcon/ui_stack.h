/* ui_stack: the Azure Stack blade (:stack, DOMAIN.md §7): the deployments
 * with their registrations on the generic list; Enter lists a
 * registration's customer subscriptions in the blade (Esc goes back),
 * where `a` adds one, `d` removes one after confirmation, Enter shows its
 * details with the ARM resource ID and the PowerShell and az commands,
 * `y` copies one of them (asking which), `h` shows its history and `o`
 * opens the onboarding checklist of its tenant (ui_onboarding). */
#ifndef BILLCON_UI_STACK_H
#define BILLCON_UI_STACK_H

#include "billcon/ui_console.h"

/* The blade's operations (named "stack"). */
extern const struct ui_view_ops ui_stack_view;

#endif
