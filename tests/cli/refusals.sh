#!/bin/sh
# Every refusal of DOMAIN.md §3 from the command line: one sentence on
# stderr, the documented exit code, and nothing written.
. "$TESTS_SRCDIR/lib.sh"
demo

snapshot() { sql "SELECT (SELECT count(*) FROM associated_tenant) || '/' || (SELECT count(*) FROM audit)"; }
start=$(snapshot)

refused() {
	code=$1
	shift
	expect "$code" "$@"
	err_one_line
	[ "$(snapshot)" = "$start" ] || fail "billcon $* wrote to the store"
}

refused 2 tenants add --tenant-id 11111111-2222-4333-8444-55555555555 --name Short
err_has "36 characters"
refused 2 tenants add --tenant-id 11111111-2222-4333-8444-55555555555z --name Hex
err_has "hexadecimal"
refused 2 tenants add --domain -bad.example.com --name Hyphen
err_has "hyphen"
refused 2 tenants add --domain "a..b.com" --name Empty
err_has "empty label"
refused 2 tenants add --domain "$(printf 'a%.0s' $(seq 64)).com" --name Long
err_has "63"
refused 2 tenants add --tenant-id "$NEW" --name ""
err_has "required"
refused 2 tenants add --tenant-id "$NEW" --name "$(printf 'x%.0s' $(seq 65))"
err_has "at most 64"
refused 2 tenants add --tenant-id "$NEW" --name "$(printf 'Evil\033[2Jname')"
err_has "control"
grep -q "$(printf '\033')" "$T/err" && fail "an escape character reached stderr"
refused 2 tenants add --tenant-id "$NEW" --domain x.example.com --name Both
refused 3 tenants add --tenant-id 00000000-0000-0000-0000-000000000000 --name Nil
err_has "nil GUID"
refused 3 tenants add --tenant-id "{00000000-0000-0000-0000-000000000000}" --name Nil
refused 3 tenants add --tenant-id "$PRIMARY" --name Self
err_has "primary"
refused 3 tenants add --domain contoso.com --name Self
err_has "primary"
refused 3 tenants add --tenant-id "$FABRIKAM" --name Again
err_has "already associated"
refused 3 tenants add --domain FABRIKAM.com --name Again
err_has "already associated"
refused 4 --as ben@contoso.com tenants add --tenant-id "$NEW" --name X
err_has "Billing account owner"
refused 4 --as cleo@contoso.com tenants remove "$FABRIKAM" --yes
refused 4 --as dan@contoso.com tenants set "$FABRIKAM" --name X
refused 4 --as stranger@example.com --account Contoso tenants add --tenant-id "$NEW" --name X
err_has "not a user this store knows"
refused 3 --as kim@northwindtraders.com tenants add --tenant-id "$NEW" --name X
err_has "sales representative"
refused 3 tenants remove "$WINGTIP"
err_has "\-\-yes"
refused 3 tenants set "$FABRIKAM" --billing-management off
refused 5 tenants remove 99999999-2222-4333-8444-555555555555 --yes
refused 2 tenants remove "not a tenant" --yes
err_has "neither"

# On a terminal, billcon asks instead; "n" changes nothing, "y" goes on.
if command -v script >/dev/null 2>&1; then
	printf 'n\n' | script -qec "'$BILLCON' --db '$DB' tenants remove $WINGTIP" /dev/null >"$T/tty" 2>&1
	grep -q "Continue?" "$T/tty" || fail "no question on a terminal: $(cat "$T/tty")"
	[ "$(snapshot)" = "$start" ] || fail "answering n changed the store"
	printf 'y\n' | script -qec "'$BILLCON' --db '$DB' tenants remove $WINGTIP" /dev/null >"$T/tty" 2>&1
	[ "$(sql "SELECT count(*) FROM associated_tenant WHERE tenant_id='$WINGTIP'")" = 0 ] ||
		fail "answering y did not remove: $(cat "$T/tty")"
fi
finish
