#!/bin/sh
# --read-only: the store is opened read-only in SQLite, every write is
# refused in one sentence, and the file stays byte for byte as it was.
. "$TESTS_SRCDIR/lib.sh"
demo
# A writable open first, so that the store is settled (WAL checkpointed).
expect 0 tenants set "$FABRIKAM" --name "Fabrikam"
sum=$(sha256sum "$DB" | cut -d' ' -f1)

expect 0 --read-only tenants list --json
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 7' "$T/out" || fail "read-only list"
expect 3 --read-only tenants add --tenant-id "$NEW" --name X
err_has "read-only"
err_one_line
expect 3 --read-only tenants set "$FABRIKAM" --name X
expect 3 --read-only tenants remove "$FABRIKAM" --yes
expect 0 --read-only audit verify
expect 0 --read-only audit head

# Time passes: in read-only mode the expired request shows as expired, but
# nothing is written until the next writable open.
export BILLCON_NOW=2026-02-15T00:00:00Z
expect 0 --read-only tenants list --json
python3 -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1])) if x["displayName"]=="Tailspin Toys"][0]; assert r["provisioningManagementState"]=="BillingRequestExpired", r' "$T/out" ||
	fail "expired request not shown as expired at read time"
[ "$(sha256sum "$DB" | cut -d' ' -f1)" = "$sum" ] || fail "--read-only changed the store file"
[ "$(sql "SELECT provisioning_management_state FROM associated_tenant WHERE tenant_id='$TAILSPIN'")" = Pending ] ||
	fail "read-only wrote the expiry"
# A listing only reads: the expiry is written by the next change.
expect 0 tenants list
[ "$(sha256sum "$DB" | cut -d' ' -f1)" = "$sum" ] || fail "a listing changed the store file"
expect 0 tenants set "$FABRIKAM" --name "Fabrikam"
[ "$(sql "SELECT provisioning_management_state FROM associated_tenant WHERE tenant_id='$TAILSPIN'")" = BillingRequestExpired ] ||
	fail "the writable open did not write the expiry"
[ "$(sql "SELECT count(*) FROM audit WHERE action='request.expire'")" -ge 1 ] || fail "expiry not audited"

# A store in a folder the user cannot write is opened immutable, with a notice.
if [ "$(id -u)" != 0 ]; then
	mkdir "$T/locked" && cp "$DB" "$T/locked/s.db" && chmod 555 "$T/locked"
	rc=0
	billcon --db "$T/locked/s.db" --read-only tenants list >"$T/out" 2>"$T/err" || rc=$?
	chmod 755 "$T/locked"
	[ "$rc" = 0 ] || fail "read-only in an unwritable folder: $rc $(cat "$T/err")"
	err_has "immutable"
fi
finish
