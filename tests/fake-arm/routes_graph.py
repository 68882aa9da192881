"""Microsoft Graph v1.0: the directory of the primary billing tenant, from
the world of world.py.

GET /v1.0/users (paged: $top, default {"graph_page_size": 100}, and an
absolute @odata.nextLink with a $skiptoken; userType and externalUserState
only when $select names them, as Graph does), /v1.0/directoryRoles,
/v1.0/directoryRoles/{id}/members and
/v1.0/directoryRoles(roleTemplateId='...')/members, /v1.0/domains,
/v1.0/organization (the signed-in tenant: the first account's primary
billing tenant, with its verified domains),
/v1.0/policies/authorizationPolicy (GET, and PATCH of allowInvitesFrom);
POST /v1.0/invitations adds a guest
(403 when the policy's allowInvitesFrom is "none").

POST /_state: {"graph_policy": {...}} merges into the authorization policy,
{"graph_users_put": [user]} adds or replaces users (by id),
{"graph_users_remove": [id]}, {"graph_domains": [...]} replaces the domains.
A bearer token is required ({"graph_required_token": T} to want one).
"""
import os
import sys
from urllib.parse import urlencode

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world as W  # noqa: E402

CTX = "https://graph.microsoft.com/v1.0/$metadata#"
DEFAULT_USER = ("id", "businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone",
                "officeLocation", "preferredLanguage", "surname", "userPrincipalName")


graph = W.guarded("graph")


def not_found(what):
    return W.error(404, "Request_ResourceNotFound",
                   "Resource '%s' does not exist or one of its queried reference-property objects are not present."
                   % what)


def shape(user, select):
    keys = [k.strip() for k in select.split(",")] if select else DEFAULT_USER
    return {k: user.get(k) for k in keys if k}


@graph
def users(server, w, req, m):
    col = w.graph["users"]
    tok = req.query.get("$skiptoken", "u0")
    if not (tok[:1] == "u" and tok[1:].isdigit()):
        return W.error(400, "Directory_ExpiredPageToken", "The specified page token value has expired.")
    size = int(server.state.get("graph_page_size", 100))
    if req.query.get("$top", "").isdigit():
        size = max(1, min(999, int(req.query["$top"])))
    items, nxt = col.page(int(tok[1:]), size)
    select = req.query.get("$select")
    body = {"@odata.context": CTX + "users", "value": [shape(u, select) for u in items]}
    if nxt is not None:
        q = dict(req.query)
        q["$skiptoken"] = "u%d" % nxt
        body["@odata.nextLink"] = server.base + req.path + "?" + urlencode(q, safe="$,")
    return 200, {}, body


def role_of(w, m):
    key = m.group("key")
    if key.lower().startswith("(roletemplateid="):
        tid = key[len("(roleTemplateId="):-1].strip("'\"").lower()
        return next((r for r in w.graph["roles"] if r["roleTemplateId"] == tid), None)
    rid = key[1:].lower()
    return next((r for r in w.graph["roles"] if r["id"] == rid), None)


def public_role(r):
    return {k: v for k, v in r.items() if k != "members"}


@graph
def roles(server, w, req, m):
    return 200, {}, {"@odata.context": CTX + "directoryRoles",
                     "value": [public_role(r) for r in w.graph["roles"]]}


@graph
def role(server, w, req, m):
    r = role_of(w, m)
    return (200, {}, dict(public_role(r), **{"@odata.context": CTX + "directoryRoles/$entity"})) if r \
        else not_found(m.group("key"))


@graph
def role_members(server, w, req, m):
    r = role_of(w, m)
    if r is None:
        return not_found(m.group("key"))
    users_col = w.graph["users"]
    out = []
    for uid in r["members"]:
        u = users_col.get(uid)
        if u is not None:
            out.append(dict(shape(u, req.query.get("$select")), **{"@odata.type": "#microsoft.graph.user"}))
    return 200, {}, {"@odata.context": CTX + "directoryObjects", "value": out}


@graph
def organization(server, w, req, m):
    org = dict(w.graph["organization"],
               verifiedDomains=[{"name": d["id"], "isDefault": d.get("isDefault", False),
                                 "isInitial": d.get("isInitial", False), "type": d.get("authenticationType")}
                                for d in w.graph["domains"] if d.get("isVerified")])
    select = req.query.get("$select")
    if select:
        org = {k: org.get(k) for k in (s.strip() for s in select.split(",")) if k}
    return 200, {}, {"@odata.context": CTX + "organization", "value": [org]}


@graph
def domains(server, w, req, m):
    return 200, {}, {"@odata.context": CTX + "domains", "value": w.graph["domains"]}


@graph
def policy(server, w, req, m):
    return 200, {}, dict(w.graph["policy"], **{"@odata.context": CTX + "policies/authorizationPolicy/$entity"})


INVITES_FROM = ("none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone")


@graph
def policy_patch(server, w, req, m):
    body = req.json or {}
    value = body.get("allowInvitesFrom")
    if value not in INVITES_FROM:
        return W.error(400, "Request_BadRequest", "Invalid value specified for property 'allowInvitesFrom'.")
    w.graph["policy"]["allowInvitesFrom"] = value
    return 204, {}, b""


@graph
def invite(server, w, req, m):
    body = req.json or {}
    email = body.get("invitedUserEmailAddress")
    if not email or "@" not in email or not body.get("inviteRedirectUrl"):
        return W.error(400, "BadRequest", "invitedUserEmailAddress and inviteRedirectUrl are required.")
    if w.graph["policy"].get("allowInvitesFrom") == "none":
        return W.error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")
    col = w.graph["users"]
    uid = W.guid("guest", email.lower())
    user = col.get(uid)
    if user is None:
        user = {"id": uid, "displayName": body.get("invitedUserDisplayName") or email,
                "userPrincipalName": "%s#EXT#@%s" % (email.replace("@", "_"), w.graph["domain"]),
                "mail": email, "userType": "Guest", "externalUserState": "PendingAcceptance",
                "accountEnabled": True}
        col.put(user)
    inv = {"@odata.context": CTX + "invitations/$entity", "id": W.guid("invitation", email.lower(), len(col.slots)),
           "inviteRedeemUrl": "https://login.microsoftonline.com/redeem?rd=" + uid,
           "invitedUserDisplayName": body.get("invitedUserDisplayName"),
           "invitedUserEmailAddress": email, "inviteRedirectUrl": body["inviteRedirectUrl"],
           "sendInvitationMessage": bool(body.get("sendInvitationMessage")),
           "invitedUserType": "Guest", "status": "PendingAcceptance",
           "invitedUser": {"id": uid}}
    return 201, {}, inv


def on_state(server, patch):
    w = W.of(server)
    with w.lock:
        if "graph_policy" in patch:
            W.merge(w.graph["policy"], patch["graph_policy"])
        for u in patch.get("graph_users_put", []):
            if not isinstance(u, dict) or not u.get("id"):
                raise ValueError("each user to put needs an id")
            w.graph["users"].put(dict(u))
        for uid in patch.get("graph_users_remove", []):
            if not w.graph["users"].remove(uid):
                raise ValueError("no user %s to remove" % uid)
        if "graph_domains" in patch:
            w.graph["domains"] = list(patch["graph_domains"])


ROLE = r"/v1\.0/directoryRoles(?P<key>/[^/()]+|\(roleTemplateId='?[0-9a-fA-F-]+'?\))"
ROUTES = [
    ("GET", r"/v1\.0/users", users),
    ("GET", r"/v1\.0/directoryRoles", roles),
    ("GET", ROLE, role),
    ("GET", ROLE + r"/members", role_members),
    ("GET", r"/v1\.0/domains", domains),
    ("GET", r"/v1\.0/organization", organization),
    ("GET", r"/v1\.0/policies/authorizationPolicy", policy),
    ("PATCH", r"/v1\.0/policies/authorizationPolicy", policy_patch),
    ("POST", r"/v1\.0/invitations", invite),
]
