"""The login endpoint's OpenID configuration, by domain or tenant ID, as
billcon's push resolves an associated tenant added by domain.

GET /{domain}/v2.0/.well-known/openid-configuration answers the issuer
https://login.microsoftonline.com/{tenant ID}/v2.0 for a domain POST /_state
{"openid_domains": {"domain": "tenant ID"}} names, else 400 with AADSTS90002
as Entra ID answers an unknown tenant.
"""


def openid(server, req, m):
    domain = m.group("d").lower()
    known = {k.lower(): v for k, v in (server.state.get("openid_domains") or {}).items()}
    tenant = known.get(domain)
    if tenant is None:
        return 400, {}, {"error": "invalid_tenant",
                         "error_description": "AADSTS90002: Tenant '%s' not found." % domain}
    base = "https://login.microsoftonline.com/%s" % tenant
    return 200, {}, {"issuer": base + "/v2.0", "token_endpoint": base + "/oauth2/v2.0/token",
                     "authorization_endpoint": base + "/oauth2/v2.0/authorize"}


ROUTES = [("GET", r"/(?P<d>[^/]+)/v2\.0/\.well-known/openid-configuration", openid)]
