#!/bin/sh
# Hostile input to the command line: each is refused in one sentence with the
# right exit code, or handled without harm.
. "$TESTS_SRCDIR/lib.sh"
demo
expect 0 tenants set "$FABRIKAM" --name Fabrikam
sum=$(sha256sum "$DB" | cut -d' ' -f1)

usage() {
	expect 2 "$@"
	err_one_line
}

# demo init --scale: digits only, 0 to 10,000,000.
for junk in -1 +5 " 5" "5 " 1e3 0x10 5abc "" 10000001 99999999999999999999999 -9223372036854775808; do
	usage demo init "$T/scaled.db" --scale "$junk"
	err_has "scale"
	[ -e "$T/scaled.db" ] && fail "--scale '$junk' made a store"
done
expect 3 --read-only demo init "$T/ro.db"
err_one_line
err_has "read-only"
[ -e "$T/ro.db" ] && fail "--read-only demo init made a store"
# --demo makes the demo store on first use, but not under --read-only.
rc=0
billcon --demo --read-only tenants list >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 3 ] || fail "--demo --read-only with no demo store exited $rc"
err_has "read-only"
[ -e "$XDG_DATA_HOME/billcon/demo.db" ] && fail "--demo --read-only made the demo store"

# Extra arguments.
usage keys extra
usage keys --man extra
usage info extra
usage audit head extra

# --size: only COLSxLINES, each 1 to 1000, and only with --screen-test.
printf 'q\n' >"$T/keys"
for junk in 80 80x x24 80x24x1 -80x24 80x-24 0x24 80x0 1001x24 80x1001 99999999999x24 80X24 " 80x24" 8e1x24; do
	usage --screen-test "$T/keys" --size "$junk"
	err_has "size"
done
usage --size 80x24 tenants list
err_has "screen-test"

# The largest screens work, headless, with every overlay open.
printf '<Dump>\nG\n?\n<Dump>\n<Esc>\n:\n<Dump>\n<Esc>\n<Resize:1000x1000>\n<Dump>\nq\n' >"$T/keys"
for size in 1000x1000 1x1 1000x1 1x1000 60x16; do
	expect 0 --screen-test "$T/keys" --size "$size"
done
expect 0 --screen-test "$T/keys" --size 1000x1000
out_has "Fabrikam"
# The console opens the store for writing: what follows must not change it.
sum=$(sha256sum "$DB" | cut -d' ' -f1)

# A long value echoed in an error is cut, so that the reason stays readable.
long=$(printf 'x%.0s' $(seq 5000))
for cmd in "tenants set $long --name X" "tenants add --tenant-id $long --name X" "tenants add --domain $long.com --name X" "tenants $long" "$long" "tenants list $long" "demo init $T/x.db --scale $long"; do
	# shellcheck disable=SC2086
	run $cmd
	[ "$rc" != 0 ] || fail "a long value was taken: ${cmd%% *}"
	err_one_line
	[ "$(wc -c <"$T/err")" -lt 400 ] || fail "the message echoes the whole value: $(head -c 200 "$T/err")"
	err_has "…"
done
expect 2 tenants set "$long" --name X
err_has "neither a tenant ID"

[ "$(sha256sum "$DB" | cut -d' ' -f1)" = "$sum" ] || fail "a refusal changed the store"

# A killed demo init leaves no store being built behind: SIGTERM removes
# its own, and a run after SIGKILL removes what the dead one left. (The
# binary itself, not the wrapper function, so that $! is its process.)
building() { ls "$T" | grep -c 'big\.db\.building-' || true; }
"$BILLCON" demo init "$T/big.db" --scale 400000 >/dev/null 2>&1 &
pid=$!
sleep 1.5
[ "$(building)" -ge 1 ] || fail "demo init built nothing beside its path"
kill -TERM "$pid"
wait "$pid" 2>/dev/null
[ "$(building)" = 0 ] || fail "SIGTERM left $(ls "$T" | grep building)"
[ -e "$T/big.db" ] && fail "a killed demo init left a store"
"$BILLCON" demo init "$T/big.db" --scale 400000 >/dev/null 2>&1 &
pid=$!
sleep 1.5
kill -KILL "$pid"
wait "$pid" 2>/dev/null
[ "$(building)" -ge 1 ] || fail "SIGKILL left nothing to clean (the test proves nothing)"
billcon demo init "$T/big.db" >/dev/null || fail "demo init after a killed one"
[ "$(building)" = 0 ] || fail "stale stores being built were not removed: $(ls "$T" | grep building)"
[ "$(sqlite3 "$T/big.db" 'PRAGMA integrity_check')" = ok ] || fail "the new demo store is not sound"
finish
