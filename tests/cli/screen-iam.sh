#!/bin/sh
# The Access control (IAM) blade headless at 80x24: the list, add for a
# user of the primary tenant and of an associated tenant (the approval URL
# at once, y copies it), inline refusals, removal with its confirmation, the
# last owner kept, the scope picker (remembered), and what a reader sees.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo

screen 80x24 ': "iam" <Enter> <Dump> a <Dump>'
has 1 "Access control (IAM)"
has 1 "mo@fabrikam.com .*PendingApproval"
has 1 "omar@litware.com .*Declined"
has 1 "a add  d remove  Enter open  @ scope"
has 2 "Add role assignment: billing account Contoso"
has 2 "< Billing account owner >"
has 2 "and assign roles"
has 2 "< Contoso (primary tenant) >"
has 2 "your tenant's policies. Associated: their own"
has 2 "not offered"
# Whole: a tenant known only by a domain is not offered either, and says so.
has 2 "known only by a domain until a"
has 2 "sync, are not offered."

# At 60x16 the focused field's hint shows as far as it fits, the seed's
# comparison with it, marked where it is cut.
screen 60x16 ': "iam" <Enter> a <Tab> <Dump>'
has 1 "Guest: your tenant's policies"; has 1 "Guest: must switch tenants"; has 1 "…  *|$"

# A user of the primary tenant: active at once.
screen 80x24 ': "iam" <Enter> a <Right> <Right> <Tab> <Tab> "hana@contoso.com" <Enter> <Dump>'
has 1 "Assigned hana@contoso.com as Billing account reader: active now"
[ "$(sql "SELECT count(*) FROM role_assignment WHERE principal_email = 'hana@contoso.com'")" = 2 ] ||
	fail "hana's reader role was not added"

# The tenant list: the primary, then only tenants with billing management on.
screen 80x24 ': "iam" <Enter> a <Tab> <Right> <Dump> <Right> <Dump> <Left> <Left> <Dump>'
has 1 "< Fabrikam >"
has 1 "no switching needed"
lacks 2 "Wingtip"
has 3 "Contoso (primary tenant)"

# A user of an associated tenant: pending, the URL at once, y copies it.
screen 80x24 ': "iam" <Enter> a <Tab> <Right> <Tab> "new@fabrikam.com" <Enter> <Dump> y <Dump> <Esc> <Dump>'
has 1 "Approval request sent"
has 1 "PendingApproval"
has 1 "BillingRequests/requestId/"
has 2 "the approval URL"
request=$(sql "SELECT name FROM billing_request WHERE addressee = 'new@fabrikam.com' AND status = 'Pending'")
[ -n "$request" ] || fail "no pending request for new@fabrikam.com"
grep -q "$(echo "$request" | cut -c1-20)" "$T/dump.2" || fail "the copied URL is not the request's"
has 3 "new@fabrikam.com .*PendingApproval"

# Refusals stay in the form, inline or at its foot; nothing is written.
before=$(sql "SELECT count(*) FROM role_assignment")
screen 80x24 ': "iam" <Enter> a <Tab> <Tab> "not-an-email" <Tab> <Dump> <Esc> a <Right> <Right> <Tab> <Tab> "cleo@contoso.com" <Enter> <Dump> <Esc> a <Tab> <Tab> "zed@contoso.com" <Enter> <Dump>'
has 1 "exactly one '@'"
has 2 "already has the role"
has 3 "not a user of the primary tenant"
# The way out, for the console as for the command line.
has 3 "(i in :directory, or billcon guests invite"
[ "$(sql "SELECT count(*) FROM role_assignment")" = "$before" ] || fail "a refused add wrote"

# Removal: Enter alone cancels; the button removes; never the last owner.
screen 80x24 ': "iam" <Enter> / "cleo" <Enter> d <Dump> <Enter> <Dump>'
has 1 "Remove role assignment?"
has 1 "User:   cleo@contoso.com"
has 1 "Role:   Billing account reader"
has 1 "Scope:  billing account Contoso"
has 2 "Nothing was removed"
screen 80x24 ': "iam" <Enter> / "cleo" <Enter> d <Tab> <Enter> <Dump>'
has 1 "Removed cleo@contoso.com as Billing account reader on billing account Contoso.$"
# A pending one: its request is cancelled with it, and the message says so.
screen 80x24 ': "iam" <Enter> / "nia" <Enter> d <Tab> <Enter> <Dump>'
has 1 "Its pending approval request is cancelled."
[ "$(sql "SELECT status FROM billing_request WHERE addressee = 'nia@tailspintoys.com'")" = Cancelled ] ||
	fail "nia's request was not cancelled with the assignment"
[ "$(sql "SELECT count(*) FROM role_assignment WHERE principal_email = 'cleo@contoso.com'")" = 0 ] ||
	fail "cleo's role is still there"
screen 80x24 ': "iam" <Enter> d <Dump>'
has 1 "without an active owner"

# The scope picker: a profile shows its own roles and those above it,
# marked; the choice is remembered by the next start.
screen 80x24 ': "iam" <Enter> @ <Dump> <Right> <Right> <Enter> <Dump>'
has 1 "< Every scope >"
has 2 "The roles that hold on billing profile PBFV-4XYZ-BG7-TGB"
has 2 "dan@contoso.com .*Profile"
has 2 "ada@contoso.com .*↑ Account"
lacks 2 "finn@contoso.com"
screen 80x24 ': "iam" <Enter> <Dump> a <Dump>'
lacks 1 "finn@contoso.com"
has 2 "Add role assignment: billing profile PBFV-4XYZ-BG7-TGB"
has 2 "Billing profile owner"
screen 80x24 ': "iam" <Enter> @ <Left> <Left> <Enter> <Dump>'
has 1 "finn@contoso.com"

# A reader sees the blade; add and remove say the role they need.
screen_as() { printf '%s\n' "$2" >"$T/keys"; billcon --db "$DB" --as "$1" --screen-test "$T/keys" --size 80x24 >"$T/screen" 2>"$T/err" || fail "screen as $1"; rm -f "$T"/dump.*; awk -v d="$T/dump." 'BEGIN { n = 1 } /^--$/ { n++; next } { print > (d n) }' "$T/screen"; }
screen_as ben@contoso.com ': "iam" <Enter> a <Dump> d <Dump> ? <Dump>'
has 1 "needs Billing account owner"
has 2 "needs Billing account owner"
has 3 "scope"
# The blade's own key first in help, its text whole at 80 columns.
grep -m1 '^..| ' "$T/dump.3" | grep -q "| @  *Choose the scope: billing account, profile or section  *|" ||
	fail "help does not start with @, whole: $(cat "$T/dump.3")"
screen_as dan@contoso.com ': "iam" <Enter> @ <Right> <Right> <Enter> a <Dump>'
has 1 "Add role assignment: billing profile"

finish
