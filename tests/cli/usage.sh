#!/bin/sh
# Azure Stack usage on the command line (DOMAIN.md §7 "Usage routing"):
# `usage import` of CSV and JSON lines (by extension, --format, standard
# input), a file with bad rows refused whole with every line and exit 3,
# the same file refused the second time, read-only and readers refused;
# `usage report` by subscription, tenant and meter as text, --json, --csv.
. "$TESTS_SRCDIR/lib.sh"
demo
# The demo's own usage is routed by the rule: Tailspin Toys to its customer
# subscription on both deployments, Wingtip Toys to its own on Redmond and
# to Dublin's default subscription, where it is not registered.
expect 0 usage report --by tenant
out_has "^stack-dublin    $TAILSPIN  5c000000-0000-4000-8000-00000000000b  customer"
out_has "^stack-dublin    $WINGTIP  5c000000-0000-4000-8000-000000000002  default   2          264"
out_has "^stack-redmond   $TAILSPIN  5c000000-0000-4000-8000-00000000000b  customer  2          2000.5"
out_has "^stack-redmond   $WINGTIP  5c000000-0000-4000-8000-00000000000c  customer  1          372"
# Without it, the figures checked below are the files' imported here.
sql "DELETE FROM usage_total; DELETE FROM usage_record; DELETE FROM usage_import"

S=5c000000-0000-4000-8000-0000000000
ADVENTURE=c0000000-0000-4000-8000-000000000005

cat >"$T/good.csv" <<CSV
meter,deployment,tenant,quantity,start,end
vcpu-hours,stack-redmond,$TAILSPIN,10,2026-11-01,2026-11-02
vcpu-hours,stack-dublin,$TAILSPIN,2.5,2026-11-01T00:00:00Z,2026-11-01T12:00:00+01:00
vcpu-hours,stack-redmond,$WINGTIP,4,2026-11-01,2026-11-02
"storage, gb",stack-dublin,$WINGTIP,7,2026-11-01,2026-11-02
vcpu-hours,stack-redmond,$ADVENTURE,1,2026-11-01,2026-11-02
CSV
before=$(sql "SELECT count(*) FROM audit")

# Refusals first: nothing lands.
cat >"$T/bad.csv" <<CSV
deployment,tenant,meter,quantity,start,end
stack-redmond,$TAILSPIN,vcpu-hours,1,2026-11-01,2026-11-02
stack-redmond,$TAILSPIN,vcpu-hours,-2,2026-11-01,2026-11-02
stack-moon,$TAILSPIN,vcpu-hours,1,2026-11-01,2026-11-02
stack-dublin,$TAILSPIN,vcpu-hours,1,2026-11-05,2026-11-02
stack-dublin,$TAILSPIN,vcpu-hours,1,2026-11-31,2026-12-02
stack-dublin,tailspin,vcpu-hours,1,2026-11-01,2026-11-02
CSV
expect 3 usage import "$T/bad.csv"
err_has "^billcon: line 3: The quantity is negative (-2).$"
err_has "^billcon: line 4: There is no registered Azure Stack deployment named \"stack-moon\".$"
err_has "^billcon: line 5: The end 2026-11-02 is before the start 2026-11-05.$"
err_has "^billcon: line 6: The start \"2026-11-31\" is not an ISO 8601 date or date-time"
err_has "^billcon: line 7: The tenant \"tailspin\" is not a GUID.$"
err_has "has 5 bad rows of 6; nothing was imported."
[ "$(wc -l <"$T/err")" = 6 ] || fail "not one line per bad row and one sentence: $(cat "$T/err")"
# Past 100 bad rows, the rest are counted.
{ echo "deployment,tenant,meter,quantity,start,end"; i=0; while [ $i -lt 130 ]; do
	echo "stack-dublin,$TAILSPIN,m,x,2026-11-01,2026-11-02"; i=$((i + 1)); done; } >"$T/many.csv"
expect 3 usage import "$T/many.csv"
err_has "^billcon: line 101: The quantity \"x\""
err_has "^billcon: and 30 more bad rows.$"
err_has "has 130 bad rows of 130"
printf 'deployment,tenant,meter\n' >"$T/short.csv"
expect 2 usage import "$T/short.csv"
err_has "The header has no column quantity"
printf 'deployment,tenant,meter,quantity,start,end\n' >"$T/empty.csv"
expect 2 usage import "$T/empty.csv"
err_has "has no rows."
cp "$T/good.csv" "$T/good.txt"
expect 2 usage import "$T/good.txt"
err_has "Say the format of"
expect 2 usage import "$T/good.csv" --format xml
expect 2 usage import
expect 2 usage import "$T/none.csv"
err_has "The file $T/none.csv cannot be read: No such file or directory."
expect 2 usage import "$T/none.txt"
err_has "The file $T/none.txt cannot be read: No such file or directory."
expect 2 usage
expect 2 usage frobnicate
expect 3 --read-only usage import "$T/good.csv"
err_has "import Azure Stack usage"
expect 4 --as cleo@contoso.com usage import "$T/good.csv"
[ "$(sql "SELECT count(*) FROM audit")" = "$before" ] || fail "a refusal wrote to the audit trail"
[ "$(sql "SELECT count(*) FROM usage_record") $(sql "SELECT count(*) FROM usage_import")" = "0 0" ] ||
	fail "a refused import left rows"

# A good CSV lands whole, once.
expect 0 usage import "$T/good.csv"
out_has "^Imported 5 usage rows from $T/good.csv (import 1, SHA-256 $(sha256sum "$T/good.csv" | cut -d' ' -f1)): quantity 24.5; 2 rows charged to a default subscription.$"
[ "$(sql "SELECT count(*) FROM audit")" = "$((before + 1))" ] || fail "not one audit entry"
[ "$(sql "SELECT json_extract(after, '\$.rows') FROM audit WHERE action = 'usage.import'")" = 5 ] || fail "audit lacks the rows"
expect 3 usage import "$T/good.csv"
err_has "was imported already (import 1 of 2026-01-15T00:00:00Z by ada@contoso.com, 5 rows): the same file is never imported twice."
expect 0 audit verify
expect 0 audit list --all-accounts --action usage.import --json
out_has '"object":"/usage/imports/1"'; out_has '"actor":"ada@contoso.com"'
[ "$(sql "SELECT push FROM sync_outbox WHERE action = 'usage.import'")" = 0 ] || fail "the import is pushed"

# JSON lines, by extension, --format and from standard input.
cat >"$T/more.jsonl" <<JSON
{"deployment":"stack-redmond","tenant":"$TAILSPIN","meter":"vcpu-hours","quantity":5,"start":"2026-11-03","end":"2026-11-04"}

{"deployment":"stack-dublin","tenant":"$ADVENTURE","meter":"ip-hours","quantity":"0.5","start":"2026-11-03","end":"2026-11-04"}
JSON
expect 0 usage import "$T/more.jsonl" --json
out_has '"rows":2'; out_has '"fallbackRows":1'; out_has '"importId":2'
printf '{"deployment":"stack-dublin","tenant":"%s","meter":"m","quantity":1,"start":"2026-11-03","end":"2026-11-04"}\n' "$ADVENTURE" >"$T/one.data"
expect 0 usage import --format jsonl "$T/one.data"
printf '{"deployment":"stack-dublin","tenant":"%s","meter":"m","quantity":-1,"start":"2026-11-03","end":"2026-11-04"}\n{"x":' "$ADVENTURE" >"$T/bad.jsonl"
expect 3 usage import "$T/bad.jsonl"
err_has "^billcon: line 1: The quantity is negative (-1).$"
err_has "^billcon: line 2: The line is not JSON"
printf 'deployment,tenant,meter,quantity,start,end\nstack-redmond,%s,vcpu-hours,1,2026-11-05,2026-11-06\n' "$WINGTIP" |
	billcon --db "$DB" usage import - --format csv >"$T/out" 2>"$T/err" || fail "usage import - failed: $(cat "$T/err")"
out_has "from (standard input)"

# The report: who is charged, who fell back to the default subscription.
expect 0 usage report
out_has "^DEPLOYMENT      CHARGED SUBSCRIPTION                  AS        TENANTS  ROWS       QUANTITY"
out_has "^stack-dublin    ${S}02  default   2        3          8.5"
out_has "^stack-redmond   ${S}0b  customer  1        2          15"
out_has "^stack-redmond   ${S}01  default   1        1          1"
expect 0 usage report --by tenant
out_has "^stack-dublin    $WINGTIP  ${S}02  default   1          7"
out_has "^stack-dublin    $TAILSPIN  ${S}0b  customer  1          2.5"
out_has "^stack-redmond   $WINGTIP  ${S}0c  customer  2          5"
expect 0 usage report --by meter --csv
out_has "^deployment,meter,subscriptionId,charged,tenants,rows,quantity"
out_has "^stack-dublin,\"storage, gb\",${S}02,default,1,1,7"
expect 0 usage report --by tenant --json
python3 - "$T/out" "$TAILSPIN" <<'PY' || fail "usage report --json: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
t = [r for r in d if r["tenantId"] == sys.argv[2]]
assert len(t) == 2 and all(r["charged"] == "customer" for r in t), t
assert sum(r["rows"] for r in d) == 9 and abs(sum(r["quantity"] for r in d) - 32) < 1e-9
assert {r["charged"] for r in d} == {"customer", "default"}
PY
expect 0 --as cleo@contoso.com usage report --by subscription --json
expect 2 usage report --by region
err_has "--by is subscription, tenant or meter"
expect 2 usage report --bogus
finish
