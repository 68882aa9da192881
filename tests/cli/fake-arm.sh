#!/bin/sh
# The fake ARM and Graph server itself (tests/fake-arm): what the sync tests
# stand on. Paging walks every page through absolute nextLinks, the
# long-running operations complete and their objects then appear in the
# listing, every write changes what a later read shows, a missing or wrong
# token answers 401 and a wrong api-version 400 with ARM's error bodies,
# injected faults arrive, a remote change through POST /_state shows, and
# --data starts a world from a JSON file (tests/fixtures/arm).
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/fakelib.sh"

fake_fault associatedTenants 429 1 2
fake_fault billingProfiles 500 1

python3 - "$FAKE" "$TESTS_SRCDIR" "$T" <<'EOF' || fail "the checks above"
import json, os, subprocess, sys, time, urllib.error, urllib.request as u

BASE, SRC, TMP = sys.argv[1:4]
V = "?api-version=2024-04-01"
SV = "?api-version=2022-06-01"
bad = 0


def check(ok, what):
    global bad
    if not ok:
        bad += 1
        print("FAIL: " + what, file=sys.stderr)


def call(method, path, body=None, tok="t0k", base=None):
    url = path if path.startswith("http") else (base or BASE) + path
    h = {"Content-Type": "application/json"}
    if tok:
        h["Authorization"] = "Bearer " + tok
    req = u.Request(url, data=None if body is None else json.dumps(body).encode(), method=method, headers=h)
    try:
        with u.urlopen(req) as r:
            status, hdrs, data = r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        status, hdrs, data = e.code, e.headers, e.read()
    try:
        return status, hdrs, json.loads(data) if data else None
    except ValueError:
        return status, hdrs, data


def walk(path):
    items, pages, url = [], 0, path
    while url:
        s, h, b = call("GET", url)
        if s != 200:
            check(False, "GET %s: %s %s" % (url, s, b))
            break
        items += b["value"]
        pages += 1
        url = b.get("nextLink")
        check(url is None or url.startswith(BASE + "/") and "$skiptoken=" in url, "nextLink %s" % url)
    return items, pages


# The faults injected by the shell before this ran.
s, h, b = call("GET", "/providers/Microsoft.Billing/billingAccounts" + V)
check(s == 200, "accounts: %s" % s)
acct = b["value"][0]["id"]
s, h, b = call("GET", acct + "/associatedTenants" + V)
check(s == 429 and h.get("Retry-After") == "2", "injected 429: %s %s" % (s, h.get("Retry-After")))
check(call("GET", acct + "/associatedTenants" + V)[0] == 200, "after the 429 the next call answers")
check(call("GET", acct + "/billingProfiles" + V)[0] == 500, "injected 500")

# Paging: sizes from the world, pages of 50, includeRevoked.
check(call("POST", "/_state", {"world": {"tenants": 260, "revoked_tenants": 7, "assignments": 101}})[0] == 204,
      "world")
acct = call("GET", "/providers/Microsoft.Billing/billingAccounts" + V)[2]["value"][0]["id"]
items, pages = walk(acct + "/associatedTenants" + V)
check((len(items), pages) == (260, 6), "tenants %d in %d pages" % (len(items), pages))
check(len({i["name"] for i in items}) == 260, "tenants are distinct")
items, pages = walk(acct + "/associatedTenants" + V + "&includeRevoked=true")
check(len(items) == 267 and sum(i["properties"]["billingManagementState"] == "Revoked" for i in items) == 7,
      "includeRevoked=true: %d" % len(items))
check(walk(acct + "/associatedTenants" + V)[0][0] == call(
    "GET", acct + "/associatedTenants" + V)[2]["value"][0], "the same spec gives the same world")

# Auth and api-version.
s, h, b = call("GET", acct + "/associatedTenants" + V, tok=None)
check(s == 401 and b["error"]["code"] == "AuthenticationFailed", "no token: %s %s" % (s, b))
s, h, b = call("GET", acct + "/associatedTenants")
check(s == 400 and b["error"]["code"] == "MissingApiVersionParameter", "no api-version: %s" % s)
s, h, b = call("GET", acct + "/associatedTenants?api-version=2019-10-01-preview")
check(s == 400 and b["error"]["code"] == "InvalidApiVersionParameter", "old api-version: %s" % s)
call("POST", "/_state", {"required_token": "right", "graph_required_token": "graph"})
s, h, b = call("GET", acct + "/associatedTenants" + V, tok="wrong")
check(s == 401 and b["error"]["code"] == "InvalidAuthenticationToken", "wrong token: %s" % s)
check(call("GET", acct + V, tok="right")[0] == 200, "the right token")
check(call("GET", "/v1.0/domains", tok="right")[0] == 401, "Graph wants its own token")
call("POST", "/_state", {"required_token": None, "graph_required_token": None})

# createBillingRoleAssignment: 202, polled twice, then 200; then listed.
call("POST", "/_state", {"lro_polls": 2})
role = acct + "/billingRoleDefinitions/50000000-aaaa-bbbb-cccc-100000000002"
s, h, b = call("POST", acct + "/createBillingRoleAssignment" + V,
               {"principalId": "7a000000-0000-4000-8000-0000000000e1", "roleDefinitionId": role})
loc = h.get("Location") or ""
check(s == 202 and h.get("Retry-After") == "0" and loc.startswith(BASE), "create: %s %s" % (s, loc))
polls = [call("GET", loc)[0] for _ in range(3)]
check(polls == [202, 202, 200], "operation polls: %s" % polls)
name = call("GET", loc)[2]["name"]
items, _ = walk(acct + "/billingRoleAssignments" + V)
check(len(items) == 102 and items[-1]["name"] == name, "the new assignment listed")
check(call("GET", acct + "/billingRoleAssignments/" + name + V)[0] == 200, "the new assignment read back")
s = call("POST", acct + "/createBillingRoleAssignment" + V, {"principalId": "x", "roleDefinitionId": "nope"})[0]
check(s == 400, "an unknown role definition: %s" % s)
check([call("DELETE", acct + "/billingRoleAssignments/" + name + V)[0] for _ in range(2)] == [200, 204],
      "assignment DELETE 200 then 204")
check(call("GET", acct + "/billingRoleAssignments/" + name + V)[2]["error"]["code"] == "NotFound", "404 body")

# Associated tenant PUT/DELETE.
t = acct + "/associatedTenants/7a000000-0000-4000-8000-0000000000f1"
put = {"properties": {"displayName": "Fabrikam", "billingManagementState": "Active",
                      "provisioningManagementState": "NotRequested"}}
check([call("PUT", t + V, put)[0] for _ in range(2)] == [201, 200], "tenant PUT 201 then 200")
check(call("GET", t + V)[2]["properties"]["displayName"] == "Fabrikam", "tenant read back")
check([call("DELETE", t + V)[0] for _ in range(2)] == [200, 204], "tenant DELETE 200 then 204")

# A remote change, as another administrator would make it.
first = walk(acct + "/associatedTenants" + V)[0][0]
call("POST", "/_state", {"patch": [{"id": first["id"], "properties": {"displayName": "Renamed remotely"}}]})
check(call("GET", first["id"] + V)[2]["properties"]["displayName"] == "Renamed remotely", "remote patch")
check(call("POST", "/_state", {"patch": [{"id": acct + "/associatedTenants/none"}]})[0] == 400, "patch of nothing")

# Billing request decision: PUT with status and decisionReason.
req = walk("/providers/Microsoft.Billing/billingRequests" + V)[0][0]
s, h, b = call("PUT", req["id"] + V, {"properties": {"status": "Approved", "decisionReason": "ok"}})
check(s == 200 and b["properties"]["status"] == "Approved", "request approved: %s" % s)
check(call("PUT", req["id"] + V, {"properties": {"status": "Declined"}})[0] == 400, "no second decision")

# Profile PUT (LRO), subscription move (LRO), invoice download (LRO + document).
call("POST", "/_state", {"lro_polls": 0})
s, h, b = call("PUT", acct + "/billingProfiles/NEWP-ROFI-LEX-XXX" + V, {"properties": {"displayName": "New"}})
check(s == 201 and call("GET", h["Location"])[0] == 200, "profile PUT: %s" % s)
sec = acct + "/billingProfiles/NEWP-ROFI-LEX-XXX/invoiceSections/NEWS-ECTI-ONX-XXX"
s, h, b = call("PUT", sec + V, {"properties": {"displayName": "New section"}})
check(s == 201 and call("GET", h["Location"])[0] == 200, "section PUT: %s" % s)
sub = walk(acct + "/billingSubscriptions" + V)[0][0]
s, h, b = call("POST", sub["id"] + "/move" + V, {"destinationInvoiceSectionId": sec})
check(s == 202 and call("GET", h["Location"])[2]["properties"]["invoiceSectionId"] == sec, "move: %s" % s)
check([x["name"] for x in walk(sec + "/billingSubscriptions" + V)[0]] == [sub["name"]], "moved subscription listed")
inv = walk(acct + "/invoices" + V)[0][0]
s, h, b = call("POST", inv["id"] + "/download" + V)
url = call("GET", h["Location"])[2]["url"] if s == 202 else ""
s, h, doc = call("GET", url, tok=None)
check(s == 200 and doc.startswith(b"%PDF-"), "invoice document: %s" % s)

# Azure Stack: api-version 2022-06-01, PUT and DELETE of a customer subscription.
sub_id = "7a000000-0000-4000-8000-0000000000a9"
call("POST", "/_state", {"world": {"stack_subscription": sub_id, "customer_subscriptions": 3}})
reg = "/subscriptions/%s/resourceGroups/azurestack/providers/Microsoft.AzureStack/registrations/registration1" % sub_id
check(call("GET", reg + "/customerSubscriptions" + V)[0] == 400, "AzureStack wants 2022-06-01")
cs = reg + "/customerSubscriptions/7A000000-0000-4000-8000-0000000000B1"
check(call("PUT", cs + SV, {"properties": {"tenantId": "7a000000-0000-4000-8000-0000000000b2"}})[0] == 200,
      "customer subscription PUT")
check(len(walk(reg + "/customerSubscriptions" + SV)[0]) == 4, "customer subscription listed")
check([call("DELETE", cs + SV)[0] for _ in range(2)] == [200, 204], "customer subscription DELETE")

# Graph.
call("POST", "/_state", {"world": {"users": 120, "guests": 5}})
n, url = 0, "/v1.0/users?$select=id,userType,externalUserState"
while url:
    s, h, b = call("GET", url)
    n += len(b["value"])
    url = b.get("@odata.nextLink")
check(n == 125 and b["value"][-1]["userType"] == "Guest", "Graph users: %d" % n)
members = call("GET", "/v1.0/directoryRoles(roleTemplateId='62e90394-69f5-4237-9190-012177145e10')/members")[2]
check(len(members["value"]) == 1, "Global administrators")
s, h, b = call("POST", "/v1.0/invitations", {"invitedUserEmailAddress": "ann@fabrikam.com",
                                              "inviteRedirectUrl": "https://myapps.microsoft.com"})
check(s == 201 and b["status"] == "PendingAcceptance", "invitation: %s" % s)
check(call("GET", "/v1.0/users", tok=None)[0] == 401, "Graph without a token")

# --data: a world from a JSON file, with hand-written hostile objects.
port_file = os.path.join(TMP, "data.url")
p = subprocess.Popen([sys.executable, os.path.join(SRC, "fake-arm", "server.py"), "--port-file", port_file,
                      "--data", os.path.join(SRC, "fixtures", "arm", "world-hostile.json")])
try:
    for _ in range(200):
        if os.path.exists(port_file):
            break
        time.sleep(0.02)
    base2 = open(port_file).read().strip()
    accts = call("GET", "/providers/Microsoft.Billing/billingAccounts" + V, base=base2)[2]["value"]
    check(len(accts) == 2, "--data accounts: %d" % len(accts))
    odd = accts[1]["id"]
    ts = call("GET", odd + "/associatedTenants" + V + "&includeRevoked=true", base=base2)[2]["value"]
    check(len(ts) == 2 and "\0" in ts[0]["properties"]["displayName"], "--data tenants")
finally:
    p.terminate()
    p.wait()
sys.exit(1 if bad else 0)
EOF

# The request log holds what was asked.
fake_log | grep -q '"GET /providers/Microsoft.Billing/billingAccounts?api-version=2024-04-01"' ||
	fail "the request log lacks the first call"

finish
