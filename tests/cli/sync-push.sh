#!/bin/sh
# `billcon sync --push-only` against tests/fake-arm (issue 11, Plan and
# push): changes sent in order with the token of the sign-in (a token file
# here, mode 0600, else refused); a tenant added by domain resolved through the login
# endpoint's OpenID configuration; long-running operations polled to the
# end; a 400 keeps ARM's code and message on its row (and in the plan) while
# a later independent change still goes and a later change to the same
# object is held; local-only changes settled; exit 7 with a summary; a
# push killed mid-POST resumes by reading back, with no second POST; the
# primary tenant's guest setting PATCHed on Graph's authorization policy.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/fakelib.sh"
demo
# The demo's rows in a store that is not the demo (the demo store is never
# synced): the changes below are queued into it by hand.
sql "DELETE FROM meta WHERE key = 'demo'"
# The fake world's account and one of its tenants, in one call.
set -- $(python3 - "$FAKE" <<'PY'
import json, sys, urllib.request as u
def get(p):
    return json.load(u.urlopen(u.Request(sys.argv[1] + p, headers={"Authorization": "Bearer t"})))
a = get("/providers/Microsoft.Billing/billingAccounts?api-version=2024-04-01")["value"][0]["id"]
print(a, get(a + "/associatedTenants?api-version=2024-04-01")["value"][0]["id"])
PY
)
A=$1 OLD=$2
READER="$A/billingRoleDefinitions/50000000-aaaa-bbbb-cccc-100000000002"
fake_state '{"domains": {"newdom.example": "'"$NEW"'"}, "async": {"tenant_put": true}, "lro_polls": 2}'

# queue ACTION OBJECT AFTER [PUSH]: one waiting change, as the write path makes them.
queue() {
	sql "INSERT INTO sync_outbox(audit_seq, created_on, action, object, before, after, push)
	     VALUES(1, '2026-01-15T00:00:00Z', '$1', '$2', NULL, '$3', ${4:-1})"
}
sql "DELETE FROM sync_outbox"
queue tenant.add "$A/associatedTenants/newdom.example" \
	'{"displayName":"Dom Co","billingManagementState":"Active","provisioningManagementState":"NotRequested","tenantId":null,"domain":"newdom.example"}'
queue role.assign "$A/billingRoleAssignments/zed" \
	'{"scope":"'"$A"'","userEmailAddress":"zed@contoso.com","roleDefinitionId":"'"$READER"'"}'
queue role.assign "$A/billingRoleAssignments/bad" \
	'{"scope":"'"$A"'","userEmailAddress":"bad@contoso.com","roleDefinitionId":"'"$A"'/billingRoleDefinitions/nope"}'
queue role.remove "$A/billingRoleAssignments/bad" 'null'
queue guest.invite "/tenants/$PRIMARY/users/g@example.com" '{"mail":"g@example.com","displayName":"G"}'
queue partner.set /partner/1 '{}' 0
queue tenant.remove "$OLD" 'null'

OPTS="--endpoint $FAKE --graph-endpoint $FAKE --login-endpoint $FAKE --auth token-file $T/token"
# A token for ARM and Graph, signed in as ada@contoso.com (the demo's owner).
TOKEN=$(python3 -c 'import base64, json
b = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
print("%s.%s.x" % (b({"alg": "none"}), b({"upn": "ada@contoso.com", "exp": 4102444800})))')
printf '{"arm": "%s", "graph": "%s"}\n' "$TOKEN" "$TOKEN" >"$T/token"
chmod 644 "$T/token"
expect 3 sync --push-only $OPTS
err_has "may be read or written by others"
expect 4 sync --push-only --endpoint "$FAKE" --login-endpoint "$FAKE"
err_has "billcon login"
chmod 600 "$T/token"
# No token goes to a plain-http endpoint other than loopback.
expect 2 sync --push-only --endpoint http://example.com --auth token-file "$T/token"
err_one_line
[ "$(sql "SELECT count(*) FROM sync_outbox WHERE attempts > 0")" = 0 ] || fail "a change was tried"
fake_state '{"required_token": "'"$TOKEN"'", "graph_required_token": "'"$TOKEN"'"}'

expect 7 sync --push-only $OPTS
out_has "^Pushed 4 changes; 1 settled with nothing to send; 1 failed; 1 held.$"
err_has "#3 role.assign failed: InvalidRoleDefinitionId: The role definition '.*nope' does not exist at this scope."
err_has "#4 role.remove held: it waits for #3"
grep -q "$TOKEN" "$T/out" "$T/err" && fail "the token reached the output"
fake_log >"$T/log"
grep -q "GET /newdom.example/v2.0/.well-known/openid-configuration" "$T/log" || fail "no OpenID look-up"
grep -q "PUT $A/associatedTenants/$NEW?api-version=2024-04-01" "$T/log" || fail "no PUT of the resolved tenant"
[ "$(grep -c 'GET .*/operationResults/putAssociatedTenant' "$T/log")" -ge 2 ] || fail "the tenant's LRO was not polled"
[ "$(grep -c 'GET .*/operationResults/createBillingRoleAssignment' "$T/log")" -ge 2 ] || fail "the POST's LRO was not polled"
grep -q "POST /v1.0/invitations" "$T/log" || fail "no Graph invitation"
grep -q "DELETE $OLD?api-version=2024-04-01" "$T/log" || fail "the independent change after the failure did not go"
grep -q "billingRoleAssignments/bad" "$T/log" && fail "the held change was sent"
[ "$(sql "SELECT count(*) FROM sync_outbox WHERE done_on IS NULL")" = 2 ] || fail "not 2 rows left waiting"
[ "$(sql "SELECT last_error FROM sync_outbox WHERE action = 'role.assign' AND done_on IS NULL")" = \
  "InvalidRoleDefinitionId: The role definition '$A/billingRoleDefinitions/nope' does not exist at this scope." ] ||
	fail "the failed row lacks ARM's code and message"
expect 0 sync --plan
out_has "failed (1 attempt): InvalidRoleDefinitionId: "
out_has "held: waits for #3"
out_has "^0 to push, 0 local-only, 1 failed, 1 held.$"

# The service does not answer (a closed port, retried in milliseconds):
# the first change keeps the failure, the push stops there, the rest waits.
sql "DELETE FROM sync_outbox"
queue tenant.remove "$OLD" 'null'
queue tenant.remove "$OLD" 'null'
export BILLCON_HTTP_BACKOFF_MS=1
expect 7 sync --push-only --endpoint http://127.0.0.1:1 --login-endpoint "$FAKE" --auth token-file "$T/token"
unset BILLCON_HTTP_BACKOFF_MS
err_has "The service did not answer, or kept failing: push stopped there"
[ "$(sql "SELECT attempts FROM sync_outbox ORDER BY id")" = "1
0" ] || fail "the push went on past a change with no answer"
[ -n "$(sql "SELECT last_error FROM sync_outbox WHERE attempts = 1")" ] || fail "no error kept"

# It answers, but 500 each time: the same stop, said so.
sql "DELETE FROM sync_outbox"
queue tenant.remove "$OLD" 'null'
queue tenant.remove "$OLD" 'null'
fake_fault "${OLD##*/}" 500 6
export BILLCON_HTTP_BACKOFF_MS=1
expect 7 sync --push-only $OPTS
unset BILLCON_HTTP_BACKOFF_MS
err_has "gave up after 6 attempts"
err_has "The service did not answer, or kept failing: push stopped there"
[ "$(sql "SELECT attempts FROM sync_outbox ORDER BY id")" = "1
0" ] || fail "the push went on past a change the service kept failing"

# Killed while the POST's operation is polled: the POST is noted as sent,
# and the next push reads it back instead of sending it again.
sql "DELETE FROM sync_outbox"
queue role.assign "$A/billingRoleAssignments/yan" \
	'{"scope":"'"$A"'","userEmailAddress":"yan@contoso.com","roleDefinitionId":"'"$READER"'"}'
python3 -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], method="DELETE"))' "$FAKE/_log"
fake_fault operationResults stall 1
# Not through the billcon function: $! must be billcon itself.
${BILLCON_WRAPPER:-} "$BILLCON" --db "$DB" sync --push-only $OPTS >"$T/out" 2>"$T/err" </dev/null &
pid=$!
i=0
# The attempt is noted before the POST; the poll that stalls follows it.
until [ "$(sql "SELECT attempts FROM sync_outbox")" = 1 ] &&
	fake_log | grep -q "GET .*/operationResults/createBillingRoleAssignment"; do
	i=$((i + 1))
	[ "$i" -le 200 ] || { fail "the push never polled"; break; }
	sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
expect 0 sync --plan
out_has "sent, its answer not recorded: read back before it is sent again"
expect 0 sync --push-only $OPTS
out_has "^Pushed 1 change; 0 failed; 0 held.$"
[ "$(fake_log | grep -c 'POST .*/createBillingRoleAssignment')" = 1 ] || fail "the POST was sent again: $(fake_log | grep POST)"
fake_log | grep -q "GET $A/billingRoleAssignments?api-version=2024-04-01" || fail "the POST was not read back"
[ "$(sql "SELECT count(*) FROM sync_outbox WHERE done_on IS NULL")" = 0 ] || fail "the resumed change is not settled"

# The primary tenant's guest setting, made by the command as the signed-in
# user, goes to Graph's authorization policy (PATCH); a rename alone stays
# local-only.
sql "DELETE FROM sync_outbox"
expect 0 --as ada@contoso.com directory tenants set "$PRIMARY" --guest-invitations off
expect 0 --as ada@contoso.com directory tenants set "$PRIMARY" --name "Contoso Renamed"
expect 0 sync --plan
out_has "PATCH /v1.0/policies/authorizationPolicy"
out_has "^1 to push, 1 local-only, 0 failed, 0 held.$"
expect 0 sync --push-only $OPTS
out_has "^Pushed 1 change; 1 settled with nothing to send; 0 failed; 0 held.$"
fake_log | grep -q "PATCH /v1.0/policies/authorizationPolicy" || fail "no PATCH of the authorization policy"
[ "$(python3 -c 'import json, sys, urllib.request as u
print(json.load(u.urlopen(u.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})))["allowInvitesFrom"])' \
	"$FAKE/v1.0/policies/authorizationPolicy" "$TOKEN")" = none ] || fail "the fake's policy still lets guests be invited"
finish
