#!/bin/sh
# The layers keep to their lanes, as doc/architecture.md draws them:
# <curses.h> is included in one header only (include/billcon/ui_curses.h,
# with the feature macros it needs), and only ui/ and its unit tests
# include that header; the command line and the console never include each
# other (src/main.c wires them); SQL stays in store/, HTTP in sync/.
. "$TESTS_SRCDIR/lib.sh"
top=$(dirname "$TESTS_SRCDIR")
cd "$top" || exit 1
grep -rln --include='*.[ch]' '#[[:space:]]*include[[:space:]]*<n\{0,1\}curses\(w/\)\{0,1\}[a-z]*\.h>' src include tests >"$T/curses" || true
[ "$(cat "$T/curses")" = include/billcon/ui_curses.h ] ||
	fail "<curses.h> is included outside include/billcon/ui_curses.h: $(tr '\n' ' ' <"$T/curses")"
grep -rl --include='*.[ch]' 'billcon/ui_curses\.h' src include tests | grep -v -e '^src/ui/' -e '^include/billcon/ui_' \
	-e '^tests/unit/test_ui\.c$' -e '^tests/unit/test_theme\.c$' >"$T/outside" || true
[ ! -s "$T/outside" ] || fail "ui_curses.h is included outside ui/: $(tr '\n' ' ' <"$T/outside")"
grep -l 'billcon/ui_' src/cli/*.c include/billcon/cli_*.h >"$T/cli_ui" 2>/dev/null || true
[ ! -s "$T/cli_ui" ] || fail "the command line includes the console: $(tr '\n' ' ' <"$T/cli_ui")"
grep -l 'billcon/cli_' src/ui/*.c include/billcon/ui_*.h >"$T/ui_cli" 2>/dev/null || true
[ ! -s "$T/ui_cli" ] || fail "the console includes the command line: $(tr '\n' ' ' <"$T/ui_cli")"
grep -l 'include <sqlite3.h>' src/core/*.c src/app/*.c src/ui/*.c src/cli/*.c src/sync/*.c 2>/dev/null | grep -v '^src/store/' >"$T/sql" || true
[ ! -s "$T/sql" ] || fail "SQLite is used outside store/: $(tr '\n' ' ' <"$T/sql")"
grep -l 'include <curl/' src/core/*.c src/app/*.c src/ui/*.c src/cli/*.c src/store/*.c 2>/dev/null >"$T/curl" || true
[ ! -s "$T/curl" ] || fail "libcurl is used outside sync/: $(tr '\n' ' ' <"$T/curl")"
finish
