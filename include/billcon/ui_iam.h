/* ui_iam: the Access control (IAM) blade: the billing role assignments of
 * the account in scope, with their derived status (DOMAIN.md §4). */
#ifndef BILLCON_UI_IAM_H
#define BILLCON_UI_IAM_H

/* The blade's operations, listed in ui_blades (src/ui/console.c). */
extern const struct ui_view_ops ui_iam_view;

#endif
