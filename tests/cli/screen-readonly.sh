#!/bin/sh
# The console read-only (read_only = on, or --read-only) headless at 80x24:
# every action that changes, in every blade, is marked disabled in help
# with its cause and refused with one sentence naming it; browsing, details
# and history still work; the store file is byte for byte as it was.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo
expect 0 tenants set "$FABRIKAM" --name "Fabrikam"
sum=$(store_sum)
read_only_profile
# said N DOING: dump N says the refusal of DOING, its lines joined as the
# status area wraps them.
said() {
	tr '\n' ' ' <"$T/dump.$1" | tr -s ' ' | grep -q "Read-only: billcon was started read-only (read_only = on in $cfg), so it cannot $2\. " ||
		fail "screen $1 does not refuse to $2:$(printf '\n'; cat "$T/dump.$1")"
}

# Associated tenants: add, edit, remove, provision.
screen 80x24 'j a <Dump> e <Dump> d <Dump> P <Dump> ? <Dump>'
has 1 "READ-ONLY"
said 1 "add an associated tenant"
said 2 "change an associated tenant"
said 3 "remove an associated tenant"
said 4 "provision a subscription"
has 5 "Add an item (read-only: read_only = on)"
has 5 "Edit the selected item (read-only: read_only = on)"
has 5 "Remove the selected item, after confirmation (read-only"
lacks 5 "Copy the selected ID or URL to the clipboard and show it (read"

# Access control: add, remove.
screen 80x24 ': "iam" <Enter> a <Dump> d <Dump> ? <Dump>'
said 1 "assign a role"
said 2 "remove a role assignment"
has 3 "Add an item (read-only: read_only = on)"
has 3 "Remove the selected item, after confirmation (read-only"

# Manage requests: approve, decline, cancel; acting as another user is no
# change and stays possible.
screen 80x24 ': "requests" <Enter> A <Dump> D <Dump> C <Dump> ? <Dump> <Esc> U <Dump>'
said 1 "approve a request"
said 2 "decline a request"
said 3 "cancel a request"
has 4 "Approve the selected request (read-only: read_only = on)"
has 4 "Decline the selected request, giving a reason  *|"
has 4 "|  *(read-only: read_only = on)  *|"
lacks 4 "Act as another user, asked by email (read"
has 5 "Act as"

# Directory: add, edit, invite, accept; Directory tenants: edit.
screen 80x24 ': "directory" <Enter> a <Dump> e <Dump> i <Dump> A <Dump> : "domains" <Enter> e <Dump> ? <Dump>'
said 1 "add a user to the directory"
said 2 "change a user of the directory"
said 3 "invite a guest"
said 4 "accept an invitation"
said 5 "change a tenant of the directory"
has 6 "Edit the selected item (read-only: read_only = on)"

# Browsing still works: the filter (its letters are text, not the keys
# refused above), details, the history of a tenant.
screen 80x24 '/ "Fabrikam" <Enter> <Dump> <Enter> <Dump> <Esc> h <Dump>'
has 1 "^Fabrikam "
lacks 1 "^Litware "
has 2 "c0000000-0000-4000-8000-000000000002"
has 3 "History of Fabrikam"; has 3 "tenant.add"

# --read-only alone names the option; with the setting too, both.
rm -f "$cfg"
SCREEN_ARGS=--read-only
screen 80x24 'a <Dump> ? <Dump>'
has 1 "Read-only: billcon was started read-only (--read-only), so it cannot add an"
has 2 "Add an item (read-only: --read-only)"
read_only_profile
screen 80x24 'a <Dump> ? <Dump>'
has 1 "(--read-only, and read_only = on in"
has 2 "Add an item (read-only: --read-only and read_only = on)"
SCREEN_ARGS=

# Nothing the console did changed the store, and the log holds nothing.
[ "$(store_sum)" = "$sum" ] || fail "the read-only console changed the store file"
[ -s "$DB-wal" ] && fail "the read-only console wrote to the write-ahead log"
# Without the setting the same keys open their forms: the refusals were
# read-only's.
rm -f "$cfg"
screen 80x24 'a <Dump>'
has 1 "Add associated tenant"
finish
