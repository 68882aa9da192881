#!/usr/bin/env python3
"""bench/run-tui.py: time billcon's console under a pseudo-terminal.

Usage: bench/run-tui.py [--billcon PATH] [--sizes 10000,100000,1000000]
                        [--store-dir DIR] [--runs N] [--no-tig] [--no-varied]

  --billcon PATH   the binary to time; default build-tui/billcon under the
                   repository root (an optimised build: ../configure without
                   --enable-debug, then make billcon)
  --sizes LIST     store sizes, comma-separated; default 10000,100000,1000000
  --store-dir DIR  keep the stores in DIR as billcon-scale-N.db and reuse the
                   ones already there (1M takes minutes to make); default: a
                   temporary folder removed at the end
  --runs N         launches for the first-frame time (the median is shown);
                   default 3
  --no-tig         skip the comparison with tig and less
  --no-varied      skip the bytes-per-key run on varied rows (below)

For each size the script makes a store with `billcon demo init DB --scale N`
(N generated tenants + 7) and runs `billcon --db DB` under an 80x24 pty with
TERM=xterm-256color, LC_ALL=C.UTF-8, HOME a temporary folder and BILLCON_NOW
unset. It measures

  - the first full frame: from fork until the output holds the footer text
    "row 1 of" and then 30 ms pass with no more output (the time of the
    last byte of that burst);
  - cursor-down: "j" 200 times, page-down: Ctrl-F 50 times; for each key,
    the bytes the console writes and the time from the write to the last
    byte (each key waits for its first output byte, then for 20 ms of quiet
    with the program blocked reading keys again, seen in /proc/PID/syscall;
    a key answered with no output at all, such as a space typed into a
    filter that matches the same rows, ends when the program blocks again);
  - filtering: "/" then "Scale tenant 00999" one character at a time, Esc,
    then "/" and a tenant-ID fragment that ends up matching 16 rows, Esc;
    the time per keystroke, the 3rd character on being the target. Both
    filters are typed twice: the first pass may read full-text index pages
    from disk (a 1M store is 3 GB), the second is warm; the target is
    checked on the second, the first is shown beside it;
  - memory: VmHWM and VmRSS from /proc/PID/status just before "Q".

Unless --no-varied, it copies the smallest store, gives the generated
tenants varied names and random v4 GUIDs (with Python's sqlite3 module), and
counts the bytes per j and ^F again: generated rows differ in a few digits
only, and curses rewrites only the cells that change, so the demo store
flatters the bytes per key.

Unless --no-tig, it makes a git repository of 50,000 commits (git
fast-import, a few seconds) and a text file of 50,000 lines in a temporary
folder and measures tig and less the same way, for comparison (tig's
first output burst is its empty screen, so the frame that shows the newest
commit is timed too; tig 2.5 leaves ^F unbound, so its page-down is PgDn).

Standard library only; builds nothing; installs tig (apt-get, as root) when missing. Not part of the test
suite. Caches are warm: each store was just written or read.
"""

import fcntl
import os
import pty
import random
import re
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import time
import uuid

ROWS, COLS = 24, 80
QUIET_FRAME = 0.030       # quiet that ends the first frame
QUIET_KEY = 0.020         # quiet that ends a key's output
FIRST_BYTE_LIMIT = 15.0   # seconds a key may take to its first byte
START_LIMIT = 120.0       # seconds a program may take to its first frame
J_PRESSES, PAGE_PRESSES = 200, 50
NAME_FILTER = "Scale tenant 00999"
# Generated tenant IDs look random; the ID filter is the middle of the ID of
# "Scale tenant 0009999" (there from --scale 10000 on), read from each store.
ID_FILTER = "-4"
GIT_COMMITS = 50000
LESS_LINES = 50000

# Targets, checked at the largest size measured (1,000,000 by default).
TARGET_FIRST_MS = 100.0
TARGET_DOWN_BYTES = 300
TARGET_PAGE_BYTES = 2400
TARGET_FILTER_MS = 16.0
TARGET_RSS_RATIO = 1.2

ESCAPE = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()*+][0-~]|.)"
                    rb"|[\x0e\x0f]", re.S)


def plain(data):
    """The output without escape sequences, for finding text on screen."""
    return ESCAPE.sub(b"", data)


class Session:
    """One program under an 80x24 pty: started by pty.fork, timed by the
    parent from the fork on."""

    def __init__(self, argv, env, cwd=None):
        self.t0 = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                if cwd:
                    os.chdir(cwd)
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.eof = False
        self.status = None
        self.rusage = None

    def read(self, timeout):
        """One chunk of output, b"" on timeout (or after the end)."""
        if self.eof:
            if timeout > 0:
                time.sleep(min(timeout, 0.05))
            return b""
        r, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not r:
            return b""
        try:
            data = os.read(self.fd, 65536)
        except OSError:        # EIO: the program closed the terminal
            data = b""
        if not data:
            self.eof = True
        return data

    def burst(self, quiet, first_limit, until=None):
        """Output until `quiet` seconds pass without any, once the first byte
        came (and, with `until`, once the output holds that text). Returns
        (bytes, time of the first byte, time of the last byte); the times
        are None when nothing came within first_limit."""
        out = bytearray()
        t_first = t_last = None
        start = time.monotonic()
        while True:
            now = time.monotonic()
            if t_last is None:
                wait = start + first_limit - now
                if wait <= 0 or self.eof:
                    break
            else:
                found = until is None or until in plain(bytes(out))
                wait = (t_last + quiet - now) if found else (start + first_limit - now)
                if wait <= 0 or self.eof:
                    break
            data = self.read(wait)
            if data:
                t_last = time.monotonic()
                if t_first is None:
                    t_first = t_last
                out += data
        return bytes(out), t_first, t_last

    def first_frame(self, until=None):
        """(ms from fork to the last byte of the first frame, its bytes)."""
        out, _, t_last = self.burst(QUIET_FRAME, START_LIMIT, until)
        if t_last is None or (until and until not in plain(out)):
            raise RuntimeError("no first frame; output was: %r" % out[-400:])
        return (t_last - self.t0) * 1000.0, len(out), out

    def settle(self, quiet=0.3, limit=60.0):
        """Waits until the program has been quiet for `quiet` seconds."""
        end = time.monotonic() + limit
        t_last = time.monotonic()
        while time.monotonic() < end and not self.eof:
            if self.read(t_last + quiet - time.monotonic()):
                t_last = time.monotonic()
            elif time.monotonic() >= t_last + quiet:
                break
        return t_last

    def _proc(self, name):
        try:
            with open("/proc/%d/%s" % (self.pid, name)) as f:
                return f.read()
        except OSError:
            return ""

    def switches(self):
        """Voluntary context switches so far: one more each time it blocks."""
        for line in self._proc("status").splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                return int(line.split()[1])
        return -1

    def waiting_for_keys(self):
        """True when the program is blocked waiting for terminal input: in
        poll/select, or in read on a terminal (from /proc/PID/syscall)."""
        f = self._proc("syscall").split()
        if not f or f[0] == "running" or not f[0].isdigit():
            return False
        nr = int(f[0])
        if nr in (7, 23, 232, 270, 271, 281):      # poll select epoll_wait pselect6 ppoll epoll_pwait
            return True
        if nr == 0 and len(f) > 1:                 # read: on a terminal?
            try:
                target = os.readlink("/proc/%d/fd/%d" % (self.pid, int(f[1], 16)))
            except (OSError, ValueError):
                return False
            return target.startswith(("/dev/pts/", "/dev/tty", "/dev/ptmx"))
        return False

    def key(self, data, quiet=QUIET_KEY):
        """One key: (ms from the write to the last byte written in answer,
        bytes written, silent). A key the program answers with no output at
        all (a space that changes nothing on screen) is over when the
        program blocks again waiting for keys: its time is then the time to
        that, silent is True. Output ends after `quiet` seconds without any,
        once the program waits for keys again."""
        before = self.switches()
        t_write = time.monotonic()
        os.write(self.fd, data)
        out = 0
        t_last = None
        while True:
            now = time.monotonic()
            if t_last is None:
                if now - t_write > FIRST_BYTE_LIMIT or self.eof:
                    return None, 0, False
                if now - t_write > 0.003 and self.switches() > before and self.waiting_for_keys():
                    # Nothing came, and the program is back waiting: but
                    # output may still be in the pty, so read once more.
                    chunk = self.read(0.001)
                    if not chunk:
                        return (time.monotonic() - t_write) * 1000.0, 0, True
                    out += len(chunk)
                    t_last = time.monotonic()
                    continue
                chunk = self.read(0.002 if now - t_write > 0.003 else 0.003)
            else:
                wait = t_last + quiet - now
                if wait <= 0 and (self.eof or self.waiting_for_keys()):
                    break
                chunk = self.read(max(wait, 0.002))
            if chunk:
                out += len(chunk)
                t_last = time.monotonic()
        return (t_last - t_write) * 1000.0, out, False

    def memory(self):
        """VmHWM and VmRSS in KiB from /proc/PID/status."""
        got = {}
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    name, _, value = line.partition(":")
                    if name in ("VmHWM", "VmRSS"):
                        got[name] = int(value.split()[0])
        except OSError:
            pass
        return got.get("VmHWM"), got.get("VmRSS")

    def quit(self, keys, limit=10.0):
        """Sends the quit keys, reads what is left and reaps the program."""
        try:
            os.write(self.fd, keys)
        except OSError:
            pass
        end = time.monotonic() + limit
        while time.monotonic() < end:
            pid, status, ru = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.status, self.rusage = status, ru
                break
            self.read(0.05)
        else:
            os.kill(self.pid, signal.SIGTERM)
            _, self.status, self.rusage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return self.status


# ---------------------------------------------------------------- figures

def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None


def pct(xs, p):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    k = max(0, min(len(xs) - 1, int(-(-p * len(xs) // 100)) - 1))   # nearest rank
    return xs[k]


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    m = len(xs) // 2
    return xs[m] if len(xs) % 2 else (xs[m - 1] + xs[m]) / 2


def fmt(x, digits=1):
    if x is None:
        return "-"
    if isinstance(x, int):
        return "{:,}".format(x)
    return "{:,.{d}f}".format(x, d=digits)


def presses(session, key, n):
    """n presses of key: lists of latencies (ms) and byte counts."""
    lat, nbytes = [], []
    for _ in range(n):
        ms, b, _ = session.key(key)
        lat.append(ms)
        nbytes.append(b)
    return lat, nbytes


def typed(session, text):
    """Types "/" then text one character at a time, then Esc. Returns the
    latencies (ms) of each character, and those of "/" and Esc."""
    slash, _, _ = session.key(b"/")
    per, silent = [], []
    for ch in text:
        ms, _, quiet = session.key(ch.encode())
        per.append(ms)
        silent.append(quiet)
    esc, _, _ = session.key(b"\x1b", quiet=0.05)
    return slash, per, esc, silent


def print_table(title, header, rows):
    print()
    print(title)
    width = max(len(r[0]) for r in rows)
    cols = [max(len(h), max(len(r[i + 1]) for r in rows)) for i, h in enumerate(header)]
    print("  " + " " * width + "".join("  " + h.rjust(c) for h, c in zip(header, cols)))
    for r in rows:
        print("  " + r[0].ljust(width) + "".join("  " + v.rjust(c) for v, c in zip(r[1:], cols)))


# ---------------------------------------------------------------- billcon

def base_env(home):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "TERM": "xterm-256color",
        "LC_ALL": "C.UTF-8",
        "LANG": "C.UTF-8",
    }
    return env


def make_store(billcon, path, n, env):
    if os.path.exists(path):
        print("  reusing %s" % path, flush=True)
        return
    print("  making %s (--scale %d) ..." % (path, n), flush=True)
    t = time.monotonic()
    tmp = path + ".part"
    if os.path.exists(tmp):
        os.unlink(tmp)
    subprocess.run([billcon, "demo", "init", tmp, "--scale", str(n)], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    os.rename(tmp, path)
    print("  made in %.0f s" % (time.monotonic() - t), flush=True)


def id_fragment(db):
    """Part of a real row's tenant ID: what a user pastes to find it."""
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as con:
        row = con.execute("SELECT tenant_id FROM associated_tenant"
                          " WHERE display_name = 'Scale tenant 0009999'").fetchone()
    return row[0][9:23] if row else "-4"


def bench_billcon(billcon, db, env, runs):
    global ID_FILTER
    ID_FILTER = id_fragment(db)
    argv = [billcon, "--db", db]
    r = {}
    firsts = []
    for _ in range(max(runs - 1, 0)):
        s = Session(argv, env)
        ms, _, _ = s.first_frame(b"row 1 of")
        firsts.append(ms)
        s.quit(b"Q")
    s = Session(argv, env)
    ms, nbytes, frame = s.first_frame(b"row 1 of")
    firsts.append(ms)
    r["first_ms"] = median(firsts)
    r["first_all"] = firsts
    r["first_bytes"] = nbytes
    m = re.search(rb"row 1 of ([0-9]+)", plain(frame))
    r["total"] = int(m.group(1)) if m else None

    r["j_ms"], r["j_bytes"] = presses(s, b"j", J_PRESSES)
    r["pg_ms"], r["pg_bytes"] = presses(s, b"\x06", PAGE_PRESSES)
    # Each filter twice: the first pass meets the full-text index pages
    # cold (the 1M store does not stay in the page cache whole), the
    # second is warm.
    r["name"] = typed(s, NAME_FILTER)
    r["id"] = typed(s, ID_FILTER)
    r["name2"] = typed(s, NAME_FILTER)
    r["id2"] = typed(s, ID_FILTER)
    r["hwm"], r["rss"] = s.memory()
    status = s.quit(b"Q")
    r["exit"] = os.waitstatus_to_exitcode(status) if status is not None else None
    r["maxrss"] = s.rusage.ru_maxrss if s.rusage else None
    return r


def late(r, key):
    """Latencies from the 3rd character on; None stands for no answer."""
    return r[key][1][2:]


def worst(xs):
    return None if None in xs else max(xs, default=None)


def filter_rows(label, key):
    return [
        ("%s: ms, 1st-2nd char, max" % label, lambda r: fmt(worst(r[key + "2"][1][:2]), 2)),
        ("%s: ms, 3rd char on, mean" % label, lambda r: fmt(mean(late(r, key + "2")), 2)),
        ("%s: ms, 3rd char on, max" % label, lambda r: fmt(worst(late(r, key + "2")), 2)),
        ("%s: ms, 3rd on, max, 1st pass" % label, lambda r: fmt(worst(late(r, key)), 2)),
    ]


BILLCON_ROWS = [
    ("tenants (footer \"of N\")", lambda r: fmt(r["total"])),
    ("first frame, ms (median)", lambda r: fmt(r["first_ms"])),
    ("first frame, ms (each run)", lambda r: " ".join("%.0f" % x for x in r["first_all"])),
    ("first frame, bytes", lambda r: fmt(r["first_bytes"])),
    ("j: bytes/key, mean", lambda r: fmt(mean(r["j_bytes"]))),
    ("j: bytes/key, first 10 (no scroll)", lambda r: fmt(mean(r["j_bytes"][:10]))),
    ("j: bytes/key, last 100 (scrolling)", lambda r: fmt(mean(r["j_bytes"][-100:]))),
    ("j: bytes/key, max", lambda r: fmt(max(r["j_bytes"]))),
    ("j: ms, mean", lambda r: fmt(mean(r["j_ms"]), 2)),
    ("j: ms, p95", lambda r: fmt(pct(r["j_ms"], 95), 2)),
    ("^F: bytes/key, mean", lambda r: fmt(mean(r["pg_bytes"]))),
    ("^F: bytes/key, max", lambda r: fmt(max(r["pg_bytes"]))),
    ("^F: ms, mean", lambda r: fmt(mean(r["pg_ms"]), 2)),
    ("^F: ms, p95", lambda r: fmt(pct(r["pg_ms"], 95), 2)),
] + filter_rows("filter name", "name") + filter_rows("filter ID", "id") + [
    ("Esc after filter, ms", lambda r: fmt(r["name2"][2], 1)),
    ("VmHWM, KiB", lambda r: fmt(r["hwm"])),
    ("VmRSS, KiB", lambda r: fmt(r["rss"])),
]


def print_keystrokes(results):
    for key, text in (("name", NAME_FILTER), ("id", ID_FILTER)):
        print()
        print("  filter keystrokes, ms from write to last byte: /%s" % text)
        print("    " + "size, pass".rjust(14) + "  " + "/".rjust(5) + "".join(
            repr(c)[1:-1].rjust(6) for c in text))
        for n, r in results:
            for k, which in ((key, "1st"), (key + "2", "2nd")):
                slash, per, _, silent = r[k]
                print("    " + (fmt(n) + ", " + which).rjust(14) + "  " + fmt(slash, 1).rjust(5) +
                      "".join((fmt(x, 1) + ("*" if q else " ")).rjust(6)
                              for x, q in zip(per, silent)))
    print("    * no output at all: the time until billcon waited for keys again")


VARIED_WORDS = ("Adatum Fabrikam Contoso Northwind Tailspin Wingtip Litware Proseware Relecloud"
                " Woodgrove Alpine Fourth Coffee Lucerne Publishing Margie Travel Trey Research"
                " Wide World Importers Blue Yonder Airlines Humongous Insurance Graphic Design"
                " Institute School of Fine Arts Southridge Video Lamna Healthcare Bellows"
                " College Consolidated Messenger VanArsdel").split()


def make_varied(db, path):
    """A copy of db whose generated tenants have varied names (2-4 words, so
    some are cut at the column's width) and random v4 GUIDs, as real ones
    are. The generated rows differ only in a few digits, which flatters the
    bytes per key: curses rewrites only the cells that changed."""
    if os.path.exists(path):
        os.unlink(path)
    src, dst = sqlite3.connect(db), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    rnd = random.Random(7)
    with dst:
        ids = [r[0] for r in dst.execute(
            "SELECT id FROM associated_tenant WHERE display_name LIKE 'Scale tenant %'")]
        for i in ids:
            name = " ".join(rnd.choice(VARIED_WORDS) for _ in range(rnd.randint(2, 4)))
            dst.execute("UPDATE associated_tenant SET display_name = ?, tenant_id = ? WHERE id = ?",
                        ("%s %d" % (name[:40], i), str(uuid.UUID(int=rnd.getrandbits(128), version=4)), i))
    dst.close()


def bench_varied(billcon, db, env):
    """Bytes per j and ^F on the varied copy (no filters, no first frame)."""
    s = Session([billcon, "--db", db], env)
    s.first_frame(b"row 1 of")
    r = {}
    r["j_ms"], r["j_bytes"] = presses(s, b"j", J_PRESSES)
    r["pg_ms"], r["pg_bytes"] = presses(s, b"\x06", PAGE_PRESSES)
    s.quit(b"Q")
    return r


def targets(results, varied=None):
    print()
    n, big = results[-1]
    small = results[0]
    print("Targets, at %s rows%s:" % (fmt(n), "" if n == 1000000 else
                                         " (the largest size measured; targets are for 1,000,000)"))
    lines = []

    def check(name, ok, detail):
        lines.append(("PASS" if ok else "MISS", name, detail))

    check("first frame under %.0f ms" % TARGET_FIRST_MS, big["first_ms"] < TARGET_FIRST_MS,
          "%.1f ms (median of %d)" % (big["first_ms"], len(big["first_all"])))
    jmax = max(big["j_bytes"])
    check("cursor-down at most %d bytes" % TARGET_DOWN_BYTES, jmax <= TARGET_DOWN_BYTES,
          "max %d, mean %.1f bytes per j" % (jmax, mean(big["j_bytes"])))
    pmax = max(big["pg_bytes"])
    check("page-down at most %.1f KB" % (TARGET_PAGE_BYTES / 1000), pmax <= TARGET_PAGE_BYTES,
          "max %d, mean %.1f bytes per ^F" % (pmax, mean(big["pg_bytes"])))
    warm = late(big, "name2") + late(big, "id2")
    cold = late(big, "name") + late(big, "id")
    wmax = worst(warm)
    check("filtered first screen under %.0f ms from 3 chars on" % TARGET_FILTER_MS,
          wmax is not None and wmax < TARGET_FILTER_MS,
          "max %s ms, mean %s ms over both filters, 2nd pass (1st pass: max %s ms)" % (
              fmt(wmax, 2), fmt(mean(warm), 2), fmt(worst(cold), 2)))
    if small[1]["hwm"] and big["hwm"]:
        ratio = big["hwm"] / small[1]["hwm"]
        check("RSS within %.1fx of %s rows" % (TARGET_RSS_RATIO, fmt(small[0])),
              ratio <= TARGET_RSS_RATIO,
              "VmHWM %s KiB vs %s KiB: %.2fx" % (fmt(big["hwm"]), fmt(small[1]["hwm"]), ratio))
    for verdict, name, detail in lines:
        print("  %-4s  %-50s %s" % (verdict, name, detail))
    if varied:
        n, v = varied
        jmax, pmax = max(v["j_bytes"]), max(v["pg_bytes"])
        print("  The same byte targets on %s varied rows (random names and GUIDs):" % fmt(n))
        print("  %-4s  %-50s %s" % ("PASS" if jmax <= TARGET_DOWN_BYTES else "MISS",
                                    "cursor-down at most %d bytes" % TARGET_DOWN_BYTES,
                                    "max %d, mean %.1f bytes per j" % (jmax, mean(v["j_bytes"]))))
        print("  %-4s  %-50s %s" % ("PASS" if pmax <= TARGET_PAGE_BYTES else "MISS",
                                    "page-down at most %.1f KB" % (TARGET_PAGE_BYTES / 1000),
                                    "max %d, mean %.1f bytes per ^F" % (pmax, mean(v["pg_bytes"]))))


# ---------------------------------------------------------------- tig, less

def make_git_repo(path, n, env):
    subprocess.run(["git", "init", "-q", "-b", "main", path], env=env, check=True)
    chunks = []
    when = 1600000000
    for i in range(1, n + 1):
        msg = "Commit %d\n" % i
        body = "%d\n" % i
        chunks.append("commit refs/heads/main\n"
                      "committer Bench <bench@example.com> %d +0000\n"
                      "data %d\n%s"
                      "M 644 inline f\ndata %d\n%s\n" % (when + i, len(msg), msg, len(body), body))
    stream = "".join(chunks).encode()
    subprocess.run(["git", "fast-import", "--quiet"], input=stream, cwd=path, env=env, check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=path, env=env, check=True)


def bench_pager(argv, env, cwd, keys, quit_keys, until):
    """The first frame is the first output burst (30 ms of quiet after the
    first byte), and the first burst that shows `until` (30 ms of quiet
    after it): tig's first burst is only its empty screen, before git log
    answers."""
    r = {}
    s = Session(argv, env, cwd)
    ms, nbytes, out = s.first_frame()
    r["burst_ms"], r["burst_bytes"] = ms, nbytes
    if until not in plain(out):
        ms, more, _ = s.first_frame(until)
        nbytes += more
    r["first_ms"], r["first_bytes"] = ms, nbytes
    r["settled_ms"] = (s.settle() - s.t0) * 1000.0
    for name, key, n in keys:
        r[name] = presses(s, key, n)
    r["hwm"], r["rss"] = s.memory()
    s.quit(quit_keys)
    return r


def install_tig():
    """tig is the yardstick: installed from Debian's archive when missing and
    the bench runs as root (the bench is not part of CI)."""
    if shutil.which("tig") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return shutil.which("tig")
    print("tig: missing; installing it with apt-get", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if subprocess.run(["apt-get", "install", "-y", "-qq", "tig"], env=env,
                      stdout=subprocess.DEVNULL).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "tig"], env=env,
                       stdout=subprocess.DEVNULL)
    return shutil.which("tig")


def bench_others(env, work):
    out = {}
    tig = install_tig()
    if not tig:
        print()
        print("tig: missing (not measured). `apt-get install tig` installs it.")
    else:
        repo = os.path.join(work, "repo")
        t = time.monotonic()
        genv = dict(env, GIT_CONFIG_NOSYSTEM="1")
        make_git_repo(repo, GIT_COMMITS, genv)
        print("  made a git repository of %s commits in %.1f s" %
              (fmt(GIT_COMMITS), time.monotonic() - t), flush=True)
        # tig 2.5 leaves ^F unbound ("Unknown key"): PgDn is its page-down.
        keys = [("j", b"j", J_PRESSES), ("PgDn", b"\x1b[6~", PAGE_PRESSES)]
        out["tig"] = bench_pager([tig], genv, repo, keys, b"Q", b"Commit %d" % GIT_COMMITS)
    less = shutil.which("less")
    if not less:
        print("less: missing (not measured).")
    else:
        text = os.path.join(work, "lines.txt")
        with open(text, "w") as f:
            for i in range(1, LESS_LINES + 1):
                f.write("line %07d  the quick brown fox jumps over the lazy dog %d\n" % (i, i * 7919))
        lenv = dict(env, LESSHISTFILE="-")
        keys = [("j", b"j", J_PRESSES), ("f", b"f", PAGE_PRESSES),
                ("PgDn", b"\x1b[6~", PAGE_PRESSES)]
        out["less"] = bench_pager([less, text], lenv, work, keys, b"q", b"line %07d" % (ROWS - 1))
    return out


def print_others(others):
    for name, r in others.items():
        keys = [k for k in r if isinstance(r[k], tuple)]
        rows = [
            ("first burst, ms", fmt(r["burst_ms"])),
            ("first burst, bytes", fmt(r["burst_bytes"])),
            ("first frame with rows, ms", fmt(r["first_ms"])),
            ("first frame with rows, bytes", fmt(r["first_bytes"])),
            ("loaded (last output before 300 ms quiet), ms", fmt(r["settled_ms"])),
        ]
        for k in keys:
            lat, nbytes = r[k]
            rows += [
                ("%s: bytes/key, mean" % k, fmt(mean(nbytes))),
            ]
            if k == "j":
                rows += [
                    ("j: bytes/key, first 10 (no scroll)", fmt(mean(nbytes[:10]))),
                    ("j: bytes/key, last 100 (scrolling)", fmt(mean(nbytes[-100:]))),
                ]
            rows += [
                ("%s: bytes/key, max" % k, fmt(max(nbytes))),
                ("%s: ms, mean" % k, fmt(mean(lat), 2)),
                ("%s: ms, p95" % k, fmt(pct(lat, 95), 2)),
            ]
        rows += [("VmHWM, KiB", fmt(r["hwm"])), ("VmRSS, KiB", fmt(r["rss"]))]
        what = ("%s commits" % fmt(GIT_COMMITS)) if name == "tig" else ("%s lines" % fmt(LESS_LINES))
        print_table("%s, %s, %dx%d:" % (name, what, COLS, ROWS), ["value"],
                    [(a, b) for a, b in rows])


# ---------------------------------------------------------------- main

def usage(msg=None):
    if msg:
        print("run-tui.py: %s" % msg, file=sys.stderr)
    print("usage: bench/run-tui.py [--billcon PATH] [--sizes 10000,100000,1000000]"
          " [--store-dir DIR] [--runs N] [--no-tig] [--no-varied]", file=sys.stderr)
    sys.exit(2)


def main(args):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    billcon = os.path.join(root, "build-tui", "billcon")
    sizes = [10000, 100000, 1000000]
    store_dir = None
    runs = 3
    tig = True
    vary = True
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-h", "--help"):
            usage()
        elif a == "--no-tig":
            tig = False
        elif a == "--no-varied":
            vary = False
        elif a in ("--billcon", "--sizes", "--store-dir", "--runs"):
            if i + 1 >= len(args):
                usage("%s needs a value" % a)
            v = args[i + 1]
            i += 1
            if a == "--billcon":
                billcon = os.path.abspath(v)
            elif a == "--store-dir":
                store_dir = os.path.abspath(v)
            elif a == "--runs":
                if not v.isdigit() or int(v) < 1:
                    usage("--runs needs a positive number")
                runs = int(v)
            else:
                try:
                    sizes = [int(x) for x in v.split(",") if x]
                except ValueError:
                    usage("--sizes needs numbers, such as 10000,100000")
                if not sizes or min(sizes) < 1:
                    usage("--sizes needs numbers, such as 10000,100000")
        else:
            usage("unknown argument %s" % a)
        i += 1
    if not os.access(billcon, os.X_OK):
        print("run-tui.py: no billcon binary at %s" % billcon, file=sys.stderr)
        print("  build one: mkdir -p build-tui && cd build-tui && ../configure && make billcon",
              file=sys.stderr)
        sys.exit(1)

    work = tempfile.mkdtemp(prefix="billcon-tui-")
    try:
        home = os.path.join(work, "home")
        os.mkdir(home)
        env = base_env(home)
        if store_dir:
            os.makedirs(store_dir, exist_ok=True)
        sdir = store_dir or work
        print("billcon console benchmark: %s" % billcon)
        print("%d cpus, %s; pty %dx%d, TERM=%s, LC_ALL=%s" % (
            os.cpu_count(), os.uname().machine, COLS, ROWS, env["TERM"], env["LC_ALL"]),
            flush=True)
        results = []
        for n in sorted(sizes):
            db = os.path.join(sdir, "billcon-scale-%d.db" % n)
            make_store(billcon, db, n, env)
            print("  timing %s rows ..." % fmt(n), flush=True)
            results.append((n, bench_billcon(billcon, db, env, runs)))
        print_table("billcon, Associated tenants blade, %dx%d:" % (COLS, ROWS),
                    [fmt(n) for n, _ in results],
                    [(label,) + tuple(f(r) for _, r in results) for label, f in BILLCON_ROWS])
        print_keystrokes(results)
        varied = None
        if vary:
            n0 = results[0][0]
            vdb = os.path.join(work, "varied-%d.db" % n0)
            make_varied(os.path.join(sdir, "billcon-scale-%d.db" % n0), vdb)
            v = bench_varied(billcon, vdb, env)
            varied = (n0, v)
            print_table("billcon on a copy of the %s store with varied names and random GUIDs:" % fmt(n0),
                        ["varied"], [
                            ("j: bytes/key, mean", fmt(mean(v["j_bytes"]))),
                            ("j: bytes/key, first 10 (no scroll)", fmt(mean(v["j_bytes"][:10]))),
                            ("j: bytes/key, last 100 (scrolling)", fmt(mean(v["j_bytes"][-100:]))),
                            ("j: bytes/key, max", fmt(max(v["j_bytes"]))),
                            ("^F: bytes/key, mean", fmt(mean(v["pg_bytes"]))),
                            ("^F: bytes/key, max", fmt(max(v["pg_bytes"]))),
                        ])
        others = {}
        if tig:
            others = bench_others(env, work)
            print_others(others)
        targets(results, varied)
        for n, r in results:
            if r["exit"] not in (0, None):
                print("note: billcon exited with %s at %s rows" % (r["exit"], fmt(n)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
