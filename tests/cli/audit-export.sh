#!/bin/sh
# audit list and audit export: each filter and their combinations (since
# inclusive, until exclusive, a date alone its midnight), the accounts, the
# formats parsed back, every entry exported as the store holds it, an
# output file made whole or not at all, a read-only store, bad options.
. "$TESTS_SRCDIR/lib.sh"
demo

# Three entries at chosen times, after the demo's (October 2025).
change_at() {
	export BILLCON_NOW="$1"
	shift
	expect 0 tenants set "$@"
	export BILLCON_NOW="2026-01-15T00:00:00Z"
}
change_at 2026-01-10T08:00:00Z "$FABRIKAM" --name "Fabrikam West"
change_at 2026-01-12T00:00:00Z "$TAILSPIN" --name "Tailspin Two"
change_at 2026-01-13T09:30:00Z "$FABRIKAM" --name "Fabrikam East Été"
n=$(sql "SELECT max(seq) FROM audit")
[ "$n" -gt 3 ] || fail "the changes made no entries"

# seqs FILE: the seq of each entry of a --json list or a jsonl export.
seqs() {
	python3 -c '
import json, sys
t = open(sys.argv[1]).read()
rows = json.loads(t) if t.startswith("[") else [json.loads(l) for l in t.splitlines()]
print(" ".join(str(r["seq"]) for r in rows))' "$1" || fail "not JSON: $(head -c 300 "$1")"
}
# list_is WANT args...: audit list --json with args lists exactly WANT.
list_is() {
	listed=$1
	shift
	expect 0 audit list --all-accounts --json "$@"
	got=$(seqs "$T/out")
	[ "$got" = "$listed" ] || fail "audit list $*: got [$got], not [$listed]"
}

# The store has two billing accounts: one must be chosen, or all.
expect 2 audit list
err_has "--all-accounts"
err_one_line
expect 0 audit list --all-accounts
out_has "tenant.update"
out_has "displayName: Fabrikam West → Fabrikam East Été"

# Newest first, or oldest first; every entry.
list_is "$(seq "$n" -1 1 | tr '\n' ' ' | sed 's/ $//')"
list_is "$(seq 1 "$n" | tr '\n' ' ' | sed 's/ $//')" --oldest-first
# A date alone is its midnight; since is inclusive, until exclusive.
list_is "$n $((n - 1))" --since 2026-01-12
list_is "$((n - 2))" --since 2026-01-10T08:00:00Z --until 2026-01-12
list_is "$(seq $((n - 3)) -1 1 | tr '\n' ' ' | sed 's/ $//')" --until 2026-01-10T08:00
list_is "$n $((n - 1)) $((n - 2))" --action tenant.update
list_is "$n $((n - 2))" --action tenant.update --object "$FABRIKAM"
list_is "$n" --actor ada@contoso.com --action tenant.update --object "$FABRIKAM" --since 2026-01-13
list_is "" --actor nobody@example.com
expect 0 audit list --all-accounts --actor nobody@example.com
out_has "(no audit entries)"
# The object filter is the object field: as many as the store has.
held=$(sql "SELECT group_concat(seq, ' ') FROM (SELECT seq FROM audit WHERE object LIKE '%$FABRIKAM' ORDER BY seq DESC)")
list_is "$held" --object "$FABRIKAM"

# An account's entries are those the store keeps under it.
for account in Contoso "Northwind Traders"; do
	held=$(sql "SELECT count(*) FROM audit a JOIN billing_account b ON b.id = a.account_id WHERE b.display_name = '$account'")
	[ "$held" -gt 0 ] || fail "$account has no entries to list"
	expect 0 --account "$account" audit list --json
	[ "$(seqs "$T/out" | wc -w)" = "$held" ] || fail "--account $account lists other than its $held entries"
done

# CSV parses, with the columns of the table.
expect 0 audit list --all-accounts --csv --since 2026-01-12
python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["seq", "at", "actor", "action", "summary", "object"], rows[0]
assert [r[0] for r in rows[1:]] == [sys.argv[2], sys.argv[3]], rows
assert "Fabrikam East" in rows[1][4]' "$T/out" "$n" "$((n - 1))" || fail "audit list --csv"

# Exports hold every entry, oldest first, as the store has it.
sql "SELECT seq || ' ' || hash FROM audit ORDER BY seq" >"$T/hashes"
expect 0 audit export --all-accounts --format jsonl
cp "$T/out" "$T/export.jsonl"
[ "$(wc -l <"$T/export.jsonl")" = "$n" ] || fail "jsonl export has not $n lines"
python3 -c '
import json, sqlite3, sys
lines = open(sys.argv[1]).read().splitlines()
got = ["%d %s" % (e["seq"], e["hash"]) for e in map(json.loads, lines)]
assert got == open(sys.argv[2]).read().splitlines(), "hashes differ"
for line in lines:
    e = json.loads(line)
    assert sorted(e) == ["action", "actor", "after", "at", "before", "hash", "object", "seq"], e
    assert e["before"] is None or isinstance(e["before"], dict), e
    assert isinstance(e["after"], dict), e
    # One compact object, keys sorted: what audit prove embeds (jansson
    # writes \u00C9 where Python writes \u00c9).
    assert json.dumps(e, sort_keys=True, separators=(",", ":")).lower() == line.lower(), line
# before and after are the stored JSON, byte for byte.
db = sqlite3.connect(sys.argv[3])
for line, (before, after) in zip(lines, db.execute("SELECT before, after FROM audit ORDER BY seq")):
    assert (",\"after\":%s," % after) in line, line
    assert (",\"before\":%s," % (before or "null")) in line, line' \
	"$T/export.jsonl" "$T/hashes" "$DB" || fail "jsonl export"
expect 0 audit export --all-accounts --format json
python3 -c '
import json, sys
assert json.load(open(sys.argv[1])) == [json.loads(l) for l in open(sys.argv[2])]' \
	"$T/out" "$T/export.jsonl" || fail "json export differs from jsonl"
expect 0 audit export --all-accounts --format csv
python3 -c '
import csv, sqlite3, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["seq", "at", "actor", "action", "object", "before", "after", "hash"], rows[0]
db = sqlite3.connect(sys.argv[2])
want = [[str(r[0])] + [v or "" for v in r[1:]] for r in
        db.execute("SELECT seq, at, actor, action, object, before, after, hash FROM audit ORDER BY seq")]
assert rows[1:] == want, "csv export differs from the store"' "$T/out" "$DB" || fail "csv export"
expect 0 audit export --all-accounts --format jsonl --since 2026-01-12
[ "$(seqs "$T/out")" = "$((n - 1)) $n" ] || fail "a filtered export is not oldest first"

# --output: the same bytes; an existing file is kept unless --force; a
# failed export leaves no file, half or whole.
mkdir "$T/outdir"
expect 0 audit export --all-accounts --format jsonl --output "$T/outdir/trail.jsonl"
cmp -s "$T/outdir/trail.jsonl" "$T/export.jsonl" || fail "--output wrote other bytes"
[ ! -s "$T/out" ] || fail "--output also wrote to stdout"
[ ! -s "$T/err" ] || fail "an export wrote on stderr, not a terminal: $(cat "$T/err")"
# On a terminal, stderr shows the progress, and clears it at the end.
python3 -c '
import os, pty, subprocess, sys
master, slave = pty.openpty()
p = subprocess.run([sys.argv[1], "--db", sys.argv[2], "audit", "export", "--all-accounts",
                    "--format", "csv", "--output", sys.argv[3]], stderr=slave, stdout=subprocess.DEVNULL)
os.close(slave)
err = os.read(master, 65536).decode()
assert p.returncode == 0, p.returncode
assert "Exporting 0 of %s entries (0%%)" % sys.argv[4] in err, repr(err)
assert err.endswith("\r\033[K"), repr(err)' "$BILLCON" "$DB" "$T/outdir/tty.csv" "$n" || fail "no progress on a terminal"
rm -f "$T/outdir/tty.csv"
echo keep >"$T/outdir/kept"
expect 3 audit export --all-accounts --format csv --output "$T/outdir/kept"
err_has "--force"
[ "$(cat "$T/outdir/kept")" = keep ] || fail "an existing file was overwritten"
expect 0 audit export --all-accounts --format csv --output "$T/outdir/kept" --force
head -1 "$T/outdir/kept" | grep -q '^seq,at,' || fail "--force did not replace the file"
expect 2 audit export --all-accounts --format csv --since tomorrow --output "$T/outdir/bad.csv"
expect 6 audit export --all-accounts --format csv --output "$T/missing/bad.csv"
err_one_line
[ "$(ls "$T/outdir")" = "$(printf 'kept\ntrail.jsonl')" ] || fail "a failed export left a file: $(ls "$T/outdir")"

# A read-only store lists and exports, and is left byte for byte.
cp "$DB" "$T/before.db"
expect 0 --read-only audit list --all-accounts --action tenant.update
expect 0 --read-only audit export --all-accounts --format jsonl
cmp -s "$T/out" "$T/export.jsonl" || fail "the read-only export differs"
cmp -s "$DB" "$T/before.db" || fail "reading the trail changed the store"

# Stored text that is not JSON is exported as a string, as it is; bytes
# that are not UTF-8 as \xNN, so that every line stays JSON.
sqlite3 "$DB" "DROP TRIGGER audit_no_update; UPDATE audit SET before = 'not {json' WHERE seq = 2;
	UPDATE audit SET actor = CAST(X'6164FF0A' AS TEXT) WHERE seq = 1" || fail "tamper"
expect 0 audit export --all-accounts --format jsonl --until 2025-10-17T15:00:01Z
python3 -c '
import json, sys
e = [json.loads(l) for l in open(sys.argv[1])]
assert e[1]["before"] == "not {json", e[1]
assert e[0]["actor"] == "ad\\xFF\n", e[0]' "$T/out" || fail "text that is not JSON or not UTF-8"

# Bad options: one sentence, exit 2.
for bad in "--bogus" "--since yesterday" "--until" "--actor" "--object a\ b" \
	"--since 2026-02-01 --until 2026-01-01"; do
	eval "expect 2 audit list --all-accounts $bad"
	err_one_line
done
expect 2 --account Contoso audit list --all-accounts
err_one_line
expect 2 audit export --all-accounts
err_has "--format"
expect 2 audit export --all-accounts --format xml
err_one_line
expect 2 audit export --all-accounts --format csv --oldest-first
err_one_line
expect 5 --account Nowhere audit list
err_one_line

finish
