#!/bin/sh
# The Azure Stack blade and the onboarding checklist, headless at 80x24
# (DOMAIN.md §7): the registrations, a registration's customers, adding
# one with each refusal shown as its sentence, removing one after
# confirmation, the details with the resource ID and both commands, y
# asking which to copy, h history; the checklist's steps with their
# states, derived and ticked, Space and x, the management choice, the
# warning; a read-only actor refused; the same with NO_COLOR.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo
flat() { tr -d '\n ' <"$T/dump.$1" | grep -qF -- "$(printf '%s' "$2" | tr -d ' ')" || fail "screen $1 lacks '$2': $(cat "$T/dump.$1")"; }

S=5c000000-0000-4000-8000-0000000000
ADVENTURE=c0000000-0000-4000-8000-000000000005
LITWARE=c0000000-0000-4000-8000-000000000006

# The blade: the deployments with their registrations; Enter lists one's
# customers, Esc goes back.
screen 80x24 ": stack <Enter> <Dump> <Enter> <Dump> <Esc> <Dump>"
has 1 "billcon | Azure Stack | Contoso"
has 1 "^Deployment ▲   Type  Registration"
has 1 "^stack-dublin   CSP   dublin-regi… 1         ${S}02"
has 1 "^stack-redmond  CSPSS redmond-reg… 2         ${S}01"
has 1 "Enter open  a add  d remove  y copy  o onboard  h history"
has 2 "^Customers of stack-dublin (dublin-registration, CSP) | Esc: deployments"
has 2 "^${S}0b        $TAILSPIN"
has 3 "^stack-redmond"
NO_COLOR=1 screen 80x24 ": stack <Enter> <Dump>"
has 1 "^stack-dublin   CSP"

# Add: the GUIDs checked as typed; each rule's refusal is its sentence in
# the form, which stays open; then one that is added.
screen 80x24 ": stack <Enter> a <Dump> nope <Tab> <Dump> <BTab> ^U \"${S}0e\" <Tab> \"$LITWARE\" <Enter> <Dump> <Esc> a \"${S}0b\" <Tab> \"$TAILSPIN\" <Enter> <Dump> <Esc> a \"${S}0d\" <Tab> \"$ADVENTURE\" <Enter> <Dump> <Enter> <Dump>"
has 1 "Add a customer subscription"
has 1 "dublin-registration (stack-dublin, CSP)"
has 2 "Type a GUID: 36 characters (8-4-4-4-12)"
has 3 "you cannot register someone else's customers."
has 4 "registered to this registration already."
flat 5 "Added customer subscription ${S}0d (tenant $ADVENTURE) to stack-dublin."
has 6 "^${S}0d        $ADVENTURE"
[ "$(sql "SELECT count(*) FROM stack_customer WHERE subscription_id = '${S}0d'")" = 1 ] || fail "the customer was not added"

# A draft of the Add form (as a dropped link leaves it; tmux-onboarding.sh
# makes one with a SIGHUP) is offered back in words and opens on its
# registration with its value.
sql "DELETE FROM draft"
sql "INSERT INTO draft(kind, actor, step, fields, saved_on) VALUES('stack.add', 'ada@contoso.com', 'Tenant',
     '{\"Customer subscription\":\"${S}0f\",\"Tenant\":\"\",\"_key\":\"stack-redmond\"}', '2026-01-15T00:00:00Z')"
screen 80x24 "<Dump> <Enter> <Dump> <Esc>"
has 1 "adding a customer"; has 1 "subscription to an Azure Stack registration."
has 2 "redmond-registration (stack-redmond, CSPSS)"
has 2 "${S}0f"
sql "DELETE FROM draft"

# Remove: asked first (Cancel has the focus), with where the usage goes;
# confirmed, it is gone.
screen 80x24 ": stack <Enter> <Enter> <Down> d <Dump> <Enter> <Dump> d <Tab> <Enter> <Dump>"
has 1 "Remove customer subscription?"
has 1 "then goes to the default subscription"
flat 2 "Nothing was removed."
flat 3 "Removed customer subscription ${S}0d from dublin-registration."
[ "$(sql "SELECT count(*) FROM stack_customer WHERE subscription_id = '${S}0d'")" = 0 ] || fail "the customer was not removed"
# d on a registration says what to do.
screen 80x24 ": stack <Enter> d <Dump>"
flat 1 "select a customer subscription first: Enter lists them"

# Details: the resource ID and both commands; y asks which; h history.
screen 80x24 ": stack <Enter> <Enter> <Enter> <Dump> y <Dump> 3 <Dump> <Esc> y 1 <Dump> h <Dump>"
has 1 "^Resource ID   /subscriptions/${S}02/resourceGroup"
has 1 "^PowerShell    New-AzResource -ResourceId"
has 1 "y copy (asks which)"
has 2 "Copy which?"
has 2 "1  the resource ID"
has 2 "2  the PowerShell command"
has 2 "3  the az command"
flat 3 "the az command: az resource create --id '/subscriptions/${S}02/resourceGroups/azurestack-dublin"
flat 4 "the resource ID: /subscriptions/${S}02/resourceGroups/azurestack-dublin/providers/Microsoft.AzureStack/registrations/dublin-registration/customerSubscriptions/${S}0b"
has 5 "History"

# Each run that opened the checklist left its draft: the next starts clean.
sql "DELETE FROM draft"
# The checklist of Wingtip Toys: each step's state in the row of steps,
# derived steps drawn with theirs, the warning under every step.
screen 80x24 ": stack <Enter> j <Enter> j o <Dump> n <Dump> n <Dump> n <Dump> n <Dump> n <Dump>"
has 1 "Onboard an end customer (step 1 of 6)"
has 1 "^\[1/6 done\] > 2 done > 3 done > 4 1/2 > 5 2/2 > 6 to do > Done"
has 1 "^\[x\] Customer created in Partner Center"
has 1 "Wingtip Toys; ticked by ada@contoso.com on 2025-12-07"
has 1 "^! Uses stack-dublin, whose registration dublin-registration lacks its"
has 2 "^\[x\] CSP subscription created (derived from the data)"
has 3 "^(\*) A guest user elevated to Owner"
has 4 "^\[ \] Registration of stack-dublin updated (derived from the data)"
has 4 "dublin-registration lacks ${S}0c"
has 5 "^\[x\] Tenant onboarded to stack-redmond"
has 6 "^\[ \] Test resource created"
has 6 "\[ Finish \]"
sql "DELETE FROM draft"
# Space and x tick and untick, with who and when; a derived step is not
# ticked; Finish says how far it is.
screen 80x24 ": stack <Enter> j <Enter> j o n n n n n <Space> <Dump> x <Dump> b b <Down> x <Dump> n n <Enter> <Dump>"
has 1 "^\[x\] Test resource created"
has 1 "ticked by ada@contoso.com on "
has 1 "Ticked test."
has 2 "^\[ \] Test resource created"
flat 3 "only on a step ticked by hand; derived steps show what the data holds"
flat 4 "Onboarding of Wingtip Toys: 6 of 8 steps done."
[ "$(sql "SELECT count(*) FROM audit WHERE action LIKE 'stack.onboarding.%tick'")" = 2 ] || fail "tick and untick not audited"
sql "DELETE FROM draft"
# Managed by the CSP: chosen with Enter, and on.
screen 80x24 ": stack <Enter> j <Enter> j o n n <Up> <Up> <Enter> <Dump>"
has 1 "(step 4 of 6)"
[ "$(sql "SELECT management FROM stack_onboarding WHERE tenant_id = '$WINGTIP'")" = csp ] || fail "management not chosen"

# o on the blade starts a new onboarding (the tenant and the customer
# asked), then opens its checklist.
sql "DELETE FROM draft"
screen 80x24 ": stack <Enter> o <Dump> \"$ADVENTURE\" <Tab> \"Adventure Works\" <Enter> <Dump>"
has 1 "Start an onboarding"
has 2 "Onboard an end customer (step 1 of 6)"
has 2 "Adventure Works, tenant $ADVENTURE"
has 2 "^\[ \] Customer created in Partner Center"
[ "$(sql "SELECT customer FROM stack_onboarding WHERE tenant_id = '$ADVENTURE'")" = "Adventure Works" ] || fail "not started"

# The start form's draft: offered back, the tenant kept.
sql "DELETE FROM draft"
sql "INSERT INTO draft(kind, actor, step, fields, saved_on) VALUES('stack.start', 'ada@contoso.com', 'Customer',
     '{\"Customer''s tenant\":\"$LITWARE\",\"Customer\":\"Litw\"}', '2026-01-15T00:00:00Z')"
screen 80x24 "<Dump> <Enter> <Dump> <Esc>"
has 1 "starting an Azure Stack"
has 2 "Start an onboarding"
has 2 "$LITWARE"
has 2 "Litw"

# A reader sees the blade and the checklist, and is refused changes.
sql "DELETE FROM draft"
SCREEN_ARGS="--as cleo@contoso.com" screen 80x24 ": stack <Enter> a <Dump> <Enter> d <Dump> <Esc> j <Enter> j o n n n n n <Space> <Dump>"
flat 1 "Add an item:"
flat 2 "Remove the selected item"
flat 3 "cleo@contoso.com may not change an Azure Stack onboarding"
has 3 "^\[ \] Test resource created"
expect 0 audit verify

finish
