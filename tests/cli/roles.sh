#!/bin/sh
# `billcon roles`: definitions, list (with inheritance), assign and remove,
# every refusal of DOMAIN.md §4 with its exit code, and nothing written by a
# refusal.
. "$TESTS_SRCDIR/lib.sh"
demo

PROFILE=billingProfiles/PBFV-4XYZ-BG7-TGB
SECTION=$PROFILE/invoiceSections/XKPA-3ABC-PJA-TGB
ADA_OWNER=50000000-aaaa-bbbb-cccc-100000000000_00000001-0000-4000-8000-000000000000

snapshot() { sql "SELECT (SELECT count(*) FROM role_assignment) || '/' || (SELECT count(*) FROM billing_request) || '/' || (SELECT count(*) FROM audit)"; }

refused() {
	code=$1
	shift
	before=$(snapshot)
	expect "$code" "$@"
	err_one_line
	[ "$(snapshot)" = "$before" ] || fail "billcon $* wrote to the store"
}

# The roles of each scope, with a line on what each allows.
expect 0 roles definitions
out_has "Basic Purchaser"
out_has "and assign roles"
expect 0 roles definitions --scope "$PROFILE" --csv
python3 -c 'import csv,sys; rows=list(csv.DictReader(open(sys.argv[1], newline=""))); assert [r["shortName"] for r in rows]==["Owner","Contributor","Reader","Invoice manager"], rows' "$T/out" ||
	fail "profile roles: $(cat "$T/out")"
refused 5 roles definitions --scope billingProfiles/NOPE
refused 2 roles definitions --scope subscriptions/x

# The list: every scope by default; at a scope, its own and inherited.
expect 0 roles list --json
python3 - "$T/out" <<'PY' || fail "JSON list shape"
import json, sys
rows = json.load(open(sys.argv[1]))
by = {r["userEmailAddress"]: r for r in rows}
assert by["mo@fabrikam.com"]["status"] == "PendingApproval", by["mo@fabrikam.com"]
assert by["mo@fabrikam.com"]["billingRequestId"] and by["mo@fabrikam.com"]["url"].endswith(by["mo@fabrikam.com"]["billingRequestId"])
assert by["ada@contoso.com"]["billingRequestId"] is None
for k in ("userEmailAddress", "principalTenantId", "roleDefinitionId", "scope", "billingRequestId", "status", "name"):
    assert k in by["ada@contoso.com"], k
assert by["omar@litware.com"]["status"] == "Declined" and by["pat@woodgrovebank.com"]["status"] == "Expired"
PY
expect 0 roles list --scope "$SECTION" --csv
python3 - "$T/out" <<'PY' || fail "inherited roles at the section: $(cat "$T/out")"
import csv, sys
rows = {r["userEmailAddress"]: r for r in csv.DictReader(open(sys.argv[1], newline=""))}
assert rows["ada@contoso.com"]["origin"] == "Inherited from the billing account"
assert rows["dan@contoso.com"]["origin"].startswith("Inherited from billing profile")
assert rows["finn@contoso.com"]["origin"] == "This scope"
PY
expect 0 roles list --scope "$PROFILE"
out_lacks "finn@contoso.com"

# A user of the primary tenant: Active at once.
expect 0 roles assign --role Contributor --email gita@contoso.com
out_has "active now"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'role.assign' AND actor = 'ada@contoso.com' AND after LIKE '%gita@contoso.com%' AND after LIKE '%Billing account contributor%'")" = 1 ] ||
	fail "the assignment was not audited"
# A user of an associated tenant with billing management: pending, with the URL.
expect 0 roles assign --role Reader --email new@fabrikam.com --tenant "$FABRIKAM" --scope "$PROFILE"
out_has "pending the user's approval"
out_has "https://"
expect 0 roles assign --role Reader --email other@fabrikam.com --tenant "$FABRIKAM" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["status"]=="PendingApproval" and d["url"].endswith(d["billingRequestId"]), d' "$T/out" ||
	fail "assign --json: $(cat "$T/out")"
[ "$(sql "SELECT count(*) FROM billing_request WHERE type = 'RoleAssignment' AND status = 'Pending' AND addressee = 'other@fabrikam.com'")" = 1 ] ||
	fail "no approval request for other@fabrikam.com"

# Refusals.
refused 2 roles assign --role Reader --email not-an-email
err_has "email"
refused 2 roles assign --role Reader
err_has "email"
refused 2 roles assign --email gita@contoso.com
refused 2 roles assign --role Boss --email gita@contoso.com
err_has "Owner, Contributor, Reader"
refused 3 roles assign --role Reader --email cleo@contoso.com
err_has "already"
refused 3 roles assign --role Reader --email new@fabrikam.com --tenant "$FABRIKAM" --scope "$PROFILE"
err_has "already"
refused 3 roles assign --role Reader --email x@wingtiptoys.com --tenant "$WINGTIP"
err_has "Billing management"
refused 3 roles assign --role Reader --email zed@contoso.com
err_has "guests invite"
refused 3 roles assign --role Reader --email jo@gmail.com
err_has "accepted"
refused 4 --as ben@contoso.com roles assign --role Reader --email eve@contoso.com
err_has "Billing account owner"
refused 4 --as cleo@contoso.com roles assign --role Reader --email eve@contoso.com
refused 4 --as dan@contoso.com roles assign --role Reader --email eve@contoso.com
expect 0 --as dan@contoso.com roles assign --role Reader --email eve@contoso.com --scope "$SECTION"
refused 3 --read-only roles assign --role Reader --email hana@contoso.com

# Removal: confirmed, never the last active owner.
refused 3 roles remove "$ADA_OWNER" --yes
err_has "without an active owner"
refused 3 roles remove 50000000-aaaa-bbbb-cccc-100000000002_00000003-0000-4000-8000-000000000000
err_has "yes"
refused 5 roles remove 50000000-aaaa-bbbb-cccc-100000000002_ffffffff-0000-4000-8000-000000000000 --yes
refused 4 --as ben@contoso.com roles remove 50000000-aaaa-bbbb-cccc-100000000002_00000003-0000-4000-8000-000000000000 --yes
expect 0 roles remove 50000000-aaaa-bbbb-cccc-100000000002_00000003-0000-4000-8000-000000000000 --yes
out_has "Removed role assignment"
[ "$(sql "SELECT count(*) FROM role_assignment WHERE principal_email = 'cleo@contoso.com' AND scope NOT LIKE '%/billingProfiles/%'")" = 0 ] ||
	fail "cleo's reader role is still there"

expect 0 audit verify
finish
