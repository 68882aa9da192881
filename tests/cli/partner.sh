#!/bin/sh
# The Partner Center account and the billing profile link on the command
# line (DOMAIN.md §6): show, set, link, change-account, change-profile,
# purchase; each precondition and rule with its sentence and exit code,
# --json, the audit entries kept local, read-only use, the --tenant option
# and setting.
. "$TESTS_SRCDIR/lib.sh"
demo

PROFILE=PBFV-4XYZ-BG7-TGB
ADMIN="--as admin@fabrikam.com"
BEN="--as ben@contoso.com"

# The demo's account, ready for the wizard.
expect 0 partner show
out_has "Partner Center account: Contoso Partner (5123456)"; out_has "State: Active"
out_has "$PRIMARY  Contoso  \[membership purchases\]  \[signed in\]"; out_has "$FABRIKAM  Fabrikam$"
out_has "No billing account or profile is linked"
expect 0 partner show --json
out_has '"partnerId":"5123456"'; out_has '"link":null'; out_has '"historyTotal":0'
out_has "\"signInTenant\":\"$PRIMARY\""
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [t["purchase"] for t in d["tenants"]] == [True, False]' \
	"$T/out" || fail "show --json: $(cat "$T/out")"
expect 2 partner show --bogus
expect 2 partner
err_has "partner takes show, set, link"
expect 3 partner purchase
err_has "No billing profile is linked to the Partner Center account Contoso Partner (5123456), and membership purchases need one"
err_one_line

# Usage: one account choice, one profile choice.
expect 2 partner link --profile "$PROFILE" --accept-mca
err_has "needs --billing-account ID or --new-account"
expect 2 partner link --billing-account Contoso --new-account --profile "$PROFILE"
expect 2 partner link --billing-account Contoso --accept-mca
err_has "needs --profile ID or --new-profile NAME"
expect 2 partner link --billing-account Contoso --primary-contact a@b.com --profile "$PROFILE"
err_has "go with --new-account"
expect 2 partner change-profile --billing-account Contoso --profile "$PROFILE"
expect 3 partner change-account --billing-account Contoso --profile "$PROFILE"
err_has "nothing to change: link one first (billcon partner link"
expect 3 partner change-profile --profile "$PROFILE"
err_has "link one first"

# Preconditions, each with what to do.
expect 4 $BEN partner link --billing-account Contoso --profile "$PROFILE"
err_has "ben@contoso.com is not a Global administrator of Contoso ($PRIMARY), the tenant you sign in through"
err_one_line
expect 3 $ADMIN partner link --billing-account Contoso --profile "$PROFILE"
err_has "Several tenants are linked to the Partner Center account: sign in through Contoso ($PRIMARY), the tenant chosen for membership purchases (billcon --tenant $PRIMARY)."
expect 4 --tenant "$FABRIKAM" partner link --billing-account Contoso --profile "$PROFILE"
err_has "not a Global administrator of Fabrikam"
expect 2 --tenant contoso partner show
err_has "--tenant takes the ID of the tenant you sign in through, a GUID, not \"contoso\""
err_one_line
expect 0 partner set --state Suspended
expect 3 partner link --billing-account Contoso --profile "$PROFILE"
err_has "is Suspended: a billing profile can be linked only while it is Active"
expect 0 partner set --state active
# The setting tenant, and the option over it.
mkdir -p "$XDG_CONFIG_HOME/billcon"
printf 'tenant = %s\n' "$FABRIKAM" >"$XDG_CONFIG_HOME/billcon/config"
expect 4 partner link --billing-account Contoso --profile "$PROFILE"
err_has "not a Global administrator of Fabrikam"
expect 0 --tenant "$PRIMARY" partner show
out_has "Signed in through: $PRIMARY"
printf 'tenant = Fabrikam\n' >"$XDG_CONFIG_HOME/billcon/config"
expect 2 partner show
err_has "line 1: tenant is the ID of the tenant you sign in through, a GUID"
rm "$XDG_CONFIG_HOME/billcon/config"
# roles assign keeps its own --tenant (the user's), after its command word.
expect 0 roles assign --role Reader --email new@fabrikam.com --tenant "$FABRIKAM"
out_has "new@fabrikam.com"

# Rules: the account and profile of the sign-in tenant, the MCA.
expect 5 partner link --billing-account "Northwind Traders" --profile NWTR-1AAA-BB2-TGB
err_has "Contoso ($PRIMARY) has no billing account named \"Northwind Traders\""
expect 5 partner link --billing-account Contoso --profile nope
err_has "Billing account \"Contoso\" has no billing profile named \"nope\""
expect 3 partner link --new-account --new-profile Partner
err_has "Accept the Microsoft Customer Agreement to finish."
[ "$(sql "SELECT count(*) FROM billing_account")" = 2 ] || fail "a refused link made an account"

# Existing account and profile: the MCA was accepted before.
expect 0 partner link --billing-account Contoso --profile "$PROFILE"
out_has "Linked billing profile \"Contoso Operations\" ($PROFILE) of billing account \"Contoso\" to the Partner Center account Contoso Partner (5123456)"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'billingAccount.acceptMca'")" = 0 ] || fail "MCA accepted twice"
expect 3 partner link --billing-account Contoso --profile "$PROFILE"
err_has "is the linked one already"
expect 0 partner purchase
out_has "Membership purchases of Contoso Partner (5123456) go to billing profile \"Contoso Operations\""

# Change account: a new account with no primary contact (a warning), a
# new profile.
expect 0 partner change-account --new-account --account-name "Contoso Partner Billing" --primary-contact "" \
	--new-profile "Partner purchases" --accept-mca
err_has "warning: No primary contact: purchases can fail"
out_has "Linked billing profile \"Partner purchases\""
[ "$(sql "SELECT count(*) FROM billing_account WHERE display_name = 'Contoso Partner Billing' AND account_type = 'Business'
	AND sold_to_company = 'Contoso Ltd' AND mca_accepted_by = 'ada@contoso.com' AND primary_contact IS NULL")" = 1 ] ||
	fail "the new account: $(sql "SELECT * FROM billing_account")"
# Change profile: the linked account's profile with no payment instrument
# must be reused.
expect 3 partner change-profile --new-profile Another --accept-mca
err_has "Billing account \"Contoso Partner Billing\" already has billing profile \"Partner purchases\" with no payment instrument"
sql "UPDATE billing_profile SET payment_instrument = 'CreditCard' WHERE display_name = 'Partner purchases'"
expect 0 partner change-profile --new-profile Another
out_has "Linked billing profile \"Another\""

# An Italian legal profile: a new account asks the second acknowledgement.
expect 0 partner set --country IT --address "Via Roma 1, 20121 Milano"
expect 3 partner change-account --new-account --account-name Italia --new-profile P --accept-mca
err_has "The sold-to address is in Italy"
expect 0 partner change-account --new-account --account-name Italia --new-profile P --accept-mca --accept-mca-italy
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'billingAccount.acceptMca' AND json_extract(after, '$.italyAcknowledged') = 1")" = 1 ] ||
	fail "the Italian acknowledgement is not in the trail"

# The history, newest first, in text and JSON.
expect 0 partner show
out_has "Linked: billing profile \"P\""
out_has "History of links, newest first:"
[ "$(grep -c " to " "$T/out")" = 4 ] || fail "history: $(cat "$T/out")"
expect 0 partner show --json
out_has '"historyTotal":4'; out_has '"unlinkedOn":null'

# Every change audited, kept local; the chain whole.
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'partner.link'")" = 4 ] || fail "partner.link entries"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'billingAccount.create'")" = 2 ] || fail "billingAccount.create entries"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'billingProfile.create'")" = 3 ] || fail "billingProfile.create entries"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'partner.set'")" = 3 ] || fail "partner.set entries"
[ "$(sql "SELECT count(*) FROM sync_outbox WHERE (action LIKE 'partner.%' OR action LIKE 'billing%') AND push <> 0")" = 0 ] ||
	fail "a partner change would be pushed"
expect 0 audit verify

# partner set: validation, one sentence each; who may.
expect 2 partner set
expect 2 partner set --tenants "$PRIMARY,nope"
err_has "\"nope\" is not a tenant ID"
expect 2 partner set --purchase-tenant "$WINGTIP"
err_has "must be one of the Partner Center account's tenants"
expect 2 partner set --country Italy
err_has "two letters"
expect 2 partner set --state Sleeping
expect 4 $BEN partner set --name X
err_has "only a Global administrator may change the Partner Center account"
expect 2 partner set --bogus x

# Read-only: refused before anything else, the file unchanged.
before=$(store_sum)
expect 3 --read-only partner link --billing-account Contoso --profile "$PROFILE"
err_has "Read-only"; err_one_line
expect 3 --read-only partner set --state Pending
err_has "Read-only"
expect 0 --read-only partner show
expect 0 --read-only partner purchase
[ "$(store_sum)" = "$before" ] || fail "read-only changed the store"

# No Partner Center account: how to enter one.
sql "DELETE FROM partner_link; DELETE FROM partner_tenant; DELETE FROM partner_account"
expect 5 partner show
err_has "This store has no Partner Center account: enter it with billcon partner set --id ID --name NAME"
expect 2 partner set --name "Only a name"
err_has "give at least its --id and --name"
expect 0 partner set --id 7654321 --name "Fresh" --tenants "$PRIMARY"
expect 0 partner show
out_has "Fresh (7654321)"

finish
