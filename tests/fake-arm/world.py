"""The data fake-arm serves: a deterministic world of MCA billing accounts
and everything under them, plus one Microsoft Graph directory.

A world is built from a spec (sizes and a seed), from POST /_state
{"world": {...}} or from `server.py --data FILE` (a JSON file holding such a
spec, or a directory holding world.json). Two worlds built from the same spec
are identical. The big collections (associated tenants, role assignments,
billing subscriptions, invoices, requests, users, customer subscriptions) are
generated lazily, object by object, so a world of 100k tenants costs a list
of ints, and a page costs O(page size).

Every collection is keyed by the lower-cased ARM path that lists it, which
is the parent of its objects' IDs; an object is found by the last segment of
its ID. A view is a filtered listing of another collection (subscriptions
by invoice section, invoices by billing profile, requests by account).

Tests may also put exact objects (in ARM's shapes), patch them as if changed
remotely, or remove them: POST /_state {"put": [obj], "patch": [{"id": ...,
"properties": {...}}], "remove": [id]}.
"""
import copy
import hashlib
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from collection import Collection, PropPred, key_of, last, parent  # noqa: E402,F401

BILLING = "/providers/Microsoft.Billing"
GLOBAL_ADMIN_TEMPLATE = "62e90394-69f5-4237-9190-012177145e10"
BILLING_ADMIN_TEMPLATE = "b0f54661-2d74-4c50-afa3-1ec803f12efe"

DEFAULTS = {
    "seed": 1, "accounts": 1, "profiles": 2, "sections": 2, "tenants": 3,
    "revoked_tenants": 1, "assignments": 3, "profile_assignments": 2,
    "section_assignments": 2, "subscriptions": 4, "invoices": 3, "requests": 3,
    "registrations": 1, "customer_subscriptions": 2, "users": 4, "guests": 2,
    "admins": 1, "allow_invites_from": "everyone",
    "stack_subscription": None, "stack_resource_group": "azurestack",
    "domains": None,
}

# The MCA role definitions at each scope: (GUID, name, actions).
ACCOUNT_ROLES = [
    ("50000000-aaaa-bbbb-cccc-100000000000", "Billing account owner", ["read", "write", "delete", "roleAssignments/write"]),
    ("50000000-aaaa-bbbb-cccc-100000000001", "Billing account contributor", ["read", "write"]),
    ("50000000-aaaa-bbbb-cccc-100000000002", "Billing account reader", ["read"]),
]
PROFILE_ROLES = [
    ("40000000-aaaa-bbbb-cccc-100000000000", "Billing profile owner", ["read", "write", "delete", "roleAssignments/write"]),
    ("40000000-aaaa-bbbb-cccc-100000000001", "Billing profile contributor", ["read", "write"]),
    ("40000000-aaaa-bbbb-cccc-100000000002", "Billing profile reader", ["read"]),
    ("40000000-aaaa-bbbb-cccc-100000000004", "Invoice manager", ["invoices/read", "invoices/download/action"]),
]
SECTION_ROLES = [
    ("30000000-aaaa-bbbb-cccc-100000000000", "Invoice section owner", ["read", "write", "delete", "roleAssignments/write"]),
    ("30000000-aaaa-bbbb-cccc-100000000001", "Invoice section contributor", ["read", "write"]),
    ("30000000-aaaa-bbbb-cccc-100000000002", "Invoice section reader", ["read"]),
    ("30000000-aaaa-bbbb-cccc-100000000006", "Azure subscription creator", ["billingSubscriptions/write"]),
]


def guid(*parts):
    """A GUID that depends only on parts (the seed among them)."""
    h = hashlib.md5(":".join(str(p) for p in parts).encode()).hexdigest()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32])


def code(*parts):
    """An MCA-style name like ABCD-EFGH-IJK-LMN, depending only on parts."""
    h = hashlib.md5(":".join(str(p) for p in parts).encode()).digest()
    letters = "".join("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[b % 32] for b in h[:14])
    return "%s-%s-%s-%s" % (letters[:4], letters[4:8], letters[8:11], letters[11:14])


class World:
    """Collections by ARM path, views, long-running operations and
    documents, guarded by one lock (handlers run in threads)."""

    def __init__(self, spec=None):
        self.lock = threading.RLock()
        self.spec = dict(DEFAULTS)
        self.spec.update(spec or {})
        self.cols = {}
        self.views = {}
        self.ops = {}
        self.op_seq = 0
        self.docs = {}
        self.graph = {}
        self._build()

    # -- building --------------------------------------------------------
    def col(self, path, make=None, name_of=None, n=0, **kw):
        c = Collection(make, name_of, n, **kw)
        self.cols[key_of(path)] = c
        return c

    def collection(self, path, create=False):
        c = self.cols.get(key_of(path))
        if c is None and create:
            c = self.col(path)
        return c

    def _build(self):
        sp = self.spec
        seed = sp["seed"]
        accounts = self.col(BILLING + "/billingAccounts")
        self.col(BILLING + "/billingRequests", *self._requests_gen(seed))
        for k in range(sp["accounts"]):
            acct = self._account(seed, k)
            accounts.put(acct)
            self._fill_account(seed, k, acct)
        self._stack(seed)
        self._directory(seed)

    def _account(self, seed, k):
        name = "%s:%s_2019-05-31" % (guid(seed, "account", k), guid(seed, "account2", k))
        return {
            "id": "%s/billingAccounts/%s" % (BILLING, name), "name": name,
            "type": "Microsoft.Billing/billingAccounts",
            "properties": {
                "accountStatus": "Active", "accountType": "Business",
                "accountSubType": "Enterprise", "agreementType": "MicrosoftCustomerAgreement",
                "displayName": "Contoso %d" % (k + 1) if k else "Contoso", "hasReadAccess": True,
                "primaryBillingTenantId": guid(seed, "primary-tenant", k),
            },
        }

    def _fill_account(self, seed, k, acct):
        sp = self.spec
        aid = acct["id"]
        self._role_defs(aid, ACCOUNT_ROLES)
        self._assignments(seed, ("acct", k), aid, ACCOUNT_ROLES, sp["assignments"])
        self._tenants(seed, k, aid)
        profiles = self.col(aid + "/billingProfiles")
        sections = []
        for p in range(sp["profiles"]):
            prof = self._profile(seed, k, p, aid)
            profiles.put(prof)
            pid = prof["id"]
            self._role_defs(pid, PROFILE_ROLES)
            self._assignments(seed, ("prof", k, p), pid, PROFILE_ROLES, sp["profile_assignments"])
            secs = self.col(pid + "/invoiceSections")
            for s in range(sp["sections"]):
                sec = self._section(seed, k, p, s, pid)
                secs.put(sec)
                sections.append((prof, sec))
                self._role_defs(sec["id"], SECTION_ROLES)
                self._assignments(seed, ("sec", k, p, s), sec["id"], SECTION_ROLES, sp["section_assignments"])
                self.view(sec["id"] + "/billingSubscriptions", aid + "/billingSubscriptions",
                          "invoiceSectionId", sec["id"])
            self.view(pid + "/billingSubscriptions", aid + "/billingSubscriptions", "billingProfileId", pid)
            self.view(pid + "/invoices", aid + "/invoices", "billingProfileId", pid)
        self._subscriptions(seed, k, aid, sections)
        self._invoices(seed, k, aid, [p for p in profiles.slots])
        self.view(aid + "/billingRequests", BILLING + "/billingRequests", "billingAccountId", aid)

    def view(self, path, source, prop, value):
        self.views[key_of(path)] = (key_of(source), PropPred(prop, value))

    def _profile(self, seed, k, p, aid):
        name = code(seed, "profile", k, p)
        addr = {"addressLine1": "%d Main Street" % (p + 1), "city": "Redmond", "companyName": "Contoso",
                "country": "US", "postalCode": "98052", "region": "WA", "email": "billing@contoso.com"}
        return {
            "id": "%s/billingProfiles/%s" % (aid, name), "name": name,
            "type": "Microsoft.Billing/billingAccounts/billingProfiles",
            "properties": {"billTo": addr, "shipTo": dict(addr), "soldTo": dict(addr), "currency": "USD",
                           "displayName": "Billing profile %d" % (p + 1), "hasReadAccess": True,
                           "invoiceDay": 5, "invoiceEmailOptIn": True,
                           "invoiceRecipients": ["billing@contoso.com"], "status": "Active",
                           "systemId": code(seed, "profile-system", k, p)},
        }

    def _section(self, seed, k, p, s, pid):
        name = code(seed, "section", k, p, s)
        return {
            "id": "%s/invoiceSections/%s" % (pid, name), "name": name,
            "type": "Microsoft.Billing/billingAccounts/billingProfiles/invoiceSections",
            "properties": {"displayName": "Invoice section %d.%d" % (p + 1, s + 1), "state": "Active",
                           "systemId": code(seed, "section-system", k, p, s), "tags": {"costCategory": "IT"}},
        }

    def _role_defs(self, scope, roles):
        c = self.col(scope + "/billingRoleDefinitions")
        kind = scope.rstrip("/").rsplit("/", 2)[-2]
        for gid, name, actions in roles:
            c.put({
                "id": "%s/billingRoleDefinitions/%s" % (scope, gid), "name": gid,
                "type": "Microsoft.Billing/billingAccounts/%sbillingRoleDefinitions" % (
                    "" if kind == "billingAccounts" else kind + "/"),
                "properties": {"roleName": name, "description": "The %s role." % name,
                               "permissions": [{"actions": ["Microsoft.Billing/%s" % a for a in actions]}]},
            })

    def _assignments(self, seed, where, scope, roles, n):
        def role_of(i):
            return roles[i % len(roles)][0]

        def principal(i):
            return guid(seed, "user", i)

        def name_of(i):
            return "%s_%s" % (role_of(i), principal(i))

        tenant = guid(seed, "directory")

        def build(r, p, i):
            return assignment_object(scope, r, p, tenant, "user%s@contoso.com" % i, "User %s" % i)

        def fields(i):
            return {"r": role_of(i), "p": principal(i), "i": i}
        self.col(scope + "/billingRoleAssignments", None, name_of, n, build=build, fields=fields)

    def _tenants(self, seed, k, aid):
        active, revoked = self.spec["tenants"], self.spec["revoked_tenants"]

        def name_of(i):
            return guid(seed, "tenant", k, i)

        def fields(i):
            return {"t": name_of(i), "n": i + 1, "b": "Revoked" if i >= active else "Active",
                    "p": "NotRequested" if i % 3 else "Active"}

        def build(t, n, b, p):
            return {"id": "%s/associatedTenants/%s" % (aid, t), "name": t,
                    "type": "Microsoft.Billing/billingAccounts/associatedTenants",
                    "properties": {"displayName": "Tenant %s" % n, "tenantId": t,
                                   "billingManagementState": b, "provisioningManagementState": p}}
        self.col(aid + "/associatedTenants", None, name_of, active + revoked, build=build, fields=fields,
                 field_props={"billingManagementState": "b"})

    def _subscriptions(self, seed, k, aid, sections):
        def name_of(i):
            return guid(seed, "subscription", k, i)

        def make(i):
            prof, sec = sections[i % len(sections)] if sections else ({"id": "", "properties": {}},) * 2
            s = name_of(i)
            sid = "%s/billingSubscriptions/%s" % (aid, s)
            return {"id": sid, "name": s, "type": "Microsoft.Billing/billingAccounts/billingSubscriptions",
                    "properties": {"billingProfileId": prof["id"],
                                   "billingProfileDisplayName": prof["properties"].get("displayName"),
                                   "displayName": "Subscription %d" % (i + 1),
                                   "invoiceSectionId": sec["id"],
                                   "invoiceSectionDisplayName": sec["properties"].get("displayName"),
                                   "skuId": "0001", "skuDescription": "Microsoft Azure Plan",
                                   "resourceUri": sid, "status": "Active", "subscriptionId": s}}
        self.col(aid + "/billingSubscriptions", make, name_of, self.spec["subscriptions"])

    def _invoices(self, seed, k, aid, profiles):
        per = self.spec["invoices"]

        def name_of(i):
            return "G%09d" % (int(hashlib.md5(("%s:inv:%d:%d" % (seed, k, i)).encode()).hexdigest()[:8], 16) % 10 ** 9)

        def make(i):
            prof = profiles[i // per] if profiles else {"id": "", "properties": {}}
            month = 11 - (i % per)
            year = 2026 + (month - 1) // 12
            month = (month - 1) % 12 + 1
            n = name_of(i)
            amount = round(100 + (i * 37.5) % 900, 2)
            return {"id": "%s/invoices/%s" % (aid, n), "name": n, "type": "Microsoft.Billing/billingAccounts/invoices",
                    "properties": {"amountDue": {"currency": "USD", "value": 0.0 if i % per else amount},
                                   "billedAmount": {"currency": "USD", "value": amount},
                                   "billingProfileId": prof["id"],
                                   "billingProfileDisplayName": prof["properties"].get("displayName"),
                                   "invoiceDate": "%04d-%02d-05T00:00:00.0000000Z" % (year, month),
                                   "dueDate": "%04d-%02d-05T00:00:00.0000000Z" % (year + month // 12, month % 12 + 1),
                                   "invoicePeriodStartDate": "%04d-%02d-01T00:00:00.0000000Z" % (year, month),
                                   "invoicePeriodEndDate": "%04d-%02d-28T00:00:00.0000000Z" % (year, month),
                                   "status": "Due" if i % per == 0 else "Paid", "invoiceType": "AzureServices",
                                   "documentType": "Invoice",
                                   "documents": [{"kind": "Invoice", "name": n + "-invoice",
                                                  "documentNumbers": [n]}]}}
        self.col(aid + "/invoices", make, name_of, per * len(profiles))

    def _requests_gen(self, seed):
        per = self.spec["requests"]
        accounts = [self._account(seed, k) for k in range(self.spec["accounts"])]

        def name_of(i):
            return guid(seed, "request", i)

        def make(i):
            acct = accounts[i // per] if per else accounts[0]
            k = i // per if per else 0
            pname = code(seed, "profile", k, 0)
            pid = "%s/billingProfiles/%s" % (acct["id"], pname)
            n = name_of(i)
            status = "Pending" if i % 4 != 3 else "Approved"
            return {"id": "%s/billingRequests/%s" % (BILLING, n), "name": n,
                    "type": "Microsoft.Billing/billingRequests",
                    "properties": {"additionalInformation": {"RoleId": PROFILE_ROLES[2][0]},
                                   "billingAccountId": acct["id"], "billingAccountName": acct["name"],
                                   "billingAccountDisplayName": acct["properties"]["displayName"],
                                   "billingProfileId": pid, "billingProfileName": pname,
                                   "billingProfileDisplayName": "Billing profile 1",
                                   "createdBy": {"upn": "user%d@contoso.com" % (i + 1)},
                                   "creationDate": "2026-11-%02dT09:00:00Z" % (i % 28 + 1),
                                   "expirationDate": "2026-12-%02dT09:00:00Z" % (i % 28 + 1),
                                   "requestScope": pid, "status": status, "type": "RoleAssignment",
                                   "lastUpdatedBy": {"upn": "user%d@contoso.com" % (i + 1)},
                                   "lastUpdatedDate": "2026-11-%02dT09:00:00Z" % (i % 28 + 1)}}
        return make, name_of, per * self.spec["accounts"]

    def _stack(self, seed):
        sp = self.spec
        sub = sp["stack_subscription"] or guid(seed, "stack-subscription")
        base = "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.AzureStack/registrations" % (
            sub, sp["stack_resource_group"])
        regs = self.col(base)
        for r in range(sp["registrations"]):
            rname = "registration%d" % (r + 1)
            regs.put({"id": "%s/%s" % (base, rname), "name": rname, "type": "Microsoft.AzureStack/registrations",
                      "location": "global", "etag": guid(seed, "reg-etag", r),
                      "properties": {"objectId": guid(seed, "reg-object", r), "cloudId": guid(seed, "cloud", r),
                                     "billingModel": "PayAsYouUse"}})
            self._customer_subs(seed, r, "%s/%s" % (base, rname), rname)

    def _customer_subs(self, seed, r, rid, rname):
        def name_of(i):
            return guid(seed, "customer-sub", r, i).upper()

        def make(i):
            n = name_of(i)
            return stack_object(rid, rname, n, guid(seed, "customer-tenant", r, i))
        self.col(rid + "/customerSubscriptions", make, name_of, self.spec["customer_subscriptions"])

    def _directory(self, seed):
        sp = self.spec
        members, guests = sp["users"], sp["guests"]
        domain = "contoso.onmicrosoft.com"

        def name_of(i):
            return guid(seed, "user", i)

        def make(i):
            if i < members:
                upn = "user%d@%s" % (i, domain)
                return {"id": name_of(i), "displayName": "User %d" % i, "userPrincipalName": upn,
                        "mail": "user%d@contoso.com" % i, "businessPhones": [], "userType": "Member", "externalUserState": None,
                        "accountEnabled": True}
            g = i - members
            mail = "guest%d@fabrikam.com" % g
            return {"id": name_of(i), "displayName": "Guest %d" % g,
                    "userPrincipalName": "%s#EXT#@%s" % (mail.replace("@", "_"), domain), "mail": mail,
                    "businessPhones": [], "userType": "Guest", "externalUserState": "PendingAcceptance" if g % 2 == 0 else "Accepted",
                    "accountEnabled": True}
        users = Collection(make, name_of, members + guests)
        admins = [users.get(name_of(i)) for i in range(min(sp["admins"], members + guests))]
        roles = [
            {"id": guid(seed, "dirrole", "ga"), "displayName": "Global Administrator",
             "description": "Can manage all aspects of Microsoft Entra ID.", "roleTemplateId": GLOBAL_ADMIN_TEMPLATE,
             "members": [u["id"] for u in admins]},
            {"id": guid(seed, "dirrole", "ba"), "displayName": "Billing Administrator",
             "description": "Can perform common billing related tasks.", "roleTemplateId": BILLING_ADMIN_TEMPLATE,
             "members": []},
        ]
        domains = sp["domains"] or [
            {"id": domain, "isVerified": True, "isDefault": False, "isInitial": True},
            {"id": "contoso.com", "isVerified": True, "isDefault": True, "isInitial": False},
            {"id": "pending.contoso.com", "isVerified": False, "isDefault": False, "isInitial": False},
        ]
        for d in domains:
            d.setdefault("authenticationType", "Managed")
        self.graph = {"users": users, "roles": roles, "domains": domains,
                      "policy": {"id": "authorizationPolicy", "displayName": "Authorization Policy",
                                 "allowInvitesFrom": sp["allow_invites_from"],
                                 "allowedToSignUpEmailBasedSubscriptions": True,
                                 "allowEmailVerifiedUsersToJoinOrganization": False,
                                 "guestUserRoleId": "10dae51f-b6af-4016-8d66-8c2a99b929b3"},
                      "domain": domain,
                      # The primary billing tenant of the first account.
                      "organization": {"id": guid(seed, "primary-tenant", 0), "displayName": "Contoso",
                                       "tenantType": "AAD"}}

    # -- reading ---------------------------------------------------------
    def lookup(self, path):
        """The object at ARM path (under its collection or a view of it),
        or None."""
        listing = self.listing(parent(path))
        if listing is None:
            return None
        obj = listing[0].get(last(path))
        return obj if obj is not None and (listing[1] is None or listing[1](obj)) else None

    def listing(self, path):
        """(collection, predicate) for a list path, or None."""
        k = key_of(path)
        if k in self.cols:
            return self.cols[k], None
        if k in self.views:
            src, pred = self.views[k]
            c = self.cols.get(src)
            return (c, pred) if c is not None else None
        return None

    # -- changes a test asks for (POST /_state) ---------------------------
    def apply_state(self, patch):
        for obj in patch.get("put", []):
            if not isinstance(obj, dict) or "id" not in obj:
                raise ValueError("each object to put needs an id")
            self.collection(parent(obj["id"]), create=True).put(copy.deepcopy(obj))
        for ch in patch.get("patch", []):
            c = self.collection(parent(ch["id"]))
            o = c.materialize(last(ch["id"])) if c else None
            if o is None:
                raise ValueError("no object %s to patch" % ch["id"])
            merge(o, {k: v for k, v in ch.items() if k != "id"})
        for oid in patch.get("remove", []):
            c = self.collection(parent(oid))
            if c is None or not c.remove(last(oid)):
                raise ValueError("no object %s to remove" % oid)


def merge(dst, src):
    """Merges src into dst, recursively for objects (a JSON merge patch,
    where null removes a key)."""
    for k, v in src.items():
        if v is None:
            dst.pop(k, None)
        elif isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge(dst[k], v)
        else:
            dst[k] = copy.deepcopy(v)


def assignment_object(scope, role_guid, principal, tenant, email, display, created="2026-11-02T10:00:00.0000000Z"):
    name = "%s_%s" % (role_guid, principal)
    parts = scope.split("/")
    kinds = [parts[i] for i in range(3, len(parts), 2)]
    return {"id": "%s/billingRoleAssignments/%s" % (scope, name), "name": name,
            "type": "Microsoft.Billing/%s/billingRoleAssignments" % "/".join(kinds),
            "properties": {"createdOn": created, "createdByPrincipalTenantId": tenant,
                           "createdByPrincipalId": guid("creator", tenant), "principalId": principal,
                           "principalTenantId": tenant, "principalType": "User", "principalDisplayName": display,
                           "userEmailAddress": email,
                           "roleDefinitionId": "%s/billingRoleDefinitions/%s" % (scope, role_guid),
                           "scope": scope}}


def stack_object(rid, rname, name, tenant):
    return {"id": "%s/customerSubscriptions/%s" % (rid, name), "name": "%s/%s" % (rname, name),
            "type": "Microsoft.AzureStack/registrations/customerSubscriptions",
            "properties": {"tenantId": tenant}}


def load_data(data):
    """What --data holds (a JSON file, or world.json in a directory), as a
    state patch: {"world": spec, "put": [...], ...}, or a bare spec."""
    if not data:
        return {}
    path = os.path.join(data, "world.json") if os.path.isdir(data) else data
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        d = json.load(f)
    return d if set(d) & {"world", "put", "patch", "remove"} else {"world": d}


def of(server):
    """The server's world, built from --data on first use."""
    w = getattr(server, "world", None)
    if w is None:
        with server.lock:
            w = getattr(server, "world", None)
            if w is None:
                d = load_data(server.data_dir)
                w = World(d.get("world"))
                w.apply_state(d)
                server.world = w
    return w


def on_state(server, patch):
    """POST /_state: {"world": spec} rebuilds the world; put/patch/remove
    change objects in it."""
    if "world" in patch:
        if not isinstance(patch["world"], dict):
            raise ValueError("world must be an object")
        server.world = World(patch["world"])
    w = of(server)
    with w.lock:
        w.apply_state(patch)


def error(status, code, message, headers=None):
    """ARM's (and Graph's) error answer."""
    return status, dict(headers or {}), {"error": {"code": code, "message": message}}


def auth_error(server, req, api):
    """None when req carries the bearer token api ("arm" or "graph") wants,
    else the 401 that service answers. POST /_state {"required_token": T}
    (ARM) or {"graph_required_token": T} makes any other token wrong."""
    auth = req.headers.get("Authorization") or ""
    token = auth[7:].strip() if auth[:7].lower() == "bearer " else ""
    hdr = {"WWW-Authenticate": 'Bearer authorization_uri="%s", error="invalid_token"' % server.base}
    if not token:
        if api == "graph":
            return error(401, "InvalidAuthenticationToken", "Access token is empty.", hdr)
        return error(401, "AuthenticationFailed",
                     "Authentication failed. The 'Authorization' header is missing.", hdr)
    want = server.state.get("required_token" if api == "arm" else "graph_required_token")
    if want and token != want:
        return error(401, "InvalidAuthenticationToken", "The access token is invalid.", hdr)
    return None


def guarded(api, check=None):
    """A decorator: handler(server, world, req, match) behind the bearer
    check of api ("arm" or "graph") and check(req) (an error answer or
    None), under the world's lock."""
    def deco(handler):
        def wrapped(server, req, m):
            e = auth_error(server, req, api) or (check(req) if check else None)
            if e:
                return e
            w = of(server)
            with w.lock:
                return handler(server, w, req, m)
        return wrapped
    return deco
