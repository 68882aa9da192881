#!/bin/sh
# SIGKILL in the middle of a large batch of adds, at many points: the store
# stays sound, the audit chain whole, and every add is all or nothing.
. "$TESTS_SRCDIR/lib.sh"
demo

rows=4000
python3 - "$T/batch.csv" "$rows" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("tenant,name,billingManagement,provisioning\n")
    for i in range(int(sys.argv[2])):
        f.write("%08x-0000-4000-8000-%012x,Batch %05d,on,%s\n" % (0xe0000000, i, i, "on" if i % 3 == 0 else "off"))
PY

check_sound() {
	[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after kill $1"
	billcon --db "$DB" audit verify >/dev/null 2>"$T/verr" || fail "audit verify after kill $1: $(cat "$T/verr")"
	# Each add wrote its tenant and its audit entry (and, with provisioning,
	# its request and that entry) together or not at all.
	added=$(sql "SELECT count(*) FROM associated_tenant WHERE tenant_id LIKE 'e0000000-%'")
	audited=$(sql "SELECT count(*) FROM audit WHERE action='tenant.add' AND object LIKE '%/associatedTenants/e0000000-%'")
	requests=$(sql "SELECT count(*) FROM billing_request WHERE tenant_id LIKE 'e0000000-%'")
	pending=$(sql "SELECT count(*) FROM associated_tenant WHERE tenant_id LIKE 'e0000000-%' AND provisioning_management_state='Pending'")
	[ "$added" = "$audited" ] || fail "after kill $1: $added tenants but $audited tenant.add entries"
	[ "$requests" = "$pending" ] || fail "after kill $1: $requests requests for $pending pending tenants"
}

kills=0
for delay in 0.05 0.15 0.1 0.3 0.2 0.4 0.25 0.35 0.5 0.6; do
	# Not the billcon function: $! must be the process itself, not a subshell.
	${BILLCON_WRAPPER:-} "$BILLCON" --db "$DB" tenants import "$T/batch.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	check_sound "$kills"
done
[ "$kills" -ge 5 ] || fail "only $kills of the batches were still running when killed; make the batch larger"

# Finishing the batch afterwards loses nothing and duplicates nothing.
billcon --db "$DB" tenants import "$T/batch.csv" >/dev/null 2>&1
check_sound final
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE tenant_id LIKE 'e0000000-%'")" = "$rows" ] || fail "not all rows after the final run"
echo "kills: $kills"; finish
