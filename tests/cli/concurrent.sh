#!/bin/sh
# Two processes adding 1000 tenants each to one store: none lost, and no
# "database is locked" reaches the user.
. "$TESTS_SRCDIR/lib.sh"
demo

for who in a b; do
	python3 - "$T/$who.csv" "$who" <<'PY'
import sys
prefix = 0xa0000000 if sys.argv[2] == "a" else 0xb0000000
with open(sys.argv[1], "w") as f:
    f.write("tenant,name\n")
    for i in range(1000):
        f.write("%08x-0000-4000-8000-%012x,Writer %s %04d\n" % (prefix, i, sys.argv[2], i))
PY
done
billcon --db "$DB" tenants import "$T/a.csv" >"$T/a.out" 2>"$T/a.err" &
pa=$!
billcon --db "$DB" tenants import "$T/b.csv" >"$T/b.out" 2>"$T/b.err" &
pb=$!
ra=0; wait "$pa" || ra=$?
rb=0; wait "$pb" || rb=$?
[ "$ra" = 0 ] || fail "writer a exited $ra: $(head -3 "$T/a.err")"
[ "$rb" = 0 ] || fail "writer b exited $rb: $(head -3 "$T/b.err")"
grep -qi "locked" "$T/a.err" "$T/b.err" && fail "'database is locked' reached the user"
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE display_name LIKE 'Writer %'")" = 2000 ] || fail "tenants lost"
[ "$(sql "SELECT count(*) FROM audit WHERE action='tenant.add' AND after LIKE '%Writer %'")" = 2000 ] || fail "audit entries lost"
expect 0 audit verify
finish
