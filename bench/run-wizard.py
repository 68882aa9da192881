#!/usr/bin/env python3
"""bench/run-wizard.py: time the billing profile link wizard under a pty.

Usage: bench/run-wizard.py [--billcon PATH] [--runs N] [--no-color-runs N]
                           [--accounts N] [--probe]

  --billcon PATH        the binary to time; default build-tui/billcon under
                        the repository root (an optimised build: ../configure
                        without --enable-debug, then make billcon)
  --runs N              sessions timed with colour (TERM=xterm-256color);
                        default 5
  --no-color-runs N     sessions with NO_COLOR=1 as well, for the bytes;
                        default 3
  --accounts N          billing accounts added to the sign-in tenant's
                        (the wizard lists 64): default 100
  --probe               time app_link_draft_save itself as well: perf
                        uprobes on its entry and return (needs perf and
                        root; the binary keeps its symbols), over a
                        headless run that opens the new account form and
                        presses Tab 200 times (100 fields left, each a save)

The store is `billcon demo init DB`, then N billing accounts ("Tailspin
001" ... so that they sort after the demo's Contoso) added with Python's
sqlite3 in the tenant the demo signs in through, as
tests/cli/screen-partner.sh does. Each session runs on a fresh copy of it
(the Finish at its end links, and a draft would be offered back), as
`billcon --db COPY` under an 80x24 pty with TERM=xterm-256color,
LC_ALL=C.UTF-8, HOME a temporary folder, BILLCON_NOW unset: the pty code
is bench/run-tui.py's (imported, not copied), and so is the way a key is
timed: from the write of the key to the last byte of its answer (20 ms of
quiet with billcon blocked reading keys again). The keys, in order:

  :partner Enter      the Billing profile page's first frame
  L                   the wizard's first step (Select billing account)
  j x50, k x50        in the account list (two lines a row; it scrolls)
  ^F x8, g, PgDn x8   pages
  p, p                an account's profiles shown under it, hidden again
  Enter               on the first account (Contoso): Select billing profile
  b                   back to Select billing account
  G, Enter            on "Create new billing account": the form
  Tab x40             round the form: leaving the name and the primary
                      contact keeps the draft (app_link_draft_save, a
                      store write); leaving the two buttons saves nothing
  Esc                 the form closed (what was chosen before put back,
                      and the draft kept)
  g, Enter            Contoso again: Select billing profile
  Enter               its first profile: Review
  Space               the MCA box, when Contoso has not accepted it
  n                   Finish: the link written (account, MCA, link, audit
                      entries, outbox)

Before timing, the same keys run once headless (`billcon --screen-test`,
80x24) with screens dumped at each step, and the script checks that each
step shows what it should: the pty figures are then of the path described.
Keys of which a session presses many (j, k, pages, Tab) are pooled over the
sessions: median, p90 (nearest rank) and max; single keys: the median over
the sessions, and each figure. Standard library only; builds nothing; not
part of the test suite.
"""

import argparse
import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def load_tui():
    """bench/run-tui.py as a module: its Session, figures and tables."""
    spec = importlib.util.spec_from_file_location("run_tui", os.path.join(HERE, "run-tui.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


tui = load_tui()

# (label, bytes for the pty, token for --screen-test, presses, text the
# headless screen shows after it or None). Labels repeated are pooled.
ESC, CTRL_F, PGDN = b"\x1b", b"\x06", b"\x1b[6~"
STEPS = [
    (":partner Enter", b"\r", "<Enter>", 1, "Billing profile |"),
    ("L (step 1)", b"L", "L", 1, "( ) Tailspin 007"),
    ("j", b"j", "j", 50, None),
    ("k", b"k", "k", 50, None),
    ("^F", CTRL_F, "^F", 8, None),
    ("g", b"g", "g", 1, None),
    ("PgDn", PGDN, "<PgDn>", 8, None),
    ("g", b"g", "g", 1, None),
    ("p (profiles shown)", b"p", "p", 1, "    profile "),
    ("p (hidden)", b"p", "p", 1, None),
    ("Enter on an account (step 2)", b"\r", "<Enter>", 1, "(step 2 of 3)"),
    ("b (back to step 1)", b"b", "b", 1, "(step 1 of 3)"),
    ("G", b"G", "G", 1, "accounts shown; billcon partner link takes any."),
    ("Enter on Create new (the form)", b"\r", "<Enter>", 1, "Billing account name"),
    ("Tab", b"\t", "<Tab>", 40, "Billing account name"),
    ("Esc (form closed)", ESC, "<Esc>", 1, "(step 1 of 3)"),
    ("g", b"g", "g", 1, None),
    ("Enter on an account (step 2)", b"\r", "<Enter>", 1, "(step 2 of 3)"),
    ("Enter on a profile (Review)", b"\r", "<Enter>", 1, "(step 3 of 3)"),
    ("Space (MCA box)", b" ", "<Space>", 1, "[x] I accept the Microsoft Customer Agreement"),
    ("n (Finish: the write)", b"n", "n", 1, "Linked billing profile"),
]
# Tab goes round name -> primary contact -> [Create] -> [Cancel] -> name:
# the first two of every four leave a field (a draft saved).
TAB_CYCLE = ("Tab leaving a field (draft saved)", "Tab leaving a field (draft saved)",
             "Tab leaving a button (no save)", "Tab leaving a button (no save)")


def make_store(billcon, path, accounts, env):
    subprocess.run([billcon, "demo", "init", path], env=env, check=True, stdout=subprocess.DEVNULL)
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"
            " INSERT INTO billing_account(name, display_name, agreement_type, account_type,"
            " primary_tenant_id) SELECT printf('bulk-%03d', i), printf('Tailspin %03d', i),"
            " 'MicrosoftCustomerAgreement', 'Business', (SELECT primary_tenant_id FROM"
            " billing_account WHERE display_name = 'Contoso') FROM n", (accounts,))
        mca = con.execute("SELECT coalesce(mca_accepted_by, '') FROM billing_account"
                          " WHERE display_name = 'Contoso'").fetchone()
    con.close()      # the WAL folded back: the copies are whole
    return bool(mca and mca[0])


def steps_for(mca_accepted):
    """The path: without the Space when Contoso's MCA box is locked."""
    return [s for s in STEPS if not (mca_accepted and s[0].startswith("Space"))]


def check_path(billcon, db, env, steps, work):
    """Runs the keys headless, a screen dumped after each checked step;
    fails with the screen when a step does not show its text."""
    copy = os.path.join(work, "check.db")
    shutil.copyfile(db, copy)
    words, wanted = [":", "partner"], []
    for label, _, token, n, text in steps:
        words += [token] * n
        if text:
            words.append("<Dump>")
            wanted.append((label, text))
    keys = os.path.join(work, "keys")
    with open(keys, "w") as f:
        f.write(" ".join(words) + "\n")
    out = subprocess.run([billcon, "--db", copy, "--screen-test", keys, "--size",
                          "%dx%d" % (tui.COLS, tui.ROWS)], env=env, check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    dumps = out.split("\n--\n")
    for i, (label, text) in enumerate(wanted):
        if i >= len(dumps) or text not in dumps[i]:
            sys.exit("run-wizard.py: after %s the screen lacks %r:\n%s" % (
                label, text, dumps[i] if i < len(dumps) else out[-2000:]))
    os.unlink(copy)


def esc(s):
    """Esc alone: curses waits ESCDELAY (billcon sets 25 ms) for more of an
    escape sequence, blocked in poll, so Session.key would take that wait
    for a key answered with nothing. Here the answer is awaited whatever
    the program does, and ends after 50 ms of quiet: (ms from the write to
    its last byte, the ESCDELAY included; bytes)."""
    t = tui.time.monotonic()
    tui.os.write(s.fd, ESC)
    out, _, t_last = s.burst(0.05, 2.0)
    return (None if t_last is None else (t_last - t) * 1000.0), len(out)


def wchar(s):
    """Bytes the program has passed to write(2) so far (/proc/PID/io): to
    the terminal and to the store and its WAL."""
    for line in s._proc("io").splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    return 0


def session(billcon, db, env, steps):
    """One timed session on db: {label: [(ms, bytes, bytes to files), ...]},
    the launch. Bytes to files are a key's write(2) bytes less those that
    reached the terminal: the store's and its WAL's."""
    got = {}
    s = tui.Session([billcon, "--db", db], env)
    launch_ms, _, _ = s.first_frame(b"row 1 of")
    s.settle(quiet=0.2)
    for ch in b":partner":
        s.key(bytes([ch]))
    tabs = 0
    for label, key, _, n, _ in steps:
        for _ in range(n):
            w0 = wchar(s)
            ms, nbytes = esc(s) if key == ESC else s.key(key)[:2]
            stored = wchar(s) - w0 - nbytes
            if ms is None:
                raise RuntimeError("no answer to %s" % label)
            name = label
            if label == "Tab":
                name = TAB_CYCLE[tabs % len(TAB_CYCLE)]
                tabs += 1
            got.setdefault(name, []).append((ms, nbytes, stored))
    hwm, _ = s.memory()
    status = s.quit(b"Q")
    code = os.waitstatus_to_exitcode(status) if status is not None else None
    if code not in (0, None):
        print("note: billcon exited with %s" % code)
    got["launch"] = [(launch_ms, 0, 0)]
    got["hwm"] = [(hwm or 0, 0, 0)]
    return got


def runs_of(billcon, base, env, steps, n, work, tag):
    pooled = {}
    for i in range(n):
        db = os.path.join(work, "%s-%d.db" % (tag, i))
        shutil.copyfile(base, db)
        for label, xs in session(billcon, db, env, steps).items():
            pooled.setdefault(label, []).append(xs)
        os.unlink(db)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)
    return pooled


def order(steps):
    labels = []
    for label, *_ in steps:
        names = sorted(set(TAB_CYCLE), key=TAB_CYCLE.index) if label == "Tab" else [label]
        for name in names:
            if name not in labels:
                labels.append(name)
    return labels


def report(steps, colour, plain_runs):
    f = tui.fmt
    rows = []
    for label in order(steps):
        per_run = colour.get(label, [])
        flat = [x for xs in per_run for x in xs]
        ms = [m for m, _, _ in flat]
        nb = [b for _, b, _ in flat]
        st = [w for _, _, w in flat]
        nc = [b for xs in plain_runs.get(label, []) for _, b, _ in xs]
        many = len(flat) > len(per_run)
        if many:
            lat = "%s / %s / %s" % (f(tui.median(ms), 2), f(tui.pct(ms, 90), 2), f(max(ms), 2))
        else:
            lat = "%s (%s)" % (f(tui.median(ms), 2), " ".join(f(m, 1) for m in ms))
        rows.append((label, f(len(flat)), lat, f(tui.median(nb), 0), f(max(nb) if nb else None),
                     f(tui.median(nc), 0), "%s (%s)" % (f(tui.median(st), 0), f(max(st) if st else None))))
    tui.print_table("billcon, the link wizard, %dx%d (ms: median / p90 / max over all presses, or"
                    " median (each session)):" % (tui.COLS, tui.ROWS),
                    ["presses", "ms", "bytes med", "bytes max", "NO_COLOR med", "to store med (max)"], rows)
    print("  bytes: to the terminal; to store: write(2) bytes to the store and its WAL")
    saved = [m for xs in colour.get(TAB_CYCLE[0], []) for m, _, _ in xs]
    nosave = [m for xs in colour.get(TAB_CYCLE[2], []) for m, _, _ in xs]
    if saved and nosave:
        print("  Tab that saves minus Tab that saves nothing (medians): %.2f ms" % (
            tui.median(saved) - tui.median(nosave)))
    launches = [m for xs in colour.get("launch", []) for m, _, _ in xs]
    hwm = [k for xs in colour.get("hwm", []) for k, _, _ in xs]
    print("  launch to the tenants frame, ms, median: %s; VmHWM before Q, KiB, median: %s" % (
        f(tui.median(launches), 1), f(tui.median(hwm), 0)))


PROBE = "app_link_draft_save"


def probe(billcon, base, env, work):
    """Microseconds per app_link_draft_save, from perf uprobes on its entry
    and return over a headless run (the terminal plays no part in it):
    sorted, or None when perf cannot probe."""
    if not shutil.which("perf"):
        return None
    db = os.path.join(work, "probe.db")
    shutil.copyfile(base, db)
    keys = os.path.join(work, "probe-keys")
    with open(keys, "w") as f:
        f.write(": partner <Enter> L G <Enter> %s <Esc>\n" % " ".join(["<Tab>"] * 200))
    data = os.path.join(work, "perf.data")
    events = []
    subprocess.run(["perf", "probe", "-q", "-d", "probe_billcon:%s*" % PROBE],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for point in (PROBE, PROBE + "%return"):
            subprocess.run(["perf", "probe", "-q", "-x", billcon, point], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["perf", "record", "-q", "-o", data, "-e", "probe_billcon:" + PROBE,
                        "-e", "probe_billcon:%s__return" % PROBE, "--", billcon, "--db", db,
                        "--screen-test", keys, "--size", "%dx%d" % (tui.COLS, tui.ROWS)],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = subprocess.run(["perf", "script", "-i", data, "-F", "event,time"], check=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    except (subprocess.CalledProcessError, OSError):
        return None
    finally:
        subprocess.run(["perf", "probe", "-q", "-d", "probe_billcon:%s*" % PROBE],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = None
    for line in out.splitlines():
        f = line.split()
        if len(f) < 2:
            continue
        t = float(f[0].rstrip(":"))
        if f[1].endswith("__return:"):
            if start is not None:
                events.append((t - start) * 1e6)
            start = None
        else:
            start = t
    return sorted(events) or None


def count(text):
    """A whole number of at least 0, for argparse."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError("needs a number")
    return int(text)


def main(args):
    p = argparse.ArgumentParser(prog="bench/run-wizard.py",
                                description="Time the link wizard under a pty (see the top of the file).")
    p.add_argument("--billcon", default=os.path.join(os.path.dirname(HERE), "build-tui", "billcon"))
    p.add_argument("--runs", type=count, default=5)
    p.add_argument("--no-color-runs", type=count, default=3)
    p.add_argument("--accounts", type=count, default=100)
    p.add_argument("--probe", action="store_true")
    o = p.parse_args(args)
    billcon = os.path.abspath(o.billcon)
    opts = {"--runs": o.runs, "--no-color-runs": o.no_color_runs, "--accounts": o.accounts}
    probing = o.probe
    if opts["--runs"] < 1:
        p.error("--runs needs a positive number")
    if not os.access(billcon, os.X_OK):
        sys.exit("run-wizard.py: no billcon binary at %s\n  build one: mkdir -p build-tui &&"
                 " cd build-tui && ../configure && make billcon" % billcon)
    work = tempfile.mkdtemp(prefix="billcon-wizard-")
    try:
        home = os.path.join(work, "home")
        os.mkdir(home)
        env = tui.base_env(home)
        base = os.path.join(work, "base.db")
        mca = make_store(billcon, base, opts["--accounts"], env)
        steps = steps_for(mca)
        print("billcon link wizard benchmark: %s; %d cpus, %s; pty %dx%d, TERM=%s;"
              " %d accounts added; %d sessions, %d with NO_COLOR=1" % (
                  billcon, os.cpu_count(), os.uname().machine, tui.COLS, tui.ROWS, env["TERM"],
                  opts["--accounts"], opts["--runs"], opts["--no-color-runs"]), flush=True)
        check_path(billcon, base, env, steps, work)
        colour = runs_of(billcon, base, env, steps, opts["--runs"], work, "colour")
        plain_env = dict(env, NO_COLOR="1")
        plain_runs = runs_of(billcon, base, plain_env, steps, opts["--no-color-runs"], work, "plain")
        report(steps, colour, plain_runs)
        if probing:
            us = probe(billcon, base, env, work)
            if us is None:
                print("  --probe: perf could not probe %s (perf missing, not root, or no"
                      " symbols)" % PROBE)
            else:
                print("  %s, us (perf uprobes, headless, %d calls): median %.0f, p90 %.0f,"
                      " max %.0f; %d over 1 ms" % (PROBE, len(us), tui.median(us),
                                                    tui.pct(us, 90), us[-1],
                                                    sum(1 for u in us if u > 1000)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
