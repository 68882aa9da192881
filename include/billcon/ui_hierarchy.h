/* ui_hierarchy: the Billing hierarchy blade (`:hierarchy`): the account,
 * its billing profiles, invoice sections and subscriptions as a tree on
 * the generic list (store_tree), opened and closed node by node; adding a
 * profile or a section, moving a subscription between sections, and
 * linking one from another tenant (only billing changes). */
#ifndef BILLCON_UI_HIERARCHY_H
#define BILLCON_UI_HIERARCHY_H

#include "billcon/ui_console.h"

extern const struct ui_view_ops ui_hierarchy_view;

#endif
