#!/bin/sh
# The directory and B2B guests on the command line: every command, its
# refusals and exit codes, --json and --csv, and an audit entry per change.
. "$TESTS_SRCDIR/lib.sh"
demo

ADA="--as ada@contoso.com"

# Lists, in each format.
expect 0 $ADA directory users list
out_has "^EMAIL"; out_has "ada@contoso.com.*Ada Lovelace.*Contoso.*yes"; out_has "jo@gmail.com.*PendingAcceptance"
expect 0 $ADA directory users list --json
out_has '"mail":"ivan@outlook.com"'; out_has '"externalUserState":"Accepted"'; out_has '"userType":"Guest"'
expect 0 $ADA directory users list --csv
[ "$(head -1 "$T/out")" = "$(printf 'mail,displayName,tenantDisplayName,globalAdministrator,externalUserState,userType,tenantId\r')" ] ||
	fail "users CSV header: $(head -1 "$T/out")"
out_has "^ada@contoso.com,Ada Lovelace,Contoso,true,,Member,$PRIMARY"
expect 0 $ADA directory users list --filter okafor
out_has "ben@contoso.com"; out_lacks "ada@contoso.com"
expect 0 $ADA directory tenants list
out_has "Contoso.*$PRIMARY.*yes.*contoso.com, contoso.onmicrosoft.com"; out_has "Wingtip Toys.*no"
expect 0 $ADA directory tenants list --json
out_has '"guestInvitationsAllowed":false'
expect 0 $ADA directory tenants list --csv
out_has "^displayName,tenantId,guestInvitationsAllowed,domains"
out_has "^Wingtip Toys,$WINGTIP,false,wingtiptoys.onmicrosoft.com"
expect 0 $ADA guests list
out_has "ivan@outlook.com"; out_has "jo@gmail.com"; out_lacks "ada@contoso.com"
expect 0 $ADA guests list --json
[ "$(grep -c '"userType":"Guest"' "$T/out")" = 2 ] || fail "guests list --json: $(cat "$T/out")"
expect 0 $ADA guests list --csv
[ "$(wc -l <"$T/out")" = 3 ] || fail "guests list --csv: $(cat "$T/out")"
expect 2 $ADA directory users list --bogus
expect 2 $ADA directory
expect 2 $ADA guests

# Users of the primary tenant.
expect 0 $ADA directory users add --email zoe@contoso.com --name "Zoe Quinn"
out_has 'Added member "Zoe Quinn" (zoe@contoso.com) of Contoso'
expect 3 $ADA directory users add --email zoe@contoso.com --name "Zoe Again"
err_has "already in the directory"; err_one_line
expect 3 $ADA directory users add --email zed@example.org
err_has "invite the user as a guest"
expect 2 $ADA directory users add --email "not an email"
expect 2 $ADA directory users add --name "No Email"
expect 4 --as ben@contoso.com directory users add --email yan@contoso.com
err_has "Billing account owner or Global administrator"
expect 0 $ADA directory users add --email yan@contoso.com --global-admin --json
out_has '"globalAdministrator":true'
# A Global administrator with no billing role keeps the directory too.
expect 0 --as yan@contoso.com directory users set zoe@contoso.com --name "Zoe Q."
out_has 'Saved member "Zoe Q."'
expect 0 $ADA directory users set yan@contoso.com --global-admin off
expect 0 $ADA directory users set ada@contoso.com --global-admin on
expect 3 $ADA directory users set ivan@outlook.com --global-admin on
err_has "is a guest"
expect 3 $ADA directory users set admin@fabrikam.com --name "Someone"
err_has "own administrators"
expect 5 $ADA directory users set nobody@contoso.com --name "Nobody"
expect 2 $ADA directory users set ada@contoso.com --global-admin maybe
expect 3 $ADA directory users set ada@contoso.com --global-admin off
err_has "last Global administrator"

# Known tenants: domains and the guest setting.
expect 0 $ADA directory tenants set $WINGTIP --add-domain wingtip.example --name "Wingtip"
out_has 'Saved tenant "Wingtip"'; out_has "wingtip.example"
expect 3 $ADA directory tenants set $WINGTIP --add-domain contoso.com
err_has "already a domain of Contoso"
expect 5 $ADA directory tenants set $WINGTIP --remove-domain contoso.com
expect 0 $ADA directory tenants set wingtip.example --remove-domain wingtiptoys.onmicrosoft.com --json
out_has '"domains":"wingtip.example"'
expect 3 $ADA directory tenants set wingtip.example --remove-domain wingtip.example
err_has "last domain"
expect 2 $ADA directory tenants set "not a key!" --name X
expect 5 $ADA directory tenants set nowhere.example --name X
expect 4 --as cleo@contoso.com directory tenants set $WINGTIP --name X

# Guests: the tenant's own domain, duplicates, invitations turned off.
expect 3 $ADA guests invite --email new@contoso.com
err_has "a domain of Contoso itself"
expect 3 $ADA guests invite --email jo@gmail.com
err_has "already in the directory"
expect 2 $ADA guests invite --email "jo at gmail"
expect 4 --as ben@contoso.com guests invite --email pat@partner.example
expect 0 $ADA directory tenants set contoso.com --guest-invitations off
expect 3 $ADA guests invite --email pat@partner.example
err_has "does not allow guest invitations"
expect 0 $ADA directory tenants set contoso.com --guest-invitations on
expect 0 $ADA guests invite --email pat@partner.example --name "Pat Lee"
out_has "PendingAcceptance"
expect 0 $ADA guests list --csv
out_has "^pat@partner.example,Pat Lee,Contoso,false,PendingAcceptance,Guest"

# Only the guest accepts, once.
expect 4 $ADA guests accept pat@partner.example
err_has "Only pat@partner.example may accept"
expect 0 --as pat@partner.example guests accept pat@partner.example --json
out_has '"externalUserState":"Accepted"'
expect 3 --as pat@partner.example --account contoso guests accept pat@partner.example
err_has "already accepted"
expect 3 --as ada@contoso.com guests accept ada@contoso.com
err_has "not an invited guest"
expect 2 $ADA guests accept
expect 5 --as ghost@partner.example --account contoso guests accept ghost@partner.example

# Read-only refuses every change, and changes nothing.
before=$(sql "SELECT count(*) FROM audit")
expect 3 $ADA --read-only directory users add --email ro@contoso.com
expect 3 $ADA --read-only guests invite --email ro@partner.example
expect 3 --as jo@gmail.com --account contoso --read-only guests accept jo@gmail.com
[ "$(sql "SELECT count(*) FROM audit")" = "$before" ] || fail "read-only wrote audit entries"

# Every change is in the trail, kept local, and the chain is whole.
for action in directory.user.add directory.user.update directory.tenant.update directory.domain.add \
	directory.domain.remove guest.invite guest.accept; do
	[ "$(sql "SELECT count(*) FROM audit WHERE action = '$action'")" -ge 1 ] || fail "no $action entry"
done
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'guest.accept' AND actor = 'pat@partner.example'")" = 1 ] ||
	fail "the guest is not the actor of the acceptance"
# Graph takes a guest invitation (POST /v1.0/invitations) and the primary
# tenant's guest setting (its authorization policy); the rest stays local:
# Wingtip's name and domains, and Contoso's setting only when it moved.
[ "$(sql "SELECT count(*) FROM sync_outbox WHERE (action LIKE 'directory.%' OR action = 'guest.accept') AND push
	  AND NOT (action = 'directory.tenant.update' AND object = '/tenants/$PRIMARY')")" = 0 ] ||
	fail "directory changes other than the primary tenant's guest setting are marked for push"
[ "$(sql "SELECT count(*) FROM sync_outbox WHERE action = 'directory.tenant.update' AND object = '/tenants/$PRIMARY'
	  AND push AND json_extract(before, '$.guestInvitationsAllowed') <> json_extract(after, '$.guestInvitationsAllowed')")" = 2 ] ||
	fail "the primary tenant's two guest setting changes are not marked for push"
[ "$(sql "SELECT count(*) FROM sync_outbox WHERE action = 'directory.tenant.update' AND object <> '/tenants/$PRIMARY'
	  AND NOT push")" -ge 1 ] || fail "Wingtip's name change is not kept local"
[ "$(sql "SELECT count(*) FROM sync_outbox WHERE action = 'guest.invite' AND NOT push")" = 0 ] ||
	fail "a guest invitation is not marked for push"
expect 0 audit verify
finish
