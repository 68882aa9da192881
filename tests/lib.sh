# Sourced by tests/cli/*.sh: a private home, a fixed clock, and checks.
# A test script exits 0 when it passes, 1 when it fails, 77 when skipped.
set -u

: "${BILLCON:?BILLCON must name the billcon binary}"
T=$(mktemp -d "${TMPDIR:-/tmp}/billcon-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" XDG_STATE_HOME="$T/state"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
export BILLCON_NOW="2026-01-15T00:00:00Z"
export LC_ALL=C.UTF-8 TZ=UTC
unset BILLCON_CONFIG NO_COLOR

FABRIKAM=c0000000-0000-4000-8000-000000000002
TAILSPIN=c0000000-0000-4000-8000-000000000003
WINGTIP=c0000000-0000-4000-8000-000000000004
PRIMARY=c0000000-0000-4000-8000-000000000001
NEW=11111111-2222-4333-8444-555555555555
DB="$T/demo.db"

failures=0

# billcon, under BILLCON_WRAPPER (valgrind, say) when that is set.
billcon() {
	${BILLCON_WRAPPER:-} "$BILLCON" "$@"
}

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# Runs billcon with the test store; the output lands in $T/out and $T/err,
# the exit code in $rc.
run() {
	rc=0
	billcon --db "$DB" "$@" >"$T/out" 2>"$T/err" </dev/null || rc=$?
}

# expect CODE args...: billcon exits with CODE.
expect() {
	want=$1
	shift
	run "$@"
	[ "$rc" = "$want" ] || fail "billcon $* exited $rc, not $want: $(cat "$T/err")"
}

out_has() { grep -q -- "$1" "$T/out" || fail "stdout lacks '$1': $(head -c 400 "$T/out")"; }
err_has() { grep -q -- "$1" "$T/err" || fail "stderr lacks '$1': $(cat "$T/err")"; }
out_lacks() { ! grep -q -- "$1" "$T/out" || fail "stdout has '$1'"; }
# One sentence on stderr: exactly one line.
err_one_line() {
	[ "$(wc -l <"$T/err")" = 1 ] || fail "stderr is not one line: $(cat "$T/err")"
}

sql() { sqlite3 "$DB" "$1"; }
# The store file's SHA-256, to show it byte for byte as it was.
store_sum() { sha256sum "$DB" | cut -d' ' -f1; }
# read_only_profile: the settings file says read_only = on; its path in $cfg.
read_only_profile() {
	cfg="$XDG_CONFIG_HOME/billcon/config"
	mkdir -p "$XDG_CONFIG_HOME/billcon"
	printf '# an auditor\nread_only = on\n' >"$cfg"
}

# demo: a fresh demo store at $DB. Made without BILLCON_WRAPPER: it is the
# set-up, not the command under test (the tests that test demo init call
# billcon demo init themselves), and under valgrind each costs seconds.
demo() { "$BILLCON" demo init "$DB" >/dev/null || { echo "demo init failed" >&2; exit 1; }; }

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed" >&2
		exit 1
	fi
	exit 0
}
