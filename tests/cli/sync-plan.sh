#!/bin/sh
# `billcon sync --plan` (issue 11, Plan and push): changes made through the
# command line listed in order with their before -> after and the call each
# makes (method, path with its api-version), local-only ones with their
# reason, a locally created request with no URL until pushed, failed items
# with their last ARM error and the items held behind them; text, --json
# and --csv; the summary; usage errors; the store left as it was (no
# network, no sign-in: the endpoints point nowhere).
. "$TESTS_SRCDIR/lib.sh"
demo
ACCOUNT=/providers/Microsoft.Billing/billingAccounts/6e2a9f1c-3b7d-4c8e-9a1f-2b3c4d5e6f70:8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d_2019-05-31
mkdir -p "$XDG_CONFIG_HOME/billcon"
printf 'arm_endpoint = https://127.0.0.1:9\ngraph_endpoint = https://127.0.0.1:9\nlogin_endpoint = https://127.0.0.1:9\n' \
	>"$XDG_CONFIG_HOME/billcon/config"

expect 0 sync --plan
out_has "^No changes wait for sync.$"
out_has "^0 to push, 0 local-only, 0 failed, 0 held.$"

expect 0 tenants add --tenant-id "$NEW" --name "New Co" --billing-management --provisioning
expect 0 tenants add --domain newdom.onmicrosoft.com --name "Dom Co"
expect 0 tenants set "$WINGTIP" --name "Wingtip 2" --yes
expect 0 --as mo@fabrikam.com requests approve b0000000-0000-4000-8000-00000000006e
expect 0 stack remove-customer --registration redmond-registration \
	--subscription 5c000000-0000-4000-8000-00000000000c --yes
expect 0 sections add --profile PBFV-4XYZ-BG7-TGB --name "New Section"
expect 0 subscriptions move 5b000000-0000-4000-8000-000000000002 --section RSCH-7QWE-PJA-TGB
expect 0 guests invite --email guest1@example.com --name "Guest One"
expect 0 directory users add --email u2@contoso.com --name U2
before=$(store_sum)

expect 0 sync --plan
# The provisioning request: local, no URL until pushed; the tenant's PUT.
out_has "^#1  .*  request.create  /providers/Microsoft.Billing/billingRequests/"
out_has "local-only: .*no URL until pushed"
out_has "^#2  .*  tenant.add  $ACCOUNT/associatedTenants/$NEW$"
out_has "^    PUT $ACCOUNT/associatedTenants/$NEW?api-version=2024-04-01  (ARM; may run long"
out_has "^    new: .*displayName: New Co"
out_has "^    note: the domain newdom.onmicrosoft.com is first resolved to its tenant ID$"
out_has "^    displayName: Wingtip Toys -> Wingtip 2$"
out_has "^    PUT /providers/Microsoft.Billing/billingRequests/b0000000-0000-4000-8000-00000000006e?api-version=2024-04-01"
out_has "status: Pending -> Approved"
out_has "^    local-only: the service sets it when the request is decided$"
out_has "^    DELETE /subscriptions/5c000000-0000-4000-8000-000000000001/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/redmond-registration/customerSubscriptions/5c000000-0000-4000-8000-00000000000c?api-version=2022-06-01"
out_has "^    PUT $ACCOUNT/billingProfiles/PBFV-4XYZ-BG7-TGB/invoiceSections/.*?api-version=2024-04-01"
out_has "^    POST $ACCOUNT/billingSubscriptions/5b000000-0000-4000-8000-000000000002/move?api-version=2024-04-01"
out_has "^    POST /v1.0/invitations  (Microsoft Graph)$"
out_has "^    local-only: Microsoft Graph does not take this directory edit from billcon$"
out_has "^8 to push, 3 local-only, 0 failed, 0 held.$"

# JSON: the same items with their bodies in ARM's shape, and the totals.
expect 0 sync --plan --json
python3 - "$T/out" "$NEW" <<'PY' || fail "sync --plan --json: $(head -c 400 "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert (d["toPush"], d["localOnly"], d["failed"], d["held"]) == (8, 3, 0, 0), d
c = {x["action"] + ":" + x["object"].rsplit("/", 1)[-1]: x for x in d["changes"]}
t = c["tenant.add:" + sys.argv[2]]
assert t["method"] == "PUT" and t["api"] == "ARM" and t["longRunning"], t
assert t["body"] == {"properties": {"displayName": "New Co", "billingManagementState": "Active",
                                    "provisioningManagementState": "Pending"}}, t["body"]
assert c["tenant.add:newdom.onmicrosoft.com"]["resolveDomain"] == "newdom.onmicrosoft.com"
r = c["request.approve:b0000000-0000-4000-8000-00000000006e"]
assert r["body"] == {"properties": {"status": "Approved"}}, r["body"]
assert r["before"] == {"status": "Pending"} and r["after"]["status"] == "Approved"
g = [x for x in d["changes"] if x["action"] == "guest.invite"][0]
assert g["api"] == "Graph" and g["body"]["invitedUserEmailAddress"] == "guest1@example.com"
q = [x for x in d["changes"] if x["action"] == "request.create"][0]
assert q["state"] == "local-only" and q["method"] is None and "no URL" in q["reason"]
PY

# CSV (lines end in CR LF): a header and one line per change.
csv() { expect 0 sync --plan --csv; tr -d '\r' <"$T/out" >"$T/csv" && mv "$T/csv" "$T/out"; }
csv
out_has "^id,createdOn,action,object,state,api,method,path,reason,attempts,lastError,heldBy,conflict$"
[ "$(wc -l <"$T/out")" = 12 ] || fail "sync --plan --csv: $(wc -l <"$T/out") lines, not 12"
out_has "^2,.*,tenant.add,$ACCOUNT/associatedTenants/$NEW,push,ARM,PUT,"

# A failed item keeps ARM's error; a later change to its object is held.
id=$(sql "SELECT id FROM sync_outbox WHERE action = 'tenant.update'")
sql "UPDATE sync_outbox SET attempts = 1, last_error = 'InvalidDisplayName: The display name is not valid.' WHERE id = $id"
expect 0 tenants set "$WINGTIP" --name "Wingtip 3" --yes
expect 0 sync --plan
out_has "^    failed (1 attempt): InvalidDisplayName: The display name is not valid.$"
out_has "^    held: waits for #$id, an earlier change to the same object"
out_has "^7 to push, 3 local-only, 1 failed, 1 held.$"
csv
out_has ",failed,ARM,PUT,.*,1,InvalidDisplayName: The display name is not valid.,,$"
out_has ",held,ARM,PUT,.*,0,,$id,$"

# Reading the plan changes nothing, and works on a read-only store.
before=$(store_sum)
expect 0 --read-only sync --plan
[ "$(store_sum)" = "$before" ] || fail "sync --plan changed the store"

# A whole sync of the demo store is refused before any sign-in; usage.
expect 3 sync
err_has "This is the demo store, which is never synced"
err_one_line
expect 2 sync --plan extra
expect 2 sync --plans
finish
