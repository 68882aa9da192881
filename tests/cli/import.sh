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

# A UTF-8 byte order mark (as spreadsheets write) is not part of "tenant".
printf '\357\273\277tenant,name\n25555555-2222-4333-8444-555555555555,With BOM\n' >"$T/bom.csv"
expect 0 tenants import "$T/bom.csv"
out_has "Imported 1 associated tenant;"

# Each bad record is refused with its own line and message, and the records
# after it are still read: a NUL byte, a bare CR, a quote in an unquoted
# field, text after a closing quote, a short row, an undocumented word.
{
	printf 'tenant,name,billingManagement,provisioning\n'
	printf '26666666-2222-4333-8444-555555555555,Nul\000byte,on,off\n'
	printf '27777777-2222-4333-8444-555555555555,Bare\rCR,on,off\n'
	printf '28888888-2222-4333-8444-555555555555,Say "hi",on,off\n'
	printf '29999999-2222-4333-8444-555555555555,"Closed"after,on,off\n'
	printf '2aaaaaaa-2222-4333-8444-555555555555,Short\n'
	printf '2bbbbbbb-2222-4333-8444-555555555555,Maybe,maybe,off\n'
	printf '2ccccccc-2222-4333-8444-555555555555,Active word,on,active\n'
	printf '2ddddddd-2222-4333-8444-555555555555,"Still read",ON,\n'
} >"$T/strict.csv"
expect 3 tenants import "$T/strict.csv"
out_has "Imported 1 associated tenant; 7 failed"
err_has "line 2: the record is malformed: it holds a NUL byte"
err_has "line 3: the record is malformed: it has a carriage return not followed by a line feed"
err_has "line 4: the record is malformed: it has a quote inside an unquoted field"
err_has "line 5: the record is malformed: it has text after a closing quote"
err_has "line 6: the record has 2 fields where the header has 4"
err_has 'line 7: billingManagement is on or off, not "maybe"'
err_has 'line 8: provisioning is on or off, not "active"'
[ "$(grep -c '^billcon: line ' "$T/err")" = 7 ] || fail "not one message per failed record: $(cat "$T/err")"
[ "$(sql "SELECT billing_management_state FROM associated_tenant WHERE display_name='Still read'")" = Active ] ||
	fail "the record after the bad ones"
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE substr(tenant_id, 1, 2) IN ('26', '27', '28', '29', '2a', '2b', '2c')")" = 0 ] ||
	fail "a bad record was added"

# A quoted field keeps its line breaks; the line named is where the record
# starts, and the next record's line counts the break.
printf 'tenant,name\n"2eeeeeee-2222-4333-8444-555555555555",Two\n3ffffff-bad,"multi\nline"\n' >"$T/lines.csv"
expect 3 tenants import "$T/lines.csv"
err_has "line 3:"
expect 0 audit verify
finish
