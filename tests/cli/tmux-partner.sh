#!/bin/sh
# The link wizard end to end with the real binary in tmux at 80x24
# (DOMAIN.md §6), every path of the seed: each failed precondition; a new
# account and a new profile, with Back and Next keeping fields and a SIGHUP
# at Review, then the draft resumed with every field; change account to an
# existing account and profile whose MCA was accepted (its box locked);
# change profile only; a profile with no payment instrument reused; an
# Italian sold-to address and its second acknowledgement; a SIGKILL in the
# new account form, then the fields that had been left resumed; Cancel.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmuxlib.sh"
demo

links() { sql "SELECT count(*) FROM partner_link"; }
current() {
	sql "SELECT a.display_name || ' / ' || p.display_name FROM partner_link l
	     JOIN billing_account a ON a.id = l.account_id JOIN billing_profile p ON p.id = l.profile_id
	     WHERE l.unlinked_on IS NULL"
}
pid_in() { pgrep -P "$(tm display -p -t "$1" '#{pane_pid}')" | head -1; }
has_in() { screen_of "$1" | grep -q -- "$2" || fail "$1 lacks '$2': $(screen_of "$1")"; }
lacks_in() { ! screen_of "$1" | grep -q -- "$2" || fail "$1 shows '$2'"; }
# page NAME [ARGS]: a console on the Billing profile page.
page() {
	SESSION_ARGS="${2:-}" SESSION_WAIT="billcon | Associated tenants" session "$1" "BILLCON_NOW=$BILLCON_NOW+" || finish
	keys_to "$1" ":" && keys_to "$1" -l "partner" && keys_to "$1" Enter
	wait_in "$1" "Billing profile | Contoso"
}
# resumed NAME: a console that starts by offering the draft back.
resumed() { SESSION_ARGS="${2:-}" SESSION_WAIT="Resume what you were typing?" session "$1" "BILLCON_NOW=$BILLCON_NOW+" || finish; }
quit() { keys_to "$1" Q && wait_in "$1" "billcon-exited:0" && tm kill-session -t "$1"; }

# Each failed precondition, said before the first step, with what to do.
page ben "--as ben@contoso.com"
keys_to ben L
wait_in ben "ben@contoso.com is not a Global administrator of Contoso"
lacks_in ben "Select billing account"
quit ben
page fab "--as admin@fabrikam.com --tenant $FABRIKAM"
keys_to fab L
wait_in fab "tenant chosen for membership purchases"
lacks_in fab "Select billing account"
quit fab
billcon --db "$DB" partner set --state Suspended >/dev/null || fail "partner set --state Suspended failed"
page sus
keys_to sus L
wait_in sus "Suspended"
lacks_in sus "Select billing account"
quit sus
billcon --db "$DB" partner set --state Active >/dev/null || fail "partner set --state Active failed"

# A new account and a new profile. The form is prefilled from the legal
# profile; the contact is emptied: the warning.
page one
keys_to one L && wait_in one "\[Select billing account\]"
keys_to one G Enter && wait_in one "Billing account name"
keys_to one C-u && keys_to one -l "Contoso Partner Billing"
keys_to one Tab C-u Tab
wait_in one "No primary contact: purchases can fail"
keys_to one Enter && wait_in one "\[Select billing profile\]"
has_in one "Billing profiles of Contoso Partner Billing (new: it has none yet)"
keys_to one Enter && wait_in one "Billing profile name"
keys_to one -l "Partner purchases" && keys_to one Enter
wait_in one "\[Review\]"
has_in one "Contoso Partner Billing (new)"
has_in one "Partner purchases (new)"
has_in one "^\[ \] I accept the Microsoft Customer Agreement"
has_in one "^Accept the Microsoft Customer Agreement to finish.$"
# Back and Next keep every field.
keys_to one b && wait_in one "\[Select billing profile\]"
has_in one "New: Partner purchases"
keys_to one b && wait_in one "\[Select billing account\]"
has_in one "(\*) Create new billing account"
has_in one "New: Contoso Partner Billing"
keys_to one n && wait_in one "\[Select billing profile\]"
keys_to one n && wait_in one "\[Review\]"
has_in one "Contoso Partner Billing (new)"
keys_to one Space && wait_in one "^\[x\] I accept the Microsoft Customer Agreement"
# The link drops at Review: the draft holds the step and every field.
kill -HUP "$(pid_in one)"
wait_in one "billcon-exited:129"
tm kill-session -t one
[ "$(sql "SELECT step FROM draft WHERE kind = 'partner.link'")" = review ] ||
	fail "the draft is not at review: $(sql "SELECT step, fields FROM draft")"
resumed two
keys_to two Enter
wait_in two "\[Review\]"
has_in two "Contoso Partner Billing (new)"
has_in two "Partner purchases (new)"
has_in two "^\[x\] I accept the Microsoft Customer Agreement"
audit=$(sql "SELECT count(*) FROM audit")
keys_to two n
wait_in two "Linked billing profile \"Partner purchases\""
wait_in two "History of links (1)"
[ "$(current)" = "Contoso Partner Billing / Partner purchases" ] || fail "linked: $(current)"
[ "$(sql "SELECT count(*) FROM audit")" -gt "$audit" ] || fail "the link wrote no audit entry"
[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "Finish kept the draft"

# Change billing account: Contoso, whose MCA was accepted: the box is
# checked and locked, Finish works at once.
keys_to two B && wait_in two "\[Select billing account\]"
keys_to two g Enter && wait_in two "Billing profiles of Contoso$"
keys_to two Enter && wait_in two "\[Review\]"
has_in two "^\[x\] I accept the Microsoft Customer Agreement"
has_in two "Accepted for this account before by ada@contoso.com"
keys_to two Space
has_in two "^\[x\] I accept the Microsoft Customer Agreement"
keys_to two n && wait_in two "History of links (2)"
[ "$(current)" = "Contoso / Contoso Operations" ] || fail "changed account: $(current)"

# Change billing profile only: the wizard lands on Select billing profile
# of Contoso; Back there closes it.
keys_to two P && wait_in two "Select billing account > \[Select billing profile\]"
has_in two "Billing profiles of Contoso$"
keys_to two G Enter && wait_in two "Billing profile name"
keys_to two -l "Contoso Extra" && keys_to two Enter
wait_in two "\[Review\]"
keys_to two n && wait_in two "History of links (3)"
[ "$(current)" = "Contoso / Contoso Extra" ] || fail "changed profile: $(current)"
[ "$(sql "SELECT count(*) FROM partner_link WHERE unlinked_on IS NULL")" = 1 ] || fail "more than one current link"

# Back to the new account, whose profile has no payment instrument: a new
# profile there is refused, pointing at the one to reuse; it is chosen.
keys_to two B && wait_in two "\[Select billing account\]"
keys_to two j Enter && wait_in two "Billing profiles of Contoso Partner Billing"
keys_to two G Enter
wait_in two "already has billing profile \"Partner"
lacks_in two "Billing profile name"
keys_to two Enter && wait_in two "\[Review\]"
has_in two "Partner purchases$"
keys_to two n && wait_in two "History of links (4)"
[ "$(current)" = "Contoso Partner Billing / Partner purchases" ] || fail "reuse: $(current)"

# An Italian sold-to address (the legal profile's, so a new account's):
# Finish is refused until the second acknowledgement too is given.
billcon --db "$DB" partner set --country IT >/dev/null || fail "partner set --country IT failed"
keys_to two r B && wait_in two "\[Select billing account\]"
keys_to two G Enter && wait_in two "Billing account name"
keys_to two C-u && keys_to two -l "Contoso Italia" && keys_to two Enter
wait_in two "Billing profiles of Contoso Italia"
keys_to two Enter && wait_in two "Billing profile name"
keys_to two -l "Milano" && keys_to two Enter
wait_in two "\[Review\]"
has_in two "Sold-to country   IT"
has_in two "^\[ \] Italy: I accept"
keys_to two Space && wait_in two "give the second, separate"
keys_to two n && wait_in two "Go on to the next step"
[ "$(current)" = "Contoso Partner Billing / Partner purchases" ] || fail "Finish was not disabled without Italy's box"
keys_to two j Space && wait_in two "^\[x\] Italy: I accept"
keys_to two n && wait_in two "History of links (5)"
[ "$(current)" = "Contoso Italia / Milano" ] || fail "Italy: $(current)"
quit two

# A SIGHUP in the new account form keeps even the field being typed: the
# form's keep hook saves the wizard's draft with it.
page hup "--account Contoso"
keys_to hup B && wait_in hup "\[Select billing account\]"
keys_to hup G Enter && wait_in hup "Billing account name"
keys_to hup C-u && keys_to hup -l "Hung Co"
wait_in hup "Hung Co"
kill -HUP "$(pid_in hup)"
wait_in hup "billcon-exited:129"
tm kill-session -t hup
sql "SELECT fields FROM draft WHERE kind = 'partner.link'" | grep -q "Hung Co" ||
	fail "SIGHUP lost the field being typed: $(sql "SELECT fields FROM draft")"
sql "DELETE FROM draft"

# A kill -9 in the new account form: what was left is kept (the name), what
# was being typed is not (the contact). ada owns two accounts now (the
# creator of one is its owner): the console is told which.
page three "--account Contoso"
keys_to three B && wait_in three "\[Select billing account\]"
keys_to three G Enter && wait_in three "Billing account name"
keys_to three C-u && keys_to three -l "Killed Co"
keys_to three Tab && keys_to three C-u && keys_to three -l "kept@contoso.com"
# The kill comes once the console has read the keys and left the name's
# draft on disk, not racing them.
wait_in three "kept@contoso.com"
wait_sql "SELECT count(*) FROM draft WHERE kind = 'partner.link' AND fields LIKE '%Killed Co%'" 1
kill -9 "$(pid_in three)"
tm kill-session -t three
fields=$(sql "SELECT fields FROM draft WHERE kind = 'partner.link'")
echo "$fields" | grep -q "Killed Co" || fail "the name left was not kept: $fields"
echo "$fields" | grep -q "kept@contoso.com" && fail "the contact being typed was kept: $fields"
resumed four "--account Contoso"
keys_to four Enter && wait_in four "\[Select billing account\]"
has_in four "(\*) Create new billing account"
has_in four "New: Killed Co"
keys_to four Enter && wait_in four "Billing account name"
has_in four "Killed Co"
lacks_in four "kept@contoso.com"
# Cancel asks, then discards the draft; the link stays as it was.
keys_to four Escape && wait_in four "New: Killed Co"
keys_to four c && wait_in four "Cancel the wizard?"
keys_to four Tab Enter && wait_in four "cancelled; nothing was changed"
[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "Cancel kept the draft"
[ "$(current)" = "Contoso Italia / Milano" ] || fail "Cancel changed the link: $(current)"
quit four
billcon --db "$DB" audit verify >/dev/null || fail "the audit chain is broken"
finish
