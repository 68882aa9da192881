#!/bin/sh
# The console, headless: a key script in, the screen as text out (each
# <Dump> writes one screen, then "--"). Fast and exact.
. "$TESTS_SRCDIR/lib.sh"
demo

. "$TESTS_SRCDIR/screenlib.sh"

# The main screen at 80x24, exactly.
screen 80x24 "<Dump>"
cat >"$T/want" <<'SCREEN'
 billcon | Associated tenants | Contoso | ada@contoso.com
Name ▲                Tenant ID or domain                  Billing Provisioning
Adventure Works       c0000000-0000-4000-8000-000000000005 Revoked Revoked
Fabrikam              c0000000-0000-4000-8000-000000000002 On      Active
Litware               c0000000-0000-4000-8000-000000000006 On      Declined
Proseware             proseware.onmicrosoft.com            On      Not requested
Tailspin Toys         c0000000-0000-4000-8000-000000000003 On      Pending
Wingtip Toys          c0000000-0000-4000-8000-000000000004 Off     Not requested
Woodgrove Bank        c0000000-0000-4000-8000-000000000007 On      Expired













row 1 of 7 | sorted by name
a add  e edit  d remove  Enter open  y copy  h history  / filter  ? help  Q quit
SCREEN
diff -u "$T/want" "$T/dump.1" >"$T/diff" || fail "main screen differs: $(cat "$T/diff")"

# Moving: j k G g, paging keys and their vt100 spellings.
screen 80x24 "j j <Dump> k <Dump> G <Dump> g <Dump> <PgDn> <Dump> ^B <Dump> ^F <Dump> <Down> <Up> <End> <Dump> <Home> <Dump>"
has 1 "row 3 of 7"; has 2 "row 2 of 7"; has 3 "row 7 of 7"; has 4 "row 1 of 7"
has 5 "row 7 of 7"; has 6 "row 1 of 7"; has 7 "row 7 of 7"; has 8 "row 7 of 7"; has 9 "row 1 of 7"

# Sorting: s cycles the column, S reverses; the arrow shows which.
screen 80x24 "s <Dump> S <Dump> s s s <Dump>"
has 1 "sorted by tenant"
[ "$(line 1 3 | cut -c1-15)" = "Fabrikam       " ] || fail "sort by tenant ID: $(line 1 3)"
has 2 "sorted by tenant, descending"
[ "$(line 2 3 | cut -c1-9)" = "Proseware" ] || fail "descending: $(line 2 3)"
has 3 "sorted by added, descending"

# Filter as you type, on names and IDs; Esc clears it.
screen 80x24 "/fab <Dump> <Enter> <Dump> <Esc> <Dump> /000000000007 <Enter> <Dump> <Esc> /zzzz <Enter> <Dump>"
has 1 "^/fab"; has 1 "Fabrikam"; lacks 1 "Litware"
has 2 "filter /fab"
has 3 "row 1 of 7"; has 3 "Litware"
has 4 "Woodgrove Bank"; lacks 4 "Fabrikam"
has 5 "no match"

# Help lists every key; the palette goes to a blade by name, with Tab.
screen 80x24 "? <Dump> <Esc> :ten <Tab> <Dump> <Enter> <Dump> :nope <Enter> <Dump>"
has 1 "Move down one row"; has 1 "Filter the rows as you type"; has 1 "Esc closes"
has 2 "^:tenants"
has 3 "Associated tenants"
has 4 "There is no blade \"nope\"; the blades are :tenants, :iam, :requests,"
# Any case; an ambiguous prefix names its blades; an empty one lists all.
screen 80x24 ":IAM <Enter> <Dump> :d <Enter> <Dump> : <Enter> <Dump>"
has 1 "Access control (IAM) | Contoso"
has 2 "\"d\" could be :directory, :domains."
has 3 "Name a blade: :tenants, :iam, :requests, :directory, :domains, :audit."

# Add: inline errors for a malformed GUID and an empty name, then a real add
# with provisioning shows the invitation URL.
screen 80x24 "a 11111111-2222 <Tab> <Dump> <Enter> <Dump> ^U 11111111-2222-4333-8444-555555555555 <Tab> \"New Co\" <Tab> <Tab> <Space> <Tab> <Enter> <Dump> <Esc> <Dump>"
has 1 "is not a tenant ID: a GUID has 36 characters"
has 2 "Friendly name is required."
has 3 "Provisioning invitation"; has 3 "ProvisioningApproval/requestId/"
has 4 "New Co"; has 4 "Added \"New Co\""; has 4 "row 1 of 8"
[ "$(sql "SELECT provisioning_management_state FROM associated_tenant WHERE display_name='New Co'")" = Pending ] || fail "form add did not write"

# Edit: rename; turning billing management off for Fabrikam (2 users hold
# roles) asks to type the name.
screen 80x24 "j e ^U \"Fabrikam Ltd\" <Tab> <Space> <Tab> <Tab> <Enter> <Dump> \"Fabrikam\" <Tab> <Tab> <Enter> <Dump>"
has 1 "Turn billing management off?"; has 1 "removes 2 role assignments"; has 1 "Type the tenant's name"
has 2 "Saved \"Fabrikam Ltd\""
[ "$(sql "SELECT billing_management_state || '/' || display_name FROM associated_tenant WHERE tenant_id='$FABRIKAM'")" = "Revoked/Fabrikam Ltd" ] ||
	fail "edit did not write"

# Remove: Enter alone cancels; Tab then Enter removes.
screen 80x24 "G d <Dump> <Enter> <Dump> d <Tab> <Enter> <Dump>"
has 1 "Remove associated tenant?"; has 1 "Woodgrove Bank"; has 1 "Scope:   billing account Contoso"
has 2 "Nothing was removed."
has 3 "Removed \"Woodgrove Bank\""
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE display_name='Woodgrove Bank'")" = 0 ] || fail "not removed"

# Copy: headless there is no terminal, and the text is shown to select by hand.
screen 80x24 "j y <Dump> <Enter> y <Dump>"
has 1 "Not copied (not a terminal); the tenant ID: $FABRIKAM"
# The URL is longer than the status line: it wraps, whole.
has 2 "the invitation URL:"; has 2 "^https://portal.azure.com/"; has 2 "requestId/b0000000-0000-4000-8000-000000000001$"

# A reader sees the keys disabled, and why.
rc=0
printf 'a <Dump> ? <Dump>\n' >"$T/keys"
billcon --db "$DB" --as cleo@contoso.com --screen-test "$T/keys" --size 80x24 >"$T/screen" 2>&1 || rc=$?
grep -q "needs Billing account owner" "$T/screen" || fail "reader: no reason shown: $(cat "$T/screen")"
grep -q "Add an item (needs Billing account owner)" "$T/screen" || fail "help does not mark add disabled"

# Read-only: the title says so and changes are refused before any form.
printf 'a <Dump>\n' >"$T/keys"
billcon --db "$DB" --read-only --screen-test "$T/keys" --size 80x24 >"$T/screen" 2>&1
grep -q "READ-ONLY" "$T/screen" || fail "no READ-ONLY in the title"
tr '\n' ' ' <"$T/screen" | grep -q "started read-only (--read-only), so it cannot add an associated tenant" ||
	fail "read-only add not refused: $(cat "$T/screen")"

# An account that cannot have associated tenants says why.
printf '<Dump>\n' >"$T/keys"
billcon --db "$DB" --as kim@northwindtraders.com --screen-test "$T/keys" --size 80x24 >"$T/screen" 2>&1
grep -q "sales representative" "$T/screen" || fail "no explanation for a Business account"

# Resize: 60x16 keeps the tenant ID whole; 300x100 shows the menu.
screen 80x24 "<Resize:60x16> <Dump> <Resize:120x30> <Dump>"
[ "$(wc -l <"$T/dump.1")" = 16 ] || fail "60x16 has $(wc -l <"$T/dump.1") lines"
has 1 "c0000000-0000-4000-8000-000000000002"
has 2 "Added"; has 2 "| Associated tenants\|Associated tenants *|"
# Every blade's name whole in the menu.
has 2 "^ Access control (IAM)|"

# A sentence longer than the status line wraps over more lines, never cut;
# at 60x16 the key hints drop the least needed ones first, so that help
# and quit stay.
long=nosuchbladeatallnosuchbladeatallnosuchbladeatallnosuchbladeatal
screen 80x24 ":$long <Enter> <Dump> <Resize:60x16> :$long <Enter> <Dump>"
for n in 1 2; do
	has $n "^There is no blade"; has $n ":partner,"; has $n ":[a-z-]*\.$"
	[ "$(tr -d '\n' <"$T/dump.$n" | grep -c "$long")" = 1 ] || fail "screen $n: the blade's name is not whole"
	lacks $n "…"
done
[ "$(wc -l <"$T/dump.2")" = 16 ] || fail "60x16 has $(wc -l <"$T/dump.2") lines"
screen 60x16 "<Dump>"
has 1 "? help  Q quit$"; has 1 "^a add  e edit"; lacks 1 "…"
# In a form, a field's message and the form's message wrap too; at 60x16
# the hints give way so that the whole form fits, buttons and frame.
screen 80x24 "a 1234 <Tab> <Dump> <Resize:60x16> <Dump> <Esc> a $FABRIKAM <Tab> \"Fab again\" <Enter> <Dump>"
for n in 1 2; do
	has $n '"1234" is not a tenant ID'; has $n "this has 4\. *|"; lacks $n "…"
done
has 2 "\[ Add \]"; has 2 "+-----*+"
has 3 "$FABRIKAM is already *|"; has 3 "| associated with this billing account, as"
has 3 "(c0000000-0000-4000-8000-000000000002)\. *|"

# Smaller than 60x16: a notice, and the console comes back when it grows.
screen 80x24 "<Resize:40x10> <Dump> <Resize:80x24> <Dump>"
has 1 "billcon needs 60x16; this is 40x10"
has 2 "row 1 of 7"

# Strings from the store are made safe; wide characters take two columns.
sqlite3 "$DB" "UPDATE associated_tenant SET display_name = 'Evil' || char(27) || '[2J' WHERE tenant_id = '$WINGTIP';
               UPDATE associated_tenant SET display_name = '日本テナント' WHERE tenant_id = '$TAILSPIN'"
screen 80x24 "<Dump>"
has 1 'Evil^\[\[2J'
grep -q "$(printf '\033')" "$T/screen" && fail "an escape character reached the screen"
# 6 wide characters fill 12 columns: 10 spaces pad the 22-column name cell,
# as "Adventure Works" (15) takes 7.
grep -q "^日本テナント          $TAILSPIN " "$T/dump.1" || fail "wide name misaligns: $(grep 日本 "$T/dump.1")"
grep -q "^Adventure Works       c0000000" "$T/dump.1" || fail "narrow name misaligns"

# Themes: an unknown one says so and the default is used; a bad user theme
# names its file and line.
printf '<Dump>\n' >"$T/keys"
billcon --db "$DB" --theme nosuch --screen-test "$T/keys" --size 80x24 >"$T/screen" 2>&1
grep -q 'There is no theme "nosuch"' "$T/screen" || fail "unknown theme: $(tail -3 "$T/screen")"
mkdir -p "$XDG_CONFIG_HOME/billcon/themes"
printf 'color title purple default\n' >"$XDG_CONFIG_HOME/billcon/themes/mine.theme"
billcon --db "$DB" --theme mine --screen-test "$T/keys" --size 80x24 >"$T/screen" 2>&1
grep -q 'mine.theme line 1' "$T/screen" || fail "bad theme file: $(tail -3 "$T/screen")"

# Keys can be rebound.
printf 'bind x down\nunbind j\n' >"$XDG_CONFIG_HOME/billcon/keys"
screen 80x24 "x x <Dump> j <Dump>"
has 1 "row 3 of 7"; has 2 "row 3 of 7"
# A key for one view: x removes in the tenants blade, and only there (the
# details view keeps the generic keys); help lists it.
printf 'bind tenants x remove\n' >"$XDG_CONFIG_HOME/billcon/keys"
screen 80x24 "j x <Dump> <Esc> <Enter> x <Dump> <Esc> ? <Dump>"
has 1 "Remove associated tenant?"
lacks 2 "Remove associated tenant?"; has 2 "Details"
has 3 "d, x  *Remove the selected item"
printf 'bind x jump\n' >"$XDG_CONFIG_HOME/billcon/keys"
screen 80x24 "<Dump>"
has 1 "keys line 1"
rm "$XDG_CONFIG_HOME/billcon/keys"

# Paste (the script's <Paste> sends what a terminal sends for a bracketed
# paste): the text lands in the focused field whole, control characters
# shown and refused; none of them acts as a key. Typed, the same keys would
# close the form (Esc), remove the selected tenant (d), move and submit.
# (On a fresh demo store.)
rm -f "$DB"
demo
screen 80x24 "j a <Paste>hello\\ed\\t\\r</Paste> <Dump> <Tab> <Dump> <Esc> <Dump>"
has 1 "Add associated tenant"; has 1 "hello^\\[d^I^M"
has 2 "Control characters are not allowed here (^\\[)."; has 2 "Add associated tenant"
lacks 3 "Remove associated tenant"; has 3 "row 2 of 7"; has 3 "Fabrikam"
[ "$(sql "SELECT count(*) FROM associated_tenant")" = 7 ] || fail "a paste into the form changed the list"
# ... and fills the filter, the palette and the name to type to confirm; a
# paste with no text field focused does nothing.
screen 80x24 "/ <Paste>Fab</Paste> <Dump> <Esc> : <Paste>ten</Paste> <Dump> <Esc> j <Paste>d\\r</Paste> <Dump>"
has 1 "^/Fab"; has 1 "Fabrikam"; lacks 1 "Litware"
has 2 "^:ten"
lacks 3 "Remove associated tenant"; has 3 "row 2 of 7"
screen 80x24 "j e <Tab> <Space> <Tab> <Tab> <Enter> <Paste>Fabrikam</Paste> <Dump> <Tab> <Tab> <Enter> <Dump>"
has 1 "Turn billing management off?"
has 2 'Saved "Fabrikam"'
[ "$(sql "SELECT billing_management_state FROM associated_tenant WHERE tenant_id='$FABRIKAM'")" = Revoked ] ||
	fail "the pasted name did not confirm"

# A resize no terminal could have types nothing (ncurses used to crash).
screen 80x24 "<Resize:100000x100000> <Dump>"
[ "$(wc -l <"$T/dump.1")" = 24 ] || fail "an absurd resize changed the screen"
finish
