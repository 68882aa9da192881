#!/bin/sh
# The Audit trail blade headless at 80x24, on a read-only console: the
# list newest first, the filter's terms and a bad term's sentence, every
# account, an entry's fields before and after, jump to a date, an object's
# history from h in the tenants blade, and verification whole and after
# tampering (the first bad entry opened with what is wrong).
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo
billcon --db "$DB" tenants set "$FABRIKAM" --name "Fabrikam North" >/dev/null || fail "rename failed"
billcon --db "$DB" tenants remove c0000000-0000-4000-8000-000000000004 --yes >/dev/null || fail "removal failed"
SCREEN_ARGS=--read-only
contoso=$(sql "SELECT id FROM billing_account WHERE display_name = 'Contoso'")
newest=$(sql "SELECT substr(at, 1, 16) || ' ' || actor || ' ' || action FROM audit WHERE account_id = $contoso ORDER BY seq DESC LIMIT 1")
second=$(sql "SELECT substr(at, 1, 16) FROM audit WHERE account_id = $contoso ORDER BY seq DESC LIMIT 1 OFFSET 1")

# The list: the account's trail, newest first, the object's last segment.
screen 80x24 ':audit <Enter> <Dump>'
has 1 "Audit trail | Contoso | ada@contoso.com | READ-ONLY"
has 1 "Audit trail of billing account Contoso"
has 1 "Time (UTC) ▼ *Actor *Action *Object *Change"
[ "$(line 1 4 | awk '{ print $1, $2, $3 }')" = "$newest" ] || fail "not newest first: $(line 1 4)"
has 1 "^$second"
has 1 "tenant.update *c0000000-0000-… displayName: F"
has 1 "Enter open  / filter  A accounts  t date  h history  V verify  ? help"
lacks 1 "Northwind"

# Help names the blade's own keys first.
screen 80x24 ':audit <Enter> ? <Dump>'
has 1 "A  *Show all billing accounts' entries, or the one in scope"
has 1 "t  *Jump to a date: the newest entry at or before it"
has 1 "V  *Verify every entry's hash and the tree's; Esc stops"

# The filter's terms combine; a bad term's sentence shows while typing and
# the list stays as it was.
screen 80x24 ':audit <Enter> / "action:tenant.add actor:ada" <Enter> <Dump> / " since:2026-13" <Dump> <Esc> <Dump>'
has 1 "ada@contoso.com tenant.add"; lacks 1 "role.assign"; lacks 1 "tenant.update"
has 1 "filter /action:tenant.add actor:ada"
has 2 "since: wants a UTC date or time such as 2026-01-01"
has 2 "ada@contoso.com tenant.add"
has 3 "role.assign"

# Every account: the title says so, and Northwind's entry shows; again A
# is the account in scope.
other=$(sql "SELECT substr(at, 1, 16) FROM audit WHERE account_id != $contoso ORDER BY seq DESC LIMIT 1")
screen 80x24 ':audit <Enter> A <Dump> A <Dump>'
has 1 "Audit trail of every billing account"; has 1 "^$other"
has 1 "The entries of every billing account."
has 2 "Audit trail of billing account Contoso"; lacks 2 "^$other "

# An entry's details: its own fields, then each field before and after,
# side by side, marked; a creation's fields all added, a removal's all
# removed.
seq=$(sql "SELECT seq FROM audit WHERE action = 'tenant.update'")
screen 80x24 ':audit <Enter> / "action:tenant.update" <Enter> <Enter> <Dump> <Esc> <Esc> / "action:tenant.add" <Enter> <Enter> <Dump> <Esc> <Esc> / "action:tenant.remove" <Enter> <Enter> <Dump>'
has 1 "^Entry  *$seq$"; has 1 "^Hash  *[0-9a-f]\{20\}"; has 1 "^Action  *tenant.update"
has 1 "^Field  *Before  *After$"
has 1 "^~ displayName  *Fabrikam  *Fabrikam North"
has 1 "^  billingManagementState  *Active  *Active"
has 1 "~ changed, + added, - removed"
has 2 "^+ displayName  *-  *[A-Z]"
has 3 "^- displayName  *Wingtip Toys  *-$"

# Jump to a date: the newest entry at or before it; a bad date is refused
# in the form.
day=$(sql "SELECT substr(at, 1, 10) FROM audit WHERE account_id = $contoso ORDER BY seq LIMIT 1 OFFSET 15")
want=$(sql "SELECT substr(at, 1, 16) || ' ' || actor || ' ' || action FROM audit WHERE account_id = $contoso AND at <= '${day}T12:00:00Z' ORDER BY seq DESC LIMIT 1")
screen 80x24 ":audit <Enter> t \"${day}T12:00\" <Enter> <Dump> t yesterday <Enter> <Dump>"
[ "$(line 1 4 | awk '{ print $1, $2, $3 }')" = "$want" ] || fail "the jump did not land on $want: $(line 1 4)"
has 1 "From the newest entry at or before ${day}T12:00."
has 2 "The date wants a UTC date or time such as 2026-01-01"

# h in the tenants blade: the tenant's history in this same view, whose own
# keys work there; h again says it is that history. (The filter takes the
# a of Fabrikam although add is disabled read-only: typed text is text.)
screen 80x24 "/ \"Fabrikam\" <Enter> h <Dump> <Enter> <Dump> <Esc> h <Dump>"
has 1 "Associated tenants > History"
has 1 "History of Fabrikam North: /providers/"
has 1 "ada@contoso.com  *tenant.update  *displayName: Fabrikam → Fab"
has 1 "ada@contoso.com  *tenant.add"
has 1 "Enter open  q back  / filter  t date  V verify"
has 2 "^~ displayName  *Fabrikam  *Fabrikam North"
has 3 "this is the object's history"
# An entry's h in the audit blade follows its object.
screen 80x24 ':audit <Enter> / "action:tenant.update" <Enter> h <Dump>'
has 1 "Audit trail > History"; has 1 "History of $FABRIKAM"; has 1 "tenant.add"

# Verification: whole, from the blade and from the palette.
entries=$(sql "SELECT count(*) FROM audit")
screen 80x24 ':audit <Enter> V <Dump> :verify <Enter> <Dump>'
has 1 "The audit trail is whole: $entries entries"; has 1 "hashes match"
has 2 "Audit trail of billing account"; has 2 "The audit trail is whole"

# Tampering: an entry edited behind the triggers' back is found, its
# details opened, and the sentence says what is wrong.
sql "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'eve@contoso.com' WHERE seq = 5;"
screen 80x24 ':audit <Enter> V <Dump> <Esc> <Dump>'
has 1 "Audit trail > Details"; has 1 "^Entry  *5$"; has 1 "^Actor  *eve@contoso.com"
has 1 "Audit entry 5 does not match its hash"
has 2 "Audit trail of billing account"

# Without colour the marks say it all the same.
NO_COLOR=1 screen 80x24 ':audit <Enter> / "action:tenant.update" <Enter> <Enter> <Dump>'
has 1 "^~ displayName  *Fabrikam  *Fabrikam North"
finish
