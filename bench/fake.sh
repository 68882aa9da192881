# bench/fake.sh: sourced by the bench scripts that serve from tests/fake-arm.
# fake_start starts the fake on 127.0.0.1 (its log in $tmp/fake.log, with
# $root the source tree and $tmp the script's own folder) and sets pid (for
# the script's cleanup to kill) and base (its URL).
fake_start() {
	python3 "$root/tests/fake-arm/server.py" --port-file "$tmp/url" >"$tmp/fake.log" 2>&1 &
	pid=$!
	i=0
	until [ -s "$tmp/url" ]; do
		i=$((i + 1))
		[ "$i" -le 400 ] || { echo "$(basename "$0"): the fake did not start" >&2; exit 1; }
		sleep 0.05
	done
	base=$(cat "$tmp/url")
}
