#!/bin/sh
# The seed walkthrough (associated-tenants.md) end to end, entirely through
# the console's keys: the real binary in tmux at 80x24 on a fresh demo
# store. An owner associates a tenant with billing management on, assigns
# a role to a user of that tenant (the approval URL shows at once), finds
# the request in Manage requests, copies its URL, acts as the user and
# approves; the assignment is Active in Access control, and the audit chain
# is whole.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmuxlib.sh"
demo
ZOE=zoe@relecloud.com

session w "TERM=xterm-256color BILLCON_NOW=$BILLCON_NOW+" || finish
wait_in w "Associated tenants | Contoso | ada@contoso.com"

# 1. Associated tenants: add Relecloud with billing management on.
keys_to w a && wait_in w "Add associated tenant"
keys_to w -l "$NEW" && keys_to w Tab
keys_to w -l "Relecloud" && keys_to w Tab
keys_to w Space && wait_in w '\[x\] on'
keys_to w Enter
wait_in w "Added \"Relecloud\" ($NEW)"
wait_in w "^Relecloud  *$NEW On  *Not requested"

# 2. Access control: the add form, a role, the new tenant, the email.
keys_to w : && keys_to w -l iam && keys_to w Enter
wait_in w "Access control (IAM) | Contoso | ada@contoso.com"
keys_to w a && wait_in w "Add role assignment: billing account Contoso"
keys_to w Right Right && wait_in w "< Billing account reader >"
keys_to w Tab && wait_in w "< Contoso (primary tenant) >"
# The tenant choice offers tenants with billing management on, the new one
# last; Right walks to it.
i=0
until screen_of w | grep -q "< Relecloud >"; do
	i=$((i + 1))
	[ "$i" -le 10 ] || { fail "Relecloud is not offered: $(screen_of w)"; finish; }
	keys_to w Right
	sleep 0.05
done
screen_of w | grep -q "Its user approves a request first" || fail "no note for an associated tenant"
keys_to w Tab && keys_to w -l "$ZOE" && keys_to w Enter

# The approval URL at once, with its request.
wait_in w "Approval request sent"
request=$(sql "SELECT name FROM billing_request WHERE addressee = '$ZOE' AND status = 'Pending'")
[ -n "$request" ] || fail "no pending request for $ZOE"
url=$(billcon --db "$DB" requests url "$request") || fail "requests url $request failed"
wait_in w "Status        PendingApproval"
wait_in w "Approval URL  https://"
screen_of w | tr -d '\n ' | grep -qF "$url" || fail "the URL shown is not $url: $(screen_of w)"
wait_in w "Assigned $ZOE as Billing account reader: pending the user's"
wait_in w "^approval (y copies the URL)."
keys_to w y && wait_in w "Copied the approval URL:"
[ "$(tm show-buffer)" = "$url" ] || fail "y in the details copied '$(tm show-buffer)', not $url"
tm delete-buffer
keys_to w Escape
wait_in w "^$ZOE  *Billing account reader  *PendingApproval"

# 3. Manage requests: filter to the request, copy its URL.
keys_to w : && keys_to w -l requests && keys_to w Enter
wait_in w "Manage requests | Contoso | ada@contoso.com"
keys_to w / && keys_to w -l zoe && keys_to w Enter
wait_in w "1 match | filter /zoe"
wait_in w "^Pending   RoleAssignment     $ZOE  *ada@contoso.com"
keys_to w y && wait_in w "Copied the request URL:"
[ "$(tm show-buffer)" = "$url" ] || fail "tmux's buffer holds '$(tm show-buffer)', not $url"

# 4. Act as the user, who approves.
keys_to w U && wait_in w "Act as another user"
keys_to w -l "$ZOE" && keys_to w Enter
wait_in w "Manage requests | Contoso | $ZOE"
wait_in w "Acting as $ZOE now"
keys_to w A && wait_in w "Approve request"
wait_in w "RoleAssignment for $ZOE"
keys_to w Enter
wait_in w "Approved the RoleAssignment request for $ZOE."
wait_in w "^Approved  RoleAssignment     $ZOE"

# 5. Access control: the assignment is Active, seen by the user whose role
# it now is.
keys_to w : && keys_to w -l iam && keys_to w Enter
wait_in w "Access control (IAM) | Contoso | $ZOE"
wait_in w "^$ZOE  *Billing account reader  *Active "
screen_of w | grep -q "may not see" && fail "the approved user may not see the account: $(screen_of w)"

keys_to w Q
wait_in w "billcon-exited:0"
[ "$(sql "SELECT status || ' ' || reviewed_by FROM billing_request WHERE name = '$request'")" = "Approved $ZOE" ] ||
	fail "the store does not hold the approval"
expect 0 audit verify
for action in tenant.add role.assign request.approve; do
	[ "$(sql "SELECT count(*) FROM audit WHERE action = '$action'")" -ge 1 ] || fail "no $action in the trail"
done
finish
