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
		"env $* BILLCON_NOW=$BILLCON_NOW HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME LC_ALL=C.UTF-8 $BILLCON --db $DB; echo billcon-exited:\$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo -e icanon -e -icanon | sed 's/^/tty-/'; sleep 30" 2>/dev/null; do
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
# restored EXIT: billcon ended with EXIT and gave the terminal back: the
# tty's modes, the main screen, the cursor, and no bracketed paste (a paste
# now would come wrapped in ESC [ 200 ~, which the tty echoes as ^[[200~).
restored() {
	wait_for "billcon-exited:$1" || return
	wait_for "^tty-icanon" || return
	screen_now | grep -qx "tty-echo" || fail "exit $1: echo was not restored"
	[ "$(tm display -p -t "$S" '#{alternate_on}')" = 0 ] || fail "exit $1: still on the alternate screen"
	[ "$(tm display -p -t "$S" '#{cursor_flag}')" = 1 ] || fail "exit $1: the cursor is hidden"
	tm set-buffer -b probe "pasted-after-exit"
	tm paste-buffer -p -b probe -t "$S"
	wait_for "pasted-after-exit" || return
	! screen_now | grep -q "200~" || fail "exit $1: bracketed paste was left on"
}
# stop SIGNAL EXIT: sends billcon SIGNAL and checks it ended with EXIT and
# the terminal restored.
stop() {
	pid=$(pgrep -P "$(tm display -p -t "$S" '#{pane_pid}')" | head -1)
	[ -n "$pid" ] || { fail "no billcon process to send $1"; return; }
	kill -s "$1" "$pid"
	restored "$2"
}

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

# Copy: inside tmux the text goes to tmux's buffer (tmux sends it on to the
# outer terminal), as tmux's defaults drop an application's OSC 52; the
# text is shown.
keys j y
wait_for "Copied the tenant ID: $FABRIKAM"
[ "$(tm show-buffer)" = "$FABRIKAM" ] || fail "tmux's buffer holds '$(tm show-buffer)', not the tenant ID"

# A real bracketed paste (paste-buffer -p brackets it, as billcon asked)
# into the Add form: the text lands in the field, and its Esc, d, Tab and
# Enter never act (typed, d would remove the selected tenant).
keys a
wait_for "Add associated tenant"
tm set-buffer -b evil "$(printf 'hello\033d\t\r')"
tm paste-buffer -p -b evil -t "$S"
wait_for 'hello^\[d^I^M'
# An Alt chord (ESC and a key at once) neither closes the form nor types.
keys M-d
keys -l "xyz"
wait_for 'hello^\[d^I^Mxyz'
# Nor does a paste right behind an Esc (one tmux command sends both at
# once) run as keys: it is still a paste.
keys C-u
tm send-keys -t "$S" Escape \; paste-buffer -p -b evil -t "$S"
wait_for 'Tenant ID or domain \*' && screen_now | grep -q '| hello^\[d^I^M  *|' ||
	fail "a paste behind an Esc ran as keys: $(screen_now)"
# Esc closes the form, and a resize right behind it (one tmux command
# sends both) is a resize, not an Alt chord that swallows the Esc: the
# smallest size, with the list back.
tm send-keys -t "$S" Escape \; resize-window -t "$S" -x 60 -y 16
wait_for "row 2 of 7"
i=0
while screen_now | grep -q "Add associated tenant"; do
	i=$((i + 1))
	[ "$i" -gt 100 ] && { fail "Esc with a resize behind it did not close the form"; break; }
	sleep 0.05
done
screen_now | grep -q "Remove associated tenant" && fail "the paste acted as keys"
[ "$(sql "SELECT count(*) FROM associated_tenant")" = 7 ] || fail "a paste changed the list"
[ "$(screen_now | wc -l)" = 16 ] || fail "not 16 lines after the resize"
screen_now | grep -q "$FABRIKAM" || fail "60x16 lost the tenant ID"
tm resize-window -t "$S" -x 80 -y 24

# Q quits and gives the terminal back as it was.
keys Q
restored 0

# So do a dropped SSH link (SIGHUP) and SIGTERM, through the loop (exit
# 128 + the signal), and a crash (SIGABRT, SIGSEGV: the reset prepared at
# start, then death by the signal), even with a form open.
for sig in HUP:129 TERM:143 ABRT:134 SEGV:139; do
	start TERM=xterm-256color
	keys a
	wait_for "Add associated tenant"
	stop "${sig%:*}" "${sig#*:}"
done

# Outside a tmux server that answers, the copy falls back to OSC 52,
# wrapped for tmux.
: >"$T/raw"
start TERM=xterm-256color TMUX=/nonexistent/socket,1,0
keys j y
wait_for "Copied the tenant ID: $FABRIKAM"
grep -q "$(printf '\033')Ptmux;$(printf '\033\033')]52;c;" "$T/raw" || fail "no OSC 52 for tmux in the output"
keys Q
wait_for "billcon-exited:0"

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
# vt100 has no kcbt, yet terminals send ESC [ Z for Shift-Tab: it goes
# back a field rather than closing the form.
keys a 1 2 3 4 Tab
wait_for "is not a tenant ID"
keys BTab C-u
keys -l "31111111-2222-4333-8444-555555555555"
keys Tab
keys -l "Vt Co"
keys Enter
wait_for 'Added "Vt Co"'

# A name with an escape sequence in it is drawn safely.
keys Q
wait_for "billcon-exited:0"
sqlite3 "$DB" "UPDATE associated_tenant SET display_name = 'AAA' || char(27) || '[31mred' WHERE tenant_id = '$FABRIKAM'"
start TERM=xterm-256color
wait_for 'AAA^\[\[31mred'
keys Q
wait_for "billcon-exited:0"
finish
