#!/bin/sh
# Conflicts (issue 11; there are no ETags) against tests/fake-arm: a
# tenant renamed here and at the service since the pull is read back before
# the push and not sent (exit 7, the plan shows mine and theirs), while an
# independent change still goes; R in the sync blade (and `sync resolve N
# --theirs`) takes the service's name and settles the change; `--mine` sends it with the next
# sync, over theirs only where it changed something; a tenant removed there is taken as removed; a tenant added here
# and there is a conflict, not overwritten; refusals for a change
# that is no conflict (3) and an unknown one (5).
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/fakelib.sh"
export BILLCON_HTTP_BACKOFF_MS=1
NEWDB=$T/new.db
fake_signin User0@Contoso.com
fake_state '{"required_token": "'"$TOKEN"'", "world": {"assignments": 4}}'
# Each command a second later: a push and the pull after it tell apart.
tick=0
on() {
	tick=$((tick + 1))
	rc=0
	BILLCON_NOW=$(printf '2026-01-15T00:%02d:%02dZ' $((tick / 60)) $((tick % 60))) \
		billcon --db "$NEWDB" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
}
clear_log() { python3 -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], method="DELETE"))' "$FAKE/_log"; }

on sync --pull-only $OPTS
[ "$rc" = 0 ] || fail "the first sync exited $rc: $(cat "$T/err")"
# Three active tenants: their ARM IDs and tenant IDs.
set -- $(sqlite3 "$NEWDB" "SELECT r.id, t.tenant_id FROM remote_object r JOIN associated_tenant t ON t.id = r.row
	WHERE r.kind = 'associatedTenants' AND t.billing_management_state = 'Active' ORDER BY r.id LIMIT 3" | tr '|' ' ')
[ $# = 6 ] || fail "not three active tenants: $*"
ID1=$1 T1=$2 ID2=$3 T2=$4 ID3=$5 T3=$6
name() { sqlite3 "$NEWDB" "SELECT display_name FROM associated_tenant WHERE tenant_id = '$1'"; }

# Renamed here (1, 2) and at the service (1, 2); 3 renamed here only.
on tenants set "$T1" --name "Mine One"
[ "$rc" = 0 ] || fail "tenants set exited $rc: $(cat "$T/err")"
on tenants set "$T2" --name "Mine Two"
on tenants set "$T3" --name "Mine Three"
fake_state '{"patch": [{"id": "'"$ID1"'", "properties": {"displayName": "Theirs One"}},
	{"id": "'"$ID2"'", "properties": {"displayName": "Theirs Two", "billingManagementState": "NotAllowed"}}]}'
clear_log
on sync $OPTS
[ "$rc" = 7 ] || fail "a sync with conflicts exited $rc: $(cat "$T/err")"
out_has "^Pushed 1 change; 0 failed; 0 held; 2 in conflict.$"
err_has "2 changes were changed at the service since they were pulled, not sent: .*billcon sync resolve"
fake_log >"$T/log"
grep -q "PUT $ID1?" "$T/log" && fail "a conflicted change was sent"
grep -q "PUT $ID2?" "$T/log" && fail "a conflicted change was sent"
grep -q "GET $ID1?api-version=2024-04-01" "$T/log" || fail "the object was not read back"
grep -q "PUT $ID3?api-version=2024-04-01" "$T/log" || fail "the independent change was not pushed"
[ "$(name "$T1")" = "Mine One" ] || fail "the pull overwrote a waiting change"

on sync --plan
out_has "conflict: changed at the service since it was pulled; not sent"
out_has "mine:   displayName: .* -> Mine One"
out_has "theirs: displayName: .* -> Theirs One"
out_has "settle it: billcon sync resolve [0-9]* --mine|--theirs"
out_has "^0 to push, 0 local-only, 0 failed, 0 held, 2 in conflict.$"
on sync --plan --json
python3 - "$T/out" <<'PY' || fail "the plan's JSON lacks the conflict"
import json, sys
p = json.load(open(sys.argv[1]))
c = [x for x in p["changes"] if x["state"] == "conflict"]
assert p["conflicts"] == 2 and len(c) == 2, p
assert c[0]["conflict"] == "changed" and c[0]["theirs"]["properties"]["displayName"] == "Theirs One", c[0]
assert c[0]["after"]["displayName"] == "Mine One", c[0]
PY
on sync --plan --csv
tr -d "\r" <"$T/out" | grep -q ",conflict,.*,changed$" || fail "the plan's CSV lacks the conflict"
# The sync blade shows them too, standing out without colour, with theirs.
. "$TESTS_SRCDIR/screenlib.sh"
DB=$NEWDB
NO_COLOR=1 screen 80x24 ": sync <Enter> <Dump> <Enter> <Dump>"
has 1 "^0 to push, 0 local-only, 0 failed, 0 held, 2 in conflict"
has 1 "! conflict"
has 2 "^Theirs *exists there: displayName: Theirs One"
flat 2 "R here, or billcon sync resolve $(sqlite3 "$NEWDB" "SELECT id FROM sync_outbox WHERE object = '$ID1' AND done_on IS NULL") --mine|--theirs, settles it"
N1=$(sqlite3 "$NEWDB" "SELECT id FROM sync_outbox WHERE object = '$ID1' AND done_on IS NULL")
N2=$(sqlite3 "$NEWDB" "SELECT id FROM sync_outbox WHERE object = '$ID2' AND done_on IS NULL")

# Refusals: no such change, not a conflict, no side chosen.
on sync resolve 999 --theirs
[ "$rc" = 5 ] || fail "an unknown change: exit $rc"
on tenants set "$T3" --name "Mine Three Again"
N3=$(sqlite3 "$NEWDB" "SELECT id FROM sync_outbox WHERE object = '$ID3' AND done_on IS NULL")
on sync resolve "$N3" --mine
[ "$rc" = 3 ] || fail "a change that is no conflict: exit $rc"
err_one_line
err_has "is not a conflict"
on sync resolve "$N1"
[ "$rc" = 2 ] || fail "no side: exit $rc"

# Theirs, in the sync blade: R then 2, and the confirmation's button (Esc
# on the choice, and Enter on the confirmation's Cancel, change nothing);
# the service's name taken, the change settled, audited.
NO_COLOR=1 screen 80x24 ": sync <Enter> R <Esc> R 2 <Enter> <Dump> R 2 <Tab> <Enter> <Dump> j R <Dump>"
has 1 ", 2 in conflict"
has 1 "R resolve"
has 2 "^Change #$N1 dropped: the service's version is taken."
has 2 ", 1 in conflict"
has 3 "change #[0-9]* is not in conflict: only a conflict is resolved"
[ "$(name "$T1")" = "Theirs One" ] || fail "their name was not taken: $(name "$T1")"
[ -n "$(sqlite3 "$NEWDB" "SELECT done_on FROM sync_outbox WHERE id = $N1")" ] || fail "the change was not settled"
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM audit WHERE action = 'sync.resolve' AND actor = 'user0@contoso.com'
	AND object = '$ID1'")" = 1 ] || fail "the resolution is not audited"
on sync resolve "$N1" --theirs
[ "$rc" = 5 ] || fail "a settled change resolved again: exit $rc"

# Mine: the next sync sends my change over theirs, and only that: the
# billing state they changed and I did not stays theirs.
on sync resolve "$N2" --mine
[ "$rc" = 0 ] || fail "resolve --mine exited $rc: $(cat "$T/err")"
clear_log
on sync $OPTS
[ "$rc" = 0 ] || fail "the sync after resolving exited $rc: $(cat "$T/err")"
fake_log >"$T/log"
python3 - "$T/log" "$ID2" <<'PY' || fail "the change kept was not sent as mine over theirs: $(grep "PUT" "$T/log")"
import json, sys
puts = [json.loads(l) for l in open(sys.argv[1]) if l.strip() and json.loads(l)["request"].startswith("PUT " + sys.argv[2] + "?")]
assert len(puts) == 1, puts
body = puts[0]["body"]
p = (json.loads(body) if isinstance(body, str) else body)["properties"]
assert p["displayName"] == "Mine Two" and p["billingManagementState"] == "NotAllowed", p
PY
[ "$(sqlite3 "$NEWDB" "SELECT count(*) FROM sync_outbox WHERE done_on IS NULL AND push = 1")" = 0 ] ||
	fail "changes still wait"

# Removed at the service while changed here: theirs removes it here too.
on sync --pull-only $OPTS
on tenants set "$T2" --name "Mine Two Again"
fake_state '{"remove": ["'"$ID2"'"]}'
on sync --push-only $OPTS
[ "$rc" = 7 ] || fail "an update of what was removed there: exit $rc"
err_has "in conflict: removed at the service"
N4=$(sqlite3 "$NEWDB" "SELECT id FROM sync_outbox WHERE object = '$ID2' AND done_on IS NULL")
on sync --plan
out_has "theirs: removed there"
on sync resolve "$N4" --theirs
[ "$rc" = 0 ] || fail "resolve --theirs of a removal exited $rc: $(cat "$T/err")"
[ -z "$(name "$T2")" ] || fail "the tenant removed there is still here"
# Added here and there since the pull: the creation finds it made.
NEWT=33333333-3333-4333-8333-333333333333
ACC=${ID1%/associatedTenants/*}
fake_state '{"put": [{"id": "'"$ACC/associatedTenants/$NEWT"'", "name": "'"$NEWT"'",
	"type": "Microsoft.Billing/billingAccounts/associatedTenants", "properties": {"tenantId": "'"$NEWT"'",
	"displayName": "Theirs New", "billingManagementState": "Active",
	"provisioningManagementState": "NotRequested"}}]}'
on tenants add --tenant-id "$NEWT" --name "Mine New"
clear_log
on sync --push-only $OPTS
[ "$rc" = 7 ] || fail "a creation of what exists there: exit $rc"
fake_log | grep -q "PUT $ACC/associatedTenants/$NEWT?" && fail "the creation overwrote what exists"
on sync --plan
out_has "theirs: exists there: .*displayName: Theirs New"
N5=$(sqlite3 "$NEWDB" "SELECT id FROM sync_outbox WHERE action = 'tenant.add' AND done_on IS NULL")
on sync resolve "$N5" --theirs
[ "$rc" = 0 ] || fail "resolve --theirs of a creation exited $rc: $(cat "$T/err")"
[ "$(name "$NEWT")" = "Theirs New" ] || fail "their tenant was not taken: $(name "$NEWT")"

# Renamed and pushed, renamed again here and meanwhile at the service: the
# second change is read back against what the first push left there, and
# is a conflict (it had no base and went over theirs: a lost update).
on tenants set "$T3" --name "Mine Three Once"
on sync $OPTS
[ "$rc" = 0 ] || fail "the first push exited $rc: $(cat "$T/err")"
on tenants set "$T3" --name "Mine Three Twice"
fake_state '{"patch": [{"id": "'"$ID3"'", "properties": {"displayName": "Theirs Three"}}]}'
clear_log
on sync $OPTS
[ "$rc" = 7 ] || fail "a change over theirs after a push: exit $rc: $(cat "$T/out" "$T/err")"
out_has "1 in conflict"
fake_log | grep -q "PUT $ID3?" && fail "the second change went over theirs"
[ "$(name "$T3")" = "Mine Three Twice" ] || fail "the change here was lost: $(name "$T3")"
# With no change there meanwhile, the next change after a push goes.
N6=$(sqlite3 "$NEWDB" "SELECT id FROM sync_outbox WHERE object = '$ID3' AND done_on IS NULL")
on sync resolve "$N6" --theirs
on tenants set "$T3" --name "Mine Three Again"
on sync $OPTS
[ "$rc" = 0 ] || fail "an edit of an untouched object: exit $rc: $(cat "$T/err")"
on tenants set "$T3" --name "Mine Three Last"
on sync $OPTS
[ "$rc" = 0 ] || fail "a second edit after a push of one's own: exit $rc: $(cat "$T/err")"
on audit verify
[ "$rc" = 0 ] || fail "the trail does not verify: $(cat "$T/out" "$T/err")"
finish
