#!/bin/sh
# The store as a file: commands that only read leave it byte for byte as it
# was and work on a read-only file; what is not a billcon store, or has a
# schema version this billcon does not know, is refused unchanged; a lock
# held by another program is named as such.
. "$TESTS_SRCDIR/lib.sh"
demo
# Settle the store first (a writable open checkpoints the WAL).
expect 0 tenants set "$FABRIKAM" --name Fabrikam
digest() { sha256sum "$1" | cut -d' ' -f1; }
sum=$(digest "$DB")

# Every command that only reads, and time passing (expiry is written only by
# a change): the file stays as it was.
readers() {
	expect 0 tenants list
	expect 0 tenants list --json
	expect 0 tenants list --csv
	expect 0 tenants
	expect 0
	expect 0 audit verify
	expect 0 audit head
	expect 0 info
}
readers
export BILLCON_NOW=2026-03-01T00:00:00Z
readers
[ "$(digest "$DB")" = "$sum" ] || fail "a command that only reads changed the store"
if [ "$(id -u)" != 0 ]; then
	chmod 444 "$DB"
	readers
	chmod 644 "$DB"
fi
[ "$(digest "$DB")" = "$sum" ] || fail "reading a read-only file changed it"
export BILLCON_NOW="2026-01-15T00:00:00Z"

# backup PATH: a checked copy while others write, never over a file.
sound() {
	[ "$(sqlite3 "$1" 'PRAGMA integrity_check')" = ok ] || fail "$1 fails integrity_check"
	billcon --db "$1" audit verify >/dev/null 2>"$T/verr" || fail "$1 fails audit verify: $(cat "$T/verr")"
}
expect 0 backup "$T/copy.db"
out_has "whole"
sound "$T/copy.db"
[ "$(digest "$DB")" = "$sum" ] || fail "backup changed the store"
[ "$(sqlite3 "$T/copy.db" 'SELECT count(*) FROM associated_tenant')" = 7 ] || fail "the copy lacks tenants"
before=$(digest "$T/copy.db")
expect 3 backup "$T/copy.db"
err_has "never writes over"
err_one_line
[ "$(digest "$T/copy.db")" = "$before" ] || fail "backup wrote over a file"
expect 2 backup
expect 2 backup "$T/a.db" "$T/b.db"
expect 5 --db "$T/none.db" backup "$T/c.db"
[ -e "$T/c.db" ] && fail "backup of no store made a file"
# While another billcon adds tenants, one after another.
(i=0; while [ $i -lt 12 ]; do
	billcon --db "$DB" tenants add --tenant-id "$(printf '22222222-0000-4000-8000-%012d' $i)" --name "Busy $i" >/dev/null 2>&1
	i=$((i + 1))
done) &
writer=$!
n=0
while [ $n -lt 4 ]; do
	expect 0 backup "$T/busy$n.db"
	sound "$T/busy$n.db"
	n=$((n + 1))
done
wait "$writer"
ls "$T" | grep -q building && fail "backup left a file being built"
if [ "$(id -u)" != 0 ]; then
	chmod 444 "$DB"
	expect 0 backup "$T/fromro.db"
	sound "$T/fromro.db"
	chmod 644 "$DB"
fi

# Refused unchanged: each command, one sentence, exit 6.
refused_unchanged() {
	what=$1 need=$2
	before=$(digest "$DB")
	for cmd in "tenants list" "tenants add --tenant-id $NEW --name X" "audit verify" "audit head" ""; do
		# shellcheck disable=SC2086
		expect 6 $cmd
		err_has "$need"
		err_one_line
		[ "$(digest "$DB")" = "$before" ] || fail "$what: billcon $cmd changed the file"
	done
	expect 6 --read-only tenants list
	err_has "$need"
}
cp "$DB" "$T/real.db"

rm -f "$DB"*
sqlite3 "$DB" "CREATE TABLE notes(body TEXT); INSERT INTO notes VALUES('keep me');"
refused_unchanged "another database" "is not a billcon store"
[ "$(sql "SELECT count(*) FROM sqlite_master")" = 1 ] || fail "another database was made a store"

rm -f "$DB"*
printf 'eggs, milk, bread and a great deal more than a database header would hold\n' >"$DB"
refused_unchanged "a text file" "is not a billcon store"

rm -f "$DB"*
: >"$DB"
refused_unchanged "an empty file" "is not a billcon store"

for v in 99 -1 2147483647; do
	rm -f "$DB"*
	cp "$T/real.db" "$DB"
	sql "PRAGMA user_version=$v"
	refused_unchanged "schema version $v" "schema version"
done
expect 6 tenants list
err_has "newer"

# A lock held by another program: the sqlite3 shell in a transaction on a
# store in rollback-journal mode, where it keeps readers out too.
rm -f "$DB"*
cp "$T/real.db" "$DB"
sql "PRAGMA journal_mode=DELETE" >/dev/null
# The shell holds its transaction until the test says so, however slowly
# billcon runs (under valgrind, say).
printf 'BEGIN EXCLUSIVE;\nDELETE FROM meta WHERE 0;\n.shell touch %s; while [ ! -e %s ]; do sleep 0.1; done\nCOMMIT;\n' \
	"$T/locked" "$T/release" | sqlite3 "$DB" &
holder=$!
while [ ! -e "$T/locked" ]; do sleep 0.1; done
expect 6 tenants list
err_has "another program"
err_one_line
grep -q "another billcon kept" "$T/err" && fail "a foreign lock was blamed on another billcon"
touch "$T/release"
wait "$holder"
expect 0 tenants list
finish
