# Sourced by the headless screen scripts after tests/lib.sh.
# screen SIZE KEYS...: runs the console on the keys; dumps land in $T/screen,
# one file per dump in $T/dump.N. SCREEN_ARGS (unquoted) adds global options
# such as --as EMAIL; SCREEN_RC is the exit it expects (0; 129 after <Hangup>).
screen() {
	size=$1
	shift
	printf '%s\n' "$*" >"$T/keys"
	rc=0
	billcon --db "$DB" ${SCREEN_ARGS:-} --screen-test "$T/keys" --size "$size" >"$T/screen" 2>"$T/err" || rc=$?
	[ "$rc" = "${SCREEN_RC:-0}" ] || fail "screen $*: exit $rc $(cat "$T/err")"
	rm -f "$T"/dump.*
	awk -v d="$T/dump." 'BEGIN { n = 1 } /^--$/ { n++; next } { print > (d n) }' "$T/screen"
}
has() { grep -q -- "$2" "$T/dump.$1" || fail "screen $1 lacks '$2':$(printf '\n'; cat "$T/dump.$1" 2>/dev/null)"; }
lacks() { ! grep -q -- "$2" "$T/dump.$1" || fail "screen $1 has '$2'"; }
line() { sed -n "$2p" "$T/dump.$1"; }
# flat N TEXT: dump N holds TEXT, however a message wrapped it (spaces and
# line ends ignored).
flat() { tr -d '\n ' <"$T/dump.$1" | grep -qF -- "$(printf '%s' "$2" | tr -d ' ')" || fail "screen $1 lacks '$2': $(cat "$T/dump.$1")"; }
