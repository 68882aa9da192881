#!/bin/sh
# End to end: the real binary in tmux at 80x24, as a person would use it.
. "$TESTS_SRCDIR/lib.sh"
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed" >&2; exit 77; }
demo
S="billcon-test-$$"
SOCK="$T/tmux.sock"
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

# start ENV...: runs billcon in a new 80x24 session with the environment given.
start() {
	# A fresh server each time: a session killed as the last one takes its
	# server down, and a new session racing that exit fails.
	tm kill-server 2>/dev/null
	n=0
	until tm new-session -d -s "$S" -x 80 -y 24 \
		"env $* BILLCON_NOW=$BILLCON_NOW HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME LC_ALL=C.UTF-8 $BILLCON --db $DB; echo billcon-exited:\$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo | sed 's/^/tty-/'; sleep 30" 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -lt 20 ] || { fail "tmux would not start a session"; return 1; }
		sleep 0.1
	done
	tm pipe-pane -t "$S" "cat >>$T/raw"
	wait_for "row 1 of"
}
screen_now() { tm capture-pane -t "$S" -p; }
# wait_for TEXT: until the pane shows TEXT (5 s at most).
wait_for() {
	i=0
	while ! screen_now | grep -q -- "$1"; do
		i=$((i + 1))
		if [ "$i" -gt 100 ]; then
			fail "waited for '$1'; the screen is:$(printf '\n'; screen_now)"
			return 1
		fi
		sleep 0.05
	done
}
keys() { tm send-keys -t "$S" "$@"; }

start TERM=xterm-256color
keys : t e n a n t s Enter
wait_for "Associated tenants | Contoso"

# Add through the form, with the inline error for a malformed GUID first.
keys a 1 2 3 4 Tab
wait_for "is not a tenant ID"
keys BTab C-u
keys -l "21111111-2222-4333-8444-555555555555"
keys Tab
keys -l "Tmux Co"
keys Enter
wait_for 'Added "Tmux Co"'
wait_for "row 1 of 8"

# Filter, then remove with its confirmation: Enter alone cancels.
keys / T m u x
wait_for "^/Tmux"
keys Enter d
wait_for "Remove associated tenant?"
keys Enter
wait_for "Nothing was removed."
keys d Tab Enter
wait_for 'Removed "Tmux Co"'
[ "$(sql "SELECT count(*) FROM associated_tenant WHERE display_name='Tmux Co'")" = 0 ] || fail "not removed"
keys Escape
wait_for "row 1 of 7"

# Copy: OSC 52 wrapped for tmux goes out, and the text is shown.
keys j y
wait_for "Copied the tenant ID: $FABRIKAM"
grep -q "$(printf '\033')Ptmux;$(printf '\033\033')]52;c;" "$T/raw" || fail "no OSC 52 for tmux in the output"

# Resize to the smallest size.
tm resize-window -t "$S" -x 60 -y 16
wait_for "row 2 of 7"
[ "$(screen_now | wc -l)" = 16 ] || fail "not 16 lines after the resize"
screen_now | grep -q "$FABRIKAM" || fail "60x16 lost the tenant ID"
tm resize-window -t "$S" -x 80 -y 24

# Q quits and gives the terminal back as it was.
keys Q
wait_for "billcon-exited:0"
wait_for "^tty-"
screen_now | grep -qx "tty-echo" || fail "the terminal was not restored: $(screen_now | grep tty-)"

# NO_COLOR: no colour escapes at all; states still in words. (^L repaints
# the whole screen after pipe-pane has started catching the bytes.)
: >"$T/raw"
start NO_COLOR=1 TERM=xterm-256color
keys C-l
sleep 0.3
screen_now | grep -q "Declined" || fail "states not in words"
grep -q "$(printf '\033')\[3[0-7]m\|$(printf '\033')\[38;5" "$T/raw" && fail "colour was sent with NO_COLOR"
keys Q
wait_for "billcon-exited:0"

# With colour, the theme's colours are sent.
: >"$T/raw"
start TERM=xterm-256color
keys C-l
sleep 0.3
grep -q "$(printf '\033')\[3[0-7]m\|$(printf '\033')\[3[0-7];\|;3[0-7]m" "$T/raw" || fail "no colour was sent with the default theme"
keys Q
wait_for "billcon-exited:0"

# vt100 has no paging keys: Ctrl-F and Ctrl-B page.
rm -f "$DB"
billcon demo init "$DB" --scale 200 >/dev/null
start TERM=vt100
keys C-f
wait_for "row 21 of 207"
keys C-b
wait_for "row 1 of 207"
keys G
wait_for "row 207 of 207"

# A name with an escape sequence in it is drawn safely.
keys Q
wait_for "billcon-exited:0"
sqlite3 "$DB" "UPDATE associated_tenant SET display_name = 'AAA' || char(27) || '[31mred' WHERE tenant_id = '$FABRIKAM'"
start TERM=xterm-256color
wait_for 'AAA^\[\[31mred'
keys Q
wait_for "billcon-exited:0"
finish
