#!/bin/sh
# Azure Stack CSP registrations on the command line (DOMAIN.md §7): the
# demo's two registrations, each rule of adding a customer subscription
# with its sentence and exit code, removal confirmed with --yes, the audit
# entries and outbox rows, --json and --csv, and the commands to copy.
. "$TESTS_SRCDIR/lib.sh"
demo

S=5c000000-0000-4000-8000-0000000000
REDMOND_SUB=${S}01
DUBLIN_SUB=${S}02
TAILSPIN_SUB=${S}0b
WINGTIP_SUB=${S}0c
ADVENTURE_SUB=${S}0d
LITWARE_SUB=${S}0e
WOODGROVE_SUB=${S}0f
RELECLOUD_SUB=${S}10
ADVENTURE=c0000000-0000-4000-8000-000000000005
LITWARE=c0000000-0000-4000-8000-000000000006
WOODGROVE=c0000000-0000-4000-8000-000000000007
RELECLOUD=c0000000-0000-4000-8000-000000000008
RID="/subscriptions/$DUBLIN_SUB/resourceGroups/azurestack-dublin/providers/Microsoft.AzureStack/registrations/dublin-registration/customerSubscriptions"

# The demo: two deployments; Tailspin Toys on both, Wingtip Toys on Redmond only.
expect 0 stack list
out_has "stack-redmond   redmond-registration   CSPSS  $REDMOND_SUB"
out_has "stack-dublin    dublin-registration    CSP    $DUBLIN_SUB"
out_has "$RID/$TAILSPIN_SUB"
[ "$(grep -c "$TAILSPIN_SUB  $TAILSPIN" "$T/out")" = 2 ] || fail "Tailspin is not on both deployments: $(cat "$T/out")"
[ "$(grep -c "$WINGTIP_SUB  $WINGTIP" "$T/out")" = 1 ] || fail "Wingtip is not on one deployment"
expect 0 stack list --json
python3 - "$T/out" <<'PY' || fail "stack list --json: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
by = {r["deployment"]: r for r in d}
assert by["stack-redmond"]["type"] == "CSPSS" and by["stack-dublin"]["type"] == "CSP"
assert by["stack-redmond"]["registeringTenantId"] != by["stack-redmond"]["deploymentAdminTenantId"]
assert by["stack-redmond"]["defaultSubscription"]["partnerId"] == "5123456"
assert [c["subscriptionId"][-2:] for c in by["stack-redmond"]["customers"]] == ["0b", "0c"]
c = by["stack-dublin"]["customers"][0]
assert c["resourceId"].startswith("/subscriptions/") and c["resourceId"].endswith("/customerSubscriptions/" + c["subscriptionId"])
PY
expect 0 stack list --csv
out_has "^deployment,registrationName,subscriptionId,tenantId,displayName,addedBy,addedOn,resourceId"
[ "$(wc -l <"$T/out")" = 4 ] || fail "stack list --csv: $(cat "$T/out")"
expect 2 stack list --bogus
expect 2 stack
expect 2 stack frobnicate

# Each rule's refusal, one sentence, nothing changed.
before=$(sql "SELECT count(*) FROM audit")
add() { expect "$1" stack add-customer --registration "$2" --subscription "$3" --tenant "$4"; }
add 3 dublin-registration "$WOODGROVE_SUB" "$WOODGROVE"
err_has "is of type Other: only CSP subscriptions can be registered."; err_one_line
add 3 dublin-registration "$RELECLOUD_SUB" "$RELECLOUD"
err_has "is of type CSPSS: only CSP subscriptions can be registered."
add 3 dublin-registration "$LITWARE_SUB" "$LITWARE"
err_has "belongs to partner 7654321, not to the partner of the default subscription: you cannot register someone else's customers."
add 3 dublin-registration "$ADVENTURE_SUB" "$TAILSPIN"
err_has "was created in tenant $ADVENTURE, not in the tenant the customer signs in with."
add 3 redmond-registration "$TAILSPIN_SUB" "$TAILSPIN"
err_has "is registered to this registration already."
add 3 stack-dublin "$DUBLIN_SUB" "$PRIMARY"
err_has "is the registration's default subscription"
add 5 nowhere "$ADVENTURE_SUB" "$ADVENTURE"
err_has 'There is no Azure Stack registration or deployment named "nowhere": billcon stack list shows them.'
add 5 dublin-registration ${S}99 "$ADVENTURE"
err_has "is not among the CSP subscriptions the partner knows."
add 2 dublin-registration not-a-guid "$ADVENTURE"
err_has 'The customer subscription ID must be a GUID; "not-a-guid" is not one.'
add 2 dublin-registration "$ADVENTURE_SUB" contoso
err_has "tenant the customer signs in with must be a GUID"
# A registration whose subscription the partner knows as of another offer
# cannot take customers; nor one whose partner is unknown.
sql "UPDATE csp_subscription SET type = 'Other' WHERE subscription_id = '$DUBLIN_SUB'"
add 3 dublin-registration "$ADVENTURE_SUB" "$ADVENTURE"
err_has "The registration subscription $DUBLIN_SUB is of type Other: only a CSP or CSPSS subscription can register a multi-tenant Azure Stack."
sql "UPDATE csp_subscription SET type = 'CSP', partner_id = '' WHERE subscription_id = '$DUBLIN_SUB'"
add 3 dublin-registration "$ADVENTURE_SUB" "$ADVENTURE"
err_has "The partner of the default subscription $DUBLIN_SUB is unknown"
sql "UPDATE csp_subscription SET partner_id = '5123456' WHERE subscription_id = '$DUBLIN_SUB'"
expect 2 stack add-customer --registration dublin-registration --subscription "$ADVENTURE_SUB"
err_has "needs --registration NAME and --subscription GUID and --tenant GUID"
expect 4 --as cleo@contoso.com stack add-customer --registration dublin-registration --subscription "$ADVENTURE_SUB" --tenant "$ADVENTURE"
err_has "may not add a customer subscription to an Azure Stack registration: that needs owner or contributor"
expect 3 --read-only stack add-customer --registration dublin-registration --subscription "$ADVENTURE_SUB" --tenant "$ADVENTURE"
[ "$(sql "SELECT count(*) FROM audit")" = "$before" ] || fail "a refusal wrote to the audit trail"

# Added by a contributor (upper case IDs are the same subscription), audited and pushed.
expect 0 --as ben@contoso.com stack add-customer --registration stack-dublin --subscription "$(echo "$ADVENTURE_SUB" | tr a-f A-F)" --tenant "$ADVENTURE"
out_has "Added customer subscription $ADVENTURE_SUB (tenant $ADVENTURE)."
add 3 dublin-registration "$ADVENTURE_SUB" "$ADVENTURE"
err_has "registered to this registration already"
expect 0 audit list --all-accounts --action stack.customer.add --json
out_has "\"object\":\"$RID/$ADVENTURE_SUB\""; out_has '"actor":"ben@contoso.com"'
out_has "properties.tenantId: $ADVENTURE"
[ "$(sql "SELECT push FROM sync_outbox WHERE action = 'stack.customer.add'")" = 1 ] || fail "the add is not pushed"
expect 0 stack list --json
out_has '"addedBy":"ben@contoso.com"'

# The commands to copy, with the registered tenant.
expect 0 stack commands --registration dublin-registration --subscription "$ADVENTURE_SUB"
out_has "Resource ID: $RID/$ADVENTURE_SUB"
out_has "New-AzResource -ResourceId '$RID/$ADVENTURE_SUB' -ApiVersion 2022-06-01 -Properties @{tenantId='$ADVENTURE'} -Force"
out_has "az resource create --id '$RID/$ADVENTURE_SUB' --api-version 2022-06-01 --properties '{\"tenantId\":\"$ADVENTURE\"}'"
expect 0 stack commands --registration dublin-registration --subscription "$WINGTIP_SUB" --json
out_has "\"apiVersion\":\"2022-06-01\""; out_has "tenantId='$WINGTIP'"
expect 5 stack commands --registration dublin-registration --subscription ${S}99
err_has "is unknown"

# Removal: confirmed with --yes, says where the usage goes, audited.
expect 3 stack remove-customer --registration redmond-registration --subscription "$WINGTIP_SUB"
err_has "the usage of tenant $WINGTIP on deployment \"stack-redmond\" then goes to the default subscription $REDMOND_SUB. Add --yes to confirm."
expect 4 --as cleo@contoso.com stack remove-customer --registration redmond-registration --subscription "$WINGTIP_SUB" --yes
expect 0 stack remove-customer --registration redmond-registration --subscription "$WINGTIP_SUB" --yes
out_has "Removed customer subscription $WINGTIP_SUB."
expect 5 stack remove-customer --registration redmond-registration --subscription "$WINGTIP_SUB" --yes
err_has "is not a customer subscription of that registration"
expect 0 audit list --all-accounts --action stack.customer.remove --json
out_has "customerSubscriptions/$WINGTIP_SUB"
[ "$(sql "SELECT count(*) FROM stack_customer")" = 3 ] || fail "the customers are not 3 after one add and one removal"
expect 0 audit verify

# A name with quotes cannot break out of the commands.
sql "UPDATE stack_registration SET name = 'it''s-’reg' WHERE name = 'dublin-registration'"
expect 0 stack commands --registration "it's-’reg" --subscription "$TAILSPIN_SUB"
out_has "New-AzResource -ResourceId '/subscriptions/$DUBLIN_SUB/resourceGroups/azurestack-dublin/providers/Microsoft.AzureStack/registrations/it''s-’’reg/customerSubscriptions/$TAILSPIN_SUB'"
# (grep -F: GNU grep reads a backslash and a quote as the end of input.)
grep -qF "registrations/it'\\''s-’reg/customerSubscriptions/$TAILSPIN_SUB' --api-version" "$T/out" ||
	fail "az command not quoted for a POSIX shell: $(cat "$T/out")"
# And a shell reads back the very words.
line=$(sed -n 's/^  \(az resource create .*\)$/\1/p' "$T/out")
got=$(sh -c 'eval "set -- $1"; printf "%s|%s" "$5" "$9"' sh "$line")
[ "$got" = "/subscriptions/$DUBLIN_SUB/resourceGroups/azurestack-dublin/providers/Microsoft.AzureStack/registrations/it's-’reg/customerSubscriptions/$TAILSPIN_SUB|{\"tenantId\":\"$TAILSPIN\"}" ] ||
	fail "a shell reads the az command as: $got"

finish
