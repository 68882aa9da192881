#!/bin/sh
# The setting read_only = on (an auditor's profile): every run is read-only
# whatever the command line says; every command that changes is refused
# with one sentence naming the cause, exit 3, before anything is written;
# what only reads still works; the store file stays byte for byte as it was.
# The same commands are refused under --read-only, and each of them works
# once the store may be written, so that each refusal is read-only's alone.
. "$TESTS_SRCDIR/lib.sh"
demo
# A writable open first, so that the store is settled (WAL checkpointed).
expect 0 tenants set "$FABRIKAM" --name "Fabrikam"
sum=$(store_sum)

TAILSPIN_PROV=b0000000-0000-4000-8000-000000000002
MO=b0000000-0000-4000-8000-00000000006e
NIA=b0000000-0000-4000-8000-00000000006f
CLEO_ROLE=$(sql "SELECT name FROM role_assignment WHERE principal_email = 'cleo@contoso.com'")
printf 'tenant,name,billingManagement,provisioning\n21111111-2222-4333-8444-555555555555,Imported,on,off\n' \
	>"$T/in.csv"

# Every command of `billcon --help` that changes the store, one a line,
# with arguments that succeed on a writable store. (audit, backup, info,
# keys and the listings only read.)
cat >"$T/changes" <<EOF
tenants add --tenant-id $NEW --name New
tenants set $FABRIKAM --name Renamed
tenants remove $WINGTIP --yes
tenants import $T/in.csv
tenants provision $FABRIKAM --name Fabrikam-M365
requests approve $NIA --as nia@tailspintoys.com
requests decline $MO --reason No --as mo@fabrikam.com
requests cancel $TAILSPIN_PROV
roles assign --role Reader --email hana@contoso.com
roles remove $CLEO_ROLE --yes
directory users add --email zed@contoso.com --name Zed
directory users set ben@contoso.com --name Benjamin
guests invite --email pat@partner.example
guests accept jo@gmail.com --as jo@gmail.com --account contoso
directory tenants set $PRIMARY --guest-invitations off
partner set --name Renamed
partner link --billing-account Contoso --profile PBFV-4XYZ-BG7-TGB
partner change-profile --new-profile Second
partner change-account --billing-account Contoso --profile PBFV-4XYZ-BG7-TGB
EOF
[ "$(grep -c . "$T/changes")" = 19 ] || fail "the list of changing commands is not whole"

# refused CAUSE [OPTION]: each changing command (with OPTION) exits 3
# with one sentence naming CAUSE, and nothing is written.
refused() {
	while read -r line; do
		# shellcheck disable=SC2086
		expect 3 ${2:-} $line
		err_one_line
		err_has "^billcon: Read-only: billcon was started read-only ($1), so it cannot "
		[ -s "$T/out" ] && fail "$line printed: $(cat "$T/out")"
	done <"$T/changes"
}

read_only_profile
refused "read_only = on in $cfg"
# The command line only adds: --read-only too names both.
expect 3 --read-only tenants add --tenant-id "$NEW" --name New
err_has "(--read-only, and read_only = on in $cfg)"
# A refusal comes before any other answer: a tenant that is not there, a
# removal not confirmed, a user without the role.
expect 3 tenants set 99999999-2222-4333-8444-555555555555 --name X
expect 3 tenants remove "$FABRIKAM"
expect 3 --as cleo@contoso.com tenants add --tenant-id "$NEW" --name New
# No store is made: neither by demo init nor by --demo on first use.
expect 3 demo init "$T/new.db"
err_has "so it cannot make a demo store"
[ -e "$T/new.db" ] && fail "read_only = on let demo init make a store"
rc=0
billcon --demo tenants list >"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 3 ] || fail "--demo with no demo store under read_only = on exited $rc"
[ -e "$XDG_DATA_HOME/billcon/demo.db" ] && fail "read_only = on let --demo make the demo store"

# What only reads works.
expect 0 tenants list --json
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 7' "$T/out" || fail "read-only list"
expect 0 requests list --json
expect 0 requests show "$NIA"
expect 0 roles list --csv
expect 0 roles definitions
expect 0 directory users list
expect 0 directory tenants list
expect 0 guests list
expect 0 partner show
expect 3 partner purchase
err_has "No billing profile is linked"
expect 0 audit verify
expect 0 audit head
expect 0 info
expect 0 backup "$T/copy.db"
# A bad value is named, not taken for off.
printf 'read_only = yes\n' >"$cfg"
expect 2 tenants list
err_has "line 1: read_only is on or off"
[ "$(store_sum)" = "$sum" ] || fail "read_only = on changed the store file"
# SQLite keeps its index of the write-ahead log beside a WAL store read
# beside writers: the log it leaves holds nothing.
[ -s "$DB-wal" ] && fail "read-only use wrote to the write-ahead log"

# --read-only alone: the same refusals, naming the option.
rm -f "$cfg"
refused "--read-only" --read-only
[ "$(store_sum)" = "$sum" ] || fail "--read-only changed the store file"

# Each command works when the store may be written: the refusals above are
# read-only's.
while read -r line; do
	# shellcheck disable=SC2086
	expect 0 $line
done <"$T/changes"
[ "$(store_sum)" = "$sum" ] && fail "the changing commands changed nothing"
finish
