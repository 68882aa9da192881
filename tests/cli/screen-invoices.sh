#!/bin/sh
# The Invoices blade and the billing account switcher, headless at 80x24
# with NO_COLOR (DOMAIN.md §2): the year of invoices newest first with
# period, amount (right aligned), due date and status; the details with
# the document link; y with a link and without one; :account filtering as
# one types, Enter changing the title and every blade's rows, Esc keeping
# the account; the choice remembered at the next start.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
export NO_COLOR=1
billcon demo init "$DB" --accounts 3 >/dev/null || { echo "demo init failed" >&2; exit 1; }

# The blade: Contoso stands in for Ada's four accounts and the title says so.
screen 80x24 ": invoices <Enter> <Dump> <End> <Dump>"
has 1 "^ billcon | Invoices | Contoso | ada@contoso.com"
has 1 "^Number       Period . *Amount *Due        Status  Profile"
has 1 "^G001024313   2025-12-01..2025-12-31  16,[0-9,.]* USD 2026-02-11 Due     Contoso O"
has 1 "^G001024312   2025-11-01..2025-11-30 .* PastDue "
has 1 "^G001024307 .* Void "
has 1 "^row 1 of 12 | sorted by date, descending"
has 1 "^Enter open  y copy  / filter  s sort  S reverse  ? help  Q quit"
has 2 "^G001024302 .*2025-01-01..2025-01-31"
has 2 "^row 12 of 12 | sorted by date, descending"
# Amounts right aligned: every amount ends in the same column.
[ "$(grep '^G0010' "$T/dump.1" | awk '{ print index($0, " USD") }' | sort -u | wc -l)" = 1 ] ||
	fail "amounts are not right aligned: $(cat "$T/dump.1")"

# Details with the link; y copies it (headless: not a terminal, shown whole).
screen 80x24 ": invoices <Enter> j <Enter> <Dump> y <Dump>"
has 1 "^ billcon | Invoices > Details | Contoso | ada@contoso.com"
has 1 "^Invoice          G001024312$"
has 1 "^Status           PastDue$"
has 1 "^Billing profile  Contoso Operations (PBFV-4XYZ-BG7-TGB)$"
has 1 "^Billing period   2025-11-01 to 2025-11-30$"
has 1 "^Document         https://invoices.billcon.example/billingProfiles/PBFV-4XYZ-BG7"
flat 2 "Not copied (not a terminal); the document link: https://invoices.billcon.example/billingProfiles/PBFV-4XYZ-BG7-TGB/invoices/G001024312.pdf"
# No link: one sentence, from the list and from the details.
screen 80x24 ": invoices <Enter> j j j j y <Dump> <Enter> <Dump> y <Dump>"
has 1 "^Invoice G001024309 has no document link yet, so there is nothing to copy.$"
has 2 "^Document         (no link yet)$"
has 3 "^Invoice G001024309 has no document link yet, so there is nothing to copy.$"
# The filter finds a status.
screen 80x24 ": invoices <Enter> / \"void\" <Enter> <Dump>"
has 1 "^G001024307 .* Void "
has 1 "^1 match | filter /void"

# A billing profile's reader sees that profile's invoices, told why; an
# invoice section's role sees none, told why.
SCREEN_ARGS="--as dan@contoso.com --account Contoso" screen 80x24 ": invoices <Enter> <Dump>"
has 1 "^G001024313"
flat 1 "The invoices of billing profile PBFV-4XYZ-BG7-TGB: your role is on that profile, not on the account."
# No total: the kept count is the account's, not the profile's.
SCREEN_ARGS="--as dan@contoso.com --account Contoso" screen 80x24 ": invoices <Enter> j <Dump>"
has 1 "^row 2 | sorted by date, descending"
SCREEN_ARGS="--as finn@contoso.com --account Contoso" screen 80x24 ": invoices <Enter> <Dump>"
lacks 1 "^G0010"
has 1 "finn@contoso.com may not see this billing account: that needs a billing role."

# :account: the accounts Ada sees (not Northwind), Contoso marked; typing
# filters; Esc keeps Contoso.
screen 80x24 ": invoices <Enter> : account <Enter> <Dump> \"co\" <Dump> <Esc> <Dump>"
has 1 "^Switch account: type to filter, Enter switches, Esc keeps Contoso$"
has 1 "^  Alpine Ski House 0001 *Business"
has 1 "^\* Contoso *Enterprise"
lacks 1 "Northwind"
has 2 "^  Coho Winery 0003"
has 2 "^\* Contoso"
has 2 "^  Bellows College 0002"
lacks 2 "Alpine"
has 2 "^/co"
has 3 "^ billcon | Invoices | Contoso | ada@contoso.com"
has 3 "^The billing account in scope stays Contoso.$"
has 3 "^G001024313"

# Enter switches every blade at once: the title, the invoices (none on
# Bellows College), the Access control blade's rows; then back again.
screen 80x24 ": iam <Enter> <Dump> : invoices <Enter> : account <Enter> \"bell\" <Down> <Enter> <Dump> : iam <Enter> <Dump> : tenants <Enter> <Dump> : account <Enter> \"contoso\" <Enter> <Dump> : iam <Enter> <Dump>"
has 1 "ben@contoso.com"
has 2 "^ billcon | Invoices | Bellows College 0002 | ada@contoso.com"
has 2 "^Billing account in scope: Bellows College 0002, in every blade.$"
lacks 2 "^G0010"
has 3 "Access control (IAM) | Bellows College 0002 |"
lacks 3 "ben@contoso.com"
has 3 "ada@contoso.com  *Billing account reader"
has 4 "Associated tenants | Bellows College 0002 |"
has 4 "this one is Business"
has 5 "^ billcon | Tenants\|^ billcon | Associated tenants | Contoso |"
has 6 "ben@contoso.com"
# The choice is remembered: the next start is on it (Contoso, last chosen)...
screen 80x24 ": account <Enter> \"alpine\" <Enter> <Dump>"
has 1 "| Alpine Ski House 0001 |"
screen 80x24 "<Dump>"
has 1 "| Alpine Ski House 0001 |"
# ...but --account wins, and an account no longer seen is not restored.
SCREEN_ARGS="--account Contoso" screen 80x24 "<Dump>"
has 1 "| Contoso |"
sql "DELETE FROM role_assignment WHERE name LIKE 'e0000001-%'"
screen 80x24 "<Dump>"
has 1 "| Contoso |"
# Nothing matching: Enter says so and the switcher stays.
screen 80x24 ": account <Enter> \"zzz\" <Enter> <Dump> <Esc> <Dump>"
has 1 "No billing account you see matches \"zzz\"."
has 2 "| Contoso |"
finish
