#!/bin/sh
# Nothing typed is lost (issue 12), headless at 80x24: in each form that
# learnt to keep a draft, something is typed, then the link drops
# (<Hangup>, as a SIGHUP: exit 129). The next start offers it back in
# words; Enter opens the form again, on the same object, with what was
# typed; Tab Enter discards it. A draft whose object is gone says so in
# one sentence, opens nothing and is not offered again.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/screenlib.sh"
demo
SCREEN_ARGS="--account Contoso"

# dropped KIND KEYS...: types KEYS, then the link drops: one draft is left,
# of KIND. Dump 1 is the form as typed.
dropped() {
	kind=$1
	shift
	sql "DELETE FROM draft"
	SCREEN_RC=129 screen 80x24 "$* <Dump> <Hangup>"
	[ "$(sql "SELECT kind FROM draft")" = "$kind" ] ||
		fail "after $*: the draft left is '$(sql "SELECT kind FROM draft")', not $kind"
}

# boxed N TEXT: dump N holds TEXT, however the dialog's box wrapped it.
boxed() { tr -d '\n |' <"$T/dump.$1" | grep -qF -- "$(printf '%s' "$2" | tr -d ' |')" || fail "screen $1 lacks '$2': $(cat "$T/dump.$1")"; }

# offered WORDS TITLE TEXT...: the next start offers the draft in WORDS;
# Enter opens TITLE again holding each TEXT.
offered() {
	words=$1 title=$2
	shift 2
	screen 80x24 "<Dump> <Enter> <Dump>"
	has 1 "Resume what you were typing?"
	boxed 1 "$words"
	has 2 "$title"
	for text; do
		boxed 2 "$text"
	done
}

# discarded: at the next start Tab Enter discards the draft: no form, no draft.
discarded() {
	screen 80x24 "<Tab> <Enter> <Dump>"
	has 1 "The unfinished form was discarded."
	lacks 1 "Resume what you were typing?"
	[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "a discarded draft is still there"
}

# case KIND WORDS TITLE KEYS TEXT...: the three above on one form.
case_of() {
	kind=$1 words=$2 title=$3 keys=$4
	shift 4
	dropped "$kind" "$keys"
	offered "$words" "$title" "$@"
	dropped "$kind" "$keys"
	discarded
}

# Billing hierarchy: a profile added; a section added to the profile
# Contoso Operations (its row is the second); the subscription Contoso
# Sandbox moved from Research to another section (Right, then back to
# Research: the choice made is kept, whichever it is); one linked from
# another tenant.
case_of hierarchy.profile "adding a billing profile" "Add billing profile" \
	': hierarchy <Enter> a "Contoso Europe" <Tab> <Tab> <Backspace> "21"' "Contoso Europe" "21"
case_of hierarchy.section "adding an invoice section" "Add invoice section" \
	': hierarchy <Enter> j a "Marketing"' "Contoso Operations" "Marketing"
S=5b000000-0000-4000-8000-0000000000
case_of hierarchy.move "moving a subscription to another invoice section" "Move subscription" \
	': hierarchy <Enter> j j j j j <Right> j m <Right>' "Legacy Sandbox ($S""05)" "< Research >"
[ "$(sql "SELECT count(*) FROM audit WHERE action = 'subscription.move'")" = 0 ] || fail "a dropped move moved"
case_of hierarchy.link "linking a subscription from another tenant" "Link a subscription from another tenant" \
	": hierarchy <Enter> L \"$NEW\" <Tab> \"$TAILSPIN\" <Tab> \"Tailspin PAYG\"" "$NEW" "$TAILSPIN" "Tailspin PAYG"

# Access control: the scope picker, its choice kept.
case_of iam.scope "choosing the scope of access control" "Access control: scope" \
	': iam <Enter> @ <Right>' "< billing account Contoso >"

# Requests: mo's decision with its reason, on the same request; the user to act as.
SCREEN_ARGS="--account Contoso --as mo@fabrikam.com"
case_of requests.approve "approving a request" "Approve request" \
	': requests <Enter> A "looks right"' "RoleAssignment for mo@fabrikam.com" "looks right"
case_of requests.decline "declining a request" "Decline request" \
	': requests <Enter> D "not this quarter"' "RoleAssignment for mo@fabrikam.com" "not this quarter"
SCREEN_ARGS="--account Contoso"
case_of requests.actas "choosing a user to act as" "Act as another user" \
	': requests <Enter> U "ben@contoso"' "ben@contoso"

# Associated tenants: a subscription provisioned into Fabrikam.
case_of tenants.provision "provisioning a subscription into an associated tenant" "Provision a subscription" \
	'j P "Fabrikam E5"' "Fabrikam ($FABRIKAM)" "Fabrikam E5"

# Audit trail: the date to jump to.
case_of audit.jump "jumping to a date in the audit trail" "Jump to a date" \
	':audit <Enter> t "2026-01-1"' "2026-01-1"

# Azure Stack: an onboarding started on a customer already chosen (its
# tenant read-only, kept as the draft's key), the name retyped.
ADVENTURE=c0000000-0000-4000-8000-000000000005
billcon --db "$DB" stack add-customer --registration dublin-registration \
	--subscription 5c000000-0000-4000-8000-00000000000d --tenant "$ADVENTURE" >/dev/null ||
	fail "stack add-customer failed"
case_of stack.start "starting an Azure Stack onboarding" "Start an onboarding" \
	': stack <Enter> <Enter> G o ^U "Adventure Co"' "$ADVENTURE" "Adventure Co"
[ "$(sql "SELECT count(*) FROM stack_onboarding WHERE tenant_id = '$ADVENTURE'")" = 0 ] ||
	fail "a dropped start started an onboarding"

# The object is gone: a decline kept for a request that no longer exists
# says so, opens nothing, and is not offered again.
SCREEN_ARGS="--account Contoso --as mo@fabrikam.com"
dropped requests.decline ': requests <Enter> D "not this quarter"'
sql "UPDATE draft SET fields = json_set(fields, '\$._key', 'gone-request')"
screen 80x24 "<Enter> <Dump>"
boxed 1 "The request \"gone-request\" this unfinished form was about is gone: what was typed is discarded."
lacks 1 "Decline request"
[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "the draft of a gone request is kept"
# The same for a blade with a resume hook of its own (the Azure Stack
# blade's, which opens the onboarding checklist too).
SCREEN_ARGS="--account Contoso"
sql "INSERT INTO draft(kind, actor, step, fields, saved_on) VALUES('stack.add', 'ada@contoso.com', 'Tenant',
     '{\"Customer subscription\":\"x\",\"Tenant\":\"\",\"_key\":\"stack-nowhere\"}', '2026-01-15T00:00:00Z')"
screen 80x24 "<Enter> <Dump>"
boxed 1 "The Azure Stack deployment \"stack-nowhere\" this unfinished form was about is gone"
lacks 1 "Add a customer subscription"
[ "$(sql "SELECT count(*) FROM draft")" = 0 ] || fail "the draft of a gone deployment is kept"
finish
