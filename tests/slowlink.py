#!/usr/bin/env python3
"""tests/slowlink.py: a slow link between a terminal and a program.

Usage: tests/slowlink.py [--delay-ms N] [--baud N] [--both-ways]
                         [--size COLSxROWS] [--] COMMAND [ARG]...

Runs COMMAND on a new pseudo-terminal of its own and relays between that
pty and the relay's own stdin and stdout (a tmux pane, or a pty a test or
a bench opened), as an SSH client and server do, but slowly:

  --delay-ms N   one-way delay in each direction, in milliseconds; default
                 150 (a round trip of 300 ms)
  --baud N       the line's speed towards the terminal, in bits per second
                 at 10 bits a byte (9600 baud is 960 bytes/s); default 9600;
                 0 for no cap
  --both-ways    cap the keys towards COMMAND at the same speed as well
  --size CxR     the window size to give COMMAND when stdin is not a
                 terminal; default 80x24 (a terminal's own size wins)

The far side is the only terminal COMMAND can reach: nothing near COMMAND
answers a cursor position report (ESC [ 6 n), so the answer comes from the
terminal beyond the relay, through the delay both ways, as it would over
SSH. A multiplexer between COMMAND and the relay would answer itself and
hide the link.

The relay puts its own terminal in raw mode (given back at the end), passes
the window size on at the start and on each SIGWINCH (after the one-way
delay, in order with the keys, as SSH's window-change message), sends
SIGHUP, SIGTERM, SIGINT and SIGQUIT it receives to COMMAND (after SIGHUP
the terminal is taken as gone: nothing more is written to it), hangs up
COMMAND's terminal when its own terminal goes away (a stdin that is not a
terminal reaching its end only ends the keys), delivers what COMMAND wrote
before it ended, and exits with COMMAND's exit code, or 128 + the signal
that killed it (127 when COMMAND cannot be run).

Output is sent down the line in slices of 10 ms of line time, each slice
arriving at the terminal when its last byte would: a big frame arrives
progressively, as over a real slow line.

Standard library only.
"""

import collections
import errno
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
import tty

SLICE_S = 0.010           # line time per slice of output
FORWARDED = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT, signal.SIGQUIT)


class Line:
    """One direction of the link: what was read, with the time each piece
    reaches the far end (the one-way delay after its last byte leaves a
    line of `rate` bytes a second; rate None for no cap). Items are bytes
    or a callable (an event such as a window change, kept in order)."""

    def __init__(self, delay, rate):
        self.delay = delay
        self.rate = rate
        self.free_at = 0.0      # when the line has sent all it was given
        self.queue = collections.deque()

    def push(self, data, now):
        if not self.rate:
            self.queue.append((now + self.delay, data))
            return
        step = max(1, int(self.rate * SLICE_S))
        for i in range(0, len(data), step):
            piece = data[i:i + step]
            self.free_at = max(now, self.free_at) + len(piece) / self.rate
            self.queue.append((self.free_at + self.delay, piece))

    def push_event(self, fn, now):
        """An event reaches the far end after what was sent before it."""
        self.queue.append((max(now, self.free_at) + self.delay, fn))

    def next_due(self):
        return self.queue[0][0] if self.queue else None

    def pop_due(self, now):
        """The items due by now, in order."""
        out = []
        while self.queue and self.queue[0][0] <= now:
            out.append(self.queue.popleft()[1])
        return out

    def clear(self):
        self.queue.clear()


class Sink:
    """A non-blocking fd with what could not be written yet."""

    def __init__(self, fd):
        self.fd = fd
        self.pending = bytearray()
        self.gone = False
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags | os.O_NONBLOCK)

    def write(self, data):
        if not self.gone:
            self.pending += data
            self.flush()

    def flush(self):
        while self.pending and not self.gone:
            try:
                n = os.write(self.fd, self.pending)
            except BlockingIOError:
                return
            except OSError:         # EIO, EPIPE: the other side is gone
                self.gone = True
                self.pending.clear()
                return
            del self.pending[:n]


def winsize(fd):
    """The (rows, cols) of the terminal on fd, or None."""
    try:
        rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    except OSError:
        return None
    return (rows, cols) if rows and cols else None


def set_winsize(fd, size):
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    except OSError:
        pass


def usage(msg):
    print("slowlink.py: %s" % msg, file=sys.stderr)
    print("usage: tests/slowlink.py [--delay-ms N] [--baud N] [--both-ways] [--size COLSxROWS]"
          " [--] COMMAND [ARG]...", file=sys.stderr)
    sys.exit(2)


def parse(args):
    opts = {"delay_ms": 150, "baud": 9600, "both": False, "size": (24, 80)}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            i += 1
            break
        if not a.startswith("--"):
            break
        if a == "--both-ways":
            opts["both"] = True
        elif a in ("--delay-ms", "--baud", "--size"):
            if i + 1 >= len(args):
                usage("%s needs a value" % a)
            v = args[i + 1]
            i += 1
            if a == "--size":
                c, _, r = v.partition("x")
                if not (c.isdigit() and r.isdigit() and int(c) and int(r)):
                    usage("--size takes COLSxROWS, such as 80x24")
                opts["size"] = (int(r), int(c))
            elif not v.isdigit():
                usage("%s needs a number" % a)
            else:
                opts["delay_ms" if a == "--delay-ms" else "baud"] = int(v)
        elif a in ("-h", "--help"):
            print(__doc__.strip())
            sys.exit(0)
        else:
            usage("unknown option %s" % a)
        i += 1
    if i >= len(args):
        usage("no command to run")
    opts["argv"] = args[i:]
    return opts


def spawn(argv, size):
    """COMMAND on a new pty, its session leader: (pid, master fd)."""
    pid, master = pty.fork()
    if pid == 0:
        try:
            set_winsize(0, size)
            os.execvp(argv[0], argv)
        except OSError as e:
            os.write(2, ("slowlink.py: %s: %s\r\n" % (argv[0], e.strerror)).encode())
        os._exit(127)
    return pid, master


class Relay:
    def __init__(self, opts):
        self.delay = opts["delay_ms"] / 1000.0
        rate = opts["baud"] / 10.0 if opts["baud"] else None
        self.down = Line(self.delay, rate)                           # towards the terminal
        self.up = Line(self.delay, rate if opts["both"] else None)  # keys towards COMMAND
        self.tty = os.isatty(0)
        size = (winsize(0) if self.tty else None) or opts["size"]
        self.saved = termios.tcgetattr(0) if self.tty else None
        self.pid, self.master = spawn(opts["argv"], size)
        self.status = None
        self.stdin_open = True
        self.master_open = True
        # Non-blocking writes; the flags are the terminal's (shared with
        # stdin and with whatever runs there next), so they are given back.
        self.out_flags = fcntl.fcntl(1, fcntl.F_GETFL)
        self.out = Sink(1)
        self.child = Sink(self.master)
        # Signals reach the loop as bytes on a pipe, so select sees them.
        self.sig_r, sig_w = os.pipe()
        for fd in (self.sig_r, sig_w):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
        signal.set_wakeup_fd(sig_w)
        for s in FORWARDED + (signal.SIGWINCH, signal.SIGCHLD):
            signal.signal(s, lambda *_: None)
        if self.tty:
            tty.setraw(0)

    def restore(self):
        try:
            fcntl.fcntl(1, fcntl.F_SETFL, self.out_flags)
        except OSError:
            pass
        if self.saved is not None:
            try:
                termios.tcsetattr(0, termios.TCSAFLUSH, self.saved)
            except termios.error:
                pass

    def on_signal(self, num, now):
        if num == signal.SIGWINCH:
            size = winsize(0) if self.tty else None
            if size and self.master_open:
                self.up.push_event(lambda: set_winsize(self.master, size), now)
        elif num == signal.SIGCHLD:
            self.reap(False)
        elif num in FORWARDED:
            if num == signal.SIGHUP:
                # The terminal is gone: nothing more can reach it.
                self.out.gone = True
                self.down.clear()
                self.stdin_open = False
            try:
                os.kill(self.pid, num)
            except ProcessLookupError:
                pass

    def reap(self, block):
        if self.status is None:
            try:
                pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
            except ChildProcessError:
                return
            if pid:
                self.status = status

    def deliver(self, now):
        for item in self.down.pop_due(now):
            self.out.write(item)
        for item in self.up.pop_due(now):
            if callable(item):
                item()
            elif self.master_open:
                self.child.write(item)

    def step(self, limit):
        """One turn of the loop: waits at most `limit` seconds."""
        now = time.monotonic()
        dues = [d for d in (self.down.next_due(), self.up.next_due()) if d is not None]
        wait = max(0.0, min(dues + [now + limit]) - now)
        rd = [self.sig_r]
        if self.stdin_open:
            rd.append(0)
        if self.master_open:
            rd.append(self.master)
        wr = [s.fd for s in (self.out, self.child) if s.pending and not s.gone
              and (s is self.out or self.master_open)]
        try:
            r, w, _ = select.select(rd, wr, [], wait)
        except InterruptedError:
            r, w = [], []
        now = time.monotonic()
        if self.sig_r in r:
            try:
                for num in os.read(self.sig_r, 64):
                    self.on_signal(num, now)
            except BlockingIOError:
                pass
        if 0 in r and self.stdin_open:
            try:
                data = os.read(0, 65536)
            except BlockingIOError:
                data = None
            except OSError:
                data = b""
            if data:
                self.up.push(data, now)
            elif data is not None:
                self.stdin_open = False
                if self.tty:
                    # The terminal went away: as a dropped link, hang up
                    # COMMAND's terminal. (A file or pipe that ends is
                    # only the end of the keys.)
                    self.out.gone = True
                    self.down.clear()
                    self.close_master()
        if self.master_open and self.master in r:
            try:
                data = os.read(self.master, 65536)
            except OSError:     # EIO: no process holds the pty any more
                data = b""
            if data:
                self.down.push(data, now)
            else:
                self.close_master()
        for s in (self.out, self.child):
            if s.fd in w:
                s.flush()
        self.deliver(time.monotonic())

    def close_master(self):
        if self.master_open:
            self.master_open = False
            self.child.gone = True
            os.close(self.master)

    def run(self):
        try:
            while self.master_open:
                self.step(1.0)
            self.reap(True)
            # What COMMAND wrote last still travels down the line.
            while (self.down.queue or self.out.pending) and not self.out.gone:
                self.step(0.05)
        finally:
            self.restore()
        if os.WIFSIGNALED(self.status):
            return 128 + os.WTERMSIG(self.status)
        return os.waitstatus_to_exitcode(self.status)


def main(args):
    opts = parse(args)
    sys.exit(Relay(opts).run())


if __name__ == "__main__":
    main(sys.argv[1:])
