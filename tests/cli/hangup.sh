#!/bin/sh
# A terminal that goes away without a SIGHUP for billcon (it is not the
# terminal's controlling process, as under some SSH and job set-ups): the
# console must see the hang-up and end in order (exit 129), not spin
# reading errors for ever.
. "$TESTS_SRCDIR/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "python3 is not installed" >&2; exit 77; }
demo
rc=0
python3 - "$BILLCON" "$DB" >"$T/out" 2>&1 <<'PY' || rc=$?
import fcntl, os, pty, struct, subprocess, sys, termios, time

billcon, db = sys.argv[1], sys.argv[2]
master, slave = pty.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
env = dict(os.environ, TERM="xterm-256color")
# No new session: the pty is not billcon's controlling terminal, so closing
# its master sends billcon no SIGHUP.
p = subprocess.Popen([billcon, "--db", db], stdin=slave, stdout=slave, stderr=slave, env=env)
os.close(slave)
seen, deadline = b"", time.time() + 10
while b"row 1 of" not in seen and time.time() < deadline:
    try:
        seen += os.read(master, 65536)
    except OSError:
        break
if b"row 1 of" not in seen:
    p.kill()
    sys.exit("the console never drew its first screen")
os.close(master)
try:
    code = p.wait(timeout=5)
except subprocess.TimeoutExpired:
    p.kill()
    sys.exit("billcon still runs 5 s after its terminal went away")
if code != 129:
    sys.exit("billcon exited %d, not 129, after its terminal went away" % code)
PY
[ "$rc" = 0 ] || fail "$(cat "$T/out")"
finish
