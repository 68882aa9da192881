#!/bin/sh
# The real binary on the largest terminals it must serve, in tmux: 1000x1000,
# and a terminal that reports no size at all (ncurses then takes LINES and
# COLUMNS, and the pane cannot follow). Every overlay opens, and the console
# quits cleanly.
. "$TESTS_SRCDIR/lib.sh"
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed" >&2; exit 77; }
demo
SOCK="$T/tmux.sock"
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

# run_in SIZE SETUP ENV: billcon in a SIZE pane after the shell command SETUP;
# keys open help, the palette, the details, then quit.
run_in() {
	cols=${1%x*} lines=${1#*x}
	# A fresh server each time, retried: the last server may still be
	# going down when the new session starts.
	tm kill-server 2>/dev/null
	n=0
	until tm new-session -d -s huge -x "$cols" -y "$lines" \
		"$2; env $3 TERM=xterm-256color LC_ALL=C.UTF-8 BILLCON_NOW=$BILLCON_NOW HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME $BILLCON --db $DB; echo billcon-exited:\$?; sleep 60" 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -lt 20 ] || { fail "tmux would not start a $1 session"; return; }
		sleep 0.1
	done
	wait_for "billcon |" || return
	for k in '?' Escape ':' Escape G Enter Escape g; do
		tm send-keys -t huge "$k"
		sleep 0.2
	done
	tm send-keys -t huge q
	wait_for "billcon-exited:0"
}
wait_for() {
	i=0
	until tm capture-pane -t huge -p -S 0 2>/dev/null | grep -q -- "$1"; do
		i=$((i + 1))
		[ "$i" -le 300 ] || { fail "waited for '$1' ($*)"; return 1; }
		sleep 0.1
	done
}

run_in 1000x1000 true ""
run_in 80x24 "stty rows 0 cols 0" "LINES=1000 COLUMNS=1000"
run_in 80x24 "stty rows 0 cols 0" ""
finish
