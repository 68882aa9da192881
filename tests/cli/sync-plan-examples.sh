#!/bin/sh
# The plan's bodies against ARM's published request payloads (issue 11):
# when ../shared/arm-examples is there, each pushed call's body holds only
# fields the matching example's request sends, in the same nesting, and its
# path the example's api-version. Skipped (77) when the folder is not there.
. "$TESTS_SRCDIR/lib.sh"
EX="$TESTS_SRCDIR/../../shared/arm-examples"
[ -d "$EX" ] || { echo "no $EX: skipped"; exit 77; }
demo
expect 0 tenants add --tenant-id "$NEW" --name "New Co" --billing-management --provisioning
expect 0 roles assign --role "Billing account reader" --email ben@contoso.com
expect 0 --as mo@fabrikam.com requests decline b0000000-0000-4000-8000-00000000006e --reason "Not now"
expect 0 stack remove-customer --registration redmond-registration \
	--subscription 5c000000-0000-4000-8000-00000000000c --yes
expect 0 stack add-customer --registration redmond-registration \
	--subscription 5c000000-0000-4000-8000-00000000000c --tenant "$WINGTIP"
expect 0 sync --plan --json
python3 - "$T/out" "$EX" <<'PY' || fail "a body is not in the examples' shape"
import json, os, sys
plan = json.load(open(sys.argv[1]))["changes"]
ex = sys.argv[2]

def load(path):
    return json.load(open(os.path.join(ex, path)))["parameters"]

def within(ours, theirs, where):
    """Every key of ours is in theirs, objects nested alike."""
    assert isinstance(theirs, dict), where
    for k, v in ours.items():
        assert k in theirs, "%s: %s is not in the example (%s)" % (where, k, sorted(theirs))
        if isinstance(v, dict):
            within(v, theirs[k], where + "." + k)

def call(action):
    return [c for c in plan if c["action"] == action and c["method"]][-1]

checks = [
    ("tenant.add", "billing-associatedTenants/associatedTenantsCreateOrUpdate.json", "parameters"),
    ("role.assign", "billing-roleAssignments/billingRoleAssignmentCreateByBillingAccount.json", "parameters"),
    ("request.decline", "billing-requests/billingRequestsCreateOrUpdate.json", "parameters"),
    ("stack.customer.add", "azurestack-customerSubscriptions/Put.json", "customerCreationParameters"),
]
for action, path, key in checks:
    c, p = call(action), load(path)
    within(c["body"], p[key], action)
    assert c["path"].endswith("?api-version=" + p["api-version"]), (action, c["path"])
d = call("stack.customer.remove")
assert d["method"] == "DELETE" and d["path"].endswith("?api-version=2022-06-01"), d
PY
finish
