/* app_audit: reading the audit trail for people: one object's history, and
 * an entry's change in one line. */
#ifndef BILLCON_APP_AUDIT_H
#define BILLCON_APP_AUDIT_H

#include <stddef.h>

/* The change an entry records, in one line for a list: the fields whose
 * values differ between before and after (JSON objects, "" for none), as
 * "displayName: Fabrikam → Fabrikam West; billingManagementState: ..." for
 * an update, the fields' values for an addition or a removal; JSON that
 * does not parse is shown as it is. */
void app_audit_summary(const char *before, const char *after, char *out, size_t size);

#endif
