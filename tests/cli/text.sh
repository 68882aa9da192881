#!/bin/sh
# Text on the way in and on the way out: typed or imported text that is not
# clean UTF-8, or hides what it says, is refused in one sentence; text from
# the store reaches the terminal made safe and JSON as valid UTF-8.
. "$TESTS_SRCDIR/lib.sh"
demo
start=$(sql "SELECT count(*) FROM associated_tenant")

# Typed names: bidirectional controls and zero-width characters are refused.
for cp in '\342\200\256' '\342\200\252' '\342\201\246' '\342\201\251' '\342\200\213' '\342\200\217' '\342\201\240' '\357\273\277' '\330\234'; do
	name=$(printf "Fab${cp}rikam")
	expect 2 tenants add --tenant-id "$NEW" --name "$name"
	err_has "invisible or direction-changing"
	err_one_line
	expect 2 tenants set "$FABRIKAM" --name "$name"
done
expect 2 tenants add --tenant-id "$NEW" --name "$(printf 'Bad\377name')"
err_has "UTF-8"
[ "$(sql "SELECT count(*) FROM associated_tenant")" = "$start" ] || fail "a refused name was written"

# Imported text: a NUL byte, bytes that are not UTF-8, and a switch that is
# neither on nor off are refused with their line.
printf 'tenant,name,billingManagement\n31111111-2222-4333-8444-555555555555,Good,on\n32222222-2222-4333-8444-555555555555,Bad\377,on\n33333333-2222-4333-8444-555555555555,Odd,maybe\n' >"$T/in.csv"
expect 3 tenants import "$T/in.csv"
err_has "line 3: field 2 is not valid UTF-8"
err_has "line 4: billingManagement is on or off"
out_has "Imported 1 associated tenant; 2 failed"
printf 'tenant,name\n34444444-2222-4333-8444-555555555555,Hid\000den\n' >"$T/nul.csv"
expect 3 tenants import "$T/nul.csv"
err_has "NUL"
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE tenant_id LIKE '34444444-%'")" = 0 ] || fail "a name with a NUL was cut and added"

# From the store (the API, or the sqlite3 shell): shown visibly.
sql "UPDATE associated_tenant SET display_name = 'Fab' || char(8238) || 'rikam' WHERE tenant_id = '$FABRIKAM'"
expect 0 tenants list
out_has "Fab<U+202E>rikam"
grep -q "$(printf '\342\200\256')" "$T/out" && fail "U+202E reached the terminal"
printf '<Dump>\nq\n' >"$T/keys"
expect 0 --screen-test "$T/keys" --size 100x30
out_has "Fab<U+202E>rikam"

# Text mode reports and the empty list: every value from the store made safe.
sql "UPDATE associated_tenant SET billing_management_state = 'Act' || char(27) || '[2Jive' WHERE tenant_id = '$FABRIKAM'"
expect 0 tenants set "$FABRIKAM" --name Fabrikam
out_has "Act^\[\[2Jive"
sql "UPDATE billing_account SET display_name = 'North' || char(27) || ']0;pwned' || char(7) || 'wind' WHERE display_name = 'Northwind Traders'"
expect 0 --as kim@northwindtraders.com tenants list
out_has "North^\[]0;pwned^Gwind"
grep -q "$(printf '\033')" "$T/out" && fail "an escape reached the terminal"

# JSON is valid UTF-8 whatever the store holds; bytes that are not UTF-8 are
# written as \xNN and no field goes missing.
sqlite3 "$DB" "UPDATE associated_tenant SET display_name = CAST(X'466162FF72696B616D' AS TEXT), domain = CAST(X'C0AF2E6578616D706C65' AS TEXT) WHERE tenant_id = '$FABRIKAM'"
expect 0 tenants list --json
python3 - "$T/out" <<'PY' || fail "tenants list --json is not valid UTF-8 JSON with every field"
import json, sys
rows = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
f = [r for r in rows if r["tenantId"] == "c0000000-0000-4000-8000-000000000002"][0]
assert f["displayName"] == "Fab\\xFFrikam", f
assert f["domain"] == "\\xC0\\xAF.example", f
PY
expect 0 tenants list --csv
expect 0 tenants set "$FABRIKAM" --name Fabrikam --json
python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8"))' "$T/out" || fail "set --json is not valid UTF-8"
expect 0 audit verify

# The dates of the list and the head of the audit trail come from the store
# too: made safe in text, valid in JSON.
sql "UPDATE associated_tenant SET created_on = char(27) || '[31m2026' WHERE tenant_id = '$TAILSPIN'"
expect 0 tenants list
grep -q "$(printf '\033')" "$T/out" && fail "an escape in a date reached the terminal"
sqlite3 "$DB" "DROP TRIGGER audit_no_update; UPDATE audit SET hash = char(27) || ']0;x' || char(7) || CAST(X'FF' AS TEXT) WHERE seq = (SELECT max(seq) FROM audit)"
expect 0 audit head
grep -q "$(printf '\033')" "$T/out" && fail "an escape in the head hash reached the terminal"
out_has "\^\[]0;x^G"
expect 0 audit head --json
python3 -c 'import json,sys; d=json.loads(open(sys.argv[1],"rb").read().decode("utf-8")); assert d["hash"].endswith("\\xFF"), d' "$T/out" ||
	fail "audit head --json is not valid UTF-8 JSON"
expect 3 audit verify

# info's paths come from the environment: safe text, valid JSON.
weird="$T/$(printf 'w\033[31m\377')"
XDG_DATA_HOME="$weird" expect 0 info
grep -q "$(printf '\033')" "$T/out" && fail "an escape in a path reached the terminal"
out_has 'w^\[\[31m\\xFF'
XDG_DATA_HOME="$weird" expect 0 info --json
python3 -c 'import json,sys; d=json.loads(open(sys.argv[1],"rb").read().decode("utf-8")); assert "\x1b[31m\\xFF" in d["demoStore"], d' "$T/out" ||
	fail "info --json is not valid UTF-8 JSON with every path"
finish
