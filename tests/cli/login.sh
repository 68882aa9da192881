#!/bin/sh
# billcon login and logout against tests/fake-arm's login endpoint: the
# device code flow and each of its outcomes (message and exit code), client
# credentials from BILLCON_CLIENT_SECRET and from client_secret_file, a
# token file, login --status, logout; the token cache's mode and its
# refusal when others may read it; renewal before expiry; the fake's OpenID
# configuration; no token or secret in argv, stdout, stderr or any file but
# the cache.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/fakelib.sh"

# slow_down adds this many ms to the interval, not 5 s; the fake's
# interval is 0 s.
export BILLCON_SLOW_DOWN_MS=5
unset BILLCON_CLIENT_SECRET
SECRET=s3cret-XYZZY-4711
CLIENT=04b07795-8ddb-461a-bbee-02f9e1bf7b46
CACHE=$XDG_STATE_HOME/billcon/tokens
# What each poll of the token endpoint answers, for all the device sign-ins
# below in turn (one call: python3 is slow to start on a busy machine).
script='"authorization_pending", "slow_down", "authorization_pending", "ok",
	"authorization_pending", "authorization_declined", "authorization_pending", "expired_token",
	"authorization_pending", "bad_verification_code", "authorization_pending", "invalid_scope",
	"slow_down", "ok"'
fake_state "{\"interval\": 0, \"upn\": \"Ada@Contoso.com\", \"client_secret\": \"$SECRET\", \"device\": [$script]}"

# login: device code, billcon's own prompt, polls until done.
expect 0 login --login-endpoint "$FAKE"
err_has "^To sign in, open $FAKE/devicelogin and enter the code FAKE[0-9]*\$"
out_has "^Signed in as ada@contoso.com at $FAKE, tenant organizations"
fake_log >"$T/log"
[ "$(grep -c '"POST /organizations/oauth2/v2.0/token"' "$T/log")" = 5 ] ||
	fail "4 polls and a refresh for Graph were expected: $(cat "$T/log")"
grep devicecode "$T/log" | grep -q "offline_access" || fail "the device code asks no offline_access"
grep -q "grant_type=refresh_token.*graph.microsoft.com" "$T/log" || fail "Graph's token did not come from the refresh token"
[ "$(stat -c %a "$CACHE")" = 600 ] || fail "the cache is mode $(stat -c %a "$CACHE")"
[ "$(stat -c %a "$XDG_STATE_HOME/billcon")" = 700 ] || fail "the cache's folder is not 0700"
expect 0 login --status --login-endpoint "$FAKE"
out_has "Signed in as ada@contoso.com.*good until 20"

# Each way a device sign-in fails: one sentence, the exit code.
device_fails() {
	expect "$2" login --login-endpoint "$FAKE"
	err_has "$3"
	[ "$(grep -c '^billcon:' "$T/err")" = 1 ] || fail "$1: not one sentence: $(cat "$T/err")"
	out_lacks "Signed in"
}
device_fails authorization_declined 4 "^billcon: The sign-in was declined at the verification page; run billcon login again to retry\.\$"
device_fails expired_token 7 "^billcon: The sign-in code expired before it was entered; run billcon login again for a new one\.\$"
device_fails bad_verification_code 7 "^billcon: The login endpoint did not recognise the sign-in code; run billcon login again\.\$"
device_fails invalid_scope 7 "^billcon: The login endpoint refused the sign-in (HTTP 400, invalid_scope: AADSTS70016"
expect 2 login --auth password --login-endpoint "$FAKE"
err_has "--auth is device, client or token-file FILE"

# The cache refused when others may read it, and what to do said.
chmod 644 "$CACHE"
expect 3 login --status --login-endpoint "$FAKE"
err_has "chmod 600 $CACHE"
chmod 600 "$CACHE"

# No token or secret anywhere but the cache: argv (while polling), the
# output, the files.
BILLCON_SLOW_DOWN_MS=800 ${BILLCON_WRAPPER:-} "$BILLCON" login --login-endpoint "$FAKE" >"$T/bg.out" 2>"$T/bg.err" &
pid=$!
i=0
until grep -q "To sign in" "$T/bg.err" 2>/dev/null || [ $i -gt 200 ]; do i=$((i + 1)); sleep 0.02; done
ps -o args= -p "$pid" >"$T/ps" 2>/dev/null || true
wait "$pid" || fail "the login in the background failed: $(cat "$T/bg.err")"
grep -q "login --login-endpoint" "$T/ps" || fail "ps did not see the login: $(cat "$T/ps")"
BILLCON_CLIENT_SECRET=$SECRET billcon login --auth client --login-endpoint "$FAKE" --tenant "$FABRIKAM" >"$T/out" 2>"$T/err" ||
	fail "client credentials from BILLCON_CLIENT_SECRET failed: $(cat "$T/err")"
out_has "^Signed in as app:$CLIENT at $FAKE, tenant $FABRIKAM"
python3 -c 'import json, sys
for e in json.load(open(sys.argv[1]))["logins"].values():
    for k in ("arm", "graph"):
        if e.get(k): print(e[k]["access_token"])
    if e.get("refresh_token"): print(e["refresh_token"])' "$CACHE" >"$T/secrets.list"
echo "$SECRET" >>"$T/secrets.list"
[ "$(wc -l <"$T/secrets.list")" -ge 6 ] || fail "the cache holds too few tokens: $(wc -l <"$T/secrets.list")"
while read -r s; do
	grep -rlF -- "$s" "$T" | grep -v -e "^$CACHE\$" -e "/secrets.list\$" >"$T/leak" || true
	[ ! -s "$T/leak" ] || fail "a token or the secret is in $(cat "$T/leak")"
	! grep -qF -- "$s" "$T/ps" || fail "a token or the secret is in argv"
done <"$T/secrets.list"

# Client credentials: a wrong secret, none, one from client_secret_file.
BILLCON_CLIENT_SECRET=wrong billcon login --auth client --login-endpoint "$FAKE" >"$T/out" 2>"$T/err"
[ $? = 7 ] || fail "a wrong secret did not exit 7"
err_has "invalid_client: AADSTS7000215"
expect 2 login --auth client --login-endpoint "$FAKE"
err_has "BILLCON_CLIENT_SECRET (never on the command line)"
mkdir -p "$XDG_CONFIG_HOME/billcon"
printf 'client_secret_file = %s\n' "$T/secret" >"$XDG_CONFIG_HOME/billcon/config"
(umask 077 && echo "$SECRET" >"$T/secret")
expect 0 login --auth client --login-endpoint "$FAKE"
out_has "^Signed in as app:$CLIENT"
chmod 640 "$T/secret"
expect 3 login --auth client --login-endpoint "$FAKE"
err_has "chmod 600 $T/secret"
rm "$XDG_CONFIG_HOME/billcon/config"

# A token file: the actor from its ARM token, nothing cached; refused
# when others may read it.
python3 -c 'import base64, json
b = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
print(json.dumps({"arm": "%s.%s.x" % (b({"alg": "none"}), b({"upn": "Bo@Fabrikam.com", "exp": 4102444800}))}))' >"$T/tok.json"
chmod 600 "$T/tok.json"
expect 0 login --auth token-file "$T/tok.json"
out_has "^Signed in as bo@fabrikam.com.*2100-01-01T00:00:00Z (a token file: nothing is cached)"
chmod 644 "$T/tok.json"
expect 3 login --auth token-file "$T/tok.json"
err_has "The token file $T/tok.json may be read or written by others (mode 0644): run .chmod 600"
expect 2 login --auth token-file

# An access token that expires within 5 minutes is renewed before use: ARM's
# too, with the refresh token (the first sign-in renewed none).
grep -q "grant_type=refresh_token.*management.azure.com" "$T/log" && fail "a fresh ARM token was renewed"
fake_state '{"token_lifetime": 60}'
expect 0 login --login-endpoint "$FAKE"
fake_log >"$T/log"
grep -q "grant_type=refresh_token.*management.azure.com" "$T/log" || fail "ARM's token due to expire was not renewed"

# A refresh token no longer valid: Graph's token fails, plainly.
fake_state '{"revoked": true, "token_lifetime": 3600}'
expect 4 login --login-endpoint "$FAKE"
err_has "The sign-in is no longer valid (invalid_grant: AADSTS700082"

# The OpenID configuration the tenant resolution reads: a domain of the
# state's map, or a GUID, in the issuer; an unknown domain is invalid_tenant.
python3 - "$FAKE" "$FABRIKAM" <<'PY' || fail "the fake's OpenID configuration"
import json, sys, urllib.error, urllib.request as u
base, tid = sys.argv[1], sys.argv[2]
u.urlopen(u.Request(base + "/_state", data=json.dumps({"domains": {"fabrikam.com": tid}}).encode(), method="POST"))
get = lambda t: json.load(u.urlopen("%s/%s/v2.0/.well-known/openid-configuration" % (base, t)))
assert get("Fabrikam.com")["issuer"] == "%s/%s/v2.0" % (base, tid)
assert get(tid.upper())["issuer"] == "%s/%s/v2.0" % (base, tid)
try:
    get("nowhere.example")
    sys.exit("an unknown domain was found")
except urllib.error.HTTPError as e:
    assert e.code == 400 and json.load(e)["error"] == "invalid_tenant"
PY

# logout forgets this endpoint and tenant's sign-in, only it.
expect 0 logout --login-endpoint "$FAKE"
out_has "^Signed out of $FAKE, tenant organizations"
expect 4 login --status --login-endpoint "$FAKE"
err_has "Not signed in to $FAKE (tenant organizations, client $CLIENT): run billcon login\."
expect 0 login --status --login-endpoint "$FAKE" --tenant "$FABRIKAM"
out_has "app:$CLIENT"
expect 0 logout --login-endpoint "$FAKE"
out_has "^Not signed in to $FAKE"
finish
