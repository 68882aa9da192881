#!/bin/sh
# What a newcomer trips on, headless at 80x24 with NO_COLOR: the :account
# switcher's status line says its own keys, not those of the blade below
# (whose y or s would only be typed into the filter); in the Billing
# hierarchy, e, d, s and S say why they do nothing (S turned the tree
# upside down), in the message and dimmed in ? help; in the usage blade a
# says where usage comes from (billcon usage import), e and d that it is
# not changed there; in the Azure Stack blade e that customer subscriptions
# are removed and added, not edited. On the command line, an option of
# invoices list given without its value says what the value is. ? help
# wraps a long line rather than cutting it. The onboarding checklist's
# status line names x tick.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
export NO_COLOR=1
billcon demo init "$DB" --accounts 3 >/dev/null || { echo "demo init failed" >&2; exit 1; }
SCREEN_ARGS="--account Contoso"

screen 80x24 ": invoices <Enter> : account <Enter> <Dump> \"zzz\" <Enter> <Dump> <Esc> <Dump>"
has 1 "^type to filter  Up/Down choose  Enter switch  Esc keep  Backspace erase"
lacks 1 "y copy"
has 2 "^No billing account you see matches \"zzz\".$"
lacks 2 "^type to filter"
has 3 "^Enter open  y copy  / filter  s sort  S reverse  ? help  Q quit"

screen 80x24 ": hierarchy <Enter> S <Dump> e <Dump> d <Dump> s <Dump> ? G <Dump>"
flat 1 "Reverse the sort order: the tree has one order: account, profiles, sections, subscriptions."
has 1 "^▾ Contoso"
lacks 1 "descending"
flat 2 "Edit the selected item: the hierarchy changes only by a (add), m (move) and L (link)."
flat 3 "Remove the selected item, after confirmation: the hierarchy changes only by a (add)"
flat 4 "Sort by the next column: the tree has one order"
has 5 "| s  *Sort by the next column (the tree has one order"
has 5 "| e  *Edit the selected item (the hierarchy changes only"

# Usage: a says where usage comes from; e and d say they change nothing.
screen 80x24 ": usage <Enter> a <Dump> e <Dump> d <Dump> ? G <Dump>"
flat 1 "Add an item: usage comes from a file: billcon usage import FILE."
flat 2 "Edit the selected item: imported usage is not changed here."
flat 3 "Remove the selected item, after confirmation: imported usage is not changed here."
has 4 "| a  *Add an item (usage comes from a file: billcon usage import FILE)"

# Azure Stack: e says a customer subscription is removed and added, not edited.
screen 80x24 ": stack <Enter> e <Dump> <Enter> e <Dump>"
flat 1 "Edit the selected item: a customer subscription is not edited: d removes it, a adds another."
flat 2 "Edit the selected item: a customer subscription is not edited: d removes it, a adds another."

# The command line: an option without its value says what the value is.
expect 2 --account Contoso invoices list --status
err_has "^billcon: --status needs a value: Due, Paid, PastDue, Void, Locked or Other.$"
expect 2 --account Contoso invoices list --profile
err_has "^billcon: --profile needs a value: a billing profile's name or ID.$"

# ? help wraps a long line under its text rather than cutting it: the
# checklist's x says Space does too, and why it is not possible here.
screen 80x24 ": stack <Enter> <Enter> o ? <Dump>"
has 1 "| x  *Tick or untick the selected step of a checklist; Space  *|"
has 1 "|  *does too (only on a step ticked by hand; derived steps  *|"
has 1 "|  *show what the data holds)  *|"
lacks 1 "…"

# The checklist's status line names x tick (dimmed on a derived step), not
# the link wizard's p expand that pushed it off at 80 columns; the link
# wizard keeps p expand.
screen 80x24 ": stack <Enter> <Enter> o <Dump> <Esc> : partner <Enter> L <Dump>"
has 1 "^Enter open  x tick  n step-next  b step-back  c discard"
lacks 1 "p expand"
has 2 "p expand"
