#!/bin/sh
# Two consoles on one store (DOMAIN.md §5): one acts as the addressee and
# approves a request while the other shows Manage requests; the other shows
# the new state within two seconds while idle, and neither reports a
# locked database.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmuxlib.sh"
demo

session one "BILLCON_NOW=$BILLCON_NOW+" || finish
session two "BILLCON_NOW=$BILLCON_NOW+" || finish
for s in one two; do
	keys_to $s ":" && keys_to $s -l "requests" && keys_to $s Enter
	wait_in $s "Manage requests | Contoso | ada@contoso.com"
done
wait_in two "Pending   RoleAssignment     mo@fabrikam.com"

# One acts as mo@fabrikam.com (no billing role, no directory entry) and
# approves the request addressed to them.
keys_to one U && wait_in one "Act as another user"
keys_to one -l "mo@fabrikam.com" && keys_to one Enter
wait_in one "Contoso | mo@fabrikam.com"
keys_to one A && wait_in one "Approve request"
keys_to one -l "as agreed" && keys_to one Enter
wait_in one "Approved the RoleAssignment request for mo@fabrikam.com"

# The other, left idle, follows within two seconds.
wait_in two "Approved  RoleAssignment     mo@fabrikam.com" 20
screen_of two | grep -q "Pending   RoleAssignment     mo@fabrikam.com" && fail "two still shows the request pending"
for s in one two; do
	screen_of $s | grep -qi "locked" && fail "$s reports a locked store: $(screen_of $s)"
done
[ "$(sql "SELECT status || ' ' || reviewed_by FROM billing_request WHERE name = 'b0000000-0000-4000-8000-00000000006e'")" = "Approved mo@fabrikam.com" ] ||
	fail "the store does not hold the approval"
keys_to one Q
keys_to two Q
wait_in one "billcon-exited:0"
wait_in two "billcon-exited:0"
finish
