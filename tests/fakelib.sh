# Sourced by command-line tests after tests/lib.sh: starts tests/fake-arm
# on 127.0.0.1 and sets FAKE (its base URL). fake_fault PATH KIND [COUNT]
# [RETRY_AFTER] injects a fault; fake_log prints the requests seen;
# fake_state JSON merges JSON into the data the routes serve.
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed" >&2; exit 77; }
python3 "$TESTS_SRCDIR/fake-arm/server.py" --port-file "$T/fake.url" >"$T/fake.log" 2>&1 &
FAKE_PID=$!
trap 'kill "$FAKE_PID" 2>/dev/null; rm -rf "$T"' EXIT
i=0
until [ -s "$T/fake.url" ]; do
	i=$((i + 1))
	[ "$i" -le 200 ] || { echo "fake-arm did not start: $(cat "$T/fake.log")" >&2; exit 1; }
	sleep 0.05
done
FAKE=$(cat "$T/fake.url")
fake_post() { python3 -c 'import sys, urllib.request as u; u.urlopen(u.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST"))' "$FAKE/$1" "$2"; }
fake_fault() { fake_post _fault "{\"path\": \"$1\", \"kind\": \"$2\", \"count\": ${3:-1}, \"retry_after\": ${4:-null}}"; }
fake_state() { fake_post _state "$1"; }
fake_log() { python3 -c 'import sys, urllib.request as u; sys.stdout.write(u.urlopen(sys.argv[1]).read().decode())' "$FAKE/_log"; }
# fake_signin UPN: TOKEN, a token for ARM and Graph signed in as UPN (an
# unsigned JWT, as the fake reads it), in the token file $T/token (mode
# 0600); OPTS, the options that sync against the fake with it.
fake_signin() {
	TOKEN=$(python3 -c 'import base64, json, sys
b = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
print("%s.%s.x" % (b({"alg": "none"}), b({"upn": sys.argv[1], "exp": 4102444800})))' "$1")
	printf '{"arm": "%s", "graph": "%s"}\n' "$TOKEN" "$TOKEN" >"$T/token"
	chmod 600 "$T/token"
	OPTS="--endpoint $FAKE --graph-endpoint $FAKE --login-endpoint $FAKE --auth token-file $T/token"
}
