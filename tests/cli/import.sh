#!/bin/sh
# tenants import: RFC 4180 CSV, each record added whole or not at all, bad
# records named by line.
. "$TESTS_SRCDIR/lib.sh"
demo

cat >"$T/in.csv" <<'CSV'
tenant,name,billingManagement,provisioning
21111111-2222-4333-8444-555555555555,"Quoted, with comma",on,off
22222222-2222-4333-8444-555555555555,"Has ""quotes""",off,on
not-a-guid-or-domain!,Broken,on,off
c0000000-0000-4000-8000-000000000002,Duplicate,on,off
newdomain.example.org,Domain only,yes,no
CSV
printf '23333333-2222-4333-8444-555555555555,CRLF line,on,off\r\n' >>"$T/in.csv"
expect 3 tenants import "$T/in.csv"
out_has "Imported 4 associated tenants; 2 failed"
err_has "line 4"
err_has "line 5"
[ "$(sql "SELECT display_name FROM associated_tenant WHERE tenant_id='21111111-2222-4333-8444-555555555555'")" = "Quoted, with comma" ] ||
	fail "quoted comma"
[ "$(sql "SELECT display_name || '|' || provisioning_management_state FROM associated_tenant WHERE tenant_id='22222222-2222-4333-8444-555555555555'")" = 'Has "quotes"|Pending' ] ||
	fail "doubled quotes / provisioning"
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE domain='newdomain.example.org' AND billing_management_state='Active'")" = 1 ] ||
	fail "domain row"
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE display_name='CRLF line'")" = 1 ] || fail "CRLF row"

printf 'tenant,name\n24444444-2222-4333-8444-555555555555,"never closed\n' >"$T/bad.csv"
expect 3 tenants import "$T/bad.csv"
err_has "not closed"
printf 'id,label\n' >"$T/nohdr.csv"
expect 2 tenants import "$T/nohdr.csv"
expect 2 tenants import "$T/missing.csv"
expect 0 audit verify
finish
