#!/bin/sh
# Nothing typed is lost (issue 12), end to end with the real binary in tmux
# at 80x24, once with TERM=xterm-256color and once with NO_COLOR=1: a
# SIGHUP in the middle of an add form (a billing profile) and of an edit
# form (an associated tenant's name), each after the screen shows what was
# typed (a SIGHUP before the keys are read would have nothing to keep).
# The console exits 129 having written no object; the restart offers the
# typed input back in words, Enter opens the form with it, and saving it
# then writes the object once. The store stays consistent: no half-written
# profile, the tenant unchanged until the save, and `audit verify` passes.
# Ctrl-C in a form keeps its draft too (exit 130).
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmuxlib.sh"
demo

pid_in() { pgrep -P "$(tm display -p -t "$1" '#{pane_pid}')" | head -1; }
has_in() { screen_of "$1" | grep -q -- "$2" || fail "$1 lacks '$2': $(screen_of "$1")"; }
# hang_up NAME: the link drops: SIGHUP, and the console exits 129.
hang_up() {
	kill -HUP "$(pid_in "$1")"
	wait_in "$1" "billcon-exited:129"
	tm kill-session -t "$1"
}
# resumed NAME ENV...: a console that starts by offering a draft back.
resumed() {
	name=$1
	shift
	SESSION_WAIT="Resume what you were typing?" session "$name" "$@" || finish
}
quit() { keys_to "$1" Q && wait_in "$1" "billcon-exited:0" && tm kill-session -t "$1"; }
profiles() { sql "SELECT count(*) FROM billing_profile WHERE display_name = '$1'"; }
verified() {
	run audit verify
	[ "$rc" = 0 ] || fail "audit verify after $1 exited $rc: $(cat "$T/err")"
}

# run_in ENV: the add and the edit, each hung up and resumed, in a
# terminal described by ENV; $1 names what is added and typed.
run_in() {
	env=$1 tag=$2
	# The add form: a billing profile half typed.
	SESSION_ARGS="--account Contoso" SESSION_WAIT="billcon | Associated tenants" session add "$env" || finish
	keys_to add ":" && keys_to add -l "hierarchy" && keys_to add Enter
	wait_in add "billcon | Billing hierarchy | Contoso"
	keys_to add a && wait_in add "Add billing profile"
	keys_to add -l "Europe $tag"
	keys_to add Tab Tab C-u && keys_to add -l "21"
	wait_in add "^ *| 21  *|$"
	hang_up add
	[ "$(sql "SELECT kind FROM draft")" = hierarchy.profile ] ||
		fail "$tag: the add's draft is not kept: $(sql "SELECT kind, fields FROM draft")"
	[ "$(profiles "Europe $tag")" = 0 ] || fail "$tag: a hung-up add wrote a profile"
	verified "$tag: the add's hang-up"

	SESSION_ARGS="--account Contoso" resumed add2 "$env"
	has_in add2 "adding a billing profile"
	keys_to add2 Enter && wait_in add2 "Add billing profile"
	has_in add2 "Europe $tag"
	has_in add2 "^ *| 21  *|$"
	keys_to add2 Tab Tab Enter
	wait_in add2 "Added billing profile \"Europe $tag\""
	quit add2
	[ "$(profiles "Europe $tag")" = 1 ] || fail "$tag: the resumed add did not write one profile"
	[ "$(sql "SELECT invoice_day FROM billing_profile WHERE display_name = 'Europe $tag'")" = 21 ] ||
		fail "$tag: the resumed add lost the invoice day"
	[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "$tag: the saved add left its draft"

	# The edit form: Fabrikam renamed, half typed.
	was=$(sql "SELECT display_name FROM associated_tenant WHERE tenant_id = '$FABRIKAM'")
	SESSION_WAIT="billcon | Associated tenants" session edit "$env" || finish
	keys_to edit j e && wait_in edit "Edit associated tenant"
	keys_to edit C-u && keys_to edit -l "Fabrikam $tag"
	wait_in edit "Fabrikam $tag"
	hang_up edit
	[ "$(sql "SELECT kind FROM draft")" = tenants.edit ] ||
		fail "$tag: the edit's draft is not kept: $(sql "SELECT kind, fields FROM draft")"
	[ "$(sql "SELECT display_name FROM associated_tenant WHERE tenant_id = '$FABRIKAM'")" = "$was" ] ||
		fail "$tag: a hung-up edit changed the tenant"
	verified "$tag: the edit's hang-up"

	resumed edit2 "$env"
	has_in edit2 "editing an associated"
	keys_to edit2 Enter && wait_in edit2 "Edit associated tenant"
	has_in edit2 "Fabrikam $tag"
	has_in edit2 "$FABRIKAM"
	keys_to edit2 Tab Tab Tab Enter
	wait_in edit2 "Fabrikam $tag"
	quit edit2
	[ "$(sql "SELECT display_name FROM associated_tenant WHERE tenant_id = '$FABRIKAM'")" = "Fabrikam $tag" ] ||
		fail "$tag: the resumed edit did not save the name"
	verified "$tag: the resumed forms"
}

# Ctrl-C mid add form: the console stops as on SIGTERM (exit 130), the
# form's draft kept and offered back.
sql "DELETE FROM draft"
SESSION_WAIT="billcon | Associated tenants" session intr TERM=xterm-256color || finish
keys_to intr a && wait_in intr "Add associated tenant"
keys_to intr -l "interrupted.onmicrosoft.com" && wait_in intr "interrupted.onmicrosoft.com"
keys_to intr C-c
wait_in intr "billcon-exited:130"
tm kill-session -t intr
[ "$(sql "SELECT kind FROM draft")" = tenants.add ] ||
	fail "Ctrl-C lost the add form's draft: $(sql "SELECT kind, fields FROM draft")"
resumed intr2 TERM=xterm-256color
keys_to intr2 Enter && wait_in intr2 "interrupted.onmicrosoft.com"
keys_to intr2 Escape && wait_in intr2 "^a add  e edit"
quit intr2
[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "Esc left the resumed form's draft"

run_in "TERM=xterm-256color BILLCON_NOW=$BILLCON_NOW+" colour
run_in "TERM=xterm-256color NO_COLOR=1 BILLCON_NOW=$BILLCON_NOW+" plain
finish
