#!/bin/sh
# The generic list blade, headless, on a store of a few thousand rows:
# paging and the position, sorting both ways, the filter with its count,
# the short forms of states at 60x16, and the details pane.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
billcon demo init "$DB" --scale 3000 >/dev/null || { echo "demo init failed" >&2; exit 1; }
total=$(sql "SELECT count(*) FROM associated_tenant")

# Paging keeps the position; G and g reach both ends.
screen 80x24 "<Dump> ^F <Dump> ^F ^F j <Dump> G <Dump> g <Dump>"
has 1 "row 1 of $total"
has 2 "row 21 of $total"
has 3 "row 62 of $total"
has 4 "row $total of $total"
has 5 "row 1 of $total"
# The rows after two pages are those SQL puts there.
want=$(sql "SELECT display_name FROM associated_tenant ORDER BY display_name COLLATE NOCASE, id LIMIT 1 OFFSET 61")
has 3 "$want"

# Reverse order: the last name first, and the footer says so.
screen 80x24 "S <Dump>"
last=$(sql "SELECT display_name FROM associated_tenant ORDER BY display_name COLLATE NOCASE DESC, id DESC LIMIT 1")
[ "$(line 1 3 | cut -c1-20)" = "$(printf '%-20.20s' "$last")" ] || fail "descending starts with '$(line 1 3)', not $last"
has 1 "sorted by name, descending"

# The filter counts its matches when the index found them.
screen 80x24 "/ Woodgrove <Enter> <Dump> / <Backspace> <Backspace> <Backspace> <Backspace> <Backspace> <Backspace> <Backspace> <Backspace> <Backspace> e7 <Enter> <Dump>"
has 1 "1 match | filter /Woodgrove"
matches=$(sql "SELECT count(*) FROM associated_tenant WHERE display_name LIKE '%e7%' OR tenant_id LIKE '%e7%' OR domain LIKE '%e7%'")
[ "$matches" -gt 0 ] || fail "no row has e7"
has 2 "^matches | filter /e7"

# At 60x16 the ID stays whole and the states stay visible, short.
rm -f "$DB"
demo
screen 60x16 "<Dump>"
cat >"$T/want" <<'SCREEN'
 billcon | Associated tenants | Contoso | ada@contoso.com
Name ▲          Tenant ID or domain                  Bil Prv
Adventure Works c0000000-0000-4000-8000-000000000005 Rev Rev
Fabrikam        c0000000-0000-4000-8000-000000000002 On  Act
Litware         c0000000-0000-4000-8000-000000000006 On  Dec
Proseware       proseware.onmicrosoft.com            On  Not
Tailspin Toys   c0000000-0000-4000-8000-000000000003 On  Pen
Wingtip Toys    c0000000-0000-4000-8000-000000000004 Off Not
Woodgrove Bank  c0000000-0000-4000-8000-000000000007 On  Exp
SCREEN
head -9 "$T/dump.1" | diff "$T/want" - >&2 || fail "the 60x16 list differs"

# The details pane shows a long URL whole at 60 columns, scrolls, and Esc
# goes back to the list where it was.
screen 60x16 "j <Enter> <Dump> j <Dump> <Esc> <Dump>"
has 1 "Associated tenants > Details"
has 1 "Invitation URL"
url=$(sql "SELECT name FROM billing_request r JOIN associated_tenant t ON t.provisioning_request_id = r.id WHERE t.tenant_id = '$FABRIKAM'")
tr -d '\n ' <"$T/dump.1" | grep -q "$url" || fail "the invitation URL is not whole on the details pane"
has 3 "row 2 of 7"
lacks 3 "Details"

# h opens the selected object's history from the audit trail, newest
# first; Enter shows an entry whole; Esc goes back.
screen 80x24 'j e ^U "Fabrikam North" <Enter> h <Dump> <Enter> <Dump> <Esc> <Esc> <Dump> h h <Dump>'
has 1 "History of Fabrikam North"
has 1 "tenant.update displayName: Fabrikam → Fab"
[ "$(line 1 5 | awk '{ print $3 }')" = "tenant.add" ] || fail "the history is not newest first: $(line 1 5)"
has 2 "~ displayName  *Fabrikam  *Fabrikam North"
has 3 "row 2 of 7"
# In the history view h says it is that history already.
has 4 "this is the object.s history"

# A form's status line names the form's keys, not the list's.
screen 80x24 "a <Dump>"
has 1 "^Tab next  S-Tab back  Space toggle  Enter submit  Esc cancel"
lacks 1 "a add  e edit"

# The Access control blade is the same list over role assignments: status
# derived from the linked request, sort, details, and the assignment's
# history (the demo's role.assign entry).
screen 80x24 ":iam <Enter> <Dump> S <Dump> S j <Enter> <Dump> <Esc> h <Dump>"
has 1 "Access control (IAM)"; has 1 "User ▲ *Role *Status"
has 1 "^mo@fabrikam.com *Billing profile reader *PendingApproval"
has 1 "^omar@litware.com *Billing account reader *Declined"
has 1 "^pat@woodgrovebank.com *Billing account reader *Expired"
[ "$(line 1 3 | awk '{ print $1 }')" = "ada@contoso.com" ] || fail "IAM not sorted by user: $(line 1 3)"
has 2 "sorted by user, descending"
has 3 "Approval request  (none: assigned at once)"; has 3 "User's tenant"
has 4 "History of ben@contoso.com as Billing account contributor"; has 4 "role.assign"

# <Idle> gives the loop its background work without changing the screen.
screen 80x24 "<Dump> <Idle> <Idle> <Dump>"
cmp -s "$T/dump.1" "$T/dump.2" || fail "an idle tick changed an unchanged screen"
finish
