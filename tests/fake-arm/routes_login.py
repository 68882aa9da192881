"""The login endpoint (Microsoft identity platform v2.0): the device code
flow, client credentials, refresh tokens and the OpenID configuration.

A test scripts it through POST /_state:
    "device": ["authorization_pending", "slow_down", "ok"]
        what each poll of the token endpoint answers, in order (then "ok");
        also authorization_declined, expired_token, bad_verification_code
    "upn": "ada@contoso.com"      the user a device sign-in signs in
    "client_secret": "s3cret"     the one secret client credentials accept
    "interval": 0                 the device code's polling interval (s)
    "token_lifetime": 3600        expires_in of every token (s)
    "revoked": true               refresh tokens are refused (invalid_grant)
    "domains": {"contoso.com": "TENANT-GUID"}   for the OpenID configuration
Tokens are unsigned JWTs (header.payload.sig) with upn (a user) or idtyp
"app" and appid (an application), aud, tid and exp.
"""
import base64
import itertools
import json
import re
import time

GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
DEFAULT_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
serial = itertools.count(1)


def b64url(data):
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def jwt(claims):
    return "%s.%s.fakesig" % (b64url({"alg": "none", "typ": "JWT"}), b64url(claims))


def tenant_of(server, name):
    if GUID.fullmatch(name):
        return name.lower()
    if name in ("organizations", "common"):
        return DEFAULT_TENANT
    return server.state.get("domains", {}).get(name.lower())


def oauth_error(code, description, status=400):
    return status, {}, {"error": code, "error_description": "%s Trace ID: fake" % description,
                        "error_codes": [70000]}


def token_answer(server, claims, scope, refresh=True):
    life = int(server.state.get("token_lifetime", 3600))
    now = int(time.time())
    n = next(serial)
    aud = "https://graph.microsoft.com" if "graph.microsoft.com" in scope else "https://management.azure.com"
    claims = dict(claims, aud=aud, iat=now, exp=now + life, uti="t%d" % n)
    out = {"token_type": "Bearer", "scope": scope, "expires_in": life, "ext_expires_in": life,
           "access_token": jwt(claims)}
    if refresh:
        rt = "rt-%d-%s" % (n, claims.get("upn", claims.get("appid", "")))
        with server.lock:
            server.state.setdefault("_refresh", {})[rt] = claims.get("upn")
        out["refresh_token"] = rt
    return 200, {}, out


def devicecode(server, req, match):
    tid = tenant_of(server, match.group(1))
    if not tid:
        return oauth_error("invalid_tenant", "AADSTS90002: Tenant '%s' not found." % match.group(1))
    if "client_id" not in req.form or "scope" not in req.form:
        return oauth_error("invalid_request", "AADSTS900144: client_id and scope are required.")
    n = next(serial)
    with server.lock:
        server.state.setdefault("_device", {})["dc-%d" % n] = tid
    return 200, {}, {"user_code": "FAKE%04d" % n, "device_code": "dc-%d" % n,
                     "verification_uri": server.base + "/devicelogin",
                     "expires_in": int(server.state.get("device_expires_in", 900)),
                     "interval": int(server.state.get("interval", 5)),
                     "message": "To sign in, use a web browser to open the page %s/devicelogin." % server.base}


def device_grant(server, req, tid):
    code = req.form.get("device_code", "")
    if code not in server.state.get("_device", {}):
        return oauth_error("bad_verification_code", "AADSTS70019: Verification code not recognised.")
    with server.lock:
        script = server.state.get("device") or ["ok"]
        outcome = script.pop(0) if len(script) > 1 else script[0]
        server.state["device"] = script
    if outcome != "ok":
        return oauth_error(outcome, "AADSTS70016: %s." % outcome)
    user = server.state.get("upn", "ada@contoso.com")
    return token_answer(server, {"upn": user, "name": "Fake User", "tid": tid, "idtyp": "user",
                                 "appid": req.form.get("client_id", "")}, req.form.get("scope", ""))


def token(server, req, match):
    tid = tenant_of(server, match.group(1))
    if not tid:
        return oauth_error("invalid_tenant", "AADSTS90002: Tenant '%s' not found." % match.group(1))
    grant = req.form.get("grant_type", "")
    scope = req.form.get("scope", "")
    if grant == "urn:ietf:params:oauth:grant-type:device_code":
        return device_grant(server, req, tid)
    if grant == "client_credentials":
        want = server.state.get("client_secret")
        if not want or req.form.get("client_secret") != want:
            return oauth_error("invalid_client", "AADSTS7000215: Invalid client secret provided.", 401)
        return token_answer(server, {"idtyp": "app", "appid": req.form.get("client_id", ""), "tid": tid},
                            scope, refresh=False)
    if grant == "refresh_token":
        rt = req.form.get("refresh_token", "")
        known = server.state.get("_refresh", {})
        if server.state.get("revoked") or rt not in known:
            return oauth_error("invalid_grant", "AADSTS700082: The refresh token has expired.")
        return token_answer(server, {"upn": known[rt], "tid": tid, "idtyp": "user",
                                     "appid": req.form.get("client_id", "")}, scope)
    return oauth_error("unsupported_grant_type", "AADSTS70003: unsupported grant %s." % grant)


def openid(server, req, match):
    tid = tenant_of(server, match.group(1))
    if not tid:
        return oauth_error("invalid_tenant", "AADSTS90002: Tenant '%s' not found." % match.group(1))
    base = "%s/%s" % (server.base, tid)
    return 200, {}, {"issuer": "%s/v2.0" % base,
                     "token_endpoint": "%s/oauth2/v2.0/token" % base,
                     "device_authorization_endpoint": "%s/oauth2/v2.0/devicecode" % base,
                     "tenant_region_scope": "EU"}


ROUTES = [
    ("POST", r"/([^/]+)/oauth2/v2\.0/devicecode", devicecode),
    ("POST", r"/([^/]+)/oauth2/v2\.0/token", token),
    ("GET", r"/([^/]+)/v2\.0/\.well-known/openid-configuration", openid),
]
