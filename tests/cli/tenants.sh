#!/bin/sh
# Administering associated tenants from the command line: list in three
# formats, add, change and remove, with the audit trail following.
. "$TESTS_SRCDIR/lib.sh"
demo

expect 0 tenants list
out_has "NAME"
out_has "Fabrikam  "
out_has "proseware.onmicrosoft.com"
[ "$(wc -l <"$T/out")" = 8 ] || fail "text list should have a header and 7 rows"

expect 0 tenants list --json
python3 - "$T/out" <<'PY' || fail "JSON list shape"
import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == 7, len(rows)
keys = {"tenantId", "displayName", "billingManagementState", "provisioningManagementState",
        "provisioningBillingRequestId", "createdOn"}
for r in rows:
    assert keys <= set(r), r
    for v in r.values():
        assert not isinstance(v, (dict, list)), r
fab = [r for r in rows if r["displayName"] == "Fabrikam"][0]
assert fab["tenantId"] == "c0000000-0000-4000-8000-000000000002"
assert fab["provisioningBillingRequestId"].startswith("/providers/Microsoft.Billing/billingRequests/")
assert fab["createdOn"].endswith("Z") and "T" in fab["createdOn"]
states = {r["provisioningManagementState"] for r in rows}
assert {"Active", "Pending", "NotRequested", "Revoked", "BillingRequestDeclined", "BillingRequestExpired"} <= states, states
pro = [r for r in rows if r["displayName"] == "Proseware"][0]
assert pro["tenantId"] is None and pro["domain"] == "proseware.onmicrosoft.com"
PY

expect 0 tenants list --csv
head -1 "$T/out" | grep -q '^tenantId,domain,displayName,billingManagementState,provisioningManagementState,provisioningBillingRequestId,createdOn' ||
	fail "CSV header"
python3 -c 'import csv,sys; rows=list(csv.DictReader(open(sys.argv[1], newline=""))); assert len(rows)==7 and rows[1]["displayName"]=="Fabrikam", rows' "$T/out" ||
	fail "CSV rows"

before=$(sql "SELECT count(*) FROM audit")
expect 0 tenants add --tenant-id "$NEW" --name "Contoso, Ltd. \"West\"" --billing-management --provisioning
out_has "Pending"
out_has "invitation URL"
out_has "requestId/"
[ "$(sql "SELECT count(*) FROM audit")" = $((before + 2)) ] || fail "add with provisioning should write tenant.add and request.create"
expect 0 tenants list --csv
grep -q '"Contoso, Ltd. ""West"""' "$T/out" || fail "CSV quoting of a name with a comma and quotes"

expect 0 tenants add --domain relecloud.onmicrosoft.com --name Relecloud --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["tenantId"]=="c0000000-0000-4000-8000-000000000008" and d["billingManagementState"]=="NotAllowed", d' "$T/out" ||
	fail "add by known domain maps to the tenant ID"

expect 0 tenants add --domain newco.example.com --name "Not yet known"
out_has "resolved at sync"

expect 0 tenants set "$WINGTIP" --name "Wingtip" --billing-management on --provisioning on --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["displayName"]=="Wingtip" and d["billingManagementState"]=="Active" and d["provisioningManagementState"]=="Pending" and d["invitationUrl"], d' "$T/out" ||
	fail "set changes name and both settings"
[ "$(sql "SELECT count(*) FROM audit WHERE action='tenant.update' AND object LIKE '%$WINGTIP'")" = 1 ] || fail "one tenant.update entry"

# Billing management off while users hold roles: refused without --yes.
expect 3 tenants set "$FABRIKAM" --billing-management off
err_has "2 role assignments"
err_has "\-\-yes"
err_one_line
[ "$(sql "SELECT billing_management_state FROM associated_tenant WHERE tenant_id='$FABRIKAM'")" = Active ] || fail "refused change wrote"
expect 0 tenants set "$FABRIKAM" --billing-management off --yes
[ "$(sql "SELECT count(*) FROM role_assignment WHERE principal_tenant_id='$FABRIKAM'")" = 0 ] || fail "roles not removed"
[ "$(sql "SELECT billing_management_state FROM associated_tenant WHERE tenant_id='$FABRIKAM'")" = Revoked ] || fail "not Revoked"
# The trail keeps each removed assignment whole: its role's name and request.
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'role.remove' AND json_extract(before, '\$.roleName') = 'Billing account reader' AND json_extract(before, '\$.billingRequestId') = 'b0000000-0000-4000-8000-00000000006d'")" = 1 ] ||
	fail "the cascade's audit entry lacks the role's name or its request: $(sql "SELECT before FROM audit WHERE action = 'role.remove'")"

# Remove: refused without --yes and a terminal, then done.
expect 3 tenants remove "$TAILSPIN"
err_has "cancels"
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE tenant_id='$TAILSPIN'")" = 1 ] || fail "removed without --yes"
expect 0 tenants remove tailspintoys.onmicrosoft.com --yes
out_has "Removed"
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE tenant_id='$TAILSPIN'")" = 0 ] || fail "not removed"
[ "$(sql "SELECT count(*) FROM billing_request WHERE tenant_id='$TAILSPIN' AND status='Pending'")" = 0 ] || fail "pending requests left"
expect 5 tenants remove "$TAILSPIN" --yes

expect 0 audit verify
out_has "whole"
finish
