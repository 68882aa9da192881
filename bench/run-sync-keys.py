#!/usr/bin/env python3
"""bench/run-sync-keys.py: is the console answering keys while a pull runs?

Usage: bench/run-sync-keys.py [--billcon PATH] [--size N] [--keys N] [--nice N]

Starts tests/fake-arm on 127.0.0.1 with a world of N associated tenants and
N role assignments (default 10,000), makes a store from it with `billcon
sync --pull-only` (a token file), then turns the world over (a new seed:
every tenant and assignment new, every old one gone) and times j and k
pressed in the console on that store (80x24 pty, bench/run-tui.py's
timing: from the write of the key to the last byte of its answer), first
with nothing else running, then while a second `billcon sync --pull-only`
writes the turned-over world into the same store, N nicer than the
console (default 10, as the console's own sync, `f`, runs it; 0 for a
sync run from another terminal). Prints the median, p90
and worst latency of each, how many keys were timed during the pull, and
the pull's own time. Not part of the test suite.
"""
import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
spec = importlib.util.spec_from_file_location("run_tui", os.path.join(HERE, "run-tui.py"))
tui = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tui)


def post(base, path, body):
    urllib.request.urlopen(urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST"))


def start_fake(tmp):
    url = os.path.join(tmp, "url")
    proc = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "fake-arm", "server.py"),
                             "--port-file", url], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(400):
        if os.path.exists(url) and os.path.getsize(url):
            return proc, open(url).read().strip()
        time.sleep(0.05)
    raise RuntimeError("the fake did not start")


def token_file(tmp):
    import base64

    def b(d):
        return base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
    path = os.path.join(tmp, "token")
    with open(path, "w") as f:
        json.dump({"arm": "%s.%s.x" % (b({"alg": "none"}), b({"upn": "user0@contoso.com", "exp": 4102444800}))}, f)
    os.chmod(path, 0o600)
    return path


def pull(billcon, db, base, token, env, nice=0):
    return subprocess.Popen([billcon, "--db", db, "sync", "--pull-only", "--endpoint", base,
                             "--login-endpoint", base, "--auth", "token-file", token],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=(lambda: os.nice(nice)) if nice else None)


def keys_while(session, running, limit):
    """j and k in turn until running() is false (or limit keys): latencies."""
    lat = []
    k = 0
    while running() and k < limit:
        ms, _, _ = session.key(b"j" if k % 2 == 0 else b"k")
        if ms is not None:
            lat.append(ms)
        k += 1
    return lat


def line(name, xs):
    if not xs:
        return "  %-28s no keys timed" % name
    return "  %-28s %4d keys  median %6.2f ms  p90 %6.2f ms  p99 %6.2f ms  worst %7.2f ms  over 16 ms %d" % (
        name, len(xs), tui.median(xs), tui.pct(xs, 90), tui.pct(xs, 99), max(xs), sum(1 for x in xs if x > 16))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--billcon", default=os.path.join(ROOT, "build", "billcon"))
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--keys", type=int, default=400)
    # The console's own sync (f) runs its child this much nicer
    # (APP_JOB_NICE in include/billcon/app_job.h); 0 for a sync run
    # beside the console from another terminal.
    ap.add_argument("--nice", type=int, default=10)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="billcon-sync-keys.")
    env = tui.base_env(tmp)
    env.update({"XDG_CONFIG_HOME": tmp, "XDG_STATE_HOME": tmp, "XDG_DATA_HOME": tmp})
    fake, base = start_fake(tmp)
    try:
        post(base, "/_state", {"world": {"tenants": a.size, "revoked_tenants": 0, "assignments": a.size}})
        token, db = token_file(tmp), os.path.join(tmp, "pull.db")
        t0 = time.monotonic()
        p = pull(a.billcon, db, base, token, env)
        if p.wait() != 0:
            raise RuntimeError("the first pull failed: %s" % p.stderr.read().decode())
        print("first pull of %d tenants + %d assignments: %.1f s" % (a.size, a.size, time.monotonic() - t0))
        s, ms, _, _ = tui.start(a.billcon, db, env, "tenants")
        s.settle(quiet=0.3)
        idle = keys_while(s, lambda: True, 100)
        post(base, "/_state", {"world": {"tenants": a.size, "revoked_tenants": 0, "assignments": a.size,
                                         "seed": 2}})
        t0 = time.monotonic()
        p = pull(a.billcon, db, base, token, env, a.nice)
        busy = keys_while(s, lambda: p.poll() is None, a.keys)
        p.wait()
        took = time.monotonic() - t0
        s.quit(b"Q")
        print("second pull (every object new, every old one removed), nice %d: %.1f s, exit %d"
              % (a.nice, took, p.returncode))
        print(line("j/k, nothing else running", idle))
        print(line("j/k while the pull writes", busy))
    finally:
        fake.terminate()
        subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
