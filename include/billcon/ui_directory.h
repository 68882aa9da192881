/* ui_directory: the Directory blade (the users the directory knows, B2B
 * guests invited and accepted) and the Directory tenants blade (known
 * tenants, their domains, whether they allow guest invitations). */
#ifndef BILLCON_UI_DIRECTORY_H
#define BILLCON_UI_DIRECTORY_H

/* The blades' operations, listed in ui_blades (src/ui/console.c). */
extern const struct ui_view_ops ui_directory_view;
extern const struct ui_view_ops ui_dir_tenants_view;

#endif
