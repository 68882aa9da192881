#!/bin/sh
# The Billing profile blade and the link wizard, headless (DOMAIN.md §6):
# the page (not linked, linked, the history; no Partner Center account),
# the purchase refused, each step at 80x24 and 60x16 (profiles under an
# account, details, the new account and new profile forms, the reuse
# refusal, Review's locked box and Italy's second one), the buttons, Esc
# and Cancel, and each failed precondition.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo
# Each run that opened the wizard left its draft: the next starts clean.
nodraft() { sql "DELETE FROM draft"; }
# flat N TEXT: dump N holds TEXT, however a message wrapped it.
flat() { tr -d '\n ' <"$T/dump.$1" | grep -qF -- "$(printf '%s' "$2" | tr -d ' ')" || fail "screen $1 lacks '$2': $(cat "$T/dump.$1")"; }
links() { sql "SELECT count(*) FROM partner_link"; }

# The page, nothing linked: the account, its tenants (the purchase tenant
# marked, the sign-in tenant named), the alert with L, no history.
screen 80x24 ": partner <Enter> <Dump> M <Dump> B <Dump>"
has 1 "Billing profile | Contoso | ada@contoso.com"
has 1 "^  Contoso Partner  (ID 5123456)"
has 1 "^  State Active"
has 1 "^Tenants (2)$"
has 1 "^  \* Contoso  (membership purchases; you sign in here)$"
has 1 "^    Fabrikam$"
lacks 1 "not one of the account's tenants"
has 1 "! No billing profile is linked"
has 1 "History of links (0)"
has 1 "^L link  B change-account  P change-profile  M purchase"
# A membership purchase is refused with the reason; B has nothing to change.
flat 2 "membership purchases need one: link one first"
flat 3 "no billing profile is linked yet; L links one"
# 60x16: the sentence wraps whole.
screen 60x16 ": partner <Enter> <Dump>"
has 1 "^  refused until one is. L starts the link wizard."

# Step 1 at 80x24: the sign-in tenant's accounts (not Northwind's), each
# with a line; Create new; why Next is disabled; the buttons. p shows an
# account's profiles under it, i its details.
screen 80x24 ": partner <Enter> L <Dump> p <Dump> i <Dump> <Esc> <Dump>"
has 1 "Link a billing profile (step 1 of 3)"
has 1 "^\[Select billing account\] > Select billing profile > Review > Finish$"
has 1 "^( ) Contoso$"
has 1 "1 profile | sold to US | MCA accepted"
has 1 "^( ) Create new billing account$"
has 1 "Prefilled from the legal profile: Contoso Ltd"
lacks 1 "Northwind"
has 1 "^Choose a billing account, or Create new billing account.$"
has 1 "^\[ Back \]  \[ Next \]  \[ Cancel \]$"
has 2 "^      profile Contoso Operations (payment instrument CreditCard)"
has 3 "Billing profile > Details"
has 3 "Sold-to country   US"
has 3 "MCA accepted      by ada@contoso.com"
has 4 "Link a billing profile (step 1 of 3)"
# n with nothing chosen is refused with the guard's sentence.
nodraft
screen 80x24 ": partner <Enter> L n <Dump>"
flat 1 "Finish (Wizard): Choose a billing account, or Create new billing account."
# The wizard's keys are its view's: ? lists them first; they can be
# rebound for it alone (bind wizard KEY ACTION).
nodraft
mkdir -p "$XDG_CONFIG_HOME/billcon"
printf 'bind wizard x step-next\n' >"$XDG_CONFIG_HOME/billcon/keys"
screen 80x24 ": partner <Enter> L ? <Dump> <Esc> x <Dump>"
# A long line wraps under its text, whole.
has 1 "| n, x  *Go on to the next step; on the last, Finish (Choose a  *|"
has 1 "|  *billing account, or Create new billing account)  *|"
has 1 "| c  *Cancel the wizard and discard its draft"
flat 2 "Finish (Wizard): Choose a billing account"
rm "$XDG_CONFIG_HOME/billcon/keys"
# 60x16: the steps numbered, the current one's title kept.
nodraft
screen 60x16 ": partner <Enter> L <Dump> <Enter> <Dump> <Enter> <Dump>"
has 1 "^\[1 Select billing account\] > 2 > 3 > Finish$"
has 1 "^\[ Back \]  \[ Next \]  \[ Cancel \]$"
has 2 "^1 > \[2 Select billing profile\] > 3 > Finish$"
has 3 "^1 > 2 > \[3 Review\] > Finish$"
has 3 "\[ Finish \]"
# NO_COLOR: the marks are text, the same screen.
nodraft
NO_COLOR=1 screen 60x16 ": partner <Enter> L <Dump>"
has 1 "^\[1 Select billing account\] > 2 > 3 > Finish$"

# Create new billing account: prefilled from the legal profile, the sold-to
# address and country read-only with their note, the primary contact
# optional, with the warning once it is left empty; a missing name or a bad
# email said inline as the field is left.
nodraft
screen 80x24 ": partner <Enter> L G <Enter> <Dump> ^U <Tab> <Dump> <BTab> \"Acme\" <Tab> ^U \"not-an-email\" <Tab> <Dump> <BTab> ^U <Tab> <Dump>"
has 1 "Create new billing account"
has 1 "Billing account name \*"
has 1 "Contoso Ltd"
has 1 "1 Contoso Way, Redmond, WA 98052"
has 1 "Changes in the legal profile (Partner Center account settings)."
has 1 "billing@contoso.com"
has 1 "Optional: who is told about purchases"
has 2 "Billing account name is required."
flat 3 "not-an-email"
lacks 3 "Billing account name is required."
has 3 "Acme"
has 4 "No primary contact: purchases can fail without one"
nodraft
screen 60x16 ": partner <Enter> L G <Enter> <Dump> <Enter> <Dump>"
has 1 "Sold-to address"
has 1 "Sold-to country"
has 2 "^1 > \[2 Select billing profile\] > 3 > Finish$"
has 2 "Billing profiles of Contoso Ltd (new: it has none yet)"
has 2 "^( ) Create new billing profile$"

# Create new billing profile: a name, the payment instrument None with its
# note (refused when a profile must be reused: below).
nodraft
screen 80x24 ": partner <Enter> L <Enter> G <Enter> <Dump> ^U <Enter> <Dump> <Esc> <Dump>"
has 1 "Create new billing profile"
has 1 "Payment instrument"
has 1 "None"
has 1 "they are added at purchase."
has 2 "Billing profile name is required."
has 3 "Select billing account > \[Select billing profile\]"
# Review: Contoso accepted the MCA before: the box checked and locked, Space
# leaves it; Finish enabled. Italy: both boxes needed, each said in turn.
nodraft
screen 80x24 ": partner <Enter> L <Enter> <Enter> <Dump> <Space> <Dump>"
has 1 "^\[x\] I accept the Microsoft Customer Agreement"
has 1 "Accepted for this account before by ada@contoso.com"
has 1 "^  ID                6e2a9f1c-3b7d-4c8e-9a1f-2b3c4d5e6f70:8a1b2c3d"
has 1 "^  ID                PBFV-4XYZ-BG7-TGB$"
has 1 "^  Payment           CreditCard$"
has 1 "\[ Finish \]"
lacks 1 "to finish"
has 2 "^\[x\] I accept the Microsoft Customer Agreement"
# Back keeps the choices (marked).
nodraft
screen 80x24 ": partner <Enter> L <Enter> <Enter> b <Dump> b <Dump>"
has 1 "^(\*) Contoso Operations$"
has 2 "^(\*) Contoso$"
[ "$(links)" = 0 ] || fail "nothing was finished, yet a link is stored"

# Tab reaches the buttons: Back on step 1 closes the wizard and keeps its
# draft; Cancel asks (Enter alone keeps the wizard), then discards it.
nodraft
screen 80x24 ": partner <Enter> L <Enter> <Esc> <Dump> <Esc> <Dump>"
has 1 "(step 1 of 3)"
has 1 "^(\*) Contoso$"
has 2 "Link a billing profile: closed; what you entered is kept"
has 2 "Unfinished: the billing profile link wizard at Select billing account; L$"; has 2 "^  opens it again."
[ "$(sql "SELECT count(*) FROM draft WHERE kind = 'partner.link'")" = 1 ] || fail "Esc on step 1 lost the draft"
# The next start offers the draft: Enter opens the wizard again.
screen 80x24 "<Dump> <Enter> <Dump> <Tab> <Tab> <Tab> <Enter> <Dump> <Enter> <Dump> c <Tab> <Enter> <Dump>"
has 1 "Resume what you were typing?"; has 1 "\[ Resume \]    \[ Discard \]"; has 1 "Unfinished since 2026-01-15T00:00:00Z: the billing profile link"; has 1 "wizard at Select billing account."
has 2 "^(\*) Contoso$"
has 3 "Cancel the wizard?"
has 4 "(step 1 of 3)"
has 5 "Link a billing profile: cancelled; nothing was changed."
[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "Cancel kept the draft"

# Finish links; the page shows the link and its history; M then works.
screen 80x24 ": partner <Enter> L <Enter> <Enter> n <Dump> <Esc> M <Dump>"
flat 1 "Linked billing profile \"Contoso Operations\""
has 1 "^  Billing profile  Contoso Operations (PBFV-4XYZ-BG7-TGB)"
has 1 "History of links (1)"
has 1 "Contoso / Contoso Operations"
lacks 1 "No billing profile is linked"
lacks 2 "refused"
[ "$(links)" = 1 ] || fail "Finish stored $(links) links"
[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "Finish kept the draft"
# 60x16: the linked page is longer than the screen and scrolls.
screen 60x16 ": partner <Enter> <Dump> G <Dump> g <Dump>"
has 1 "^Partner Center account"
lacks 1 "History of links"
has 2 "History of links (1)"
has 2 "by ada@contoso.com, current"
lacks 2 "^Partner Center account"
has 3 "^Partner Center account"
# L is disabled now; P lands on Select billing profile of Contoso.
screen 80x24 ": partner <Enter> L <Dump> P <Dump>"
flat 1 "a billing profile is linked; B or P changes it"
has 2 "^1 > \[2 Select billing profile\]\|^Select billing account > \[Select billing profile\]"
has 2 "Billing profiles of Contoso$"
nodraft


# The preconditions, each with its sentence, before any step.
SCREEN_ARGS="--as ben@contoso.com" screen 80x24 ": partner <Enter> <Dump> B <Dump>"
flat 1 "The wizard cannot start: ben@contoso.com is not a Global administrator"
flat 2 "is not a Global administrator of"
lacks 2 "Select billing account"
SCREEN_ARGS="--tenant $FABRIKAM" screen 80x24 ": partner <Enter> B <Dump>"
flat 1 "ada@contoso.com is not a Global administrator of Fabrikam"
lacks 1 "Select billing account"
# Fabrikam's Global administrator, signed in through Fabrikam: not the
# tenant chosen for membership purchases.
SCREEN_ARGS="--as admin@fabrikam.com --tenant $FABRIKAM" screen 80x24 ": partner <Enter> B <Dump>"
flat 1 "sign in through Contoso ($PRIMARY), the tenant chosen for membership purchases"
lacks 1 "Select billing account"
has 1 "^    Fabrikam  (you sign in here)$"
# A sign-in tenant that is none of the account's is named apart.
SCREEN_ARGS="--tenant c0000000-0000-4000-8000-000000000003" screen 80x24 ": partner <Enter> <Dump>"
has 1 "^  You sign in through c0000000-0000-4000-8000-000000000003, not one of the"
billcon --db "$DB" partner set --state Suspended >/dev/null || fail "partner set --state Suspended failed"
screen 80x24 ": partner <Enter> <Dump> B <Dump>"
has 1 "State Suspended"
flat 2 "Suspended"
lacks 2 "Select billing account"

# Read-only: the changing keys are refused with the one sentence.
SCREEN_ARGS="--read-only" screen 80x24 ": partner <Enter> B <Dump>"
flat 1 "read-only"

# An Italian sold-to address (the legal profile's, so a new account's):
# both boxes, each said in turn; Finish only with both.
billcon --db "$DB" partner set --state Active --country IT >/dev/null || fail "partner set --country IT failed"
screen 80x24 ": partner <Enter> B G <Enter> <Dump> <Enter> <Enter> \"Milano\" <Enter> <Dump> <Space> <Dump> n <Dump> j <Space> <Dump> n <Dump>"
has 1 "| IT  "
has 2 "^\[ \] I accept the Microsoft Customer Agreement"
has 2 "^\[ \] Italy: I accept"
has 2 "^Accept the Microsoft Customer Agreement to finish.$"
has 3 "^\[x\] I accept the Microsoft Customer Agreement"
flat 3 "The sold-to address is in Italy: give the second, separate acknowledgement"
flat 4 "give the second, separate acknowledgement"
has 4 "(step 3 of 3)"
has 5 "^\[x\] Italy: I accept"
lacks 5 "to finish"
flat 6 "Linked billing profile \"Milano\""
[ "$(links)" = 2 ] || fail "Italy: $(links) links"
# The new account's profile has no payment instrument: a new profile under
# it is refused, pointing at the one to reuse (ada owns two accounts now).
SCREEN_ARGS="--account Contoso" screen 80x24 ": partner <Enter> P <Dump> G <Enter> <Dump> <Enter> <Dump>"
has 1 "Billing profiles of Contoso Ltd"
has 1 "| payment instrument None | must be reused"
has 1 "Refused: Milano has no payment instrument and must be reused"
flat 2 "already has billing profile \"Milano\" with no payment instrument: choose it"
lacks 2 "Billing profile name"
has 3 "(step 3 of 3)"
nodraft

# A tenant with more accounts than the wizard lists: it says how many it
# shows and where the others may be chosen; the list scrolls to its end.
sql "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70)
 INSERT INTO billing_account(name, display_name, agreement_type, account_type, primary_tenant_id)
 SELECT printf('bulk-%02d', i), printf('Bulk %02d', i), 'MicrosoftCustomerAgreement', 'Business',
 (SELECT primary_tenant_id FROM billing_account WHERE display_name = 'Contoso') FROM n"
before=$(links)
SCREEN_ARGS="--account Contoso" screen 60x16 ": partner <Enter> B <Dump> G <Dump>"
has 1 "^( ) Bulk 01"
has 2 "^64 of 72 accounts shown; billcon partner link takes any.$"
has 2 "Create new billing account"
[ "$(links)" = "$before" ] || fail "listing made a link: $(links)"
nodraft

# h: the link's history in the audit trail, every link and change.
SCREEN_ARGS="--account Contoso" screen 80x24 ": partner <Enter> h <Dump>"
has 1 "History of Billing profile link of Contoso Partner"
[ "$(grep -c "partner.link  billingAccount" "$T/dump.1")" = "$(links)" ] || fail "history: $(cat "$T/dump.1")"

# No Partner Center account: the page says how to enter one.
sql "DELETE FROM partner_link; DELETE FROM partner_tenant; DELETE FROM partner_account"
SCREEN_ARGS="--account Contoso" screen 80x24 ": partner <Enter> <Dump> L <Dump>"
flat 1 "billcon partner set"
flat 2 "no Partner Center account is entered"
finish
