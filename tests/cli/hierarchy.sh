#!/bin/sh
# The billing hierarchy on the command line (DOMAIN.md §2): hierarchy
# show as text, JSON and CSV; profiles, sections and subscriptions listed
# (--json, --csv) and changed, each rule's refusal with its sentence and
# exit code and nothing written; linking says that only billing changes;
# the audit entries and the chain whole afterwards; read-only refused.
. "$TESTS_SRCDIR/lib.sh"
demo

S=5b000000-0000-4000-8000-0000000000
WOODGROVE=c0000000-0000-4000-8000-000000000007
RESEARCH=RSCH-7QWE-PJA-TGB

# The demo's tree: one subscription in Fabrikam's tenant, one linked from
# Woodgrove Bank's pay-as-you-go account.
expect 0 hierarchy show
out_has "^Contoso  (billing account; billing tenant $PRIMARY)"
out_has "^  Contoso Operations  \[profile PBFV-4XYZ-BG7-TGB; CreditCard; invoice day 12; USD\]"
out_has "^    Research  \[section $RESEARCH\]"
out_has "^      Fabrikam Analytics  ${S}03; Active; Microsoft Azure Plan; service tenant $FABRIKAM (not the billing tenant)"
out_has "^      Woodgrove Lab  ${S}04; .*service tenant $WOODGROVE (not the billing tenant); linked from Woodgrove Bank PAYG on 2025-12-26"
out_lacks "Northwind"
expect 0 hierarchy show --json
python3 - "$T/out" <<'PY' || fail "hierarchy show --json: $(head -c 600 "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "billingAccount" and d["displayName"] == "Contoso"
p = d["billingProfiles"][0]
assert p["invoiceDay"] == 12 and p["currency"] == "USD" and p["paymentInstrument"] == "CreditCard"
secs = {s["displayName"]: s for s in p["invoiceSections"]}
subs = {b["displayName"]: b for b in secs["Research"]["subscriptions"]}
w = subs["Woodgrove Lab"]
assert w["serviceTenantId"].endswith("07") and w["billingTenantId"].endswith("01")
assert w["transferredFrom"] == "Woodgrove Bank PAYG" and w["id"].endswith("/billingSubscriptions/" + w["subscriptionId"])
assert len(secs["Contoso Operations"]["subscriptions"]) == 3
PY
expect 0 hierarchy show --csv
out_has "^kind,displayName,name,id"
[ "$(wc -l <"$T/out")" = 10 ] || fail "hierarchy show --csv: $(cat "$T/out")"
expect 0 hierarchy show --json --filter zzz
out_has "^null$"
expect 0 hierarchy show --filter wood
[ "$(wc -l <"$T/out")" = 4 ] || fail "hierarchy show --filter wood: $(cat "$T/out")"
expect 2 hierarchy
expect 2 hierarchy grow
expect 2 hierarchy show --bogus

# Lists.
expect 0 profiles list
out_has "^Contoso Operations           PBFV-4XYZ-BG7-TGB   CreditCard   12   USD  2"
expect 0 profiles list --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [p["invoiceSections"] for p in d] == [2]' "$T/out" ||
	fail "profiles list --json: $(cat "$T/out")"
expect 0 sections list --csv
out_has "^displayName,name,billingProfileDisplayName,subscriptions"
out_has "^Research,$RESEARCH,Contoso Operations,2"
expect 0 sections list --profile "contoso operations" --json
expect 5 sections list --profile Nowhere
err_has 'Billing account "Contoso" has no billing profile "Nowhere".'
expect 0 subscriptions list
out_has "^${S}03  Fabrikam Analytics       Active    XKPA-3ABC-PJA-TGB  $FABRIKAM  $PRIMARY"
expect 0 subscriptions list --csv
out_has "^subscriptionId,displayName,status,invoiceSectionName,serviceTenantId,billingTenantId,skuDescription,transferredFrom"
[ "$(wc -l <"$T/out")" = 6 ] || fail "subscriptions list --csv: $(cat "$T/out")"
expect 0 subscriptions list --json --filter lab
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [b["displayName"] for b in d] == ["Woodgrove Lab"]' "$T/out" ||
	fail "subscriptions list --json --filter lab: $(cat "$T/out")"

# Refusals: one sentence each, nothing written.
before=$(sql "SELECT count(*) FROM audit")
expect 3 profiles add --name "CONTOSO operations"
err_has 'Billing account "Contoso" already has a billing profile named "CONTOSO operations".'; err_one_line
expect 2 profiles add --name "Europe" --invoice-day 29
err_has "The invoice day must be a day of the month from 1 to 28."
expect 2 profiles add --name "Europe" --invoice-day 0
expect 2 profiles add --name "Europe" --invoice-day five
expect 2 profiles add --name "Europe" --currency euro
err_has "three-letter code"
expect 2 profiles add --name ""
err_has "A billing profile needs a name of 1 to 64 characters."
expect 2 profiles add
expect 3 sections add --profile PBFV-4XYZ-BG7-TGB --name research
err_has 'Billing profile "Contoso Operations" already has an invoice section named "research".'
expect 2 sections add --profile PBFV-4XYZ-BG7-TGB
expect 2 subscriptions move nope --section "$RESEARCH"
err_has 'The subscription ID must be a GUID; "nope" is not one.'
expect 3 subscriptions move "${S}04" --section "$RESEARCH"
err_has "is already billed to invoice section \"Research\"."
expect 5 subscriptions move "$NEW" --section "$RESEARCH"
err_has "is not billed to billing account \"Contoso\": only its own subscriptions move between its sections."
expect 5 subscriptions move "${S}01" --section NWTR-2CCC-DD3-TGB
err_has 'Billing account "Contoso" has no invoice section "NWTR-2CCC-DD3-TGB".'
expect 2 subscriptions move "${S}01"
expect 3 subscriptions link "${S}01" --section "$RESEARCH" --from "Tailspin PAYG"
err_has "is already billed to billing account \"Contoso\"; move it between sections instead."
expect 2 subscriptions link "$NEW" --section "$RESEARCH" --from "Tailspin PAYG"
err_has "give its service tenant"
expect 2 subscriptions link "$NEW" --section "$RESEARCH" --from "Tailspin PAYG" --service-tenant nope
expect 2 subscriptions link "$NEW" --section "$RESEARCH"
expect 2 subscriptions frobnicate
expect 4 --as cleo@contoso.com profiles add --name Europe
expect 4 --as cleo@contoso.com subscriptions move "${S}01" --section "$RESEARCH"
err_has "owner or contributor"
[ "$(sql "SELECT count(*) FROM audit")" = "$before" ] || fail "a refusal wrote to the audit trail"

# Changes: each one audit entry, pushed.
expect 0 profiles add --name "Contoso Europe" --payment-instrument "Wire transfer" --invoice-day 20 --currency eur
out_has '^Added billing profile "Contoso Europe" ([A-Z0-9-]*), invoiced on day 20 in EUR, with its default invoice section [A-Z0-9-]*.$'
expect 0 sections add --profile "Contoso Europe" --name Marketing
out_has '^Added invoice section "Marketing" ([A-Z0-9-]*) to billing profile "Contoso Europe".$'
expect 0 subscriptions move "${S}01" --section Marketing
out_has "^Moved subscription ${S}01 to invoice section \"Marketing\""
expect 0 subscriptions link "$NEW" --section Marketing --from "Tailspin PAYG" --service-tenant "$TAILSPIN" --name "Tailspin Web"
out_has "^Linked subscription $NEW (service tenant $TAILSPIN) for billing to invoice section \"Marketing\""
out_has "^Only billing changes: the subscription's service tenant and its Azure RBAC stay as they were.$"
[ "$(sql "SELECT service_tenant_id || ' ' || transferred_from FROM subscription WHERE subscription_id = '$NEW'")" = "$TAILSPIN Tailspin PAYG" ] ||
	fail "the linked subscription was stored wrong"
[ "$(sql "SELECT service_tenant_id FROM subscription WHERE subscription_id = '${S}01'")" = "$PRIMARY" ] ||
	fail "a move changed the service tenant"
[ "$(sql "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE seq > (SELECT max(seq) - 5 FROM audit) ORDER BY seq)")" = \
	"profile.add section.add section.add subscription.move subscription.link" ] || fail "audit: $(sql "SELECT action FROM audit ORDER BY seq DESC LIMIT 5")"
[ "$(sql "SELECT count(*) FROM sync_outbox WHERE push = 1 AND (action LIKE 'profile.%' OR action LIKE 'section.%' OR action LIKE 'subscription.%')")" = 5 ] ||
	fail "the changes were not queued for sync"
expect 0 audit verify

# Read-only: every change refused before anything else.
sum=$(store_sum)
expect 3 --read-only profiles add --name Labs
err_has "Read-only"
expect 3 --read-only subscriptions link "$NEW" --section Marketing --from X
expect 0 --read-only hierarchy show
[ "$(store_sum)" = "$sum" ] || fail "read-only use changed the store"
finish
