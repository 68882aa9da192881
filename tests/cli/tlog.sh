#!/bin/sh
# The audit trail as a transparency log: a signed checkpoint, inclusion
# proofs checked with no store, and each kind of tampering detected and
# located both by `audit verify` and against a checkpoint kept earlier.
# tests/audit_forge.py hashes entries and the tree from doc/audit.md alone:
# it appends valid entries, and rewrites a whole store as a forger would.
. "$TESTS_SRCDIR/lib.sh"
FORGE="$TESTS_SRCDIR/audit_forge.py"
demo
python3 "$FORGE" "$DB" append 600 || fail "forge append"
n=$(sql "SELECT max(seq) FROM audit")

expect 0 audit verify
out_has "whole"

# A checkpoint: origin, size, root as the independent code computes it,
# then a signature line by the key named as the origin.
expect 0 audit checkpoint
cp "$T/out" "$T/cp"
origin=$(sql "SELECT value FROM meta WHERE key='audit_origin'")
[ "$(sed -n 1p "$T/cp")" = "$origin" ] || fail "checkpoint origin: $(sed -n 1p "$T/cp")"
[ "$(sed -n 2p "$T/cp")" = "$n" ] || fail "checkpoint size: $(sed -n 2p "$T/cp") for $n entries"
[ "$(sed -n 3p "$T/cp")" = "$(python3 "$FORGE" "$DB" check)" ] || fail "checkpoint root differs from RFC 9162's"
[ -z "$(sed -n 4p "$T/cp")" ] || fail "no blank line before the signature"
sed -n 5p "$T/cp" | grep -q "^— $origin " || fail "signature line: $(sed -n 5p "$T/cp")"
key=$(ls "$XDG_STATE_HOME/billcon/")
[ "$(stat -c %a "$XDG_STATE_HOME/billcon/$key")" = 600 ] || fail "key file mode"
expect 0 audit key
vkey=$(cat "$T/out")
case "$vkey" in "$origin+"*) ;; *) fail "verifier key: $vkey" ;; esac
printf '%s\n' "$vkey" >"$T/key"

# Inclusion proofs, checked with no store (the store file is moved away).
expect 0 audit prove 100
cp "$T/out" "$T/proof.json"
python3 - "$T/proof.json" "$n" <<'EOF' || fail "proof JSON"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["seq"] == 100 and p["leafIndex"] == 99 and p["treeSize"] == int(sys.argv[2]), p
assert len(p["proof"]) == 10 and p["entry"]["seq"] == 100 and len(p["entry"]["hash"]) == 64, p
EOF
mv "$DB" "$T/away.db"
expect 0 audit verify-proof --proof "$T/proof.json" --checkpoint "$T/cp" --key "$T/key"
out_has "Entry 100 is in the log"
expect 0 audit verify-proof --proof "$T/proof.json" --checkpoint "$T/cp" --key "$vkey"
[ -e "$DB" ] && fail "verify-proof made a store"
mv "$T/away.db" "$DB"
# A changed entry, a changed proof, a changed checkpoint, another key.
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p["entry"]["actor"]="mallory@contoso.com"; json.dump(p, open(sys.argv[2], "w"))' "$T/proof.json" "$T/bad.json"
expect 3 audit verify-proof --proof "$T/bad.json" --checkpoint "$T/cp" --key "$vkey"
err_has "entry was changed"
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); p["proof"][3]=p["proof"][4]; json.dump(p, open(sys.argv[2], "w"))' "$T/proof.json" "$T/bad.json"
expect 3 audit verify-proof --proof "$T/bad.json" --checkpoint "$T/cp" --key "$vkey"
err_has "not in the log"
sed '2s/.*/9999/' "$T/cp" >"$T/badcp"
expect 3 audit verify-proof --proof "$T/proof.json" --checkpoint "$T/badcp" --key "$vkey"
err_one_line
other=$(XDG_STATE_HOME="$T/state2" billcon --db "$DB" audit key) || fail "another key"
expect 3 audit verify-proof --proof "$T/proof.json" --checkpoint "$T/cp" --key "$other"
err_one_line
expect 2 audit verify-proof --proof "$T/proof.json" --checkpoint "$T/cp" --key "not a key"
expect 2 audit verify-proof --proof "$T/proof.json"
expect 2 audit prove
expect 5 audit prove 999999

# The trail grows: the checkpoint still holds, by a consistency proof.
expect 0 tenants set "$FABRIKAM" --name "Fabrikam after the checkpoint"
expect 0 audit verify --checkpoint "$T/cp"
out_has "extends the checkpoint"
expect 0 audit verify --checkpoint "$T/cp" --key "$T/key" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["intact"] and d["checkpoint"]["consistent"] and d["checkpoint"]["consistencyProof"], d' "$T/out" ||
	fail "verify --json with a checkpoint"
expect 2 audit verify --key "$T/key"

# Tampering, on a copy each time: verify alone, then against the checkpoint.
cp "$DB" "$T/pristine.db"
UNGUARD="DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TRIGGER audit_tree_no_update; DROP TRIGGER audit_tree_no_delete;"
restore() { cp "$T/pristine.db" "$DB"; rm -f "$DB-wal" "$DB-shm"; }
tampered() { # SQL, then what verify alone says (exit, first bad, words), then the checkpoint's
	restore
	sqlite3 "$DB" "$UNGUARD $1" || fail "tamper: $1"
	expect "$2" audit verify --json
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["firstBad"] == int(sys.argv[2]) and sys.argv[3] in d["problem"], d' \
		"$T/out" "$3" "$4" || fail "verify after '$1': $(cat "$T/out")"
	expect 3 audit verify --checkpoint "$T/cp" --json
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not d["intact"] and d["firstBad"] == int(sys.argv[2]) and sys.argv[3] in d["problem"], d' \
		"$T/out" "$5" "$6" || fail "verify --checkpoint after '$1': $(cat "$T/out")"
}
tampered "UPDATE audit SET actor='mallory@contoso.com' WHERE seq=50" 3 50 "does not match its hash" 50 "does not match its hash"
tampered "DELETE FROM audit WHERE seq=50" 3 51 "missing" 51 "missing"
tampered "UPDATE audit SET seq=-1 WHERE seq=50; UPDATE audit SET seq=50 WHERE seq=51; UPDATE audit SET seq=51 WHERE seq=-1" \
	3 50 "does not match its hash" 50 "does not match its hash"
# A cut tail: the tree's hashes of the entries cut give it away; a shorter
# cut leaves none, and only the checkpoint sees it.
tampered "DELETE FROM audit WHERE seq > 300" 3 301 "cut off" 301 "cut off"
tampered "DELETE FROM audit WHERE seq > 600" 0 0 "" 601 "cut off"
tampered "UPDATE audit_tree SET hash = randomblob(32) WHERE id = (SELECT min(id) FROM audit_tree)" 3 1 "replaced" 1 "replaced"
# Edit, then re-hash the whole chain and tree: whole on its own terms, so
# only the checkpoint can tell.
restore
sqlite3 "$DB" "$UNGUARD UPDATE audit SET actor='mallory@contoso.com' WHERE seq=50" || fail "edit"
python3 "$FORGE" "$DB" rehash || fail "forge rehash"
expect 0 audit verify
expect 3 audit verify --checkpoint "$T/cp"
err_has "do not hash to the checkpoint's root"
err_one_line

# A checkpoint of another store, and one not signed by this key.
restore
billcon demo init "$T/other.db" >/dev/null
billcon --db "$T/other.db" audit checkpoint >"$T/othercp" || fail "other checkpoint"
expect 3 audit verify --checkpoint "$T/othercp"
err_has "another store"
sed '3s/^./A/' "$T/cp" >"$T/badcp"
expect 3 audit verify --checkpoint "$T/badcp"
err_one_line

# The origin is a setting too; a bad one is refused in one sentence.
mkdir -p "$XDG_CONFIG_HOME/billcon"
printf 'audit_origin = example.com/log\n' >"$XDG_CONFIG_HOME/billcon/config"
expect 0 audit checkpoint
[ "$(sed -n 1p "$T/out")" = "example.com/log" ] || fail "audit_origin setting"
printf 'audit_origin = two words\n' >"$XDG_CONFIG_HOME/billcon/config"
expect 2 audit checkpoint
err_one_line

# A checkpoint every 2 changes, to a file outside the store; each one
# written there checks against the store later.
printf 'checkpoint_every = 2\ncheckpoint_sink = file:%s\n' "$T/sink" >"$XDG_CONFIG_HOME/billcon/config"
for name in One Two Three Four; do
	expect 0 tenants set "$FABRIKAM" --name "Fabrikam $name"
done
[ "$(grep -c '^— ' "$T/sink")" = 2 ] || fail "sink holds $(grep -c '^— ' "$T/sink") checkpoints, not 2"
python3 -c 'import sys; t=open(sys.argv[1]).read(); open(sys.argv[2], "w").write(t[:t.index("\n\n", t.index("\n— ")) + 1])' "$T/sink" "$T/first"
expect 0 audit verify --checkpoint "$T/first"
# A sink that fails: the change is saved, and the failure said.
printf 'checkpoint_every = 1\ncheckpoint_sink = file:%s/none/sink\n' "$T" >"$XDG_CONFIG_HOME/billcon/config"
expect 7 tenants set "$FABRIKAM" --name "Fabrikam Five"
err_has "was saved"
[ "$(sql "SELECT display_name FROM associated_tenant WHERE tenant_id='$FABRIKAM'")" = "Fabrikam Five" ] ||
	fail "a failing sink lost the change"
finish
