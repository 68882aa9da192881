#!/bin/sh
# The Directory and Directory tenants blades, headless: users and guests on
# the generic list, the forms with their refusals, the seed's comparison in
# the invite form, accepting as the guest, disabled actions and why.
. "$TESTS_SRCDIR/lib.sh"
demo

. "$TESTS_SRCDIR/screenlib.sh"

# The users, with their tenant, Global administrators and guest states.
screen 80x24 ":directory <Enter> <Dump> /gmail <Enter> <Dump> <Esc> s s <Dump>"
has 1 " billcon | Directory | Contoso | ada@contoso.com"
has 1 "^Email ▲"; has 1 "ada@contoso.com .*Contoso .*yes"
has 1 "jo@gmail.com .*PendingAcceptance"; has 1 "ivan@outlook.com .*Accepted"
has 1 "a add  e edit  i invite"; has 1 "row 1 of 12 | sorted by email"
has 2 "^jo@gmail.com"; lacks 2 "^ada@contoso.com"
has 3 "sorted by tenant"
# At 60x16 the guest states read whole words: Accepted, and Pending.
screen 60x16 ":directory <Enter> <Dump>"
has 1 "ivan@outlook.com .* Accepted$"; has 1 "jo@gmail.com .* Pending$"

# Details and copying the email.
screen 80x24 ":directory <Enter> j j <Enter> <Dump>"
has 1 "Type"; has 1 "Member"; has 1 "ben@contoso.com"

# A user of another tenant is not edited here, and the status line says why.
screen 80x24 ":directory <Enter> j e <Dump>"
has 1 "admin@fabrikam.com belongs to Fabrikam"

# Adding a member: a refusal stays in the form; the user then shows.
screen 80x24 ":directory <Enter> a zed@example.org <Tab> Zed <Enter> <Dump> <Esc> a zoe@contoso.com <Tab> Zoe <Tab> <Space> <Enter> <Dump>"
has 1 "invite the user as a guest instead"
has 2 'Added "Zoe" (zoe@contoso.com)'; has 2 "zoe@contoso.com .*Zoe .*Contoso .*yes"

# Editing a user's name; its history then has the change.
screen 80x24 ":directory <Enter> j j e ^U \"Ben O.\" <Enter> <Dump> h <Dump>"
has 1 'Saved "Ben O." (ben@contoso.com)'
has 2 "directory.us.*displayName: Ben Okafor"

# The invite form shows the seed's comparison; the tenant's own domain is
# refused in the form; a guest from elsewhere is invited, pending.
screen 80x24 ":directory <Enter> i <Dump> new@contoso.com <Enter> <Dump> <Esc> i pat@partner.example <Enter> <Dump>"
has 1 "Invite B2B guest"; has 1 "security policies"; has 1 "switch"
has 1 "Guest: your tenant's policies. Associated: their own tenant's."
has 2 "a domain of Contoso itself"
has 3 'Invited "pat" (pat@partner.example)'; has 3 "pat@partner.example .*PendingAcceptance"

# Only the guest accepts: the owner is told why not; the guest accepts.
screen 80x24 ":directory <Enter> A <Dump>"
has 1 "has no invitation"; has 1 "U in :requests"
SCREEN_ARGS="--as pat@partner.example"
screen 80x24 ":directory <Enter> A <Dump>"
SCREEN_ARGS=
has 1 'Accepted the invitation of "pat" (pat@partner.example)'
[ "$(sql "SELECT guest_state FROM directory_user WHERE email = 'pat@partner.example'")" = Accepted ] ||
	fail "the guest did not accept"

# Who may not change the directory sees why; read-only too.
SCREEN_ARGS="--as ben@contoso.com"
screen 80x24 ":directory <Enter> a <Dump> i <Dump>"
has 1 "Add an item: needs Billing account owner or"
has 2 "Invite a B2B guest into the primary tenant (Directory): needs"
SCREEN_ARGS="--read-only"
screen 80x24 ":directory <Enter> a <Dump> :domains <Enter> e <Dump>"
for n in 1 2; do tr '\n' ' ' <"$T/dump.$n" >"$T/dump.$n.joined"; done
grep -q "started read-only (--read-only), so it cannot add a user to the directory" "$T/dump.1.joined" ||
	fail "read-only add not refused: $(cat "$T/dump.1")"
grep -q "started read-only (--read-only), so it cannot change a tenant of the directory" "$T/dump.2.joined" ||
	fail "read-only edit not refused: $(cat "$T/dump.2")"
SCREEN_ARGS=

# Known tenants, their domains and guest setting; turning guests off
# disables inviting, with the reason.
screen 80x24 ":domains <Enter> <Dump> /contoso <Enter> e <Tab> <Space> <Tab> contoso.org <Enter> <Dump>"
has 1 " billcon | Directory tenants | Contoso"
has 1 "Wingtip Toys .*wingtiptoys.onmicrosoft.com .*No"
has 2 'Saved "Contoso"'; has 2 "contoso.com, contoso.onmicrosoft.com, conto.* No$"
screen 80x24 ":directory <Enter> i <Dump>"
has 1 "does not allow"
screen 80x24 ":domains <Enter> /contoso <Enter> h <Dump>"
has 1 "directory.do.*domain: contoso.org"; has 1 "directory.te.*guestInvitationsAllowed"

billcon --db "$DB" audit verify >/dev/null || fail "the audit chain is not whole"
finish
