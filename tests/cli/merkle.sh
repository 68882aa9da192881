#!/bin/sh
# core_merkle's proofs checked by an implementation of RFC 9162 apart from
# billcon's (tests/merkle_verify.py: Python's hashlib and the RFC's
# verification algorithms): the root, every inclusion proof and every
# consistency proof of every tree of 1 to 300 leaves, and random pairs in
# trees of up to 100,000. Under valgrind (BILLCON_WRAPPER) the small trees
# stop at 40 leaves: memcheck is some fifty times slower.
. "$TESTS_SRCDIR/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed" >&2; exit 77; }
dump="$(dirname "$BILLCON")/tests/merkle_dump"
[ -x "$dump" ] || { echo "$dump is not built (make check builds it)" >&2; exit 1; }
max=300 big=100000
[ -z "${BILLCON_WRAPPER:-}" ] || { max=40 big=5000; }

rc=0
${BILLCON_WRAPPER:-} "$dump" "$max" "$big" >"$T/dump" 2>"$T/err" || rc=$?
[ "$rc" = 0 ] || fail "merkle_dump exited $rc: $(cat "$T/err")"
rc=0
python3 "$TESTS_SRCDIR/merkle_verify.py" "$max" <"$T/dump" >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 0 ] || fail "the independent verifier refused the proofs: $(head -c 2000 "$T/err")"
largest=$(sed -n 's/.*largest tree \([0-9]*\)$/\1/p' "$T/out")
[ "${largest:-0}" -gt "$max" ] || fail "no tree larger than $max was checked: $(cat "$T/out")"

# The verifier is no rubber stamp: a root, an inclusion proof and a
# consistency proof each changed by one character are refused.
for kind in root leaf old; do
	awk -v kind="\"$kind\"" '
		!done && index($0, kind) && index($0, "\"A") {
			sub(/"A/, "\"B"); done = 1
		}
		{ print }' "$T/dump" >"$T/bad"
	cmp -s "$T/dump" "$T/bad" && { fail "no $kind line to change"; continue; }
	python3 "$TESTS_SRCDIR/merkle_verify.py" "$max" <"$T/bad" >/dev/null 2>&1 &&
		fail "the verifier took a changed $kind line"
done
finish
