#!/bin/sh
# End to end, consoles left open: another process's changes show within 2
# seconds; each change carries the time it was written; two consoles
# editing one row do not overwrite each other.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmuxlib.sh"
demo

# A console opened at 00:00:00 on a clock that moves.
session one TERM=xterm-256color BILLCON_NOW=2026-01-15T00:00:00Z+
wait_in one "row 1 of 7"

# The command line adds a tenant meanwhile: the idle console shows it
# within 2 seconds, with no key pressed.
BILLCON_NOW=2026-01-15T00:00:01Z billcon --db "$DB" tenants add --tenant-id "$NEW" --name "From the CLI" >/dev/null ||
	fail "the command line could not add"
wait_in one "row 1 of 8" 20

# Two seconds later the console adds one: its entry carries its own time,
# not the time the console opened, and the trail never runs backwards.
sleep 2
keys_to one a
keys_to one -l "21111111-2222-4333-8444-555555555555"
keys_to one Tab
keys_to one -l "From the console"
keys_to one Enter
wait_in one 'Added "From the console"'
at=$(sql "SELECT at FROM audit WHERE action = 'tenant.add' AND object LIKE '%21111111-2222-4333-8444-555555555555'")
[ "$at" \> "2026-01-15T00:00:01Z" ] || fail "the console's change is stamped $at, not after it opened and the CLI wrote"
[ "$(sql "SELECT count(*) FROM audit a JOIN audit b ON b.seq = a.seq + 1 WHERE b.at < a.at")" = 0 ] ||
	fail "audit times run backwards against their order"
wait_in one "row 1 of 9"

# Two consoles edit the name of the same tenant (the first row).
session two TERM=xterm-256color BILLCON_NOW=2026-01-15T00:00:00Z+
keys_to one g e C-u
keys_to one -l "Edited in one"
keys_to two g e C-u
keys_to two -l "Edited in two"
keys_to two Enter
wait_in two 'Saved "Edited in two"'
keys_to one Enter
wait_in one "changed since it was shown"
screen_of one | grep -q "Edited in one" || fail "the refused form lost the typed input"
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE display_name = 'Edited in two'")" = 1 ] ||
	fail "the second console's save was overwritten"
# Esc leaves the form; console one shows the other's change.
keys_to one Escape
# The list's own hints show once the form is gone (a Q sent with the Esc
# would join it as an Alt chord, which a form ignores).
wait_in one "^a add  e edit"
wait_in one "Edited in two" 20
keys_to one Q
keys_to two Q
wait_in one "billcon-exited:0"
wait_in two "billcon-exited:0"

# Nothing typed is lost when the link drops: the Add form's input is kept
# as a draft (not a billing change: no audit entry), offered back at the
# next start, and resumes where it was; a kill -9 after a field was left
# keeps what was typed up to there.
audit_before=$(sql "SELECT count(*) FROM audit")
session three TERM=xterm-256color
keys_to three a
keys_to three -l "31111111-2222-4333-8444-555555555555"
keys_to three Tab
keys_to three -l "Typed before the drop"
# The hangup must come after the console has read the keys, not race them.
wait_in three "Typed before the drop"
pid=$(pgrep -P "$(tm display -p -t three '#{pane_pid}')" | head -1)
kill -HUP "$pid"
wait_in three "billcon-exited:129"
[ "$(sql "SELECT count(*) FROM draft WHERE kind = 'tenants.add' AND fields LIKE '%Typed before the drop%'")" = 1 ] ||
	fail "the typed input was not kept as a draft"
[ "$(sql "SELECT count(*) FROM audit")" = "$audit_before" ] || fail "a draft wrote an audit entry"
tm kill-session -t three
session four TERM=xterm-256color
wait_in four "Resume what you were typing?"
keys_to four Enter
wait_in four "Add associated tenant"
screen_of four | grep -q "Typed before the drop" || fail "the resumed form lost the name"
screen_of four | grep -q "31111111-2222-4333-8444-555555555555" || fail "the resumed form lost the ID"
# Typing on, then a kill -9 after leaving the field: kept up to there.
keys_to four -l " and after"
wait_in four "Typed before the drop and after"
keys_to four Tab
# Leaving the field saves the draft; the kill comes once it is on disk.
wait_sql "SELECT count(*) FROM draft WHERE fields LIKE '%Typed before the drop and after%'" 1
pid=$(pgrep -P "$(tm display -p -t four '#{pane_pid}')" | head -1)
kill -9 "$pid"
# No reset after a kill -9: the exit line lands somewhere on the old screen.
while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
tm kill-session -t four
[ "$(sql "SELECT count(*) FROM draft WHERE fields LIKE '%Typed before the drop and after%'")" = 1 ] ||
	fail "what was typed before the kill -9 was not kept"
session five TERM=xterm-256color
wait_in five "Resume what you were typing?"
# Discarding takes moving to the button; then nothing is offered again.
keys_to five Tab Enter
wait_in five "The unfinished form was discarded."
[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "the draft was not discarded"
keys_to five Q
wait_in five "billcon-exited:0"
finish
