#!/bin/sh
# The Azure Stack usage blade, headless (DOMAIN.md §7 "Usage routing"):
# empty, then after an import at 80x24: each total with the subscription
# charged, the default subscription marked as text (the same with
# NO_COLOR), s regrouping by tenant, meter and quantity, the filter, the
# details with Enter, and its keys in ? help.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo
# Without the demo's own usage: the figures checked are the files' imported here.
sql "DELETE FROM usage_total; DELETE FROM usage_record; DELETE FROM usage_import"
S=5c000000-0000-4000-8000-0000000000
ADVENTURE=c0000000-0000-4000-8000-000000000005

screen 80x24 ": usage <Enter> <Dump>"
has 1 "Azure Stack usage | Contoso | ada@contoso.com"
has 1 "^Deployment     Tenant          Meter      Charged sub ▲ Charged as Rows Quantity"

cat >"$T/u.csv" <<CSV
deployment,tenant,meter,quantity,start,end
stack-redmond,$TAILSPIN,vcpu-hours,10,2026-11-01,2026-11-02
stack-dublin,$WINGTIP,storage-gb,7,2026-11-01,2026-11-02
stack-redmond,$ADVENTURE,vcpu-hours,1.25,2026-11-01,2026-11-02
stack-redmond,$ADVENTURE,vcpu-hours,2,2026-11-02,2026-11-03
CSV
expect 0 usage import "$T/u.csv"

screen 80x24 ": usage <Enter> <Dump> s <Dump> s <Dump> s <Dump> / 8000-000000000003 <Dump>"
has 1 "^stack-dublin   …0-000000000004 storage-gb …000000000002 \* default  1    7"
has 1 "^stack-redmond  …0-000000000005 vcpu-hours …000000000001 \* default  2    3.25"
has 1 "^stack-redmond  …0-000000000003 vcpu-hours …00000000000b customer   1    10"
has 1 "row 1 of 3 | sorted by subscription"
has 1 "^Enter open  y copy  / filter  s sort  S reverse  ? help  Q quit"
has 2 "sorted by tenant"
row() { sed -n "$(($2 + 2))p" "$T/dump.$1" | grep -q -- "$3" || fail "screen $1 row $2 lacks '$3': $(cat "$T/dump.$1")"; }
row 2 1 "^stack-dublin   …0-000000000004"
row 2 2 "^stack-redmond  …0-000000000003"
row 2 3 "^stack-redmond  …0-000000000005"
has 3 "sorted by meter"
row 3 1 "^stack-dublin   …0-000000000004 storage-gb"
has 4 "sorted by quantity"
row 4 1 "^stack-redmond  …0-000000000005"
row 4 3 "^stack-redmond  …0-000000000003"
has 5 "^stack-redmond  …0-000000000003"
lacks 5 "000000000005"

# NO_COLOR: the fallback is the word, not a colour alone.
NO_COLOR=1 screen 80x24 ": usage <Enter> <Dump>"
has 1 "…000000000001 \* default  2    3.25"

# Details: the whole IDs and why the default was charged.
screen 80x24 ": usage <Enter> <Enter> <Dump> y <Dump>"
has 1 "Tenant                $WINGTIP"
has 1 "Charged subscription  ${S}02"
has 1 "the deployment's default subscription: the tenant is not"
has 2 "${S}02"

# ? lists the blade's keys.
screen 80x24 ": usage <Enter> ? <Dump>"
has 1 "open"
has 1 "sort"
finish
