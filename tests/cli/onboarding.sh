#!/bin/sh
# The Azure Stack end-customer onboarding checklist on the command line
# (DOMAIN.md §7): the demo's checklists with derived and ticked steps, who
# and when, the warning; start, tick, untick and the management choice with
# each refusal's sentence and exit code; --json and --csv; the audit
# entries; the trail verifies.
. "$TESTS_SRCDIR/lib.sh"
demo

ADVENTURE=c0000000-0000-4000-8000-000000000005
ADVENTURE_SUB=5c000000-0000-4000-8000-00000000000d
WINGTIP_SUB=5c000000-0000-4000-8000-00000000000c

# Every onboarding, with its progress and warning.
expect 0 stack onboarding
out_has "^$TAILSPIN  Tailspin Toys  *csp  *8/8"
out_has "^$WINGTIP  Wingtip Toys  *guest  *6/8  *Tenant $WINGTIP uses stack-dublin, whose registration dublin-registration lacks its subscription $WINGTIP_SUB"
expect 0 stack onboarding --csv
out_has "^tenantId,customer,management,progress,warning"
expect 0 stack onboarding --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [o["customer"] for o in d] == ["Tailspin Toys", "Wingtip Toys"], d' "$T/out" ||
	fail "stack onboarding --json: $(cat "$T/out")"

# One checklist: derived steps show their state, ticked ones who and when.
expect 0 stack onboarding "$WINGTIP"
out_has "Onboarding of Wingtip Toys (tenant $WINGTIP), started by ada@contoso.com on 2025-12-06T00:00:00Z: 6 of 8 steps done."
out_has "^\[x\]  customer  *ticked   ada@contoso.com    2025-12-07T00:00:00Z  Wingtip Toys"
out_has "^\[x\]  subscription  *derived  *$WINGTIP_SUB (Wingtip Toys on Azure Stack)"
out_has "^\[ \]  registration:stack-dublin  *derived  *dublin-registration lacks $WINGTIP_SUB"
out_has "^\[x\]  registration:stack-redmond  *derived  ada@contoso.com"
out_has "guest admin@wingtiptoys.example elevated to Owner in the customer's directory"
out_has "^Warning: Tenant $WINGTIP uses stack-dublin"
expect 0 stack onboarding "$WINGTIP" --json
python3 - "$T/out" <<'PY' || fail "stack onboarding TENANT --json: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["step"]: x for x in d["steps"]}
assert d["management"] == "guest" and d["guestEmail"] == "admin@wingtiptoys.example"
assert s["registration:stack-dublin"]["derived"] and not s["registration:stack-dublin"]["done"]
assert s["customer"]["by"] == "ada@contoso.com" and not s["test"]["done"]
assert d["warning"].startswith("Tenant ")
PY
expect 0 stack onboarding "$WINGTIP" --csv
out_has "^step,kind,by,on,detail"

# Refusals: one sentence each, exit codes like the other commands.
expect 5 stack onboarding "$ADVENTURE"
err_has "No onboarding is started for tenant $ADVENTURE: \"billcon stack onboarding $ADVENTURE start --customer NAME\" starts it."
expect 2 stack onboarding not-a-guid
err_has "The customer's tenant must be a GUID; \"not-a-guid\" is not one."
expect 2 stack onboarding "$ADVENTURE" frobnicate
expect 2 stack onboarding "$ADVENTURE" start
err_has "needs --customer NAME"
expect 4 --as cleo@contoso.com stack onboarding "$ADVENTURE" start --customer "Adventure Works"
expect 0 stack onboarding "$ADVENTURE" start --customer "Adventure Works"
out_has "Started the onboarding for tenant $ADVENTURE."
expect 3 stack onboarding "$ADVENTURE" start --customer "Adventure Works"
err_has "is started already, by "; err_one_line
expect 2 stack onboarding "$ADVENTURE" tick
expect 2 stack onboarding "$ADVENTURE" tick bogus
err_has "There is no step \"bogus\""
expect 3 stack onboarding "$ADVENTURE" tick subscription
err_has "derived from the data and cannot be ticked"
expect 3 stack onboarding "$ADVENTURE" tick registration:stack-dublin
err_has "A registration step is derived from the data"
expect 2 stack onboarding "$ADVENTURE" tick onboarded
err_has "Name the deployment after the step: onboarded:DEPLOYMENT."
expect 5 stack onboarding "$ADVENTURE" tick onboarded:stack-nowhere
err_has "There is no Azure Stack deployment \"stack-nowhere\" with a registration."
expect 2 stack onboarding "$ADVENTURE" tick management
err_has "a choice, not a tick"
expect 0 stack onboarding "$ADVENTURE" tick customer
out_has "Ticked customer for tenant $ADVENTURE."
expect 3 stack onboarding "$ADVENTURE" tick customer
err_has "The step customer is ticked already, by "
expect 0 stack onboarding "$ADVENTURE" tick onboarded:stack-dublin
expect 0 stack onboarding "$ADVENTURE"
out_has "^Warning: Tenant $ADVENTURE uses stack-dublin, whose registration dublin-registration lacks its subscription $ADVENTURE_SUB"
# Registering the subscription is what ticks the derived step.
expect 0 stack add-customer --registration stack-dublin --subscription "$ADVENTURE_SUB" --tenant "$ADVENTURE"
expect 0 stack onboarding "$ADVENTURE"
out_has "^\[x\]  registration:stack-dublin  *derived"
out_lacks "^Warning"
expect 2 stack onboarding "$ADVENTURE" manage
expect 2 stack onboarding "$ADVENTURE" manage owner
expect 2 stack onboarding "$ADVENTURE" manage guest
err_has "A guest user needs the guest's email address."
expect 2 stack onboarding "$ADVENTURE" manage guest --guest not-an-email
expect 2 stack onboarding "$ADVENTURE" manage csp --guest eve@adventure-works.example
expect 0 stack onboarding "$ADVENTURE" manage guest --guest eve@adventure-works.example
out_has "Chose the management for tenant $ADVENTURE."
expect 0 stack onboarding "$ADVENTURE" untick customer
expect 3 stack onboarding "$ADVENTURE" untick customer
err_has "The step customer is not ticked."
expect 0 stack onboarding "$ADVENTURE" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); s={x["step"]: x for x in d["steps"]}; assert not s["customer"]["done"] and s["management"]["done"] and d["warning"] is None, d' "$T/out" ||
	fail "after untick: $(cat "$T/out")"

# Each change is one audit entry under the onboarding's object.
expect 0 audit list --all-accounts --action stack.onboarding.tick --json
out_has "/azurestack/onboarding/$ADVENTURE"
[ "$(sql "SELECT count(*) FROM audit WHERE object = '/azurestack/onboarding/$ADVENTURE'")" = 5 ] ||
	fail "audit entries of the onboarding: $(sql "SELECT action FROM audit WHERE object LIKE '%onboarding%'")"
expect 0 audit verify

finish
