#!/bin/sh
# bench/run-push.sh: `billcon sync --push-only` against tests/fake-arm, by
# kind of change: N associated tenants added here (each pushes as a PUT,
# with the GET before it that checks for a conflict and the GET after it
# that reads the object back as the base of the next conflict check), then
# ROLES billing role assignments made here (each a POST, its long-running
# operation polled).
#
# Usage: bench/run-push.sh [N [ROLES]]   (default 1000; ROLES defaults to N,
#                                         0 skips the role assignments)
#
# It starts the fake on 127.0.0.1 with a small world (5 tenants, 4
# assignments), makes a store from it with `billcon sync --pull-only`,
# queues the N tenants through billcon's own write path in one call
# (`billcon tenants import` of a generated CSV), and times one
# `billcon sync --push-only`; then queues the ROLES assignments, one
# `billcon roles assign` each (about 25 ms a call: there is no bulk form),
# to new emails of an associated tenant whose billing management is on,
# and times a second push. Only the pushes are timed (by python3: wall,
# user and system CPU, the child's peak RSS), with the fake's CPU from /proc
# and the requests it served (GET /_log, emptied before each push). Each
# push must exit 0 and leave `sync --plan` with nothing waiting, or the
# bench fails. BILLCON names the binary (default build/billcon; a copy of
# it is run).
# Not part of the test suite; needs python3; builds nothing.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH='' cd -- "$here/.." && pwd)
n=${1:-1000}
roles=${2:-$n}
billcon=${BILLCON:-$root/build/billcon}
[ -x "$billcon" ] || { echo "run-push: no billcon at $billcon (make billcon, or set BILLCON)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/billcon-push.XXXXXX")
pid=
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
# A copy: a relink of build/ during the run must not change the binary.
cp "$billcon" "$tmp/billcon"
billcon=$tmp/billcon
# shellcheck source=bench/fake.sh
. "$here/fake.sh"
fake_start

# Signed in as the fake account's owner (user0), a token file for ARM and Graph.
token=$(python3 -c 'import base64, json
b = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
print("%s.%s.x" % (b({"alg": "none"}), b({"upn": "user0@contoso.com", "exp": 4102444800})))')
printf '{"arm": "%s", "graph": "%s"}\n' "$token" "$token" >"$tmp/token"
chmod 600 "$tmp/token"
mkdir -p "$tmp/home"
HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home XDG_STATE_HOME=$tmp/home XDG_DATA_HOME=$tmp/home
export HOME XDG_CONFIG_HOME XDG_STATE_HOME XDG_DATA_HOME
db=$tmp/push.db
opts="--endpoint $base --graph-endpoint $base --login-endpoint $base --auth token-file $tmp/token"
python3 -c 'import sys, urllib.request as u
u.urlopen(u.Request(sys.argv[1] + "/_state", method="POST",
                    data=b"{\"world\": {\"tenants\": 5, \"revoked_tenants\": 0, \"assignments\": 4}}"))' "$base"
# shellcheck disable=SC2086
"$billcon" --db "$db" sync --pull-only $opts </dev/null

now() { python3 -c 'import time; print("%.3f" % time.monotonic())'; }
took() { python3 -c 'import sys; print("%.1f" % (float(sys.argv[2]) - float(sys.argv[1])))' "$1" "$2"; }

# push KIND COUNT: one timed `sync --push-only`, checked.
push() {
	echo "uptime before the push of $2 $1: $(uptime)"
	# shellcheck disable=SC2086
	python3 - "$billcon" "$db" "$base" "$pid" "$1" "$2" $opts <<'PY'
import json, os, resource, subprocess, sys, time, urllib.request as u
billcon, db, base, pid, kind, count = sys.argv[1:7]
opts = sys.argv[7:]


def cpu():
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


u.urlopen(u.Request(base + "/_log", method="DELETE"))
c0, t0 = cpu(), time.monotonic()
r = subprocess.run([billcon, "--db", db, "sync", "--push-only"] + opts, stdin=subprocess.DEVNULL,
                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
wall, fake = time.monotonic() - t0, cpu() - c0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout.write(r.stdout)
sys.stderr.write(r.stderr)
if r.returncode != 0:
    sys.exit("run-push: the push of %s %s exited %d" % (count, kind, r.returncode))
by = {}
for line in u.urlopen(base + "/_log").read().decode().splitlines():
    m = json.loads(line)["request"].split(" ", 1)[0]
    by[m] = by.get(m, 0) + 1
reqs = sum(by.values())
pushed = int(r.stdout.split("Pushed ", 1)[1].split(" ", 1)[0]) if "Pushed " in r.stdout else -1
if pushed != int(count):
    sys.exit("run-push: %d changes pushed, not %s" % (pushed, count))
print("push of %s %s: %d changes pushed in %.2f s wall = %.2f ms/change; billcon %.2f s user, %.2f s system, "
      "peak RSS %d KB; fake CPU %.2f s; %d requests served (%s) = %.2f per change"
      % (count, kind, pushed, wall, 1000 * wall / pushed, ru.ru_utime, ru.ru_stime, ru.ru_maxrss, fake, reqs,
         ", ".join("%d %s" % (v, k) for k, v in sorted(by.items())), reqs / pushed))
PY
	"$billcon" --db "$db" sync --plan </dev/null >"$tmp/plan"
	grep -q -e '^No changes wait for sync\.$' -e '^0 to push, 0 local-only, 0 failed, 0 held\.$' "$tmp/plan" ||
		{ echo "run-push: changes still wait after the push:" >&2; tail -n 5 "$tmp/plan" >&2; exit 1; }
}

# N tenants, one import (billcon's write path: a change waiting per tenant).
python3 -c 'import sys
print("tenant,name")
for i in range(1, int(sys.argv[1]) + 1):
    print("%08x-0000-4000-8000-%012x,Bench %d" % (i, i, i))' "$n" >"$tmp/tenants.csv"
start=$(now)
"$billcon" --db "$db" tenants import "$tmp/tenants.csv" </dev/null
echo "queued $n tenants in $(took "$start" "$(now)") s"
push tenants "$n"

[ "$roles" -gt 0 ] || exit 0
# An associated tenant of the world with billing management on: any email
# of it may be given a role (pending the user's approval).
tenant=$("$billcon" --db "$db" tenants list --csv </dev/null | awk -F, '$3 ~ /^Tenant / && $4 == "Active" { print $1; exit }')
[ -n "$tenant" ] || { echo "run-push: no associated tenant with billing management on" >&2; exit 1; }
start=$(now)
i=0
while [ "$i" -lt "$roles" ]; do
	i=$((i + 1))
	"$billcon" --db "$db" roles assign --role Reader --email "bench$i@bench.example" --tenant "$tenant" </dev/null >/dev/null
done
echo "queued $roles role assignments in $(took "$start" "$(now)") s (one billcon call each)"
push "role assignments" "$roles"
