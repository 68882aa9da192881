#!/bin/sh
# The layers keep to their lanes, as doc/architecture.md draws them:
# <curses.h> is included in one header only (include/billcon/ui_curses.h,
# with the feature macros it needs), and only ui/ and its unit tests
# include that header.
. "$TESTS_SRCDIR/lib.sh"
top=$(dirname "$TESTS_SRCDIR")
cd "$top" || exit 1
grep -rln --include='*.[ch]' '#[[:space:]]*include[[:space:]]*<n\{0,1\}curses\(w/\)\{0,1\}[a-z]*\.h>' src include tests >"$T/curses" || true
[ "$(cat "$T/curses")" = include/billcon/ui_curses.h ] ||
	fail "<curses.h> is included outside include/billcon/ui_curses.h: $(tr '\n' ' ' <"$T/curses")"
grep -rl --include='*.[ch]' 'billcon/ui_curses\.h' src include tests | grep -v -e '^src/ui/' -e '^include/billcon/ui_' \
	-e '^tests/unit/test_ui\.c$' -e '^tests/unit/test_theme\.c$' >"$T/outside" || true
[ ! -s "$T/outside" ] || fail "ui_curses.h is included outside ui/: $(tr '\n' ' ' <"$T/outside")"
finish
