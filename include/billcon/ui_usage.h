/* ui_usage: the Azure Stack usage blade (`:usage`, DOMAIN.md §7 "Usage
 * routing"): each total of imported usage by deployment, tenant, meter and
 * the subscription charged, the default subscription marked where a tenant
 * was not registered; sorting (s) groups it by subscription, tenant or
 * meter, or orders it by quantity. */
#ifndef BILLCON_UI_USAGE_H
#define BILLCON_UI_USAGE_H

/* The blade's operations, listed in ui_blades (src/ui/console.c). */
extern const struct ui_view_ops ui_usage_view;

#endif
