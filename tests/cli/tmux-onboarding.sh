#!/bin/sh
# The Azure Stack onboarding checklist end to end with the real binary in
# tmux at 80x24 (DOMAIN.md §7): a new onboarding started from the blade,
# its steps walked with their states (derived and ticked), a step ticked
# with Space; a SIGHUP while the guest's email is typed; the restart
# offers the draft in words, and Resume opens the checklist at the
# management step with the typed email kept; the choice made; the
# registration step turns done when the subscription is added; the trail
# verifies.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmuxlib.sh"
demo

ADVENTURE=c0000000-0000-4000-8000-000000000005
pid_in() { pgrep -P "$(tm display -p -t "$1" '#{pane_pid}')" | head -1; }
has_in() { screen_of "$1" | grep -q -- "$2" || fail "$1 lacks '$2': $(screen_of "$1")"; }
blade() {
	SESSION_WAIT="billcon | Associated tenants" session "$1" "BILLCON_NOW=$BILLCON_NOW+" || finish
	keys_to "$1" ":" && keys_to "$1" -l "stack" && keys_to "$1" Enter
	wait_in "$1" "billcon | Azure Stack | Contoso"
}
resumed() { SESSION_WAIT="Resume what you were typing?" session "$1" "BILLCON_NOW=$BILLCON_NOW+" || finish; }
quit() { keys_to "$1" Q && wait_in "$1" "billcon-exited:0" && tm kill-session -t "$1"; }

# Start: o on the blade asks the tenant and the customer.
blade one
keys_to one o && wait_in one "Start an onboarding"
keys_to one -l "$ADVENTURE" && keys_to one Tab && keys_to one -l "Adventure Works" && keys_to one Enter
wait_in one "Onboard an end customer (step 1 of 6)"
has_in one "^\[1/6 to do\] > 2 done > 3 to do > 4 to do > 5 to do > 6 to do > Done"
has_in one "Adventure Works, tenant $ADVENTURE"
keys_to one Space && wait_in one "^\[x\] Customer created in Partner Center"
has_in one "ticked by ada@contoso.com"
keys_to one n && wait_in one "(step 2 of 6)"
has_in one "\[2/6 done\]"
has_in one "^\[x\] CSP subscription created (derived from the data)"
keys_to one n && wait_in one "(step 3 of 6)"
has_in one "\[3 Management to do\]"
# The guest's email, half typed when the link drops.
keys_to one Down Enter && wait_in one "Guest's email"
keys_to one -l "eve@adventure-works.exa"
wait_in one "eve@adventure-works.exa"
kill -HUP "$(pid_in one)"
wait_in one "billcon-exited:129"
tm kill-session -t one
[ "$(sql "SELECT step FROM draft WHERE kind = 'stack.onboarding'")" = management ] ||
	fail "the draft is not at management: $(sql "SELECT kind, step, fields FROM draft")"
sql "SELECT fields FROM draft WHERE kind = 'stack.onboarding'" | grep -q "eve@adventure-works.exa" ||
	fail "SIGHUP lost the email being typed: $(sql "SELECT fields FROM draft")"

# The restart offers it in words; Resume opens the step with the email.
resumed two
has_in two "the Azure Stack onboarding"
has_in two "checklist of Adventure Works at Management."
keys_to two Enter
wait_in two "Guest's email"
has_in two "eve@adventure-works.exa"
keys_to two -l "mple" && keys_to two Enter
wait_in two "(step 4 of 6)"
has_in two "\[4/6 to do\]"
[ "$(sql "SELECT management || ' ' || guest_email FROM stack_onboarding WHERE tenant_id = '$ADVENTURE'")" = "guest eve@adventure-works.example" ] ||
	fail "the management was not chosen: $(sql "SELECT * FROM stack_onboarding")"
has_in two "Registrations updated"
keys_to two n && wait_in two "(step 5 of 6)"
has_in two "\[5 Tenant onboarded to do\]"
keys_to two Space && wait_in two "^\[x\] Tenant onboarded to stack-dublin"
wait_in two "! Uses stack-dublin, whose registration dublin-registration lacks its"
keys_to two b && wait_in two "(step 4 of 6)"
has_in two "\[4/6 to do\]"
has_in two "^\[ \] Registration of stack-dublin updated (derived from the data)"
# Registered from the command line meanwhile: the derived step shows it.
billcon --db "$DB" stack add-customer --registration stack-dublin --subscription 5c000000-0000-4000-8000-00000000000d \
	--tenant "$ADVENTURE" >/dev/null || fail "add-customer failed"
keys_to two n && wait_in two "(step 5 of 6)"
keys_to two b && wait_in two "\[4/6 done\]"
has_in two "^\[x\] Registration of stack-dublin updated (derived from the data)"
keys_to two n && wait_in two "(step 5 of 6)"
keys_to two n && wait_in two "(step 6 of 6)"
keys_to two Space && wait_in two "^\[x\] Test resource created"
keys_to two n && wait_in two "Onboarding of Adventure Works: 6 of 6 steps done."
[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "Finish kept the draft"
quit two
billcon --db "$DB" audit verify >/dev/null || fail "the audit chain is broken"
finish
