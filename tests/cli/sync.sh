#!/bin/sh
# `billcon sync` end to end against tests/fake-arm (issue 11): a first
# store made from the account in one command, bound to its remote; pulls
# again that change nothing, a change and a removal made remotely, each
# audited as the signed-in user; the demo store and another remote refused;
# a passing fault retried, a malformed page refused with nothing written;
# a change made here pushed by a whole sync, and one made as anyone else
# refused; the token in no output, trace or store.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/fakelib.sh"
export BILLCON_HTTP_BACKOFF_MS=1
NEWDB=$T/new.db
# Signed in as the fake account's owner (a token file for ARM and Graph).
fake_signin User0@Contoso.com
# Four account-scope assignments: user0 and user3 own the account.
fake_state '{"required_token": "'"$TOKEN"'", "world": {"assignments": 4}}'
on() { db=$1; shift; rc=0; billcon --db "$db" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?; }

# The first store, in one command, with a redacted trace.
on "$NEWDB" sync --pull-only $OPTS --trace "$T/trace"
[ "$rc" = 0 ] || fail "the first sync exited $rc: $(cat "$T/err")"
out_has "^Created the store from the account: [0-9]* pages, [0-9]* objects: [0-9]* added, 0 changed, 0 removed.$"
[ "$(sqlite3 "$NEWDB" "SELECT value FROM meta WHERE key = 'remote_endpoint'")" = "$FAKE" ] || fail "not bound to the fake"
on "$NEWDB" tenants list --csv
[ "$rc" = 0 ] || fail "the signed-in owner cannot list tenants: $(cat "$T/err")"
[ "$(grep -c '^[0-9a-f-]*,.*,Tenant [0-9]' "$T/out")" = 4 ] || fail "not the 4 tenants (one revoked): $(cat "$T/out")"
# The directory came from Graph: members, guests with their state.
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM directory_user WHERE guest_state IS NULL")" -ge 1 ] &&
	[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM directory_user WHERE guest_state IS NOT NULL")" -ge 1 ] ||
	fail "the directory's members and guests were not pulled: $(sqlite3 "$NEWDB" "SELECT * FROM directory_user")"
on "$NEWDB" accounts list
out_has "4bbab644-4c8f-22a6-1fd5-60f509445e6d:b5122b41"
audit0=$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit")
[ "$(sqlite3 "$NEWDB" "SELECT count(DISTINCT actor) FROM audit")" = 1 ] &&
	[ "$(sqlite3 "$NEWDB" "SELECT DISTINCT actor FROM audit")" = user0@contoso.com ] ||
	fail "the pull's entries are not the signed-in user's"
on "$NEWDB" audit verify
[ "$rc" = 0 ] || fail "the trail does not verify after the first pull: $(cat "$T/out" "$T/err")"

# Again: nothing changed, nothing written.
on "$NEWDB" sync --pull-only $OPTS
out_has "^Pulled [0-9]* pages, [0-9]* objects: 0 added, 0 changed, 0 removed.$"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit")" = "$audit0" ] || fail "an unchanged pull wrote to the trail"

# A rename and a removal made at the service.
TEN=$(python3 - "$FAKE" "$TOKEN" <<'PY'
import json, sys, urllib.request as u
get = lambda p: json.load(u.urlopen(u.Request(sys.argv[1] + p, headers={"Authorization": "Bearer " + sys.argv[2]})))
a = get("/providers/Microsoft.Billing/billingAccounts?api-version=2024-04-01")["value"][0]["id"]
print(" ".join(t["id"] for t in get(a + "/associatedTenants?api-version=2024-04-01")["value"][:2]))
PY
)
set -- $TEN
fake_state '{"patch": [{"id": "'"$1"'", "properties": {"displayName": "Renamed Remotely"}}], "remove": ["'"$2"'"]}'
on "$NEWDB" sync --pull-only $OPTS
out_has "1 changed, 1 removed.$"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM associated_tenant WHERE display_name = 'Renamed Remotely'")" = 1 ] ||
	fail "the rename did not land"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit WHERE action = 'pull.change' AND actor = 'user0@contoso.com'")" -ge 1 ] ||
	fail "the change is not audited as the signed-in user"

# The demo store is never synced; a store is synced only from its remote.
demo
expect 3 sync --pull-only $OPTS
err_has "demo store"
other=$(echo "$FAKE" | sed 's/127.0.0.1/localhost/')
on "$NEWDB" sync --pull-only --endpoint "$other" --login-endpoint "$FAKE" --auth token-file "$T/token"
[ "$rc" = 3 ] || fail "another remote: exit $rc"
err_has "bound to $FAKE (the sign-in's own tenant), not to $other (the sign-in's own tenant)"
# The mode goes anywhere among the options; two modes are refused in words.
on "$NEWDB" sync $OPTS --pull-only
[ "$rc" = 0 ] || fail "sync OPTIONS --pull-only exited $rc: $(cat "$T/err")"
out_has "^Pulled "
on "$NEWDB" sync --pull-only --push-only $OPTS
[ "$rc" = 2 ] || fail "two modes: exit $rc"
err_has "sync takes one of --plan, --pull-only and --push-only (sync alone pulls, then pushes)."
# A password in the URL is refused as such, and never repeated back.
on "$NEWDB" sync --pull-only --endpoint "http://user:pw@127.0.0.1:5" --login-endpoint "$FAKE" --auth token-file "$T/token"
[ "$rc" = 2 ] || fail "a URL with a password: exit $rc"
err_has "user name or password is refused"
grep -q "pw@" "$T/err" && fail "the password was repeated: $(cat "$T/err")"

# A passing fault is retried; a malformed page stops the pull, one
# sentence, nothing of it written, the trail whole.
fake_fault associatedTenants 503 1
on "$NEWDB" sync --pull-only $OPTS
[ "$rc" = 0 ] || fail "a 503 was not retried: $(cat "$T/err")"
before=$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit")
fake_fault associatedTenants malformed 1
on "$NEWDB" sync --pull-only $OPTS
[ "$rc" = 7 ] || fail "a malformed page: exit $rc"
[ "$(wc -l <"$T/err")" = 1 ] || fail "not one sentence: $(cat "$T/err")"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit")" = "$before" ] || fail "the malformed page wrote"
on "$NEWDB" audit verify
[ "$rc" = 0 ] || fail "the trail does not verify after a malformed page"

# Killed in the middle of a pull (SIGKILL while a listing stalls, pages
# before it committed): the next pull resumes, nothing twice, nothing lost.
KILLDB=$T/kill.db
fake_fault billingRoleAssignments stall 1
# Not through the billcon function: $! must be billcon itself.
${BILLCON_WRAPPER:-} "$BILLCON" --db "$KILLDB" sync --pull-only $OPTS >/dev/null 2>&1 &
pid=$!
i=0
# (sqlite3 would make an empty file if asked before billcon made the store.)
until [ -e "$KILLDB" ] && [ "$(sqlite3 "$KILLDB" "SELECT count(*) FROM sync_cursor" 2>/dev/null || echo 0)" -ge 3 ]; do
	i=$((i + 1))
	[ "$i" -le 200 ] || { fail "the pull never committed a page"; break; }
	sleep 0.05
done
# One sync of a store at a time.
on "$KILLDB" sync --pull-only $OPTS
[ "$rc" = 3 ] || fail "a second sync of the same store ran beside the first (exit $rc)"
err_has "Another sync of $KILLDB is running"
# Said before a sign-in is asked for: no device code for a sync refused.
on "$KILLDB" sync --pull-only --endpoint "$FAKE" --login-endpoint "$FAKE" --auth device
[ "$rc" = 3 ] || fail "a device sign-in beside a running sync exited $rc"
err_has "Another sync of $KILLDB is running"
grep -q "code" "$T/err" && fail "a device code was asked for before the refusal: $(cat "$T/err")"
kill -9 "$pid"
wait "$pid" 2>/dev/null
on "$KILLDB" sync --pull-only $OPTS
[ "$rc" = 0 ] || fail "the pull after a kill exited $rc: $(cat "$T/err")"
for table in billing_account billing_profile invoice_section associated_tenant role_assignment invoice; do
	[ "$(sqlite3 "$KILLDB" "SELECT count(*) FROM $table")" = "$(sqlite3 "$NEWDB" "SELECT count(*) FROM $table")" ] ||
		fail "$table after a killed pull: $(sqlite3 "$KILLDB" "SELECT count(*) FROM $table"), not as a whole pull"
done
[ "$(sqlite3 "$KILLDB" "SELECT count(*) FROM audit WHERE action = 'pull.add'")" = \
  "$(sqlite3 "$KILLDB" "SELECT count(DISTINCT object) FROM audit WHERE action = 'pull.add'")" ] ||
	fail "an object was added twice across the kill"
on "$KILLDB" audit verify
[ "$rc" = 0 ] || fail "the trail does not verify after a killed pull"

# A change made here goes with the next whole sync; one made as anyone
# else is refused (only the signed-in user's token pushes).
on "$NEWDB" tenants add --tenant-id "$NEW" --name "Added Here"
[ "$rc" = 0 ] || fail "the signed-in user cannot add: $(cat "$T/err")"
on "$NEWDB" --as user3@contoso.com tenants add --tenant-id 22222222-2222-4333-8444-555555555555 --name "Not Mine"
[ "$rc" = 3 ] || fail "a change as another owner: exit $rc"
err_has "signed in as user0@contoso.com"
on "$NEWDB" sync $OPTS
[ "$rc" = 0 ] || fail "the whole sync exited $rc: $(cat "$T/err")"
out_has "^Pushed 1 change; 0 failed; 0 held.$"
fake_log | grep -q "PUT .*/associatedTenants/$NEW?api-version=2024-04-01" || fail "the tenant was not pushed"
# A change goes with its maker's token only: signed in as another owner
# (who takes the store over, --switch-user), it fails and waits for its
# maker.
TOKEN3=$(python3 -c 'import base64, json
b = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
print("%s.%s.x" % (b({"alg": "none"}), b({"upn": "user3@contoso.com", "exp": 4102444800})))')
printf '{"arm": "%s", "graph": "%s"}\n' "$TOKEN3" "$TOKEN3" >"$T/token3"
chmod 600 "$T/token3"
fake_state '{"required_token": null}'
on "$NEWDB" tenants add --tenant-id 33333333-2222-4333-8444-555555555555 --name "Made By User0"
[ "$rc" = 0 ] || fail "user0 cannot add: $(cat "$T/err")"
on "$NEWDB" sync --push-only --switch-user --endpoint "$FAKE" --graph-endpoint "$FAKE" --login-endpoint "$FAKE" \
	--auth token-file "$T/token3"
[ "$rc" = 7 ] || fail "another user's push of user0's change: exit $rc"
err_has "NotYourChange: made by user0@contoso.com"
fake_log | grep -q "PUT .*/associatedTenants/33333333-2222-4333-8444-555555555555" && fail "user0's change went with user3's token"
on "$NEWDB" sync --plan
out_has "^    failed before it was sent: NotYourChange: made by user0@contoso.com"
on "$NEWDB" sync --push-only --switch-user $OPTS
out_has "^Pushed 1 change;"

# A role assigned here is named by the service that makes it: once pushed,
# the row here takes the service's name (audited sync.identify), and the
# next pull finds it there instead of adding a second one.
roles_of() { sqlite3 "$NEWDB" "SELECT count(*) FROM role_assignment WHERE principal_email = 'user1@contoso.com'
	COLLATE NOCASE"; }
was=$(roles_of)
on "$NEWDB" roles assign --role "Billing account reader" --email user1@contoso.com
[ "$rc" = 0 ] || fail "roles assign exited $rc: $(cat "$T/err")"
# In a synced store the assignment waits in the outbox: not "active now".
out_has "as Billing account reader on .*: active here, and at the service after the next sync\.$"
local_name=$(sqlite3 "$NEWDB" "SELECT object FROM sync_outbox WHERE action = 'role.assign' AND done_on IS NULL")
on "$NEWDB" sync $OPTS
[ "$rc" = 0 ] || fail "the push of a role exited $rc: $(cat "$T/err")"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit WHERE action = 'sync.identify' AND object = '$local_name'")" = 1 ] ||
	fail "the service's name was not taken: $(sqlite3 "$NEWDB" "SELECT action, object FROM audit ORDER BY seq DESC LIMIT 3")"
on "$NEWDB" sync --pull-only $OPTS
[ "$(roles_of)" = $((was + 1)) ] || fail "the role is here $(( $(roles_of) - was )) times after the pull"
# Assigned and removed here before a push: the removal, later in the same
# push, follows the name the service gave at the POST.
on "$NEWDB" roles assign --role "Billing account contributor" --email user2@contoso.com
[ "$rc" = 0 ] || fail "roles assign user2 as contributor exited $rc: $(cat "$T/err")"
gone_name=$(sqlite3 "$NEWDB" "SELECT object FROM sync_outbox WHERE action = 'role.assign' AND done_on IS NULL")
on "$NEWDB" roles remove "${gone_name##*/}" --yes
[ "$rc" = 0 ] || fail "roles remove exited $rc: $(cat "$T/err")"
on "$NEWDB" sync --push-only $OPTS
[ "$rc" = 0 ] || fail "the push of an assignment and its removal exited $rc: $(cat "$T/err")"
svc=$(sqlite3 "$NEWDB" "SELECT json_extract(after, '$.name') FROM audit WHERE action = 'sync.identify'
	AND object = '$gone_name'")
[ -n "$svc" ] || fail "the service's name was not taken for $gone_name"
fake_log | grep -q "DELETE [^ ]*/billingRoleAssignments/$svc?" ||
	fail "the removal was not sent to the service's name $svc: $(fake_log | grep DELETE | tail -2)"
# A user of an associated tenant: the service makes the approval request,
# and its URL, when the assignment is pushed; none is made up here.
ATEN=$(billcon --db "$NEWDB" tenants list --csv </dev/null | awk -F, '$4 == "Active" { print $1; exit }')
on "$NEWDB" roles assign --role "Billing account reader" --email guest1@example.org --tenant "$ATEN"
[ "$rc" = 0 ] || fail "roles assign to $ATEN exited $rc: $(cat "$T/err")"
out_has ": the next sync sends it, and the service asks the user's approval\.$"
! grep -q "https://" "$T/out" || fail "a URL was made up before the push: $(cat "$T/out")"
REQ=$(sqlite3 "$NEWDB" "SELECT name FROM billing_request WHERE addressee = 'guest1@example.org'")
on "$NEWDB" requests url "$REQ"
[ "$rc" = 5 ] || fail "requests url for a request made here exited $rc: $(cat "$T/out")"
grep -q "^billcon: This request was made here: the service makes its own, with its URL," "$T/err" ||
	fail "requests url did not say why there is none: $(cat "$T/err")"
on "$NEWDB" roles list --json
grep -q '"url": *"http' "$T/out" && fail "roles list gave a made-up URL: $(grep -o '"url": *"[^"]*"' "$T/out")"
sqlite3 "$NEWDB" "SELECT after FROM sync_outbox WHERE done_on IS NULL AND action = 'role.assign'" | grep -q "https://" &&
	fail "the change to push carries a made-up URL"
# A request the service has keeps its URL.
PREQ=$(sqlite3 "$NEWDB" "SELECT q.name FROM billing_request q JOIN remote_object o ON o.row = q.id
	AND o.kind = 'billingRequests' LIMIT 1")
[ -n "$PREQ" ] || fail "the pull brought no request"
on "$NEWDB" requests url "$PREQ"
out_has "^https://.*$PREQ"
# Pushed, the assignment takes the service's name, and its request here
# approves it by that name.
on "$NEWDB" sync $OPTS
[ "$rc" = 0 ] || fail "the push of a pending role exited $rc: $(cat "$T/err")"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM billing_request q JOIN role_assignment r ON r.name = q.object
	AND r.request_id = q.id WHERE q.name = '$REQ'")" = 1 ] ||
	fail "the request approves $(sqlite3 "$NEWDB" "SELECT object FROM billing_request WHERE name = '$REQ'"), not the pushed assignment"
fake_state '{"required_token": "'"$TOKEN"'"}'

on "$NEWDB" sync --json --pull-only $OPTS
out_has '"pulled":true'
sqlite3 "$NEWDB" "SELECT value FROM meta WHERE key = 'last_sync'" | grep -q "as user0@contoso.com: [0-9]* pages pulled" ||
	fail "the last sync's outcome was not kept for the sync blade"

# A sign-in with ARM's token alone leaves the directory as it was.
printf '{"arm": "%s"}\n' "$TOKEN" >"$T/armonly"
chmod 600 "$T/armonly"
on "$NEWDB" sync --pull-only --endpoint "$FAKE" --login-endpoint "$FAKE" --auth token-file "$T/armonly"
out_has "^The directory was not pulled: the sign-in has no Microsoft Graph token.$"

# An invoice's document: asked of ARM, fetched from its link, saved whole.
INV=$(sqlite3 "$NEWDB" "SELECT name FROM invoice ORDER BY name LIMIT 1")
DL="--endpoint $FAKE --login-endpoint $FAKE --auth token-file $T/token"
on "$NEWDB" invoices download "$INV" --output "$T/inv.pdf" $DL
[ "$rc" = 0 ] || fail "invoices download exited $rc: $(cat "$T/err")"
out_has "^Saved invoice $INV to $T/inv.pdf ([0-9]* bytes).$"
head -c 5 "$T/inv.pdf" | grep -q "%PDF-" || fail "the document is not the PDF served"
fake_log | grep -q "POST .*/invoices/$INV/download?api-version=2024-04-01" || fail "the download was not asked of ARM"
on "$NEWDB" invoices download "$INV" --output "$T/inv.pdf" $DL
[ "$rc" = 3 ] || fail "an existing file was replaced without --force (exit $rc)"
on "$NEWDB" invoices download "$INV" --output "$T/inv.pdf" --force $DL
[ "$rc" = 0 ] || fail "--force: exit $rc"
on "$NEWDB" invoices download NOPE123 --output "$T/nope.pdf" $DL
[ "$rc" = 5 ] || fail "an unknown invoice: exit $rc"
[ ! -e "$T/nope.pdf" ] || fail "a file was left for an unknown invoice"
on "$DB" invoices download "$INV" $DL
[ "$rc" = 3 ] || fail "the demo store's invoices were asked of the service (exit $rc)"

# The token in no output, trace or store.
grep -q "$TOKEN" "$T/trace" "$NEWDB" "$T/out" "$T/err" && fail "the token was written somewhere"
grep -q "Authorization: \[redacted\]" "$T/trace" || fail "the trace holds no redacted request"

# A pulled assignment removed here and pushed: the next pull neither
# removes it again nor audits a removal the service did not make.
gone=$(sqlite3 "$NEWDB" "SELECT r.name FROM role_assignment r JOIN remote_object o ON o.row = r.id
	AND o.kind = 'billingRoleAssignments' WHERE r.principal_email = 'user2@contoso.com' LIMIT 1")
[ -n "$gone" ] || fail "no pulled assignment of user2 to remove"
on "$NEWDB" roles remove "$gone" --yes
[ "$rc" = 0 ] || fail "roles remove $gone exited $rc: $(cat "$T/err")"
on "$NEWDB" sync $OPTS
[ "$rc" = 0 ] || fail "the push of a removal exited $rc: $(cat "$T/err")"
on "$NEWDB" sync --pull-only $OPTS
out_has " 0 removed.$"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit WHERE action = 'pull.remove' AND object LIKE '%/$gone'")" = 0 ] ||
	fail "the pull audited again a removal made here"

# Requests past their date expire here too, audited, but the service
# expires its own: nothing waits in the plan for them.
# (A store opened to change expires them: sync resolve of no change does.)
rc=0
BILLCON_NOW=2027-06-01T00:00:00Z billcon --db "$NEWDB" sync resolve 999999 --theirs >/dev/null 2>&1 </dev/null || rc=$?
[ "$rc" = 5 ] || fail "sync resolve of no change a year on exited $rc"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit WHERE action = 'request.expire'")" -ge 1 ] ||
	fail "no request expired a year on"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM sync_outbox WHERE action = 'request.expire'")" = 0 ] ||
	fail "a synced store queued request expiries for the plan"

# Another user's sign-in does not take the store over unasked: refused
# before anything is pulled; --switch-user makes them its user.
store_user() { sqlite3 "$NEWDB" "SELECT value FROM meta WHERE key = 'remote_actor'"; }
fake_state '{"required_token": null}'
was_user=$(store_user)
audited=$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit")
fake_signin ada@contoso.com
on "$NEWDB" sync --pull-only $OPTS
[ "$rc" = 3 ] || fail "a sign-in as another user synced the store (exit $rc)"
err_has "^billcon: This store syncs as $was_user, and the sign-in is ada@contoso.com: sign in as $was_user, or sync"
[ "$(store_user)" = "$was_user" ] || fail "the store's user became $(store_user)"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit")" = "$audited" ] || fail "something was pulled for the refused sign-in"
on "$NEWDB" sync --pull-only --switch-user $OPTS
[ "$rc" = 0 ] || fail "--switch-user exited $rc: $(cat "$T/err")"
[ "$(store_user)" = "ada@contoso.com" ] || fail "--switch-user left the store's user $(store_user)"
# A device sign-in as another user is refused and forgotten: it would be
# refused at every sync after (the console's f never asked again).
fake_state '{"interval": 0, "upn": "user3@contoso.com", "device": ["ok"]}'
on "$NEWDB" sync --pull-only --endpoint "$FAKE" --graph-endpoint "$FAKE" --login-endpoint "$FAKE" --auth device
[ "$rc" = 3 ] || fail "a device sign-in as another user exited $rc: $(cat "$T/err")"
err_has "the sign-in is user3@contoso.com: .* That sign-in is forgotten: the next sync asks for one.$"
on "$NEWDB" login --status --login-endpoint "$FAKE"
[ "$rc" = 4 ] || fail "the refused sign-in is still cached: $(cat "$T/out")"
finish
