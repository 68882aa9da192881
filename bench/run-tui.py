#!/usr/bin/env python3
"""bench/run-tui.py: time billcon's console under a pseudo-terminal.

Usage: bench/run-tui.py [--billcon PATH] [--sizes 10000,100000,1000000]
                        [--store-dir DIR] [--runs N] [--no-tig] [--no-varied]
                        [--db PATH]... [--only-filter]
                        [--blade tenants|iam|requests|audit|hierarchy|invoices]
                        [--switch N]

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
  --db PATH        time billcon on this existing store instead of making
                   stores (may be given more than once; --sizes and
                   --store-dir are then ignored): a 1,000,000-row store made
                   once can be measured again and again. Implies --no-tig
                   and --no-varied. billcon opens it writable, as users do
                   (it migrates an old store)
  --only-filter    time only the filters: one launch (its first frame is
                   shown but not checked against the target), no j, no ^F;
                   implies --no-tig and --no-varied
  --blade NAME     the blade to time: tenants (Associated tenants, the
                   default, where billcon opens), iam (Access control) or
                   requests (Manage requests) or audit (the audit trail:
                   "n/a" when this billcon has no :audit blade). Another
                   blade than tenants is
                   opened as a user does, ":NAME" then Enter once the
                   tenants frame is drawn, and its first frame is timed
                   from the write of Enter (the launch to the tenants frame
                   is shown beside it); the filters type that blade's words
                   (BLADES below) and fragments of its IDs (users' tenant
                   IDs; request names; for audit, starts of object IDs,
                   since its index matches word starts). Implies
                   --no-varied (the varied copy renames tenants only).
                   hierarchy (the Billing hierarchy tree): each size is
                   that many subscriptions (make_tree_store: the demo,
                   then 10 profiles of 10 sections, half the subscriptions
                   in the first section, the rest spread); before j and ^F
                   the first section is opened (j five times, then +),
                   and G, g, - and + are timed as well
                   invoices (the Invoices blade): its stores are made with
                   `demo init --invoices N` (N invoices on Contoso's
                   profile) rather than --scale; its filter index is
                   invoice_fts (number, status, currency, profile)
  --switch N       time the :account switcher instead, on a store made with
                   `demo init --accounts N --invoices 100000` (N accounts
                   the demo's user sees, 100,000 invoices on Contoso): from
                   the Invoices blade and from the tenants blade, ":account",
                   a generated account's number typed (each key timed),
                   Enter (the switch: every blade rescoped and the blade
                   redrawn, timed to its last byte), then back to Contoso
                   the same way; 20 rounds each

For each size (below: the tenants blade; other blades alike, with their own
footer text, words and IDs) the script makes a store with `billcon demo init DB --scale N`
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
    then "/" and 14 characters from the middle of the tenant ID of "Scale
    tenant 0009999", Esc (these two are kept as they were, so older figures
    stay comparable); then, the same way, what users type: a few more name
    prefixes (NAME_FILTERS) and tenant-ID fragments of 3, 4, 5 and 6 hex
    characters, 8 of each length, taken without dashes from the middle of
    the IDs of random tenants of the store (fixed seed, ID_SEED; read with
    Python's sqlite3, read-only, before billcon starts). Every key is
    timed. The whole series is typed twice: the first pass may read
    full-text index pages from disk (a 1M store is 3 GB), the second is
    warm; targets are checked on the second, the first is shown beside it.
    Figures are taken from the 3rd character on (the trigram index serves
    3 characters or more): mean, 90th percentile (nearest rank) and max,
    for names and for ID fragments apart, and per fragment length. How many
    rows of the store hold each string (the trigram index, counted to
    100,001) is printed beside its keystrokes;
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
# Name prefixes as users type them; NAME_FILTER first (its own rows above
# stay as they were). Generated names are "Scale tenant %07d": from 10,000
# rows on "...0005" matches 1,000 of them and "...000123" 10; at 1M "...05"
# matches 100,000 that sort after half the list; "...5" and "...99" match
# none (names are zero-padded), as a user's guess may not; Fabrikam and
# Woodgrove are demo tenants, one row each.
NAME_FILTERS = (NAME_FILTER, "Scale tenant 5", "Scale tenant 05", "Scale tenant 0005",
                "Scale tenant 000123", "Scale tenant 99", "Fabrikam", "Woodgrove")
# Tenant-ID fragments: ID_PER_LENGTH of each length, from random tenants.
ID_LENGTHS = (3, 4, 5, 6)
ID_PER_LENGTH = 8
ID_SEED = 20261201
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


def need_billcon(billcon, who):
    """Exits saying how to build billcon when there is no binary at billcon."""
    if not os.access(billcon, os.X_OK):
        sys.exit("%s: no billcon binary at %s\n  build one: mkdir -p build-tui && cd build-tui"
                 " && ../configure && make billcon" % (who, billcon))


def home_env(work):
    """base_env with a new home folder in work."""
    home = os.path.join(work, "home")
    os.mkdir(home)
    return base_env(home)


def make_store(billcon, path, n, env, flags=None):
    """demo init with --scale n, or with flags (["--invoices", "N"])."""
    flags = flags or ["--scale", str(n)]
    if os.path.exists(path):
        print("  reusing %s" % path, flush=True)
        return
    print("  making %s (%s) ..." % (path, " ".join(flags)), flush=True)
    t = time.monotonic()
    tmp = path + ".part"
    if os.path.exists(tmp):
        os.unlink(tmp)
    subprocess.run([billcon, "demo", "init", tmp] + flags, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    os.rename(tmp, path)
    print("  made in %.0f s" % (time.monotonic() - t), flush=True)


def id_fragment(db):
    """Part of a real row's tenant ID: what a user pastes to find it."""
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as con:
        row = con.execute("SELECT tenant_id FROM associated_tenant"
                          " WHERE display_name = 'Scale tenant 0009999'").fetchone()
    return row[0][9:23] if row else "-4"


def role_id_fragment(db):
    """The middle of the user's tenant ID of the 9,999th role assignment
    (the Access control blade's long ID filter)."""
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as con:
        row = con.execute("SELECT principal_tenant_id FROM role_assignment WHERE id >= 9999"
                          " AND principal_tenant_id IS NOT NULL ORDER BY id LIMIT 1").fetchone()
    return row[0][9:23] if row else "-4"


def request_id_fragment(db):
    """The end of the name (a GUID) of the 9,999th request: the generated
    names differ only in their last group."""
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as con:
        row = con.execute("SELECT name FROM billing_request WHERE id >= 9999"
                          " ORDER BY id LIMIT 1").fetchone()
    return row[0][-14:] if row else "-4"


def biggest_account(con, blade):
    """The account with the most rows of the blade's table: the one the
    blade shows (the demo's first)."""
    b = BLADES[blade]
    acc = None
    if b.get("count_table"):
        try:
            acc = con.execute("SELECT account_id FROM %s ORDER BY n DESC LIMIT 1"
                              % b["count_table"]).fetchone()
        except sqlite3.Error:          # a store from before the count table
            acc = None
    if acc is None:
        acc = con.execute("SELECT account_id FROM %s GROUP BY account_id"
                          " HAVING account_id IS NOT NULL"
                          " ORDER BY count(*) DESC LIMIT 1" % b["table"]).fetchone()
    return acc


def id_fragments(db, lengths=ID_LENGTHS, per=ID_PER_LENGTH, seed=ID_SEED, blade="tenants"):
    """Fragments of real IDs, `per` of each length: each from the ID column
    of the blade (a tenant's ID; a role assignment's user's tenant; a
    request's name) of a random row of the account with the most rows (the
    one the blade shows), a run of hex digits between dashes, not the ID's
    first or last characters; for requests, from the name's last
    characters (the blade's "frag_tail"), ending it or not: generated
    request names differ only there. Fixed seed: the same store gives the
    same fragments. Returns [(length, fragment), ...]."""
    b = BLADES[blade]
    table, col, tail = b["table"], b["id_column"], b.get("frag_tail")
    rnd = random.Random(seed)
    out = []
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as con:
        acc = biggest_account(con, blade)
        if acc is None:
            return out
        lo, hi = con.execute("SELECT min(id), max(id) FROM %s"
                             " WHERE account_id = ?" % table, acc).fetchone()
        for length in lengths:
            got, tries = set(), 0
            while len(got) < per and tries < 100 * per:
                tries += 1
                row = con.execute("SELECT %s FROM %s WHERE id >= ?"
                                  " AND account_id = ? AND %s IS NOT NULL"
                                  " ORDER BY id LIMIT 1" % (col, table, col),
                                  (rnd.randint(lo, hi), acc[0])).fetchone()
                if not row:
                    continue
                tid = row[0].lower()
                # Start positions whose fragment holds no dash and neither
                # begins nor ends the ID (with a tail: within it).
                span = (range(len(tid) - tail, len(tid) - length + 1) if tail
                        else range(1, len(tid) - length))
                starts = [i for i in span
                          if all(c in "0123456789abcdef" for c in tid[i:i + length])]
                if not starts:
                    continue
                i = rnd.choice(starts)
                frag = tid[i:i + length]
                if frag not in got:
                    got.add(frag)
                    out.append((length, frag))
    return out


MATCH_CAP = 100000


def matches(db, texts, fts="associated_tenant_fts", prefix=False):
    """How many rows of the store hold each text in the blade's full-text
    index (for tenants a name, ID or domain), counted to MATCH_CAP + 1 (all
    accounts); None when this Python's SQLite cannot read the index. With
    prefix, the text starts a word (the audit index), and a structured
    term (actor:...) is not counted."""
    got = {}
    if not fts:                        # a LIKE filter: nothing to count
        return got
    try:
        con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    except sqlite3.Error:
        return got
    try:
        for t in texts:
            if len(t) < 3 or (prefix and ":" in t):
                continue
            phrase = '"%s"' % t.replace('"', '""') + ("*" if prefix else "")
            try:
                got[t] = con.execute(
                    "SELECT count(*) FROM (SELECT rowid FROM %s"
                    " WHERE %s MATCH ? LIMIT %d)" % (fts, fts, MATCH_CAP + 1),
                    (phrase,)).fetchone()[0]
            except sqlite3.Error:
                got[t] = None
    finally:
        con.close()
    return got


def footer_total(db, frame):
    """The tenants blade's row count, from its footer "row 1 of N"."""
    m = re.search(rb"row 1 of ([0-9]+)", frame)
    return int(m.group(1)) if m else None


def table_total(blade):
    """The rows of the blade's account, counted in the store: the footer
    of a blade opened over the tenants blade is drawn as a difference from
    the tenants footer (curses rewrites only the cells that change), so
    its count cannot be read from the output; Access control has none."""
    def total(db, frame):
        with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as con:
            acc = biggest_account(con, blade)
            if acc is None:
                return 0
            return con.execute("SELECT count(*) FROM %s WHERE account_id = ?"
                               % BLADES[blade]["table"], acc).fetchone()[0]
    return total


def audit_object_ids(db, n, seed=ID_SEED):
    """The IDs that end the objects of n random entries of the trail (a
    tenant's GUID, a request's name, a user's email): what an auditor
    pastes to find an object."""
    rnd = random.Random(seed)
    out = []
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as con:
        hi = con.execute("SELECT max(seq) FROM audit").fetchone()[0] or 0
        for _ in range(n * 10):
            if len(out) >= n or hi == 0:
                break
            row = con.execute("SELECT object FROM audit WHERE seq >= ? AND"
                              " (object LIKE '%/associatedTenants/%' OR object LIKE '%/billingRequests/%')"
                              " ORDER BY seq LIMIT 1", (rnd.randint(1, hi),)).fetchone()
            if row:
                out.append(row[0].rsplit("/", 1)[1].lower())
    return out


def audit_id_fragment(db):
    """The first 14 characters of an object's ID (the index matches word
    starts, so the middle of an ID finds nothing)."""
    ids = audit_object_ids(db, 1, seed=9999)
    return ids[0][:14] if ids else "c0000000"


def audit_fragments(db, lengths=ID_LENGTHS, per=ID_PER_LENGTH, seed=ID_SEED, blade="audit"):
    """As id_fragments, for the audit blade: the starts of object IDs of
    random entries, `per` of each length."""
    ids = audit_object_ids(db, per * len(lengths), seed)
    return [(length, ids[i * per + j][:length])
            for i, length in enumerate(lengths) for j in range(per) if i * per + j < len(ids)]


def make_tree_store(billcon, path, n, env):
    """The demo, then n subscriptions under 10 new profiles of 10 sections
    each: half in the first section (a section of n/2 to page through),
    the rest spread over the others; names "Subscription 0000001" on,
    random-looking GUIDs (fixed seed), every fifth in another tenant."""
    if os.path.exists(path):
        print("  reusing %s" % path, flush=True)
        return
    tmp = path + ".part"
    if os.path.exists(tmp):
        os.unlink(tmp)
    make_store(billcon, tmp, 0, env)
    print("  adding %d subscriptions ..." % n, flush=True)
    rnd = random.Random(11)
    con = sqlite3.connect(tmp)
    with con:
        sections = []
        for p in range(10):
            pid = con.execute("INSERT INTO billing_profile(account_id, name, display_name, invoice_day, currency)"
                              " VALUES(1, ?, ?, ?, 'USD')", ("BP%02d-BNCH-PJA-TGB" % p, "Profile %02d" % p,
                                                           1 + p)).lastrowid
            for k in range(10):
                sections.append(con.execute("INSERT INTO invoice_section(profile_id, name, display_name)"
                                            " VALUES(?, ?, ?)", (pid, "S%02d%02d-BNCH-PJA-TGB" % (p, k),
                                                                 "Section %02d-%02d" % (p, k))).lastrowid)

        def rows():
            for i in range(n):
                sec = sections[0] if i < n // 2 else sections[1 + i % (len(sections) - 1)]
                g = "%032x" % rnd.getrandbits(128)
                yield (sec, "%s-%s-4%s-8%s-%s" % (g[:8], g[8:12], g[13:16], g[17:20], g[20:32]),
                       "Subscription %07d" % i,
                       "c0000000-0000-4000-8000-00000000000%d" % (2 if i % 5 == 0 else 1))
        con.executemany("INSERT INTO subscription(section_id, subscription_id, display_name, service_tenant_id)"
                        " VALUES(?, ?, ?, ?)", rows())
    con.close()
    os.rename(tmp, path)


def tree_fragments(db, lengths=ID_LENGTHS, per=ID_PER_LENGTH, seed=ID_SEED, blade="hierarchy"):
    """Fragments of the subscription IDs of random subscriptions."""
    rnd = random.Random(seed)
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as con:
        top = con.execute("SELECT max(id) FROM subscription").fetchone()[0] or 1
        out = []
        for length in lengths:
            for _ in range(per):
                row = con.execute("SELECT subscription_id FROM subscription WHERE id >= ? ORDER BY id LIMIT 1",
                                  (rnd.randint(1, top),)).fetchone()
                hexes = (row[0] if row else "0123456789abcdef").replace("-", "")
                at = rnd.randint(0, len(hexes) - length)
                out.append((length, hexes[at:at + length]))
    return out


def tree_id_fragment(db):
    frags = tree_fragments(db, (14,), 1)
    return frags[0][1]


def tree_total(db, frame):
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as con:
        return con.execute("SELECT count(*) FROM subscription").fetchone()[0]


# The blades the bench can time (--blade NAME). "palette": what ":" is
# followed by to open the blade (None: billcon opens on it); "footer": text
# of its first frame's footer that the tenants footer does not hold, so
# that the frame is known to be drawn (curses writes only the difference
# between the two footers: "row 1 | sorted by user" after "row 1 of N |
# sorted by name" is written as "| sorted by user"; the requests footer
# "row 1 of N | sorted by status, pending first" as a few digits and
# "status, pending first"). "words": what users type, NAME_FILTER's role
# first; "fts", "table", "id_column": where the matches, fragments and
# totals are read.
#
# Access control at a million rows: users user0000001@contoso.com up to
# user0999999@contoso.com (zero-padded 7 digits), each a reader of the
# account with a random tenant GUID; "user99" matches none, "user05"
# 100,000 that sort after half the list, "user000123" 10; "reader"
# matches every generated row, "Owner" (any case) a handful, and the demo's
# users (ada, admin@fabrikam) one or two each. Manage requests: the same
# users are the addressees of 1,000,000 RoleAssignment requests, a fifth
# each Approved, Cancelled, Completed, Declined, Expired; the provisioning
# requests (a handful) are addressed to "Global administrator of" a tenant.
BLADES = {
    "tenants": {
        "palette": None, "footer": b"row 1 of", "total": footer_total,
        "words": NAME_FILTERS, "id_fragment": id_fragment,
        "fts": "associated_tenant_fts", "table": "associated_tenant", "id_column": "tenant_id",
        "count_table": "associated_tenant_count", "title": "Associated tenants",
    },
    "iam": {
        "palette": b"iam", "footer": b"sorted by user", "total": table_total("iam"),
        "words": ("user0009999@contoso.com", "user05", "user0005", "user000123", "user99",
                  "ada@contoso.com", "admin@fabrikam", "Owner", "Invoice manager", "reader"),
        "id_fragment": role_id_fragment,
        "fts": "role_assignment_fts", "table": "role_assignment",
        "id_column": "principal_tenant_id", "title": "Access control (IAM)",
    },
    "requests": {
        "palette": b"requests", "footer": b"pending first", "total": table_total("requests"),
        "words": ("user0009999@contoso.com", "user05", "user000123", "user99",
                  "Global administrator", "ProvisioningAccess", "Pending", "Declined",
                  "RoleAssignment"),
        "id_fragment": request_id_fragment,
        "fts": "billing_request_fts", "table": "billing_request", "id_column": "name",
        "frag_tail": 7, "count_table": "billing_request_count", "title": "Manage requests",
    },
    # The audit trail of `billcon demo init --audit N`: ~300 actors
    # first.last@contoso.com (ada.lovelace among them), 14 actions mixed as
    # in use, objects under the Contoso account (its tenants, role
    # assignments), requests and directory users; a year of times. Its
    # footer is not known here (the blade came after this bench): its
    # first frame is the output after Enter up to 30 ms of quiet.
    "audit": {
        "palette": b"audit", "footer": None, "total": table_total("audit"),
        "words": ("ada.lovelace@contoso.com", "ada", "actor:ada.lovelace", "action:role.assign",
                  "tenant.update", "object:c0000000", "Revoked", "guest", "since:2026-06-01",
                  "nothing-matches"),
        "id_fragment": audit_id_fragment, "fragments": audit_fragments, "match_prefix": True,
        "fts": "audit_fts", "table": "audit", "id_column": "object", "title": "Audit trail",
        # The filter's targets: 16 ms at 1M entries, 50 at 10M.
        "filter_ms": lambda n: TARGET_FILTER_MS if n <= 2000000 else 50.0,
    },
    # The Billing hierarchy tree (make_tree_store): its filter is LIKE
    # over names and subscription IDs, keeping matches' ancestors.
    "hierarchy": {
        "palette": b"hierarchy", "footer": b"sorted by tree", "total": tree_total,
        "words": ("Subscription 0099999", "Subscription 00500", "Section 05-05", "Profile 07",
                  "Woodgrove", "nothing-matches"),
        "id_fragment": tree_id_fragment, "fragments": tree_fragments,
        "fts": None, "table": "subscription", "id_column": "subscription_id",
        "title": "Billing hierarchy", "make": make_tree_store,
        # Open the first bench section: j five times, then + (Right is
        # ESC O C in the keypad mode curses sets, not worth spelling here).
        "setup": [b"j"] * 5 + [b"+"],
        "extra": [("G (last row)", b"G"), ("g (first row)", b"g"), ("- on the account (close)", b"-"),
                  ("+ on the account (open)", b"+")],
    },
    # `demo init --invoices N`: N invoices B000000001.. on Contoso's
    # profile, one every two hours back from now, statuses Paid (half),
    # Due, PastDue and Void; plus the demo's year of G... invoices.
    "invoices": {
        "palette": b"invoices", "footer": b"sorted by date", "total": table_total("invoices"),
        "words": ("B000099999", "B0000", "PastDue", "Void", "G001", "Contoso Operations",
                  "nothing-matches"),
        "id_fragment": lambda db: "000099", "fts": "invoice_fts", "table": "invoice", "id_column": "name",
        "count_table": "invoice_count", "store_flag": "--invoices", "title": "Invoices",
    },
}


def fmt_matches(n):
    if n is None:
        return "?"
    return (">" + fmt(MATCH_CAP)) if n > MATCH_CAP else fmt(n)


class BladeMissing(Exception):
    """The palette names no such blade: this billcon was built without it."""


def start(billcon, db, env, blade):
    """A console on db showing the blade: (session, ms to its first frame,
    bytes of that frame, the frame). The tenants blade is the one billcon
    opens on: its frame is timed from the fork. Another blade is opened as
    a user does, with ":NAME" and Enter once the tenants frame is drawn and
    quiet: its frame is timed from the write of Enter."""
    b = BLADES[blade]
    s = Session([billcon, "--db", db], env)
    ms, nbytes, frame = s.first_frame(BLADES["tenants"]["footer"])
    s.launch_ms = ms
    if b["palette"] is None:
        return s, ms, nbytes, frame
    s.settle(quiet=0.2)
    for ch in b":" + b["palette"]:
        s.key(bytes([ch]))
    t = time.monotonic()
    os.write(s.fd, b"\r")
    out, _, t_last = s.burst(QUIET_FRAME, START_LIMIT, b["footer"])
    if b"no blade" in plain(out):
        s.quit(b"Q")
        raise BladeMissing("billcon has no :%s blade" % blade)
    if t_last is None or (b["footer"] is not None and b["footer"] not in plain(out)):
        raise RuntimeError("no %s frame; output was: %r" % (blade, out[-400:]))
    return s, (t_last - t) * 1000.0, len(out), out


def bench_billcon(billcon, db, env, runs, only_filter=False, blade="tenants"):
    global ID_FILTER, NAME_FILTER, NAME_FILTERS
    b = BLADES[blade]
    NAME_FILTERS = b["words"]
    NAME_FILTER = NAME_FILTERS[0]
    ID_FILTER = b["id_fragment"](db)
    frags = b.get("fragments", id_fragments)(db, blade=blade)
    r = {"only_filter": only_filter, "blade": blade}
    r["frag_list"] = frags
    r["matches"] = matches(db, list(NAME_FILTERS) + [ID_FILTER] + [f for _, f in frags], b["fts"],
                           b.get("match_prefix", False))
    firsts, launches = [], []
    for _ in range(0 if only_filter else max(runs - 1, 0)):
        s, ms, _, _ = start(billcon, db, env, blade)
        firsts.append(ms)
        launches.append(s.launch_ms)
        s.quit(b"Q")
    s, ms, nbytes, frame = start(billcon, db, env, blade)
    firsts.append(ms)
    launches.append(s.launch_ms)
    r["first_ms"] = median(firsts)
    r["first_all"] = firsts
    r["launch_all"] = launches
    r["first_bytes"] = nbytes
    r["total"] = b["total"](db, plain(frame))

    for key in b.get("setup", []):
        s.key(key)
    if only_filter:
        r["j_ms"] = r["j_bytes"] = r["pg_ms"] = r["pg_bytes"] = []
    else:
        r["j_ms"], r["j_bytes"] = presses(s, b"j", J_PRESSES)
        r["pg_ms"], r["pg_bytes"] = presses(s, b"\x06", PAGE_PRESSES)
        r["extra"] = [(label,) + presses(s, key, 1) for label, key in b.get("extra", [])]
    # The whole series twice: the first pass meets the full-text index
    # pages cold (the 1M store does not stay in the page cache whole), the
    # second is warm. NAME_FILTER and ID_FILTER come first, as before.
    for suffix in ("", "2"):
        r["name" + suffix] = typed(s, NAME_FILTER)
        r["id" + suffix] = typed(s, ID_FILTER)
        r["names" + suffix] = [(NAME_FILTER, r["name" + suffix])] + [
            (text, typed(s, text)) for text in NAME_FILTERS if text != NAME_FILTER]
        r["frags" + suffix] = [(length, text, typed(s, text)) for length, text in frags]
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


def late_of(typed_list):
    """Latencies from the 3rd character on, over several typed strings."""
    return [x for t in typed_list for x in t[1][2:]]


def late_names(r, suffix=""):
    return late_of([t for _, t in r["names" + suffix]])


def late_frags(r, suffix="", length=None):
    return late_of([t for n, _, t in r["frags" + suffix] if length in (None, n)])


def top(xs):
    """The max of the answered keys (unanswered ones are counted apart)."""
    return max((x for x in xs if x is not None), default=None)


def unanswered(r):
    keys = late_names(r) + late_frags(r) + late_names(r, "2") + late_frags(r, "2")
    return sum(1 for x in keys if x is None)


def warm_cold(f, late_fn, digits=2):
    """A cell: the figure on the 2nd (warm) pass, the 1st in brackets."""
    return lambda r: "%s (%s)" % (fmt(f(late_fn(r, "2")), digits), fmt(f(late_fn(r, "")), digits))


def p90(xs):
    return pct(xs, 90)


def per_length_rows():
    return [("filter ID %d hex, 3rd char on, ms, p90 / max" % n,
             lambda r, n=n: "%s / %s" % (fmt(p90(late_frags(r, "2", n)), 2),
                                         fmt(top(late_frags(r, "2", n)), 2)))
            for n in ID_LENGTHS]


def billcon_rows(blade):
    """The table's rows: (label, the cell of one result)."""
    opened = BLADES[blade]["palette"] is not None
    return [
    ("rows in the blade's account" if opened else "tenants (footer \"of N\")",
     lambda r: fmt(r["total"])),
    ] + ([
    ("launch to tenants frame, ms (each run)",
     lambda r: " ".join("%.0f" % x for x in r["launch_all"])),
    ] if opened else []) + [
    ("first frame, ms (median)%s" % (", from Enter after :" + blade if opened else ""),
     lambda r: fmt(r["first_ms"])),
    ("first frame, ms (each run)", lambda r: " ".join("%.0f" % x for x in r["first_all"])),
    ("first frame, bytes", lambda r: fmt(r["first_bytes"])),
    ("j: bytes/key, mean", lambda r: fmt(mean(r["j_bytes"]))),
    ("j: bytes/key, first 10 (no scroll)", lambda r: fmt(mean(r["j_bytes"][:10]))),
    ("j: bytes/key, last 100 (scrolling)", lambda r: fmt(mean(r["j_bytes"][-100:]))),
    ("j: bytes/key, max", lambda r: fmt(max(r["j_bytes"], default=None))),
    ("j: ms, mean", lambda r: fmt(mean(r["j_ms"]), 2)),
    ("j: ms, p95", lambda r: fmt(pct(r["j_ms"], 95), 2)),
    ("^F: bytes/key, mean", lambda r: fmt(mean(r["pg_bytes"]))),
    ("^F: bytes/key, max", lambda r: fmt(max(r["pg_bytes"], default=None))),
    ("^F: ms, mean", lambda r: fmt(mean(r["pg_ms"]), 2)),
    ("^F: ms, p95", lambda r: fmt(pct(r["pg_ms"], 95), 2)),
    ] + [
    ("%s: ms / bytes" % label, lambda r, i=i: "-" if not r.get("extra") else "%s / %s" % (
        fmt(r["extra"][i][1][0], 2), fmt(r["extra"][i][2][0])))
    for i, (label, _) in enumerate(BLADES[blade].get("extra", []))
] + filter_rows("filter name", "name") + filter_rows("filter ID", "id") + [
    ("filter names (%d), 3rd char on, ms, p50" % len(NAME_FILTERS), warm_cold(median, late_names)),
    ("filter names, 3rd char on, ms, p90", warm_cold(p90, late_names)),
    ("filter names, 3rd char on, ms, mean", warm_cold(mean, late_names)),
    ("filter names, 3rd char on, ms, max", warm_cold(top, late_names)),
    ("filter ID fragments (%d), 3rd char on, ms, p50" % (ID_PER_LENGTH * len(ID_LENGTHS)),
     warm_cold(median, late_frags)),
    ("filter ID fragments, 3rd char on, ms, p90", warm_cold(p90, late_frags)),
    ("filter ID fragments, 3rd char on, ms, mean", warm_cold(mean, late_frags)),
    ("filter ID fragments, 3rd char on, ms, max", warm_cold(top, late_frags)),
] + per_length_rows() + [
    ("filter keys unanswered within %.0f s" % FIRST_BYTE_LIMIT, lambda r: fmt(unanswered(r))),
    ("Esc after filter, ms", lambda r: fmt(r["name2"][2], 1)),
    ("VmHWM, KiB", lambda r: fmt(r["hwm"])),
    ("VmRSS, KiB", lambda r: fmt(r["rss"])),
    ]


def print_chars(text, rows, note=""):
    """One string's keystrokes: a column per character, a row per size and
    pass; rows are (label, typed() result)."""
    print()
    print("  filter keystrokes, ms from write to last byte: /%s%s" % (text, note))
    print("    " + "size, pass".rjust(14) + "  " + "/".rjust(5) + "".join(
        repr(c)[1:-1].rjust(6) for c in text))
    for label, (slash, per, _, silent) in rows:
        print("    " + label.rjust(14) + "  " + fmt(slash, 1).rjust(5) +
              "".join((fmt(x, 1) + ("*" if q else " ")).rjust(6)
                      for x, q in zip(per, silent)))


def keys_cells(t, width):
    _, per, _, silent = t
    return "".join((fmt(x, 1) + ("*" if q else " ")).rjust(6) for x, q in zip(per, silent)).ljust(width)


def print_keystrokes(results):
    for key, text in (("name", NAME_FILTER), ("id", ID_FILTER)):
        rows = []
        for n, r in results:
            rows += [(fmt(n) + ", 1st", r[key]), (fmt(n) + ", 2nd", r[key + "2"])]
        print_chars(text, rows)
    for i, text in enumerate(NAME_FILTERS):
        if text == NAME_FILTER:
            continue
        rows = []
        for n, r in results:
            rows += [(fmt(n) + ", 1st", r["names"][i][1]), (fmt(n) + ", 2nd", r["names2"][i][1])]
        got = ", ".join("%s: %s" % (fmt(n), fmt_matches(r["matches"].get(text))) for n, r in results)
        print_chars(text, rows, "   (rows matching at each size: %s)" % got)
    width = 6 * max(ID_LENGTHS)
    for n, r in results:
        print()
        print("  ID-fragment keystrokes at %s rows, ms from write to last byte, each"
              " character after \"/\":" % fmt(n))
        print("    %-8s %9s  %-*s  %s" % ("fragment", "matches", width, "2nd pass (warm)", "1st pass"))
        for (length, text, warm), (_, _, cold) in zip(r["frags2"], r["frags"]):
            print("    %-8s %9s  %s  %s" % (text, fmt_matches(r["matches"].get(text)),
                                           keys_cells(warm, width), keys_cells(cold, 0)))
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


def bench_varied(billcon, db, env, flags=()):
    """Bytes per j and ^F on the varied copy (no filters, no first frame);
    flags go before --db (bench/run-link.py's --low-bandwidth=on|off)."""
    s = Session([billcon] + list(flags) + ["--db", db], env)
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
    print("Targets, at %s rows%s:" % (fmt(n), "" if n >= 1000000 else
                                         " (the largest size measured; targets are for 1,000,000)"))
    lines = []

    def check(name, ok, detail):
        lines.append(("PASS" if ok else "MISS", name, detail))

    if not big["only_filter"]:
        check("first frame under %.0f ms" % TARGET_FIRST_MS + (
                  "" if big["blade"] == "tenants" else " (from Enter)"),
              big["first_ms"] < TARGET_FIRST_MS,
              "%.1f ms (median of %d)" % (big["first_ms"], len(big["first_all"])))
    if big["j_bytes"]:
        jmax = max(big["j_bytes"])
        check("cursor-down at most %d bytes" % TARGET_DOWN_BYTES, jmax <= TARGET_DOWN_BYTES,
              "max %d, mean %.1f bytes per j" % (jmax, mean(big["j_bytes"])))
    if big["pg_bytes"]:
        pmax = max(big["pg_bytes"])
        check("page-down at most %.1f KB" % (TARGET_PAGE_BYTES / 1000), pmax <= TARGET_PAGE_BYTES,
              "max %d, mean %.1f bytes per ^F" % (pmax, mean(big["pg_bytes"])))
    target_ms = BLADES[big["blade"]].get("filter_ms", lambda n: TARGET_FILTER_MS)(n)
    warm = late(big, "name2") + late(big, "id2")
    cold = late(big, "name") + late(big, "id")
    wmax = worst(warm)
    check("filtered first screen under %.0f ms from 3 chars on" % target_ms,
          wmax is not None and wmax < target_ms,
          "max %s ms, mean %s ms over both filters, 2nd pass (1st pass: max %s ms)" % (
              fmt(wmax, 2), fmt(mean(warm), 2), fmt(worst(cold), 2)))
    names, frags = late_names(big, "2"), late_frags(big, "2")
    pn, pf = p90(names), p90(frags)
    lost = sum(1 for x in names + frags if x is None)
    check("filter keystroke p90 <= %.0f ms (names / ID fragments)" % target_ms,
          pn is not None and pf is not None and pn <= target_ms and pf <= target_ms
          and not lost,
          "p90 %s / %s ms, max %s / %s, 2nd pass (1st pass: p90 %s / %s)%s" % (
              fmt(pn, 2), fmt(pf, 2), fmt(top(names), 2), fmt(top(frags), 2),
              fmt(p90(late_names(big)), 2), fmt(p90(late_frags(big)), 2),
              ("; %d keys unanswered" % lost) if lost else ""))
    if len(results) > 1 and small[1]["hwm"] and big["hwm"]:
        ratio = big["hwm"] / small[1]["hwm"]
        check("RSS within %.1fx of %s rows" % (TARGET_RSS_RATIO, fmt(small[0])),
              ratio <= TARGET_RSS_RATIO,
              "VmHWM %s KiB vs %s KiB: %.2fx" % (fmt(big["hwm"]), fmt(small[1]["hwm"]), ratio))
    for verdict, name, detail in lines:
        print("  %-4s  %-54s %s" % (verdict, name, detail))
    if varied:
        n, v = varied
        jmax, pmax = max(v["j_bytes"]), max(v["pg_bytes"])
        print("  The same byte targets on %s varied rows (random names and GUIDs):" % fmt(n))
        print("  %-4s  %-54s %s" % ("PASS" if jmax <= TARGET_DOWN_BYTES else "MISS",
                                    "cursor-down at most %d bytes" % TARGET_DOWN_BYTES,
                                    "max %d, mean %.1f bytes per j" % (jmax, mean(v["j_bytes"]))))
        print("  %-4s  %-54s %s" % ("PASS" if pmax <= TARGET_PAGE_BYTES else "MISS",
                                    "page-down at most %.1f KB" % (TARGET_PAGE_BYTES / 1000),
                                    "max %d, mean %.1f bytes per ^F" % (pmax, mean(v["pg_bytes"]))))


# ---------------------------------------------------------------- :account

# The names app_account_seed_many gives generated accounts, by number.
SEED_NAMES = ("Adatum", "Alpine Ski House", "Bellows College", "Coho Winery", "Fourth Coffee",
              "Litware", "Lucerne Publishing", "Margie's Travel", "Proseware", "Tailspin Toys",
              "Wide World Importers", "Woodgrove Bank")
SWITCH_ROUNDS = 20


def switch_once(s, text, title):
    """":account", text typed, Enter: (ms to open the switcher, per-key ms
    of the filter, ms and bytes of the switch)."""
    for ch in b":account":
        s.key(bytes([ch]))
    opened, _, _ = s.key(b"\r", quiet=0.03)
    per = [s.key(ch.encode())[0] for ch in text]
    # Timed as any key: to the last byte, the program waiting for keys
    # again (curses writes only what changed, so the title's text may not
    # be whole in the output).
    ms, nbytes, silent = s.key(b"\r")
    if ms is None or silent:
        raise RuntimeError("no switch to %s" % title)
    return opened, per, ms, nbytes


def bench_switch_on(billcon, db, env, n, blade):
    """Rounds of switches to a generated account and back to Contoso, on
    the blade (opened first when not the tenants blade)."""
    s = Session([billcon, "--db", db], env)
    # Contoso stands in for the many accounts (or was the last chosen):
    # the first frame's title names it, its message may hide the footer.
    s.first_frame(b"| Contoso |")
    s.settle(quiet=0.3)
    if blade != "tenants":
        for ch in b":" + BLADES[blade]["palette"]:
            s.key(bytes([ch]))
        s.key(b"\r", quiet=0.05)
    s.settle(quiet=0.2)
    rnd = random.Random(ID_SEED)
    r = {"open": [], "keys": [], "ms": [], "bytes": []}
    for _ in range(SWITCH_ROUNDS):
        i = rnd.randint(1, n)
        name = "%s %04d" % (SEED_NAMES[i % len(SEED_NAMES)], i)
        for text, title in (("%04d" % i, name), ("contoso", "| Contoso |")):
            opened, per, ms, nbytes = switch_once(s, text, title)
            s.settle(quiet=0.05)
            r["open"].append(opened)
            r["keys"] += per
            r["ms"].append(ms)
            r["bytes"].append(nbytes)
    r["hwm"], r["rss"] = s.memory()
    s.quit(b"Q")
    return r


def bench_switch(billcon, env, sdir, n):
    """--switch N: the account switcher on N accounts."""
    print("billcon console benchmark: %s, :account over %s accounts" % (billcon, fmt(n)))
    print("%d cpus, %s; pty %dx%d, TERM=%s, LC_ALL=%s" % (
        os.cpu_count(), os.uname().machine, COLS, ROWS, env["TERM"], env["LC_ALL"]), flush=True)
    db = os.path.join(sdir, "billcon-accounts-%d.db" % n)
    make_store(billcon, db, n, env, ["--accounts", str(n), "--invoices", "100000"])
    rows, results = [], []
    for blade in ("invoices", "tenants"):
        print("  timing switches on the %s blade ..." % BLADES[blade]["title"], flush=True)
        results.append((blade, bench_switch_on(billcon, db, env, n, blade)))
    for label, key, f in (("open :account, ms, median", "open", median),
                          ("filter key, ms, mean", "keys", mean),
                          ("filter key, ms, max", "keys", max),
                          ("switch (Enter to last byte), ms, median", "ms", median),
                          ("switch, ms, p95", "ms", lambda xs: pct(xs, 95)),
                          ("switch, ms, max", "ms", max),
                          ("switch, bytes, mean", "bytes", mean)):
        rows.append((label,) + tuple(fmt(f(r[key]), 2) for _, r in results))
    rows.append(("VmHWM, KiB",) + tuple(fmt(r["hwm"]) for _, r in results))
    print_table(":account over %s accounts (%d switches each way), %dx%d:" % (
        fmt(n), SWITCH_ROUNDS, COLS, ROWS), [BLADES[b]["title"] for b, _ in results], rows)
    worst_ms = max(max(r["ms"]) for _, r in results)
    print()
    print("  %-4s  %-54s %s" % ("PASS" if worst_ms <= TARGET_FILTER_MS else "MISS",
                                "a switch redraws in at most %.0f ms" % TARGET_FILTER_MS,
                                "max %s ms" % fmt(worst_ms, 2)))


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
          " [--store-dir DIR] [--runs N] [--no-tig] [--no-varied] [--db PATH]..."
          " [--only-filter] [--blade tenants|iam|requests|audit|invoices] [--switch N]",
          file=sys.stderr)
    sys.exit(2)


def main(args):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    billcon = os.path.join(root, "build-tui", "billcon")
    sizes = [10000, 100000, 1000000]
    store_dir = None
    runs = 3
    tig = True
    vary = True
    dbs = []
    only_filter = False
    blade = "tenants"
    switch = 0
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-h", "--help"):
            usage()
        elif a == "--no-tig":
            tig = False
        elif a == "--no-varied":
            vary = False
        elif a == "--only-filter":
            only_filter = True
        elif a in ("--billcon", "--sizes", "--store-dir", "--runs", "--db", "--blade", "--switch"):
            if i + 1 >= len(args):
                usage("%s needs a value" % a)
            v = args[i + 1]
            i += 1
            if a == "--billcon":
                billcon = os.path.abspath(v)
            elif a == "--blade":
                if v not in BLADES:
                    usage("--blade takes one of %s" % ", ".join(BLADES))
                blade = v
            elif a == "--switch":
                if not v.isdigit() or int(v) < 1:
                    usage("--switch needs a number of accounts")
                switch = int(v)
            elif a == "--store-dir":
                store_dir = os.path.abspath(v)
            elif a == "--db":
                if not os.path.isfile(v):
                    usage("--db: no store at %s" % v)
                dbs.append(os.path.abspath(v))
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
    if dbs or only_filter:
        tig = vary = False
    if blade != "tenants":
        vary = False
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
        if store_dir and not dbs:
            os.makedirs(store_dir, exist_ok=True)
        sdir = store_dir or work
        try:
            if switch:
                bench_switch(billcon, env, sdir, switch)
                return
            bench_blades(billcon, env, sdir, dbs, sizes, runs, only_filter, blade, tig, vary, work)
        except BladeMissing as e:
            print("n/a: %s (not built)" % e)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench_blades(billcon, env, sdir, dbs, sizes, runs, only_filter, blade, tig, vary, work):
    """Times the blade on the stores and prints the tables and targets."""
    print("billcon console benchmark: %s, %s blade%s" % (
        billcon, BLADES[blade]["title"], " (filters only)" if only_filter else ""))
    print("%d cpus, %s; pty %dx%d, TERM=%s, LC_ALL=%s" % (
        os.cpu_count(), os.uname().machine, COLS, ROWS, env["TERM"], env["LC_ALL"]),
        flush=True)
    results = []
    if dbs:
        # Existing stores: each column is labelled by the tenants its
        # blade shows (the footer's "of N"), smallest first.
        for db in dbs:
            print("  timing %s ..." % db, flush=True)
            r = bench_billcon(billcon, db, env, runs, only_filter, blade)
            r["db"] = db
            results.append((r["total"] or 0, r))
        results.sort(key=lambda x: x[0])
        for n, r in results:
            print("  %s: %s rows in the blade" % (r["db"], fmt(n)))
    for n in ([] if dbs else sorted(sizes)):
        flag = BLADES[blade].get("store_flag")
        if "make" in BLADES[blade]:
            db = os.path.join(sdir, "billcon-tree-%d.db" % n)
            BLADES[blade]["make"](billcon, db, n, env)
        else:
            db = os.path.join(sdir, "billcon-%s-%d.db" % (flag[2:] if flag else "scale", n))
            make_store(billcon, db, n, env, [flag, str(n)] if flag else None)
        print("  timing %s rows ..." % fmt(n), flush=True)
        results.append((n, bench_billcon(billcon, db, env, runs, only_filter, blade)))
    # Rows with no figure at any size (j and ^F under --only-filter)
    # are left out.
    table = [(label,) + tuple(f(r) for _, r in results) for label, f in billcon_rows(blade)]
    print_table("billcon, %s blade, %dx%d:" % (BLADES[blade]["title"], COLS, ROWS),
                [fmt(n) for n, _ in results],
                [row for row in table if any(v != "-" for v in row[1:])])
    print("  filter names / ID fragments: the 2nd pass (warm), the 1st in brackets;"
          " p90 is the nearest rank")
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


if __name__ == "__main__":
    main(sys.argv[1:])
