#!/bin/sh
# Nothing typed is lost (issue 12): every form of every blade keeps what is
# typed into it when the link drops. Each `struct ui_form NAME = { ... };`
# literal in src/ui names a draft_kind or a keep hook (a wizard's), or says
# in a comment inside it, "no draft: WHY", that it holds nothing worth
# keeping. Each kind a form names is told in words at the next start
# (src/app/draft.c) and opened again by its blade (a ui_form_resumer
# table, or a resume hook that names it).
. "$TESTS_SRCDIR/lib.sh"
top=$(dirname "$TESTS_SRCDIR")
cd "$top" || exit 1

# One line per literal: FILE:LINE<tab>the literal joined on one line.
awk '
	/struct ui_form [a-z_]+ = \{/ { open = 1; text = ""; at = FILENAME ":" FNR }
	open { text = text " " $0 }
	open && /\};/ { print at "\t" text; open = 0 }
' src/ui/*.c >"$T/forms"
[ "$(wc -l <"$T/forms")" -ge 20 ] || fail "fewer than 20 forms found in src/ui: $(cat "$T/forms")"

while IFS="	" read -r at text; do
	case $text in
	*draft_kind*|*.keep\ =*|*"no draft:"*) ;;
	*) fail "$at: a form with neither draft_kind nor keep, nor a \"no draft: why\" comment" ;;
	esac
	# Its kinds: every quoted string after draft_kind = (a ternary names two).
	kinds=$(printf '%s\n' "$text" | sed -n 's/.*\.draft_kind = \([^,}]*\).*/\1/p' | grep -o '"[a-z]*\.[a-z]*"' | tr -d '"')
	for k in $kinds; do
		grep -q "{ \"$k\"," src/app/draft.c || fail "$at: draft kind $k has no words in src/app/draft.c"
		grep -q "{ \"$k\"," src/ui/*.c || fail "$at: draft kind $k is opened again by no ui_form_resumer table"
		blade=${k%%.*}
		grep -q "\.name = \"$blade\"" src/ui/*.c || fail "$at: draft kind $k names no blade \"$blade\""
	done
done <"$T/forms"

# The check sees a form that forgot: a literal without either fails it.
printf '%s\n' 'struct ui_form f = { .title = "T", .fields = fields, .nfields = 1,' \
	'			     .submit = "Go", .on_submit = go, .data = b };' >"$T/bad.c"
awk '/struct ui_form [a-z_]+ = \{/ { o = 1; t = "" } o { t = t $0 } o && /\};/ { print t; o = 0 }' "$T/bad.c" |
	grep -q -e draft_kind -e '\.keep =' -e 'no draft:' && fail "the check missed a form without a draft"
finish
