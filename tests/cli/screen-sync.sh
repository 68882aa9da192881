#!/bin/sh
# The sync blade (issue 11, "The console while syncing"), headless at 80x24
# with and without NO_COLOR: changes made through the command line (a
# tenant added and renamed, a role assigned, a request declined, a Partner
# Center link kept local), one failed (last_error set here as push would)
# and a later change to its object held behind it: the rows with their
# states in words and their calls, the counts, where the store syncs to
# (the demo store, a store bound to a service, one not bound) and the last
# sync's summary; Enter on the failed item with its ARM error and on the
# held one with what holds it; y copies the object's ID; the filter; the
# empty outbox.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo
MO=b0000000-0000-4000-8000-00000000006e

# Nothing waits yet.
NO_COLOR=1 screen 80x24 ": sync <Enter> <Dump>"
has 1 "^ billcon | Sync | Contoso | ada@contoso.com"
has 1 "^0 to push, 0 local-only, 0 failed, 0 held"
has 1 "^the demo store: never synced"

expect 0 tenants add --tenant-id "$NEW" --name "New Co" --billing-management --provisioning
expect 0 tenants set "$WINGTIP" --name "Wingtip 2" --yes
expect 0 roles assign --role Contributor --email gita@contoso.com
expect 0 --as mo@fabrikam.com requests decline "$MO" --reason "not now"
expect 0 partner link --billing-account Contoso --profile PBFV-4XYZ-BG7-TGB
id=$(sql "SELECT id FROM sync_outbox WHERE action = 'tenant.update'")
sql "UPDATE sync_outbox SET attempts = 1, last_error = 'InvalidDisplayName: The display name is not valid.' WHERE id = $id"
expect 0 tenants set "$WINGTIP" --name "Wingtip 3" --yes
held=$(sql "SELECT max(id) FROM sync_outbox WHERE action = 'tenant.update'")
outbox() { sql "SELECT * FROM sync_outbox" | sha256sum; }
before=$(outbox)

# The rows in the order they were made, each state in words, the calls
# from the account on; the counts as sync --plan gives them.
for nc in 1 ""; do
	NO_COLOR=$nc screen 80x24 ": sync <Enter> <Dump>"
	has 1 "^3 to push, 3 local-only, 1 failed, 1 held$"
	has 1 "^# ▲   Date  Action          Object       State      Call"
	has 1 "^1 .* request.create  .* local-only none: ARM makes this reques"
	has 1 "^2 .* tenant.add      New Co       push       PUT associatedTenants/11111"
	has 1 "^$id .* tenant.update   Wingtip 2    ! failed   PUT associatedTenants/c0000"
	has 1 "^4 .* role.assign     gita@contos… push       POST createBillingRoleAssig"
	has 1 "^5 .* request.decline b0000000-00… push       PUT billingRequests/b000000"
	has 1 "^6 .* role.status     .* local-only none: the service sets it"
	has 1 "^7 .* partner.link    billingProf… local-only none: Partner Center has no"
	has 1 "^$held .* tenant.update   Wingtip 3    held       PUT associatedTenants/c0000"
	has 1 "^row 1 of 8 | sorted by made"
	has 1 "^f sync  Enter open  y copy  h history  / filter  S reverse  ? help  Q quit"
	# 80 columns hold every line.
	[ "$(python3 -c 'import sys; print(max(len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")))' \
		"$T/dump.1")" -le 80 ] ||
		fail "a line is wider than 80 columns: $(cat "$T/dump.1")"
done
expect 0 sync --plan
out_has "^3 to push, 3 local-only, 1 failed, 1 held.$"

# Enter on the failed item: its change, its call whole, its ARM error.
NO_COLOR=1 screen 80x24 ": sync <Enter> j j <Enter> <Dump>"
has 1 "^ billcon | Sync > Details | Contoso"
has 1 "^Change #$id$"
has 1 "^State      failed$"
has 1 "^Change     displayName: Wingtip Toys -> Wingtip 2$"
has 1 "^Call       PUT$"
flat 1 "associatedTenants/$WINGTIP?api-version=2024-04-01 (ARM, long-running)"
flat 1 "{\"properties\":{\"displayName\":\"Wingtip 2\""
has 1 "^ARM error  InvalidDisplayName: The display name is not valid.$"
has 1 "^Attempts   1$"
# The held one: what holds it.
NO_COLOR=1 screen 80x24 ": sync <Enter> G <Enter> <Dump>"
has 1 "^State     held$"
flat 1 "Held by #$id tenant.update, an earlier change to this object that failed (InvalidDisplayName: The display name is not valid.): this one is pushed after it goes through"
# A local-only one: why it stays here.
NO_COLOR=1 screen 80x24 ": sync <Enter> G k <Enter> <Dump>"
flat 1 "Call none, kept here: Partner Center has no ARM API"
lacks 1 "^Body"

# y copies the object's ID (headless: shown whole).
NO_COLOR=1 screen 80x24 ": sync <Enter> j <Enter> <Esc> y <Dump>"
flat 1 "Not copied (not a terminal); the object's ID: /providers/Microsoft.Billing/billingAccounts/"
flat 1 "/associatedTenants/$NEW"

# The filter: a substring of the action, the object or the error.
NO_COLOR=1 screen 80x24 ": sync <Enter> / \"InvalidDisplay\" <Enter> <Dump>"
has 1 "^$id .* ! failed"
lacks 1 "^2 "
NO_COLOR=1 screen 80x24 ": sync <Enter> / \"tenant.\" <Enter> <Dump>"
has 1 "^$held .* held"
lacks 1 "request.decline"

[ "$(outbox)" = "$before" ] || fail "the blade changed the outbox"

# a and s say why they do nothing here.
NO_COLOR=1 screen 80x24 ": sync <Enter> a <Dump> s <Dump>"
flat 1 "changes are made in their own blades: this one shows what waits for sync"
flat 2 "the changes keep the order they were made in, which push follows (S reverses it)"

# Bound to a service, with a last sync; a store bound to none.
sql "DELETE FROM meta WHERE key = 'demo'; INSERT INTO meta(key, value) VALUES('remote_endpoint', 'https://management.azure.com'), ('remote_tenant', '$PRIMARY'), ('last_sync', '2026-12-02 15:00: 4 pushed, 1 failed')"
NO_COLOR=1 screen 80x24 ": sync <Enter> <Dump>"
has 1 "^3 to push, 3 local-only, 1 failed, 1 held$"
has 1 "^syncs to https://management.azure.com (tenant c0000000-0000-4000-8000-000000000"
has 1 "^last sync: 2026-12-02 15:00: 4 pushed, 1 failed$"
sql "DELETE FROM meta WHERE key IN ('remote_endpoint', 'remote_tenant', 'last_sync')"
NO_COLOR=1 screen 80x24 ": sync <Enter> <Dump>"
has 1 "^not bound to a service: sync creates or binds it$"
finish
