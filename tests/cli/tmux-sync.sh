#!/bin/sh
# The console's background sync end to end, in tmux at 80x24 against
# tests/fake-arm (issue 11, The console while syncing): f with no cached
# sign-in shows the device code in a dialog (y copies the URL), the sync
# runs while the list still answers keys, a change made at the service
# shows, and the end says what was done; the :sync blade shows the last
# sync; a stalled sync is cancelled with Esc; a sign-in done with no key
# pressed closes its box by itself; f works after the program's file is
# replaced; a stalled push says it is pushing; the demo store is refused.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmuxlib.sh"
. "$TESTS_SRCDIR/fakelib.sh"
trap 'tm kill-server 2>/dev/null; kill "$FAKE_PID" 2>/dev/null; rm -rf "$T"' EXIT
export BILLCON_HTTP_BACKOFF_MS=1
mkdir -p "$XDG_CONFIG_HOME/billcon"
printf 'arm_endpoint = %s\ngraph_endpoint = %s\nlogin_endpoint = %s\n' "$FAKE" "$FAKE" "$FAKE" \
	>"$XDG_CONFIG_HOME/billcon/config"
# The device code sign-in is pending for a second or two, as a person
# takes time to enter it.
fake_state '{"interval": 1, "upn": "User0@Contoso.com", "device": ["authorization_pending", "authorization_pending", "ok"]}'
# The store, made from the account by the command line with a token file.
TOKEN=$(python3 -c 'import base64, json
b = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
print("%s.%s.x" % (b({"alg": "none"}), b({"upn": "user0@contoso.com", "exp": 4102444800})))')
printf '{"arm": "%s", "graph": "%s"}\n' "$TOKEN" "$TOKEN" >"$T/token"
chmod 600 "$T/token"
billcon --db "$DB" sync --pull-only --auth token-file "$T/token" >/dev/null 2>"$T/err" ||
	{ fail "the store could not be made: $(cat "$T/err")"; finish; }
TEN=$(sqlite3 "$DB" "SELECT o.id FROM remote_object o WHERE o.kind = 'associatedTenants' ORDER BY o.id LIMIT 1")
fake_state '{"patch": [{"id": "'"$TEN"'", "properties": {"displayName": "Renamed Remotely"}}]}'

# f: not signed in, so the code to enter comes up; the sync goes on.
session one TERM=xterm-256color
keys_to one f
wait_in one "Sign in to sync"
wait_in one "enter the code FAKE"
keys_to one y
wait_in one "Copied the sign-in URL"
wait_in one "Synced: [0-9]* pages pulled" 100
wait_in one "Renamed Remotely" 60
[ -s "$XDG_STATE_HOME/billcon/tokens" ] || fail "the console's sign-in was not cached"
# The sync blade says when and as whom.
keys_to one ":" && keys_to one -l "sync" && keys_to one Enter
wait_in one "last sync: 20"
keys_to one Escape

# A stalled listing: the status line says where the sync is, the list
# still moves, and Esc cancels.
fake_fault associatedTenants stall 1
keys_to one ":" && keys_to one -l "tenants" && keys_to one Enter
wait_in one "row 1 of"
keys_to one f
# The listing awaited, with what is written of it so far (nothing): not
# the last page or listing written, as if it were in hand.
wait_in one "Sync: pulling associatedTenants: 0 pages, 0 items  (Esc cancels)" 100
keys_to one j
wait_in one "row 2 of"
keys_to one Escape
wait_in one "Sync cancelled: what was pulled or pushed stays; the next sync goes on." 60

# Signed in while the code is on screen and no key is pressed: the box
# closes by itself and the sync's end shows (it used to wait for a key).
rm -f "$XDG_STATE_HOME/billcon/tokens"
fake_state '{"device": ["authorization_pending", "ok"]}'
keys_to one f
wait_in one "enter the code FAKE"
wait_in one "Synced: [0-9]* pages pulled" 100
out=$(tm capture-pane -p -t one)
case $out in *"Sign in to sync"*) fail "the sign-in box stayed after the sign-in" ;; esac
keys_to one Q
wait_in one "billcon-exited:0"

# The program replaced while the console runs (an upgrade): f still runs
# the sync with the program the console is (its file gone, it said only
# that the sync stopped without saying why).
# A change here to a tenant renamed there meanwhile: the end says so in
# the console's terms.
TID=$(sqlite3 "$DB" "SELECT t.tenant_id FROM associated_tenant t JOIN remote_object r ON r.row = t.id
	WHERE r.id = '$TEN'")
billcon --db "$DB" tenants set "$TID" --name "Renamed Here" >/dev/null 2>"$T/err" ||
	fail "the rename here failed: $(cat "$T/err")"
fake_state '{"patch": [{"id": "'"$TEN"'", "properties": {"displayName": "Renamed There"}}]}'
cp "$BILLCON" "$T/billcon-old"
BILLCON=$T/billcon-old session three TERM=xterm-256color
rm -f "$T/billcon-old"
keys_to three f
wait_in three "Synced: [0-9]* pages pulled; 0 pushed, 0 failed, 0 held, 1 in conflict: :sync shows" 100
wait_in three "(R there resolves a conflict)"
keys_to three Q
wait_in three "billcon-exited:0"

# A push that stalls on its first change: the status line says the sync
# is pushing (it stayed on the pull's last listing), and Esc cancels it.
billcon --db "$DB" sync resolve "$(sqlite3 "$DB" "SELECT id FROM sync_outbox WHERE object = '$TEN'
	AND done_on IS NULL")" --theirs >/dev/null 2>"$T/err" || fail "resolving the conflict failed: $(cat "$T/err")"
set -- $(sqlite3 "$DB" "SELECT r.id, t.tenant_id FROM associated_tenant t JOIN remote_object r ON r.row = t.id
	AND r.kind = 'associatedTenants' WHERE r.id <> '$TEN' AND t.billing_management_state = 'Active' LIMIT 1" |
	tr '|' ' ')
billcon --db "$DB" tenants set "$2" --name "Pushed Slowly" >/dev/null 2>"$T/err" ||
	fail "the second rename here failed: $(cat "$T/err")"
fake_fault "${1##*/}" stall 3
session four TERM=xterm-256color NO_COLOR=1
keys_to four f
wait_in four "Sync: pushing, 0 done, 0 not sent  (Esc cancels)" 100
keys_to four Escape
wait_in four "Sync cancelled" 60
keys_to four Q
wait_in four "billcon-exited:0"

# The demo store is never synced: the console says so.
rm -f "$DB"
demo
session two TERM=xterm-256color NO_COLOR=1
keys_to two f
wait_in two "This is the demo store, which is never synced"
keys_to two Q
wait_in two "billcon-exited:0"
finish
