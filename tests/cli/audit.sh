#!/bin/sh
# audit verify and audit head on a real store, and every kind of tampering
# done with the sqlite3 shell: edit, delete, swap, truncate.
. "$TESTS_SRCDIR/lib.sh"
demo
expect 0 tenants add --tenant-id "$NEW" --name "For the trail" --provisioning

expect 0 audit verify
out_has "whole"
expect 0 audit head
n=$(cut -d' ' -f1 "$T/out")
head=$(cut -d' ' -f2 "$T/out")
[ "$n" = "$(sql "SELECT max(seq) FROM audit")" ] || fail "head's number is not the last entry"
[ "${#head}" = 64 ] || fail "head's hash is not 64 hex digits: $head"
expect 0 audit verify --expect "$head"
expect 0 audit head --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["seq"] > 0 and len(d["hash"]) == 64' "$T/out" || fail "head --json"

# demo init --audit N: the demo's entries and N more, each chained and in
# the tree, all indexed for the filter (the bulk load indexes them at its
# end), times rising, a few hundred actors; a change made afterwards is
# indexed by the trigger again.
billcon demo init "$T/plain.db" >/dev/null || fail "demo init"
billcon demo init "$T/gen.db" --audit 3000 >/dev/null || fail "demo init --audit 3000"
own=$(sqlite3 "$T/plain.db" "SELECT count(*) FROM audit")
rc=0
billcon --db "$T/gen.db" audit verify >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 0 ] || fail "verify of a store with generated entries: $(cat "$T/err")"
out_has "whole: $((own + 3000)) entries"
gen() { sqlite3 "$T/gen.db" "$1"; }
[ "$(gen "SELECT count(*) FROM audit")" = $((own + 3000)) ] || fail "--audit 3000 did not add 3000 entries"
# Complete subtrees of 256 entries and up: 11 + 5 + 2 + 1 of them.
entries=$((own + 3000)) nodes=0 size=256
while [ "$size" -le "$entries" ]; do nodes=$((nodes + entries / size)) size=$((size * 2)); done
[ "$(gen "SELECT count(*) FROM audit_tree")" = "$nodes" ] || fail "the tree lacks nodes: $(gen "SELECT count(*) FROM audit_tree"), not $nodes"
[ "$(gen "SELECT count(*) FROM audit a JOIN audit b ON b.seq = a.seq + 1 WHERE b.at < a.at")" = 0 ] || fail "generated times go back"
[ "$(gen "SELECT count(DISTINCT actor) > 200 AND count(DISTINCT action) >= 14 FROM audit")" = 1 ] || fail "too few actors or actions"
for action in $(gen "SELECT DISTINCT action FROM audit"); do
	[ "$(gen "SELECT count(*) FROM audit_fts WHERE audit_fts MATCH 'action:\"$action\"'")" = \
	  "$(gen "SELECT count(*) FROM audit WHERE action = '$action'")" ] || fail "$action entries are not all indexed"
done
billcon --db "$T/gen.db" tenants add --tenant-id "$NEW" --name "After the load" >/dev/null || fail "a change after the load"
[ "$(gen "SELECT count(*) FROM audit_fts WHERE audit_fts MATCH '\"After\"'")" = 1 ] || fail "a change after the load is not indexed"
expect 2 demo init "$T/x.db" --audit -3
err_has "audit"
[ -e "$T/x.db" ] && fail "--audit -3 made a store"

# Each writer is refused by the triggers.
sqlite3 "$DB" "UPDATE audit SET actor='mallory' WHERE seq=3" 2>/dev/null && fail "UPDATE on audit was allowed"
sqlite3 "$DB" "DELETE FROM audit WHERE seq=3" 2>/dev/null && fail "DELETE on audit was allowed"

tamper() {
	cp "$DB" "$T/pristine.db"
	sqlite3 "$DB" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $1" || fail "tamper: $1"
}
restore() { cp "$T/pristine.db" "$DB"; rm -f "$DB-wal" "$DB-shm"; }

tamper "UPDATE audit SET actor='mallory@contoso.com' WHERE seq=5"
expect 3 audit verify
err_has "entry 5"
err_one_line
restore

# A NUL byte in a field must not hide what follows it: an entry whose actor
# gains a NUL and more bytes, written as text by the shell, is caught.
tamper "UPDATE audit SET actor = CAST(CAST(actor AS BLOB) || X'00' || CAST('mallory' AS BLOB) AS TEXT) WHERE seq=4"
[ "$(sql "SELECT length(CAST(actor AS BLOB)) > 20 FROM audit WHERE seq=4")" = 1 ] || fail "the NUL edit was not written"
expect 3 audit verify
err_has "entry 4"
restore
# And a stored hash followed by a NUL and junk is no longer its hash.
tamper "UPDATE audit SET hash = CAST(CAST(hash AS BLOB) || X'00' || CAST('junk' AS BLOB) AS TEXT) WHERE seq=6"
expect 3 audit verify
err_has "entry 6"
restore

tamper "DELETE FROM audit WHERE seq=7"
expect 3 audit verify
err_has "entry 7 is missing"
restore

tamper "UPDATE audit SET seq=-1 WHERE seq=9; UPDATE audit SET seq=9 WHERE seq=10; UPDATE audit SET seq=10 WHERE seq=-1"
expect 3 audit verify
err_has "entry 9"
restore

tamper "DELETE FROM audit WHERE seq > $((n - 2))"
expect 0 audit verify
expect 3 audit verify --expect "$head"
err_has "cut off"
restore

expect 0 audit verify --expect "$head"
finish
