"""ARM: Microsoft.Billing (api-version 2024-04-01) and Microsoft.AzureStack
(2022-06-01) over the world of world.py.

Every route wants a bearer token (world.auth_error) and the right
api-version (400 MissingApiVersionParameter / InvalidApiVersionParameter
otherwise). GET of any collection path lists it in pages with an absolute
nextLink holding a $skiptoken (page size: POST /_state {"page_size": N},
default 50, or $top); GET of an object's ID returns it; 404 answers ARM's
{"error": {"code", "message"}}.

Writes change the world, so a later listing shows them. The long-running
ones (createBillingRoleAssignment, PUT of a billing profile or invoice
section, a subscription move, an invoice download, and the tenant PUT and
DELETE when {"async": {"tenant_put": true, "tenant_delete": true}}) answer
201/202 with Location (an operationResults URL) and Retry-After
({"retry_after": "0"} by default); the operation answers 202
{"lro_polls": 1} times, then 200 with the result. The change is made when
the operation is accepted, as if the service finished it at once, or at the
last poll with {"lro_apply": "complete"}.

State knobs (POST /_state): page_size, lro_polls, retry_after, lro_apply,
async, empty_last_page (a last page with no objects, as ARM sometimes
sends), stack_put_empty_ids (the PUT of a customer subscription answers
empty id/name/type, as the published example does).
"""
import os
import sys
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world as W  # noqa: E402

BILLING_VERSION = "2024-04-01"
STACK_VERSION = "2022-06-01"
A = r"(?i)/providers/Microsoft\.Billing/billingAccounts/(?P<a>[^/]+)"
P = A + r"/billingProfiles/(?P<p>[^/]+)"
S = P + r"/invoiceSections/(?P<s>[^/]+)"
SCOPE = r"(?i)(?P<scope>/providers/Microsoft\.Billing/billingAccounts/[^/]+(?:/billingProfiles/[^/]+(?:/invoiceSections/[^/]+)?)?)"
STACK = r"(?i)(?P<reg>/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.AzureStack/registrations/(?P<r>[^/]+))"
ASYNC_DEFAULTS = {"tenant_put": False, "tenant_delete": False, "download": True}

on_state = W.on_state


def version_error(req):
    want = STACK_VERSION if "/microsoft.azurestack/" in req.path.lower() else BILLING_VERSION
    got = req.query.get("api-version")
    if got is None:
        return W.error(400, "MissingApiVersionParameter",
                       "The api-version query parameter (?api-version=) is required for all requests.")
    if got != want:
        return W.error(400, "InvalidApiVersionParameter",
                       "The api-version '%s' is invalid. The supported versions are '%s'." % (got, want))
    return None


def arm(handler):
    """handler(server, world, req, match), behind the token and api-version
    checks, under the world's lock."""
    def wrapped(server, req, m):
        e = W.auth_error(server, req, "arm") or version_error(req)
        if e:
            return e
        w = W.of(server)
        with w.lock:
            return handler(server, w, req, m)
    return wrapped


def not_found(path):
    code = "ResourceNotFound" if "/microsoft.azurestack/" in path.lower() else "NotFound"
    return W.error(404, code, "The resource '%s' was not found." % path)


def knob(server, name, default):
    return server.state.get(name, default)


# -- listing -----------------------------------------------------------------
def filters(req, path, pred):
    """The query's filters on top of a view's predicate."""
    preds = [pred] if pred else []
    low = path.lower()
    if low.endswith("/associatedtenants") and req.query.get("includeRevoked", "false").lower() != "true":
        preds.append(lambda o: o["properties"].get("billingManagementState") != "Revoked")
    if low.endswith("/invoices"):
        start, end = req.query.get("periodStartDate"), req.query.get("periodEndDate")
        if start:
            preds.append(lambda o: o["properties"].get("invoiceDate", "")[:10] >= start[:10])
        if end:
            preds.append(lambda o: o["properties"].get("invoiceDate", "")[:10] <= end[:10])
    if not preds:
        return None
    return preds[0] if len(preds) == 1 else (lambda o: all(p(o) for p in preds))


def next_link(server, req, slot):
    q = dict(req.query)
    q["$skiptoken"] = "p%d" % slot
    return server.base + req.path + "?" + urlencode(q, safe="$:")


def list_page(server, req, col, pred, link=next_link, value="value", next_name="nextLink"):
    """One page of col from the request's $skiptoken, with the link to the
    next page when there is one."""
    tok = req.query.get("$skiptoken", "p0")
    if not (tok[:1] == "p" and tok[1:].isdigit()):
        return W.error(400, "InvalidSkipToken", "The skip token '%s' is not valid." % tok)
    size = int(knob(server, "page_size", 50))
    if req.query.get("$top", "").isdigit():
        size = max(1, min(size, int(req.query["$top"])))
    start = int(tok[1:])
    items, nxt = col.page(start, size, pred)
    body = {value: items}
    if nxt is None and items and knob(server, "empty_last_page", False):
        nxt = len(col.slots)
    if nxt is not None:
        body[next_name] = link(server, req, nxt)
    return 200, {}, body


@arm
def get_any(server, w, req, m):
    listing = w.listing(req.path)
    if listing:
        col, pred = listing
        return list_page(server, req, col, filters(req, req.path, pred))
    obj = w.lookup(req.path)
    return (200, {}, obj) if obj is not None else not_found(req.path)


# -- long-running operations ---------------------------------------------------
def start_op(server, w, account, kind, apply, status=202, body=None):
    """Registers an operation whose result is apply() (status, body) and
    answers status with Location and Retry-After."""
    w.op_seq += 1
    name = "%s_%s" % (kind, W.guid("op", w.op_seq, kind))
    op = {"polls": int(knob(server, "lro_polls", 1)), "apply": apply, "result": None}
    if knob(server, "lro_apply", "accept") != "complete":
        op["result"] = apply()
    w.ops[name.lower()] = op
    loc = "%s/providers/Microsoft.Billing/billingAccounts/%s/operationResults/%s?api-version=%s" % (
        server.base, account, name, BILLING_VERSION)
    hdr = {"Location": loc, "Retry-After": str(knob(server, "retry_after", "0"))}
    return status, hdr, body if body is not None else b""


@arm
def get_op(server, w, req, m):
    op = w.ops.get(m.group("op").lower())
    if op is None:
        return not_found(req.path)
    if op["polls"] > 0:
        op["polls"] -= 1
        return 202, {"Location": server.base + req.raw_path,
                     "Retry-After": str(knob(server, "retry_after", "0"))}, b""
    if op["result"] is None:
        op["result"] = op["apply"]()
    return op["result"]


def is_async(server, kind):
    a = dict(ASYNC_DEFAULTS)
    a.update(knob(server, "async", {}))
    return a.get(kind, False)


# -- associated tenants --------------------------------------------------------
@arm
def put_tenant(server, w, req, m):
    aid = "/providers/Microsoft.Billing/billingAccounts/" + m.group("a")
    if w.lookup(aid) is None:
        return not_found(aid)
    props = (req.json or {}).get("properties")
    if not isinstance(props, dict):
        return W.error(400, "InvalidRequestContent", "The request body must hold properties.")
    col = w.collection(aid + "/associatedTenants", create=True)
    name = m.group("t")
    old = col.get(name)
    obj = W.copy.deepcopy(old) if old else {
        "id": "%s/associatedTenants/%s" % (w.lookup(aid)["id"], name), "name": name,
        "type": "Microsoft.Billing/billingAccounts/associatedTenants",
        "properties": {"tenantId": name, "billingManagementState": "Active",
                       "provisioningManagementState": "NotRequested"}}
    W.merge(obj["properties"], {k: v for k, v in props.items() if k != "tenantId"})
    if obj["properties"].get("provisioningManagementState") == "Pending":
        obj["properties"]["provisioningBillingRequestId"] = "/providers/Microsoft.Billing/billingRequests/" + W.guid(
            "provisioning", name)

    def apply():
        col.put(obj)
        return 200, {}, obj
    if is_async(server, "tenant_put"):
        return start_op(server, w, m.group("a"), "putAssociatedTenant", apply, 201, obj)
    apply()
    return (200 if old else 201), {}, obj


@arm
def delete_tenant(server, w, req, m):
    col = w.collection("/providers/Microsoft.Billing/billingAccounts/%s/associatedTenants" % m.group("a"))
    if col is None or col.get(m.group("t")) is None:
        return 204, {}, b""

    def apply():
        col.remove(m.group("t"))
        return 200, {}, b""
    if is_async(server, "tenant_delete"):
        return start_op(server, w, m.group("a"), "deleteAssociatedTenant", apply)
    return apply()


# -- role assignments ----------------------------------------------------------
@arm
def create_assignment(server, w, req, m):
    scope_obj = w.lookup(m.group("scope"))
    if scope_obj is None:
        return not_found(m.group("scope"))
    scope = scope_obj["id"]
    body = req.json or {}
    role = W.last(str(body.get("roleDefinitionId") or ""))
    defs = w.collection(scope + "/billingRoleDefinitions")
    if not role or defs is None or defs.get(role) is None:
        return W.error(400, "InvalidRoleDefinitionId",
                       "The role definition '%s' does not exist at this scope." % body.get("roleDefinitionId"))
    email = body.get("userEmailAddress")
    principal = body.get("principalId") or (W.guid("principal", email.lower()) if email else None)
    if not principal:
        return W.error(400, "InvalidRequestContent", "principalId or userEmailAddress is required.")
    account = scope.split("/")[4]
    tenant = body.get("principalTenantId") or w.lookup(
        "/providers/Microsoft.Billing/billingAccounts/" + account)["properties"].get("primaryBillingTenantId")
    obj = W.assignment_object(scope, defs.get(role)["name"], principal, tenant, email, email or principal,
                              "2026-12-02T12:00:00.0000000Z")
    col = w.collection(scope + "/billingRoleAssignments", create=True)

    def apply():
        old = col.get(obj["name"])
        if old is None:
            col.put(obj)
        return 200, {}, old or obj
    return start_op(server, w, account, "createBillingRoleAssignment", apply)


@arm
def delete_assignment(server, w, req, m):
    col = w.collection(m.group("scope") + "/billingRoleAssignments")
    if col is None or not col.remove(m.group("n")):
        return 204, {}, b""
    return 200, {}, b""


# -- billing requests ----------------------------------------------------------
@arm
def put_request(server, w, req, m):
    props = (req.json or {}).get("properties")
    if not isinstance(props, dict):
        return W.error(400, "InvalidRequestContent", "The request body must hold properties.")
    col = w.collection("/providers/Microsoft.Billing/billingRequests", create=True)
    name = m.group("n")
    old = col.materialize(name)
    status = props.get("status")
    if old is not None:
        cur = old["properties"].get("status")
        if status and status != cur and cur != "Pending":
            return W.error(400, "InvalidBillingRequestStatus",
                           "The billing request is %s and can no longer be changed." % cur)
        W.merge(old["properties"], {k: v for k, v in props.items() if k in ("status", "decisionReason")})
        old["properties"]["lastUpdatedDate"] = "2026-12-02T12:00:00Z"
        if status in ("Approved", "Declined"):
            old["properties"]["reviewalDate"] = "2026-12-02T12:00:00Z"
        return 200, {}, old
    scope = props.get("requestScope") or ""
    acct = "/".join(scope.split("/")[:5])
    obj = {"id": "/providers/Microsoft.Billing/billingRequests/" + name, "name": name,
           "type": "Microsoft.Billing/billingRequests",
           "properties": dict(props, status=status or "Pending", billingAccountId=acct,
                              creationDate="2026-12-02T12:00:00Z", lastUpdatedDate="2026-12-02T12:00:00Z")}
    col.put(obj)
    return 201, {}, obj


# -- Azure Stack customer subscriptions ----------------------------------------
@arm
def put_customer_sub(server, w, req, m):
    reg = w.lookup(m.group("reg"))
    if reg is None:
        return not_found(m.group("reg"))
    props = (req.json or {}).get("properties") or {}
    col = w.collection(reg["id"] + "/customerSubscriptions", create=True)
    obj = W.stack_object(reg["id"], reg["name"], m.group("c"), props.get("tenantId"))
    W.merge(obj["properties"], props)
    col.put(obj)
    if knob(server, "stack_put_empty_ids", False):
        return 200, {}, dict(obj, id="", name="", type="")
    return 200, {}, obj


@arm
def delete_customer_sub(server, w, req, m):
    col = w.collection(m.group("reg") + "/customerSubscriptions")
    if col is None or not col.remove(m.group("c")):
        return 204, {}, b""
    return 200, {}, b""


# -- billing profiles and invoice sections ----------------------------------
def put_container(server, w, req, parent_path, name, kind, typ, roles, account, add_views):
    props = (req.json or {}).get("properties")
    if not isinstance(props, dict) or not props.get("displayName"):
        return W.error(400, "InvalidRequestContent", "The request body must hold properties.displayName.")
    parent_obj = w.lookup(parent_path)
    if parent_obj is None:
        return not_found(parent_path)
    col = w.collection(parent_obj["id"] + "/" + kind, create=True)
    old = col.get(name)
    obj = W.copy.deepcopy(old) if old else {
        "id": "%s/%s/%s" % (parent_obj["id"], kind, name), "name": name, "type": typ,
        "properties": {"status": "Active"} if kind == "billingProfiles" else {"state": "Active"}}
    W.merge(obj["properties"], props)

    def apply():
        new = col.put(obj)
        if new:
            w._role_defs(obj["id"], roles)
            w.collection(obj["id"] + "/billingRoleAssignments", create=True)
            add_views(obj)
        return 200, {}, obj
    return start_op(server, w, account, "put" + kind[:-1], apply, 201 if old is None else 200, obj)


@arm
def put_profile(server, w, req, m):
    aid = "/providers/Microsoft.Billing/billingAccounts/" + m.group("a")

    def views(obj):
        w.collection(obj["id"] + "/invoiceSections", create=True)
        w.view(obj["id"] + "/billingSubscriptions", aid + "/billingSubscriptions", "billingProfileId", obj["id"])
        w.view(obj["id"] + "/invoices", aid + "/invoices", "billingProfileId", obj["id"])
    return put_container(server, w, req, aid, m.group("p"), "billingProfiles",
                         "Microsoft.Billing/billingAccounts/billingProfiles", W.PROFILE_ROLES, m.group("a"), views)


@arm
def put_section(server, w, req, m):
    aid = "/providers/Microsoft.Billing/billingAccounts/" + m.group("a")

    def views(obj):
        w.view(obj["id"] + "/billingSubscriptions", aid + "/billingSubscriptions", "invoiceSectionId", obj["id"])
    return put_container(server, w, req, "%s/billingProfiles/%s" % (aid, m.group("p")), m.group("s"),
                         "invoiceSections", "Microsoft.Billing/billingAccounts/billingProfiles/invoiceSections",
                         W.SECTION_ROLES, m.group("a"), views)


# -- subscription moves and invoice documents -------------------------------
@arm
def move_subscription(server, w, req, m):
    sub_path = "/providers/Microsoft.Billing/billingAccounts/%s/billingSubscriptions/%s" % (m.group("a"), m.group("b"))
    col = w.collection(W.parent(sub_path))
    if col is None or col.get(m.group("b")) is None:
        return not_found(sub_path)
    dest = str((req.json or {}).get("destinationInvoiceSectionId") or "")
    sec = w.lookup(dest) if dest else None
    if sec is None:
        return W.error(400, "InvalidDestinationInvoiceSection",
                       "The destination invoice section '%s' does not exist." % dest)
    prof = w.lookup(W.parent(W.parent(sec["id"])))

    def apply():
        sub = col.materialize(m.group("b"))
        W.merge(sub["properties"], {"invoiceSectionId": sec["id"],
                                    "invoiceSectionDisplayName": sec["properties"].get("displayName"),
                                    "billingProfileId": prof["id"],
                                    "billingProfileDisplayName": prof["properties"].get("displayName")})
        return 200, {}, sub
    return start_op(server, w, m.group("a"), "moveBillingSubscription", apply)


@arm
def download_invoice(server, w, req, m):
    path = "/providers/Microsoft.Billing/billingAccounts/%s/invoices/%s" % (m.group("a"), m.group("i"))
    inv = w.lookup(path)
    if inv is None:
        return not_found(path)
    token = W.guid("document", inv["id"], req.query.get("documentName", ""))
    w.docs[token] = inv["name"]
    result = {"expiryTime": "2026-12-02T13:00:00Z", "url": "%s/documents/%s.pdf" % (server.base, token)}
    if is_async(server, "download"):
        return start_op(server, w, m.group("a"), "downloadInvoice", lambda: (200, {}, result))
    return 200, {}, result


def get_document(server, req, m):
    """The document bytes, as a storage URL gives them: no bearer token."""
    w = W.of(server)
    name = w.docs.get(m.group(1))
    if name is None:
        return 404, {"Content-Type": "application/xml"}, "<Error><Code>BlobNotFound</Code></Error>"
    body = ("%%PDF-1.4\n%% fake-arm invoice %s\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n"
            % name).encode()
    return 200, {"Content-Type": "application/pdf"}, body


ROUTES = [
    ("GET", A + r"/operationResults/(?P<op>[^/]+)", get_op),
    ("PUT", A + r"/associatedTenants/(?P<t>[^/]+)", put_tenant),
    ("DELETE", A + r"/associatedTenants/(?P<t>[^/]+)", delete_tenant),
    ("POST", SCOPE + r"/createBillingRoleAssignment", create_assignment),
    ("DELETE", SCOPE + r"/billingRoleAssignments/(?P<n>[^/]+)", delete_assignment),
    ("PUT", r"(?i)/providers/Microsoft\.Billing/billingRequests/(?P<n>[^/]+)", put_request),
    ("PUT", STACK + r"/customerSubscriptions/(?P<c>[^/]+)", put_customer_sub),
    ("DELETE", STACK + r"/customerSubscriptions/(?P<c>[^/]+)", delete_customer_sub),
    ("PUT", P, put_profile),
    ("PUT", S, put_section),
    ("POST", A + r"/billingSubscriptions/(?P<b>[^/]+)/move", move_subscription),
    ("POST", A + r"(?:/billingProfiles/[^/]+)?/invoices/(?P<i>[^/]+)/download", download_invoice),
    ("GET", r"/documents/([0-9a-f-]+)\.pdf", get_document),
    ("GET", r"(?i)/providers/Microsoft\.Billing/.*", get_any),
    ("GET", r"(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\.AzureStack/.*", get_any),
]
