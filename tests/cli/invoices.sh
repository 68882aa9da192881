#!/bin/sh
# Invoices and billing accounts on the command line (DOMAIN.md §2): the
# demo's year of invoices newest first, --profile and --status with their
# refusals and exit codes, who may read them, --json and --csv;
# `accounts list` showing only the accounts the actor holds a role on, and
# --account choosing the one every command works on.
. "$TESTS_SRCDIR/lib.sh"
DB="$T/many.db"
billcon demo init "$DB" --accounts 3 >/dev/null || { echo "demo init failed" >&2; exit 1; }
ACME=6e2a9f1c-3b7d-4c8e-9a1f-2b3c4d5e6f70:8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d_2019-05-31

# Ada sees four accounts: a command on invoices must be told which.
expect 2 invoices list
err_has "holds roles on 4 billing accounts"
err_has "choose one with --account NAME"
err_one_line

# Contoso's twelve, newest first: the latest Due, the one before PastDue.
expect 0 --account Contoso invoices list
[ "$(wc -l <"$T/out")" = 13 ] || fail "invoices list: not a header and 12 rows: $(cat "$T/out")"
[ "$(sed -n 2p "$T/out" | cut -c1-10)" = G001024313 ] || fail "the newest is not first: $(cat "$T/out")"
sed -n 2p "$T/out" | grep -q "2025-12-01..2025-12-31 .* 2026-02-11  Due " || fail "row 1: $(sed -n 2p "$T/out")"
sed -n 3p "$T/out" | grep -q " PastDue " || fail "row 2 is not PastDue: $(sed -n 3p "$T/out")"
out_has "^NUMBER       PERIOD                  AMOUNT             DUE         STATUS    PROFILE"
out_has "Contoso Operations .*https://invoices.billcon.example/billingProfiles/PBFV-4XYZ-BG7-TGB/invoices/G001024313.pdf"
out_has "^G001024307 .* Void .*(none)$"
out_has "USD"
# --account takes the ARM name too.
expect 0 --account "$ACME" invoices list --status Void
[ "$(wc -l <"$T/out")" = 2 ] || fail "--status Void: $(cat "$T/out")"

# --status in any case, as ARM spells it; a bad one refused with the list.
expect 0 --account Contoso invoices list --status pastdue --json
python3 - "$T/out" <<'PY' || fail "invoices list --json: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 1, d
i = d[0]
assert i["status"] == "PastDue" and i["name"] == "G001024312", i
assert i["billingProfile"] == "PBFV-4XYZ-BG7-TGB" and i["billingProfileName"] == "Contoso Operations"
assert i["invoiceDate"] == "2025-12-12T00:00:00Z" and i["dueDate"] == "2026-01-11T00:00:00Z"
assert i["periodStart"] == "2025-11-01T00:00:00Z" and i["periodEnd"] == "2025-11-30T00:00:00Z"
assert i["currency"] == "USD" and i["amount"] == "%d.%02d" % divmod(i["amountMinor"], 100)
assert i["documentUrl"].endswith("/G001024312.pdf")
PY
expect 2 --account Contoso invoices list --status Overdue
err_has '"Overdue" is no invoice status: give Due, Paid, PastDue, Void, Locked or Other.'
err_one_line
expect 2 --account Contoso invoices list --status
err_has "\-\-status needs a value."
expect 2 --account Contoso invoices list --bogus
expect 2 --account Contoso invoices frob
err_has 'invoices has no verb "frob": use list.'

# --profile by display name (any case) or ARM name; an unknown one refused.
expect 0 --account Contoso invoices list --profile "contoso operations" --csv
[ "$(wc -l <"$T/out")" = 13 ] || fail "--profile --csv: $(cat "$T/out")"
out_has "^name,billingProfile,billingProfileName,invoiceDate,periodStart,periodEnd,dueDate,amount,currency,status,documentUrl"
python3 - "$T/out" <<'PY' || fail "invoices list --csv: $(cat "$T/out")"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 12
assert sum(1 for r in rows if r["documentUrl"] == "") == 3
assert [r["status"] for r in rows].count("Paid") == 9
PY
expect 0 --account Contoso invoices list --profile PBFV-4XYZ-BG7-TGB --status due
[ "$(wc -l <"$T/out")" = 2 ] || fail "--profile --status: $(cat "$T/out")"
expect 5 --account Contoso invoices list --profile Northwind
err_has 'Contoso has no billing profile named "Northwind".'
err_one_line

# Who may read: a profile's role reads its profile, named; a section's
# role does not; another account's user reads nothing of Contoso's.
expect 4 --as dan@contoso.com invoices list
err_has "dan@contoso.com may not see all of Contoso's invoices: that needs a billing role on the account; with a role on one billing profile, name it with --profile."
expect 0 --as dan@contoso.com invoices list --profile "Contoso Operations"
[ "$(wc -l <"$T/out")" = 13 ] || fail "dan's profile: $(cat "$T/out")"
expect 4 --as finn@contoso.com invoices list --profile "Contoso Operations"
err_has "that needs a billing role on it or on the account."
expect 4 --as kim@northwindtraders.com --account Contoso invoices list
err_has "kim@northwindtraders.com may not see Contoso's invoices"
expect 0 --as kim@northwindtraders.com invoices list
out_has "Northwind"
out_lacks "Contoso"

# accounts list: Ada's four (the first made stands in, marked in scope),
# never Northwind; Kim's one; --account marks the one chosen.
expect 0 accounts list
[ "$(wc -l <"$T/out")" = 5 ] || fail "accounts list: $(cat "$T/out")"
out_has "^IN SCOPE  NAME                     TYPE        AGREEMENT                   ID"
out_has "^yes       Contoso                  Enterprise  MicrosoftCustomerAgreement  $ACME"
out_has "^no        Bellows College 0002     Business"
out_lacks "Northwind"
expect 0 --account "Coho Winery 0003" accounts list --json
python3 - "$T/out" <<'PY' || fail "accounts list --json: $(cat "$T/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert [a["displayName"] for a in d] == ["Alpine Ski House 0001", "Bellows College 0002", "Coho Winery 0003", "Contoso"], d
assert [a["displayName"] for a in d if a["inScope"]] == ["Coho Winery 0003"]
assert set(d[0]) == {"name", "displayName", "agreementType", "accountType", "accountStatus", "primaryTenantId", "soldToCountry", "inScope"}
PY
expect 0 accounts list --csv
out_has "^name,displayName,agreementType,accountType,accountStatus,primaryTenantId,soldToCountry,inScope"
[ "$(wc -l <"$T/out")" = 5 ] || fail "accounts list --csv: $(cat "$T/out")"
expect 0 --as kim@northwindtraders.com accounts list
[ "$(wc -l <"$T/out")" = 2 ] || fail "kim's accounts: $(cat "$T/out")"
out_has "^yes       Northwind Traders"
expect 2 accounts list --all
expect 2 accounts frob
err_has 'accounts has no verb "frob": use list.'
expect 4 --as nobody@example.com accounts list
err_one_line

# --account names an account that is not there: refused, as everywhere.
expect 5 --account Nowhere invoices list
err_has 'There is no billing account named "Nowhere" in this store; billcon accounts list names the ones you see.'

# Reading changes nothing; demo init's sizes are checked.
sum=$(store_sum)
expect 0 --account Contoso invoices list --json
expect 0 accounts list
[ "$(store_sum)" = "$sum" ] || fail "listing changed the store"
expect 2 demo init "$T/x.db" --accounts 100001
err_has "\-\-accounts takes a number of accounts from 0 to 100000 in digits"
expect 2 demo init "$T/x.db" --invoices -1
[ ! -e "$T/x.db" ] || fail "a refused demo init left a store"
finish
