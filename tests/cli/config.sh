#!/bin/sh
# The settings file: lines of any length, only a regular file, and no
# falling back to the current folder when there is no HOME.
. "$TESTS_SRCDIR/lib.sh"
demo
cfg="$XDG_CONFIG_HOME/billcon/config"
mkdir -p "$XDG_CONFIG_HOME/billcon"

# A comment longer than any line buffer: its tail is still comment, not a
# setting (with a 2,047-byte buffer, its tail became a line of its own).
{
	printf '# '
	head -c 5000 /dev/zero | tr '\0' 'x'
	printf ' mouse = sideways\n'
	printf 'theme = mono\n'
} >"$cfg"
expect 0 info
out_has "$cfg"
# A value longer than the buffer is read whole (and cut to its field).
{
	printf 'invitation_url = https://example.org/'
	head -c 5000 /dev/zero | tr '\0' 'y'
	printf '\nmouse = off\n'
} >"$cfg"
expect 0 info
# A bad line after a long one is named with its own number.
{
	head -c 5000 /dev/zero | tr '\0' ' '
	printf '\nmouse = sideways\n'
} >"$cfg"
expect 2 info
err_has "line 2: mouse is on or off"
# What follows a NUL byte is not dropped unseen: the line is refused.
printf 'theme = mono\000mouse = sideways\n' >"$cfg"
expect 2 info
err_has "line 1: the line holds a NUL byte"
rm -f "$cfg"

# A directory or a FIFO is refused with one sentence, at once.
mkdir "$T/dir"
BILLCON_CONFIG="$T/dir" expect 2 info
err_has "is not a regular file"
err_one_line
mkfifo "$T/fifo"
# timeout: opening a FIFO for reading would wait for a writer for ever.
BILLCON_CONFIG="$T/fifo" BILLCON_WRAPPER="timeout 20 ${BILLCON_WRAPPER:-}" expect 2 info
err_has "is not a regular file"
err_one_line

# No HOME and no XDG folders: refused before anything is read or written.
mkdir "$T/cwd"
cd "$T/cwd" || exit 1
for cmd in info "tenants list" "audit head"; do
	rc=0
	# shellcheck disable=SC2086
	env -u HOME -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME \
		${BILLCON_WRAPPER:-} "$BILLCON" $cmd >"$T/out" 2>"$T/err" </dev/null || rc=$?
	[ "$rc" = 2 ] || fail "$cmd with no HOME exited $rc, not 2: $(cat "$T/err")"
	err_has "HOME is not set"
	err_one_line
done
rc=0
env -u HOME -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME \
	${BILLCON_WRAPPER:-} "$BILLCON" --demo tenants list >"$T/out" 2>"$T/err" </dev/null || rc=$?
[ "$rc" = 2 ] || fail "--demo with no HOME exited $rc, not 2"
[ -z "$(ls -A "$T/cwd")" ] || fail "files were made in the current folder: $(ls -A "$T/cwd")"
# An empty HOME is no home either (it would mean the root folder).
rc=0
HOME= env -u XDG_CONFIG_HOME ${BILLCON_WRAPPER:-} "$BILLCON" info >"$T/out" 2>"$T/err" </dev/null || rc=$?
[ "$rc" = 2 ] || fail "info with an empty HOME exited $rc, not 2"
# HOME alone, or every XDG folder alone, is enough.
env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u XDG_STATE_HOME "$BILLCON" info >/dev/null ||
	fail "info with HOME alone"
env -u HOME "$BILLCON" info >/dev/null || fail "info with the XDG folders alone"
finish
