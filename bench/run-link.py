#!/usr/bin/env python3
"""bench/run-link.py: billcon's console over a slow link (issue 12).

Usage: bench/run-link.py [--billcon PATH] [--sizes 10000,1000000]
                         [--store-dir DIR] [--no-tig] [--no-varied]
                         [--no-slow] [--delay-ms N] [--baud N] [--rounds N]

  --billcon PATH   the binary; default build-tui/billcon under the
                   repository root (an optimised build, as bench/run-tui.py)
  --sizes LIST     store sizes (demo init --scale N); default 10000,1000000
  --store-dir DIR  keep the stores there as billcon-scale-N.db and reuse
                   them (bench/run-tui.py's names: one store serves both)
  --no-tig         skip tig and less
  --no-varied      skip the copy of the smallest store with varied rows
  --no-slow        skip the slow-link timing
  --delay-ms N     the slow link's one-way delay; default 150 (300 ms round
                   trip)
  --baud N         its speed towards the terminal; default 9600 (960 B/s)
  --rounds N       bursts of ten j over the slow link per mode; default 5

Bytes per key, on a pty at 80x24 (bench/run-tui.py's Session, presses,
stores and comparison with tig and less, imported from it): billcon with
--low-bandwidth=off and with --low-bandwidth=on, j 200 times and ^F 50
times, on each store and on the varied copy of the smallest one (random
names and GUIDs, as run-tui.py makes it); tig (50,000 commits, PgDn) and
less (50,000 lines, f) beside it.

Over the slow link: billcon on the smallest store under tests/slowlink.py
(the delay each way, the line's speed towards the terminal), on the
bench's pty, the mode forced on and then off. Once the first frame has
arrived and a second has passed without output, "jjjjjjjjjj" is written in
one go, and the time from that write to the last byte of the answer (the
last byte before 1.5 s of quiet, which is longer than the round trip) is
the time the screen takes to settle; the rounds follow one another, so the
later ones scroll. Then one ^F the same way, as many rounds.

Targets (issue 12), on the 10,000 store with the mode on: at most 50 bytes
per cursor-down and 1,100 per page-down, both as the mean over the presses
(the max is shown beside them).

Standard library only; builds nothing; tig installed as run-tui.py does.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SLOWLINK = os.path.join(ROOT, "tests", "slowlink.py")


# bench/run-tui.py as a module (its name holds a dash), as run-sync-keys.py.
spec = importlib.util.spec_from_file_location("run_tui", os.path.join(HERE, "run-tui.py"))
tui = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tui)
fmt, mean, median = tui.fmt, tui.mean, tui.median

MODES = ("off", "on")
TARGET_DOWN = 50
TARGET_PAGE = 1100
SLOW_QUIET = 1.5          # quiet that ends an answer over the slow link
TEN_J = b"j" * 10


def has_mode(billcon):
    """True when billcon takes --low-bandwidth (before issue 12 it is an
    unknown command, exit 2)."""
    return subprocess.run([billcon, "--low-bandwidth=on", "keys"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


def mode_flags(mode, known):
    """The flag forcing the mode; none for off on a billcon without it."""
    return ["--low-bandwidth=" + mode] if known else []


def keys_on(billcon, db, env, flags):
    """Bytes and ms per j and ^F with the mode forced."""
    return tui.bench_varied(billcon, db, env, flags)


def slow_answer(s, data):
    """Writes data in one go: (ms to the last byte of the answer, bytes)."""
    t = time.monotonic()
    os.write(s.fd, data)
    out, _, t_last = s.burst(SLOW_QUIET, 30.0)
    return ((t_last - t) * 1000.0 if t_last else None), len(out)


def slow_link(billcon, db, env, flags, delay_ms, baud, rounds):
    """Settle times over the slow link with the mode forced."""
    argv = [sys.executable, SLOWLINK, "--delay-ms", str(delay_ms), "--baud", str(baud), "--",
            billcon] + flags + ["--db", db]
    s = tui.Session(argv, env)
    ms, nbytes, _ = s.first_frame(b"row 1 of")
    s.settle(quiet=1.0)
    r = {"first_ms": ms, "first_bytes": nbytes, "ten_j": [], "pg": []}
    for _ in range(rounds):
        r["ten_j"].append(slow_answer(s, TEN_J))
    for _ in range(rounds):
        r["pg"].append(slow_answer(s, b"\x06"))
    s.quit(b"Q", limit=30.0)
    return r


def byte_rows(cols):
    """Rows of the bytes table: (label, a cell of each column's result)."""
    def cell(key, f, digits=1):
        return lambda r: fmt(f(r[key]), digits) if r.get(key) else "-"
    return [
        ("j: bytes/key, mean", cell("j_bytes", mean)),
        ("j: bytes/key, first 10 (no scroll)", cell("j_bytes", lambda x: mean(x[:10]))),
        ("j: bytes/key, last 100 (scrolling)", cell("j_bytes", lambda x: mean(x[-100:]))),
        ("j: bytes/key, max", cell("j_bytes", max)),
        ("page-down: bytes/key, mean", cell("pg_bytes", mean)),
        ("page-down: bytes/key, max", cell("pg_bytes", max)),
        ("j: ms, mean", cell("j_ms", mean, 2)),
        ("page-down: ms, mean", cell("pg_ms", mean, 2)),
    ]


def pager_result(r, page_key):
    """tig's or less's presses in the shape of billcon's."""
    j_ms, j_bytes = r["j"]
    pg_ms, pg_bytes = r[page_key]
    return {"j_ms": j_ms, "j_bytes": j_bytes, "pg_ms": pg_ms, "pg_bytes": pg_bytes}


def print_bytes(cols):
    rows = [(label,) + tuple(f(r) for _, r in cols) for label, f in byte_rows(cols)]
    tui.print_table("Bytes per key, pty %dx%d, j x%d and page-down x%d (billcon ^F, tig PgDn,"
                    " less f):" % (tui.COLS, tui.ROWS, tui.J_PRESSES, tui.PAGE_PRESSES),
                    [h for h, _ in cols], rows)


def print_slow(slow, delay_ms, baud):
    def ms(r, key):
        return fmt(median([x for x, _ in r[key]]))

    def col(r, key):
        return " ".join("%.0f" % x if x is not None else "-" for x, _ in r[key])

    def nbytes(r, key):
        return fmt(mean([b for _, b in r[key]]))
    rows = [
        ("first frame, ms / bytes", lambda r: "%s / %s" % (fmt(r["first_ms"], 0), fmt(r["first_bytes"]))),
        ("ten j at once: settled, ms, median", lambda r: ms(r, "ten_j")),
        ("ten j at once: settled, ms, each round", lambda r: col(r, "ten_j")),
        ("ten j at once: bytes, mean", lambda r: nbytes(r, "ten_j")),
        ("one ^F: settled, ms, median", lambda r: ms(r, "pg")),
        ("one ^F: settled, ms, each round", lambda r: col(r, "pg")),
        ("one ^F: bytes, mean", lambda r: nbytes(r, "pg")),
    ]
    tui.print_table("Over tests/slowlink.py --delay-ms %d --baud %d (round trip %d ms, %d B/s),"
                    " 80x24:" % (delay_ms, baud, 2 * delay_ms, baud // 10),
                    ["mode " + m for m in slow],
                    [(label,) + tuple(f(slow[m]) for m in slow) for label, f in rows])


def targets(r):
    print()
    print("Targets (issue 12), the mode on, the 10,000 store (means; max beside):")
    for name, key, limit in (("cursor-down", "j_bytes", TARGET_DOWN),
                             ("page-down", "pg_bytes", TARGET_PAGE)):
        m = mean(r[key])
        print("  %-4s  %-40s mean %.1f, max %d bytes" % (
            "PASS" if m <= limit else "MISS", "%s at most %s bytes" % (name, fmt(limit)), m, max(r[key])))


def usage(msg=None):
    if msg:
        print("run-link.py: %s" % msg, file=sys.stderr)
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    sys.exit(2)


def parse(args):
    o = {"billcon": os.path.join(ROOT, "build-tui", "billcon"), "sizes": [10000, 1000000],
         "store_dir": None, "tig": True, "varied": True, "slow": True,
         "delay_ms": 150, "baud": 9600, "rounds": 5}
    flags = {"--no-tig": "tig", "--no-varied": "varied", "--no-slow": "slow"}
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-h", "--help"):
            print(__doc__.strip())
            sys.exit(0)
        if a in flags:
            o[flags[a]] = False
        elif a in ("--billcon", "--sizes", "--store-dir", "--delay-ms", "--baud", "--rounds"):
            if i + 1 >= len(args):
                usage("%s needs a value" % a)
            v = args[i + 1]
            i += 1
            if a == "--billcon":
                o["billcon"] = os.path.abspath(v)
            elif a == "--store-dir":
                o["store_dir"] = os.path.abspath(v)
            elif a == "--sizes":
                if not all(x.isdigit() and int(x) > 0 for x in v.split(",")):
                    usage("--sizes needs numbers, such as 10000,1000000")
                o["sizes"] = sorted(int(x) for x in v.split(","))
            elif not v.isdigit():
                usage("%s needs a number" % a)
            else:
                o[a[2:].replace("-", "_")] = int(v)
        else:
            usage("unknown argument %s" % a)
        i += 1
    return o


def main(args):
    o = parse(args)
    billcon = o["billcon"]
    tui.need_billcon(billcon, "run-link.py")
    work = tempfile.mkdtemp(prefix="billcon-link-")
    try:
        env = tui.home_env(work)
        sdir = o["store_dir"] or work
        os.makedirs(sdir, exist_ok=True)
        print("billcon over a slow link: %s" % billcon)
        print("%d cpus, %s; pty %dx%d, TERM=%s" % (os.cpu_count(), os.uname().machine,
                                                  tui.COLS, tui.ROWS, env["TERM"]), flush=True)
        known = has_mode(billcon)
        modes = MODES if known else ("off",)
        if not known:
            print("  this billcon has no --low-bandwidth: the mode off only (no flag)", flush=True)
        cols, dbs = [], {}
        for n in o["sizes"]:
            dbs[n] = os.path.join(sdir, "billcon-scale-%d.db" % n)
            tui.make_store(billcon, dbs[n], n, env)
            for mode in modes:
                print("  %s rows, --low-bandwidth=%s ..." % (fmt(n), mode), flush=True)
                cols.append(("%s %s" % (fmt(n), mode),
                             keys_on(billcon, dbs[n], env, mode_flags(mode, known))))
        small = o["sizes"][0]
        if o["varied"]:
            vdb = os.path.join(work, "varied-%d.db" % small)
            tui.make_varied(dbs[small], vdb)
            for mode in modes:
                print("  %s varied rows, --low-bandwidth=%s ..." % (fmt(small), mode), flush=True)
                cols.append(("varied %s" % mode, keys_on(billcon, vdb, env, mode_flags(mode, known))))
        if o["tig"]:
            others = tui.bench_others(env, work)
            for name, key in (("tig", "PgDn"), ("less", "f")):
                if name in others:
                    cols.append((name, pager_result(others[name], key)))
        print_bytes(cols)
        if o["slow"]:
            slow = {}
            for mode in reversed(modes):
                print("  slow link, %s rows, --low-bandwidth=%s ..." % (fmt(small), mode), flush=True)
                slow[mode] = slow_link(billcon, dbs[small], env, mode_flags(mode, known),
                                       o["delay_ms"], o["baud"], o["rounds"])
            print_slow(slow, o["delay_ms"], o["baud"])
        if small == 10000 and known:
            targets(dict(cols)["%s on" % fmt(small)])
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
