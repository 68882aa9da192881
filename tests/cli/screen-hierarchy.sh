#!/bin/sh
# The Billing hierarchy blade headless at 80x24 (and NO_COLOR): the tree
# as it first shows, a section opened and closed (Right/Left, + and -),
# Left on a subscription going up to its section, the filter keeping a
# match's ancestors, a profile and a section added through their forms, a
# subscription moved, one linked from another tenant after the dialog
# that says only billing changes, details with the service tenant beside
# the billing tenant, and a reader's keys refused.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo
SCREEN_ARGS="--account Contoso"
S=5b000000-0000-4000-8000-0000000000

# First state, then Research opened with Right, closed with -, opened with +.
screen 80x24 ": hierarchy <Enter> <Dump> G <Right> <Dump> - <Dump> + <Dump> j j <Left> <Dump>"
has 1 "Billing hierarchy | Contoso"
# The tree has one order (by level, then name): no column header carries the arrow.
lacks 1 "▲"
has 1 "^▾ Contoso$"
has 1 "^  ▾ Contoso Operations  *day 12 USD"
has 1 "^    ▸ Contoso Operations"
has 1 "^    ▸ Research"
has 1 "^+ tree-open  - tree-close  a add  m move  L link-subscription"
lacks 1 "Woodgrove Lab"
has 2 "^    ▾ Research"
has 2 "^        Woodgrove Lab  *Active, linked c0000000-0000-4000-8000-000000000007"
has 3 "^    ▸ Research"
lacks 3 "Woodgrove Lab"
has 4 "^        Legacy Sandbox  *Disabled"
# Left on a subscription goes up to its section, the rows around in place.
has 5 "^    ▾ Research"; has 5 "^▾ Contoso$"

# NO_COLOR and an ASCII terminal's markers keep the tree readable.
NO_COLOR=1 screen 80x24 ": hierarchy <Enter> <Dump>"
has 1 "^    ▸ Research"

# Filter: the match with its ancestors only.
screen 80x24 ": hierarchy <Enter> / fabrikam <Enter> <Dump> <Esc> <Dump>"
has 1 "^        Fabrikam Analytics  *Active  *$FABRIKAM"
has 1 "^    ▾ Contoso Operations"
lacks 1 "Research"
has 1 "filter /fabrikam"
has 2 "^    ▸ Research"

# Details: the service tenant beside the billing tenant.
screen 80x24 ": hierarchy <Enter> j j <Right> j j j <Enter> <Dump>"
has 1 "^Fabrikam Analytics"
has 1 "^Service tenant  *$FABRIKAM"
has 1 "^Billing tenant  *$PRIMARY"
has 1 "^Invoice section  *Contoso Operations (billing profile Contoso Operations)"

# a on the account adds a profile (its default section with it); on a
# profile row, a section.
screen 80x24 ": hierarchy <Enter> a <Dump> \"Contoso Europe\" <Tab> <Tab> <Backspace> \"20\" <Tab> <Enter> <Dump> j a <Dump> \"Marketing\" <Tab> <Enter> <Dump>"
has 1 "Add billing profile"
has 1 "Invoice day \*"
has 2 "^  ▾ Contoso Europe  *day 20 USD"
has 2 "^      Contoso Europe"
has 2 "Added billing profile \"Contoso Europe\""
has 3 "Add invoice section"
has 3 "Contoso Europe"
has 4 "^      Marketing"
[ "$(sql "SELECT count(*) FROM audit WHERE action IN ('profile.add', 'section.add')")" = 3 ] || fail "the adds were not audited"

# m starts on a section the subscription is not billed to (Enter alone
# moves it); its own section says "billed here now".
screen 80x24 ": hierarchy <Enter> j j j j j <Right> j m <Dump> <Left> <Right> <Right> <Dump> <Esc>"
has 1 "Move subscription"
lacks 1 "billed here now"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'subscription.move'")" = 0 ] || fail "Esc moved the subscription"

# m moves the selected subscription: choose the next section.
screen 80x24 ": hierarchy <Enter> j j j j j <Right> j m <Dump> <Right> <Dump> <Tab> <Enter> <Dump>"
has 1 "Move subscription"
has 1 "Contoso Dev/Test ($S""02)"
has 3 "Moved \"Contoso Dev/Test\" to invoice section"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'subscription.move'")" = 1 ] || fail "the move was not audited"

# L links a subscription from another tenant after the plain dialog.
screen 80x24 ": hierarchy <Enter> L \"$NEW\" <Tab> \"$TAILSPIN\" <Tab> \"Tailspin PAYG\" <Tab> \"Tailspin Web\" <Tab> <Tab> <Enter> <Dump> <Tab> <Enter> <Dump>"
has 1 "Link subscription for billing?"
has 1 "Only billing changes: the subscription's service tenant and its"
has 1 "Azure RBAC stay as they were."
has 1 "It stays in service tenant $TAILSPIN;"
has 2 "Linked \"Tailspin Web\""
[ "$(sql "SELECT service_tenant_id FROM subscription WHERE subscription_id = '$NEW'")" = "$TAILSPIN" ] || fail "the link was not stored"

# A reader may look, not change: the keys say why.
SCREEN_ARGS="--account Contoso --as cleo@contoso.com"
screen 80x24 ": hierarchy <Enter> a <Dump> G m <Dump>"
has 1 "owner or contributor"
has 2 "owner or contributor"

# Read-only: every changing key refused with the one sentence.
SCREEN_ARGS="--account Contoso --read-only"
screen 80x24 ": hierarchy <Enter> a <Dump> L <Dump>"
has 1 "Read-only"
has 2 "Read-only"
finish
