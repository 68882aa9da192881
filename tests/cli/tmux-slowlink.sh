#!/bin/sh
# The low-bandwidth mode (issue 12) with the real binary in tmux at 80x24:
# `auto` turns it on over a slow link (tests/slowlink.py, 300 ms round trip
# and 9600 baud, between billcon and the pane, so only the pane beyond the
# delay answers the cursor position report) and leaves it off on a direct
# pane, with colour and with NO_COLOR (where the README's main screen is
# what the pane shows); `l` toggles it by hand; and in the
# mode a cursor-down inside the screen costs fewer than 50 bytes, with the
# selected row marked by '>' in the first column; and a draft offered back
# over the slow link resumes in the mode, where a split arrow key is no Esc;
# quitting with a probe on its way leaves no answer to the shell.
. "$TESTS_SRCDIR/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed" >&2; exit 77; }
. "$TESTS_SRCDIR/tmuxlib.sh"
# Until the mode is built, the option is an unknown command (exit 2).
"$BILLCON" --low-bandwidth=on keys >/dev/null 2>&1 ||
	{ echo "billcon has no --low-bandwidth" >&2; exit 77; }
demo

title_of() { screen_of "$1" | head -n 1; }
# link_ms NAME: the round trip the title shows ("link 312 ms"), or nothing.
link_ms() { title_of "$1" | sed -n 's/.*link \([0-9][0-9]*\) ms.*/\1/p'; }
# marked NAME: the lines whose first column is the mode's '>'.
marked() { screen_of "$1" | grep -n '^>' | cut -d: -f1; }
SLOW="python3 $TESTS_SRCDIR/slowlink.py --delay-ms 150 --baud 9600 --"

# The relay itself: the pane's size reaches the program, its exit code
# comes back.
tm new-session -d -s relay -x 80 -y 24 "$SLOW sh -c 'stty size; exit 3'; echo relay-exited:\$?; sleep 30"
wait_in relay "relay-exited:3" 50
screen_of relay | grep -q "^24 80" || fail "the relay did not pass the size on:$(printf '\n'; screen_of relay)"

# Four consoles at once, in auto (the default): two over the slow link, two
# on the pane directly. A slow console's first frame takes seconds at 960
# bytes a second, so none is waited for here ('.': anything drawn).
SESSION_WAIT=. SESSION_WRAP=$SLOW session slow TERM=xterm-256color
SESSION_WAIT=. SESSION_WRAP=$SLOW session slownc TERM=xterm-256color NO_COLOR=1
SESSION_WAIT=. session direct TERM=xterm-256color
SESSION_WAIT=. session directnc TERM=xterm-256color NO_COLOR=1

# Direct: the pane answers at once; the title shows a small round trip and
# the mode stays off.
for s in direct directnc; do
	wait_in "$s" "link [0-9]* ms" 50 || continue
	ms=$(link_ms "$s")
	[ -n "$ms" ] && [ "$ms" -lt 150 ] || fail "$s: the title's round trip is not small: $(title_of "$s")"
	title_of "$s" | grep -q "low bandwidth" && fail "$s: low bandwidth on a direct pane: $(title_of "$s")"
done
# The README's main screen is this one, the round trip's figure aside.
sed -n '/^     billcon | Associated tenants/,/Q quit$/p' "$(dirname "$TESTS_SRCDIR")/README" |
	sed 's/^    //; s/link [0-9]* ms/link N ms/' >"$T/readme.screen"
screen_of direct | sed 's/link [0-9]* ms/link N ms/' >"$T/direct.screen"
diff -u "$T/readme.screen" "$T/direct.screen" >"$T/readme.diff" ||
	fail "the README's main screen is not what a terminal shows: $(cat "$T/readme.diff")"

# Slow: the answer crosses the delay twice; auto turns the mode on and the
# title says so with the round trip measured (at least the 300 ms added).
for s in slow slownc; do
	wait_in "$s" "low bandwidth, link [0-9]* ms" 200 || continue
	ms=$(link_ms "$s")
	[ -n "$ms" ] && [ "$ms" -ge 300 ] || fail "$s: the round trip shown is under 300 ms: $(title_of "$s")"
	# The frame the mode redraws is still crossing the 9,600-baud line.
	wait_in "$s" "^>Adventure Works " 200
done

# By hand: l turns the mode on on the direct pane, and l again off.
keys_to direct l
wait_in direct "low bandwidth"
[ -n "$(marked direct)" ] || fail "l: no row marked '>':$(printf '\n'; screen_of direct)"
keys_to direct l
i=0
while title_of direct | grep -q "low bandwidth"; do
	i=$((i + 1))
	[ "$i" -le 100 ] || { fail "a second l left the mode on: $(title_of direct)"; break; }
	sleep 0.05
done

# Bytes per cursor-down in the mode, forced on (the title says so without
# a link), counted as the pane receives them: inside the screen, fewer
# than 50 each, and the '>' moves down one line each time.
SESSION_ARGS=--low-bandwidth=on session forced TERM=xterm-256color
wait_in forced "| low bandwidth"
tm pipe-pane -t forced "cat >>$T/forced.raw"
sleep 0.3
size() { wc -c <"$T/forced.raw" 2>/dev/null || echo 0; }
# settled: the count of bytes the pane has received once 150 ms pass
# without more (2 s at most).
settled() {
	last=$(size)
	i=0
	while [ "$i" -lt 40 ]; do
		sleep 0.15
		now=$(size)
		[ "$now" = "$last" ] && break
		last=$now
		i=$((i + 1))
	done
	echo "$last"
}
before=$(settled)
row=$(marked forced)
[ -n "$row" ] || fail "--low-bandwidth=on: no row marked '>':$(printf '\n'; screen_of forced)"
for n in 1 2 3 4 5; do
	keys_to forced j
	after=$(settled)
	cost=$((after - before))
	before=$after
	[ "$cost" -gt 0 ] || fail "j $n: nothing was drawn"
	[ "$cost" -lt 50 ] || fail "j $n cost $cost bytes in the mode (at most 49)"
	now=$(marked forced)
	[ "$now" = $((row + 1)) ] || fail "j $n: the '>' is on line $now, not $((row + 1))"
	row=$now
done

keys_to forced Q
wait_in forced "billcon-exited:0"

# A start after a dropped link offers the draft back: the link is measured
# while the offer and the resumed form are up, so the form runs in the mode
# with an Esc delay that fits the link, and an arrow key split by the link
# (its Esc alone first) moves in the form instead of closing it, typing lost.
printf '%s\n' 'a "northwind.onmicrosoft.com" <Hangup>' >"$T/draft.keys"
rc=0
"$BILLCON" --db "$DB" --screen-test "$T/draft.keys" --size 80x24 >/dev/null 2>&1 || rc=$?
[ "$rc" = 129 ] || fail "the hung-up add exited $rc, not 129"
SESSION_WAIT="Resume what you were typing?" SESSION_WRAP=$SLOW session resumed TERM=xterm-256color
# The answer crosses the line behind the first frame.
sleep 4
keys_to resumed Enter
wait_in resumed "Add associated tenant" 100
wait_in resumed "low bandwidth, link [0-9]* ms" 100
tm send-keys -t resumed -H 1b
sleep 0.05
tm send-keys -t resumed -l OD
sleep 2
screen_of resumed | grep -q "Add associated tenant" ||
	fail "a split Left closed the resumed form:$(printf '\n'; screen_of resumed)"
tm kill-session -t resumed

# A stop signal while a draft is offered ends the console right after its
# loop's first probe: the answer is waited for, not left to the shell's
# command line as ^[[24;1R.
rc=0
"$BILLCON" --db "$DB" --screen-test "$T/draft.keys" --size 80x24 >/dev/null 2>&1 || rc=$?
[ "$rc" = 129 ] || fail "the second hung-up add exited $rc, not 129"
SESSION_WAIT="Resume what you were typing?" session offered TERM=xterm-256color
kill -TERM "$(pgrep -P "$(tm display -p -t offered '#{pane_pid}')" | head -1)"
wait_in offered "billcon-exited:143"
screen_of offered | grep -q "24;1R" &&
	fail "a probe's answer reached the shell after SIGTERM:$(printf '\n'; screen_of offered)"
finish
