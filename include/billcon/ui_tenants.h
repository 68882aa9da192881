/* ui_tenants: the Associated tenants blade (seed associated-tenants.md). */
#ifndef BILLCON_UI_TENANTS_H
#define BILLCON_UI_TENANTS_H

#include "billcon/ui_console.h"

extern const struct ui_view_ops ui_tenants_view;

#endif
