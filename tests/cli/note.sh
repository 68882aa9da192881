#!/bin/sh
# The audit trail's signed notes checked by another implementation: a note
# signed by billcon's code (tests/unit_note --sign, with the key file
# app_signkey makes) verifies with the openssl command line over the PEM key
# file, and its verifier key's ID is SHA-256(name || 0x0A || 0x01 || public
# key)[:4] computed by Python's hashlib (c2sp.org/signed-note).
. "$TESTS_SRCDIR/lib.sh"

helper=$(dirname "$BILLCON")/tests/unit_note
[ -x "$helper" ] || { echo "skip: $helper is not built" >&2; exit 77; }
command -v openssl >/dev/null || { echo "skip: no openssl command" >&2; exit 77; }
note() { ${BILLCON_WRAPPER:-} "$helper" "$@"; }

NAME=billcon.example/audit-test
KEY=$XDG_STATE_HOME/billcon/audit-signing.key
printf 'billcon.example/audit-test\n42\nAQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=\n' >"$T/text"

note --sign "$NAME" "$T/text" >"$T/note" 2>"$T/err" || fail "signing failed: $(cat "$T/err")"
[ "$(stat -c %a "$KEY")" = 600 ] || fail "the key file is mode $(stat -c %a "$KEY"), not 600"
[ "$(stat -c %a "$XDG_STATE_HOME/billcon")" = 700 ] || fail "the key folder is not mode 700"
grep -q 'PRIVATE' "$T/note" "$T/err" && fail "the private key was printed"

# The note: the text, a blank line, one signature line; its parts to files.
python3 - "$T" "$NAME" <<'PY' || fail "the note is not the text, a blank line and one signature by $NAME"
import base64, sys
t, name = sys.argv[1], sys.argv[2]
note = open(t + "/note", "rb").read()
text = open(t + "/text", "rb").read()
assert note.startswith(text + b"\n"), "text and blank line"
line = note[len(text) + 1:]
assert line.endswith(b"\n") and line.count(b"\n") == 1, "one signature line"
dash, signer, b64 = line[:-1].decode().split(" ")
assert dash == "\u2014" and signer == name, (dash, signer)
raw = base64.b64decode(b64, validate=True)
assert len(raw) == 4 + 64, len(raw)
open(t + "/keyid", "w").write(raw[:4].hex())
open(t + "/sig", "wb").write(raw[4:])
PY

# openssl verifies the signature over the text with the key file's public key.
openssl pkey -in "$KEY" -pubout -out "$T/pub.pem" 2>"$T/err" || fail "openssl cannot read the key file: $(cat "$T/err")"
verify() { openssl pkeyutl -verify -pubin -inkey "$T/pub.pem" -rawin -in "$1" -sigfile "$2" >/dev/null 2>&1; }
verify "$T/text" "$T/sig" || fail "openssl does not verify the note's signature"
# ... and the check can fail: another text, a changed signature.
sed 's/^42$/43/' "$T/text" >"$T/text2"
verify "$T/text2" "$T/sig" && fail "openssl verified the signature over a changed text"
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[10] ^= 1; open(sys.argv[2], "wb").write(b)' "$T/sig" "$T/sig2"
verify "$T/text" "$T/sig2" && fail "openssl verified a changed signature"

# The verifier key: name, key ID by hashlib, base64(0x01 || public key); the
# signature line carries the same key ID.
note --key "$NAME" >"$T/vkey" 2>"$T/err" || fail "no verifier key: $(cat "$T/err")"
openssl pkey -pubin -in "$T/pub.pem" -outform DER -out "$T/pub.der" || fail "openssl cannot write the public key"
python3 - "$T" "$NAME" <<'PY' || fail "the verifier key is not the spec's: $(cat "$T/vkey")"
import base64, hashlib, sys
t, name = sys.argv[1], sys.argv[2]
pub = open(t + "/pub.der", "rb").read()[-32:]
keyid = hashlib.sha256(name.encode() + b"\n" + b"\x01" + pub).digest()[:4].hex()
want = "%s+%s+%s" % (name, keyid, base64.b64encode(b"\x01" + pub).decode())
got = open(t + "/vkey").read().strip()
assert got == want, (got, want)
assert open(t + "/keyid").read() == keyid
PY

# A second signing uses the same key; a key file others may read is refused.
note --sign "$NAME" "$T/text" >"$T/note2" || fail "second signing failed"
cmp -s "$T/note" "$T/note2" || fail "a second signing of the same text differs (another key?)"
chmod 644 "$KEY"
note --key "$NAME" >"$T/out" 2>"$T/err" && fail "a key file of mode 644 was used"
grep -q "chmod 600 $KEY" "$T/err" || fail "the refusal does not name the fix: $(cat "$T/err")"
chmod 600 "$KEY"
finish
