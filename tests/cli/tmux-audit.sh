#!/bin/sh
# An auditor's read-only console on the Audit trail blade in a real
# terminal: another process's change shows while it is idle; the filter,
# an entry's field diff and verification work read-only; Esc typed while a
# trail of more than 65,536 entries is verified stops it where it was.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmuxlib.sh"
demo

BILLCON="$BILLCON --read-only" session audit "BILLCON_NOW=$BILLCON_NOW+" || finish
keys_to audit ":" && keys_to audit -l "audit" && keys_to audit Enter
wait_in audit "Audit trail | Contoso | ada@contoso.com | READ-ONLY"
wait_in audit "Audit trail of billing account Contoso"

# A change by the command line shows, newest first, while the console idles.
billcon --db "$DB" tenants set "$FABRIKAM" --name "Fabrikam West" >/dev/null || fail "rename failed"
wait_in audit "tenant.update .*displayName: Fa" 20

keys_to audit / && keys_to audit -l "action:tenant.update" && keys_to audit Enter
wait_in audit "filter /action:tenant.update"
keys_to audit Enter
wait_in audit "~ displayName .*Fabrikam .*Fabrikam West"
keys_to audit Escape
keys_to audit V
wait_in audit "The audit trail is whole"
keys_to audit Q
wait_in audit "billcon-exited:0"

# Esc during verification: the progress callback (every 65,536 entries)
# finds it waiting and stops; V again runs it whole.
DB="$T/big.db"
billcon demo init "$DB" --scale 33000 >/dev/null || fail "the big demo store was not made"
entries=$(sql "SELECT count(*) FROM audit")
[ "$entries" -gt 65536 ] || fail "the big store has only $entries entries"
BILLCON="$BILLCON --read-only" session big "BILLCON_NOW=$BILLCON_NOW+" || finish
keys_to big ":" && keys_to big -l "audit" && keys_to big Enter
wait_in big "Audit trail of billing account Contoso"
keys_to big V Escape
wait_in big "Verification stopped at entry 65536 of $entries." 100
keys_to big V
wait_in big "The audit trail is whole: $entries entries" 100
keys_to big Q
wait_in big "billcon-exited:0"
finish
