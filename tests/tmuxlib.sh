# Sourced by the tmux end-to-end scripts after tests/lib.sh: billcon in
# tmux sessions on a private server, keys in, screens out.
command -v tmux >/dev/null 2>&1 || { echo "tmux is not installed" >&2; exit 77; }
SOCK="$T/tmux.sock"
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$T"' EXIT

# session NAME ENV...: runs billcon in a new 80x24 session NAME with the
# environment given, and waits for its first frame. SESSION_ARGS
# (unquoted) adds global options such as --as EMAIL; SESSION_WAIT is the
# text of the first frame ("row 1 of", the tenants list's footer);
# SESSION_WRAP (unquoted) is a command billcon runs under, such as
# tests/slowlink.py and its options.
session() {
	name=$1
	shift
	n=0
	until tm new-session -d -s "$name" -x 80 -y 24 \
		"env $* HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME XDG_STATE_HOME=$XDG_STATE_HOME LC_ALL=C.UTF-8 ${SESSION_WRAP:-} $BILLCON --db $DB ${SESSION_ARGS:-}; echo billcon-exited:\$?; sleep 30" 2>/dev/null; do
		n=$((n + 1))
		[ "$n" -lt 20 ] || { fail "tmux would not start a session"; return 1; }
		sleep 0.1
	done
	wait_in "$name" "${SESSION_WAIT:-row 1 of}"
}
screen_of() { tm capture-pane -t "$1" -p; }
# wait_in NAME TEXT [TENTHS]: until session NAME shows TEXT (5 s, or TENTHS
# tenths of a second, at most).
wait_in() {
	i=0
	limit=$((${3:-50} * 2))
	while ! screen_of "$1" | grep -q -- "$2"; do
		i=$((i + 1))
		if [ "$i" -gt "$limit" ]; then
			fail "waited for '$2' in $1; the screen is:$(printf '\n'; screen_of "$1")"
			return 1
		fi
		sleep 0.05
	done
}
# wait_sql QUERY VALUE: until QUERY on the store prints VALUE (5 s at most).
wait_sql() {
	i=0
	while [ "$(sql "$1" 2>/dev/null)" != "$2" ]; do
		i=$((i + 1))
		[ "$i" -le 100 ] || { fail "waited for '$1' to be $2"; return 1; }
		sleep 0.05
	done
}
keys_to() { name=$1; shift; tm send-keys -t "$name" "$@"; }
