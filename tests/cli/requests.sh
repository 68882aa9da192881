#!/bin/sh
# Manage requests from the command line (DOMAIN.md §5): list in three
# formats, show, url, approve, decline and cancel with their refusals, and
# provisioning a subscription into an associated tenant (§3).
. "$TESTS_SRCDIR/lib.sh"
demo

TAILSPIN_PROV=b0000000-0000-4000-8000-000000000002
MO=b0000000-0000-4000-8000-00000000006e
NIA=b0000000-0000-4000-8000-00000000006f
LENA=b0000000-0000-4000-8000-00000000006d

expect 0 requests list --as ada@contoso.com
out_has "NAME"
[ "$(wc -l <"$T/out")" = 11 ] || fail "text list should have a header and 10 rows"
# Pending first.
sed -n 2,4p "$T/out" | grep -c Pending | grep -qx 3 || fail "pending first: $(cat "$T/out")"

expect 0 requests list --as ada@contoso.com --json
python3 - "$T/out" <<'PY' || fail "JSON list shape"
import json, sys
rows = json.load(open(sys.argv[1]))
assert len(rows) == 10, len(rows)
keys = {"name", "type", "status", "requestScope", "createdBy", "creationDate", "expirationDate",
        "reviewedBy", "reviewalDate", "decisionReason", "url"}
for r in rows:
    assert keys <= set(r), r
    assert r["createdBy"]["upn"] == "ada@contoso.com", r
    assert r["url"].endswith(r["name"]), r
assert [r["status"] for r in rows[:3]] == ["Pending"] * 3
decided = [r for r in rows if r["status"] == "Approved"][0]
assert decided["reviewedBy"]["upn"] and decided["reviewalDate"]
assert {r["type"] for r in rows} == {"RoleAssignment", "ProvisioningAccess"}
PY

expect 0 requests list --as ada@contoso.com --csv
head -1 "$T/out" | grep -q '^name,type,status,requestScope,createdBy.upn,creationDate,expirationDate,reviewedBy.upn,reviewalDate,decisionReason,addressee,url' ||
	fail "CSV header"
python3 -c 'import csv,sys; rows=list(csv.DictReader(open(sys.argv[1], newline=""))); assert len(rows)==10 and rows[0]["status"]=="Pending" and rows[0]["createdBy.upn"]=="ada@contoso.com", rows' "$T/out" ||
	fail "CSV rows"

expect 0 requests list --as ada@contoso.com --status pending --type RoleAssignment --json
python3 -c 'import json,sys; rows=json.load(open(sys.argv[1])); assert [r["name"] for r in rows]==sys.argv[2:], rows' "$T/out" $MO $NIA ||
	fail "status and type filters"
expect 2 requests list --as ada@contoso.com --status Maybe
err_has "--status takes one of Pending, Approved, Declined, Expired, Cancelled, Completed; not \"Maybe\"."
expect 2 requests list --as ada@contoso.com --type
expect 2 requests list --as ada@contoso.com --bogus

expect 0 requests show $MO --as ada@contoso.com
out_has "Addressee        mo@fabrikam.com"
out_has "Status           Pending"
expect 0 requests show $MO --as ada@contoso.com --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["name"]==sys.argv[2] and r["reviewedBy"] is None and r["createdBy"]=={"upn":"ada@contoso.com"}, r' "$T/out" $MO ||
	fail "show --json"
expect 0 requests url $MO --as ada@contoso.com
[ "$(cat "$T/out")" = "https://portal.azure.com/#view/Microsoft_Azure_GTM/ModernBillingMenuBlade/~/BillingRequests/requestId/$MO" ] ||
	fail "url: $(cat "$T/out")"
expect 5 requests show 00000000-0000-4000-8000-000000000000 --as ada@contoso.com
err_one_line
expect 2 requests show --as ada@contoso.com
expect 2 requests frobnicate --as ada@contoso.com

before=$(sql "SELECT count(*) FROM audit")
# Only the addressee decides.
expect 4 requests approve $MO --as ben@contoso.com
err_has "only its addressee (mo@fabrikam.com)"
err_one_line
expect 2 requests decline $MO --as mo@fabrikam.com
err_has "needs --reason"
[ "$(sql "SELECT count(*) FROM audit")" = "$before" ] || fail "a refusal wrote to the trail"
# The addressee: no billing role, no directory entry; sees only their own.
expect 0 requests list --as mo@fabrikam.com --json
python3 -c 'import json,sys; rows=json.load(open(sys.argv[1])); assert [r["name"] for r in rows]==[sys.argv[2]], rows' "$T/out" $MO ||
	fail "the addressee's own list"
expect 4 tenants list --as mo@fabrikam.com
expect 4 requests show $NIA --as mo@fabrikam.com
expect 0 requests approve $MO --reason "Looks right" --as mo@fabrikam.com
out_has "Approved request $MO"
[ "$(sql "SELECT status FROM billing_request WHERE name = '$MO'")" = Approved ] || fail "not approved"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'request.approve' AND actor = 'mo@fabrikam.com'")" = 1 ] ||
	fail "approval not audited"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'role.status' AND after = '{\"status\":\"Active\"}'")" = 1 ] ||
	fail "the assignment's new status is not in the trail"
# Deciding twice.
expect 3 requests approve $MO --as mo@fabrikam.com
err_has "already Approved"
expect 3 requests decline $MO --reason no --as mo@fabrikam.com --json
expect 3 requests decline $LENA --reason late --as lena@fabrikam.com

# Cancel only your own pending request.
expect 4 requests cancel $NIA --as ben@contoso.com
err_has "only ada@contoso.com, who made it"
expect 0 requests cancel $NIA --as ada@contoso.com --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["status"]=="Cancelled" and r["reviewedBy"]["upn"]=="ada@contoso.com", r' "$T/out" ||
	fail "cancel --json"
expect 2 requests cancel $NIA --reason x --as ada@contoso.com

# Provisioning: Tailspin's is pending, Fabrikam's Active.
expect 3 tenants provision $TAILSPIN --name "Tailspin M365" --as ada@contoso.com
err_has "only while its provisioning is Active"
expect 4 tenants provision $FABRIKAM --name "Fabrikam M365" --as cleo@contoso.com
expect 2 tenants provision $FABRIKAM --as ada@contoso.com
expect 5 tenants provision $FABRIKAM --name X --section "No such section" --as ada@contoso.com
expect 0 tenants provision $FABRIKAM --name "Fabrikam M365" --as ben@contoso.com --json
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["displayName"]=="Fabrikam M365" and r["serviceTenantId"]==sys.argv[2], r' "$T/out" $FABRIKAM ||
	fail "provision --json"
[ "$(sql "SELECT count(*) FROM subscription WHERE service_tenant_id = '$FABRIKAM' AND display_name = 'Fabrikam M365'")" = 1 ] || fail "no subscription"

# Tailspin's Global administrator approves its provisioning request: the
# tenant's provisioning is Active in the same change, and then it takes
# subscriptions.
sql "INSERT INTO directory_user(email, display_name, home_tenant_id, global_admin) VALUES('admin@tailspintoys.com', 'Tailspin admin', '$TAILSPIN', 1)"
expect 4 requests approve $TAILSPIN_PROV --as admin@fabrikam.com
expect 0 requests approve $TAILSPIN_PROV --as admin@tailspintoys.com
[ "$(sql "SELECT provisioning_management_state FROM associated_tenant WHERE tenant_id = '$TAILSPIN'")" = Active ] ||
	fail "provisioning did not follow the approval"
expect 0 tenants provision $TAILSPIN --name "Tailspin M365" --as ada@contoso.com
out_has "Provisioned Microsoft 365 subscription"

# Expired: past the demo's 14 days the last pending request is refused.
sql "INSERT INTO billing_request(name, account_id, type, status, scope, addressee, created_by, created_on, expires_on)
     SELECT 'b0000000-0000-4000-8000-0000000000ff', account_id, 'RoleAssignment', 'Pending', scope, 'zed@fabrikam.com',
     'ada@contoso.com', '2026-01-01T00:00:00Z', '2026-01-10T00:00:00Z' FROM billing_request WHERE name = '$MO'"
expect 3 requests approve b0000000-0000-4000-8000-0000000000ff --as zed@fabrikam.com
err_has "expired"
[ "$(sql "SELECT status FROM billing_request WHERE name = 'b0000000-0000-4000-8000-0000000000ff'")" = Expired ] ||
	fail "the expiry was not written"

# Read-only: nothing is decided.
expect 3 requests cancel $NIA --as ada@contoso.com --read-only

expect 0 audit verify
finish
