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
