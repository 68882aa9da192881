#!/bin/sh
# The command line's shape: help, version, info, global options anywhere,
# usage errors, exit codes, and the store that is not there.
. "$TESTS_SRCDIR/lib.sh"

expect 0 --help
out_has "tenants add"
out_has "audit verify"
# What the commands' metavariables are, whole and within 80 columns.
out_has "^SCOPE is billingProfiles/NAME or billingProfiles/NAME/invoiceSections/NAME$"
out_has "ROLE is a role's name (Reader) or its ID."
[ "$(awk 'length > 80' "$T/out" | wc -l)" = 0 ] || fail "--help has lines over 80 columns: $(awk 'length > 80' "$T/out")"
# After a command, that command's entries only (the verb's when given).
expect 0 tenants import --help
out_has "^  tenants import FILE"
grep -q "tenants list\|audit verify" "$T/out" && fail "tenants import --help printed other commands: $(cat "$T/out")"
out_has "^billcon --help lists every command and the global options.$"
expect 0 sync --help
out_has "^  sync \[--pull-only"
out_has "^  sync resolve ID"
out_has "^       \[--trace FILE\]"
expect 0 nosuchcommand --help
out_has "tenants add"
expect 0 --version
out_has "billcon 0"

expect 5 tenants list
err_has "no store at"
err_has "demo init"
err_one_line

demo
expect 3 demo init "$DB"
err_has "already exists"

expect 0 info --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert all(k in d for k in ("store","demoStore","config","ncurses","sqlite","libcurl","jansson")), d' "$T/out" ||
	fail "info --json lacks keys"
out_has "$DB"

# Global options before or after the subcommand.
expect 0 tenants list --json --as ada@contoso.com --account Contoso
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 7' "$T/out" || fail "list --json after the subcommand"
rc=0
billcon --json --as ada@contoso.com tenants --db "$DB" list >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 0 ] || fail "global options before the subcommand: $rc"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/out" || fail "not JSON with options in front"

expect 2 frobnicate
err_has "no command"
err_one_line
expect 2 tenants frobnicate
expect 2 tenants list extra
expect 2 tenants add --name X
expect 2 tenants add --tenant-id "$NEW"
expect 2 tenants add --tenant-id "$NEW" --name X --bogus
expect 2 tenants set
expect 2 tenants set "$FABRIKAM" --billing-management maybe
expect 2 tenants remove
expect 2 audit
expect 2 audit verify --expect nothex
expect 2 demo init
expect 2 demo init "$T/x.db" --scale -3
expect 2 --db
expect 2 --as not-an-email tenants list
expect 4 --as stranger@example.com tenants list
err_has "no billing role"
expect 5 --account Nowhere tenants list
expect 5 tenants set 99999999-2222-4333-8444-555555555555 --name X
err_has "No tenant"

# Without a terminal the bare command prints the tenants (the console
# needs a terminal).
expect 0
out_has "Fabrikam"
[ -s "$T/err" ] && fail "bare command wrote to stderr: $(cat "$T/err")"

# --demo makes the demo store in the data folder on first use.
rc=0
billcon --demo tenants list >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 0 ] || fail "--demo: $rc $(cat "$T/err")"
[ -f "$XDG_DATA_HOME/billcon/demo.db" ] || fail "--demo did not make $XDG_DATA_HOME/billcon/demo.db"
out_has "Tailspin Toys"
finish
