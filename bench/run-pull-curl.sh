#!/bin/sh
# bench/run-pull-curl.sh: the curl baseline of the pull bench (issue 11,
# "Tests and figures"): fetch every page of 50 of TENANTS associated
# tenants and ASSIGNMENTS billing role assignments from tests/fake-arm,
# in sequence, to /dev/null.
#
# Usage: bench/run-pull-curl.sh [TENANTS [ASSIGNMENTS]]   (default 100000 each)
#
# It starts the fake on 127.0.0.1, asks it for a world of that size, and
# first walks both listings once with python3, following each nextLink as
# given and recording it (that walk is the fake's own figure: pages/s with
# a keep-alive client that only reads, and the fake's CPU seconds per page
# from /proc). Then it times, with the recorded URLs:
#   one-curl  one curl process fetching every page in order over one
#             keep-alive connection (the baseline billcon's pull is held to);
#   loop      (only with PULL_CURL_LOOP=1: it takes minutes) one curl
#             process per page, the next link read from the page with sed
#             (a shell script that follows nextLink; process start
#             dominates it).
#   billcon   (when BILLCON names the billcon binary) `billcon sync
#             --pull-only` into a new store from the same world, with a
#             token file: the whole pull (its other listings are a few
#             pages), its wall time against one-curl's, and its peak RSS;
#             BILLCON_WRAP is put before it (e.g. "perf record -g -o F").
# Not part of the test suite; needs python3 and curl; builds nothing.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH='' cd -- "$here/.." && pwd)
tenants=${1:-100000}
assignments=${2:-100000}
command -v curl >/dev/null 2>&1 || { echo "run-pull-curl: curl is not installed" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/billcon-pull-curl.XXXXXX")
pid=
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
# shellcheck source=bench/fake.sh
. "$here/fake.sh"
fake_start

python3 - "$base" "$pid" "$tenants" "$assignments" "$tmp/urls" <<'EOF'
import http.client, json, os, sys, time, urllib.parse
base, pid, tenants, assignments, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
host = urllib.parse.urlsplit(base).netloc
conn = http.client.HTTPConnection(host)
H = {"Authorization": "Bearer bench", "Content-Type": "application/json"}


def get(url):
    conn.request("GET", url[len(base):] if url.startswith(base) else url, headers=H)
    r = conn.getresponse()
    body = r.read()
    assert r.status == 200, (r.status, body[:200])
    return body


def cpu():
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


t0 = time.monotonic()
conn.request("POST", "/_state", body=json.dumps({"world": {"tenants": tenants, "revoked_tenants": 0,
                                                           "assignments": assignments}}), headers=H)
conn.getresponse().read()
acct = json.loads(get(base + "/providers/Microsoft.Billing/billingAccounts?api-version=2024-04-01"))["value"][0]["id"]
print("world of %d tenants and %d assignments built in %.2f s" % (tenants, assignments, time.monotonic() - t0))
urls, items = [], 0
c0, t0 = cpu(), time.monotonic()
for coll in ("associatedTenants", "billingRoleAssignments"):
    url = base + acct + "/" + coll + "?api-version=2024-04-01"
    while url:
        urls.append(url)
        page = json.loads(get(url))
        items += len(page["value"])
        url = page.get("nextLink")
wall, fake_cpu = time.monotonic() - t0, cpu() - c0
print("fake, python keep-alive client: %d pages, %d objects, %.2f s, %.0f pages/s; fake CPU %.2f s = %.2f ms/page"
      % (len(urls), items, wall, len(urls) / wall, fake_cpu, 1000 * fake_cpu / len(urls)))
with open(out, "w") as f:
    f.write("".join(u + "\n" for u in urls))
EOF

pages=$(wc -l <"$tmp/urls")
{
	echo 'header = "Authorization: Bearer bench"'
	echo 'silent'
	echo 'fail'
	while IFS= read -r u; do
		printf 'url = "%s"\noutput = "/dev/null"\n' "$u"
	done <"$tmp/urls"
} >"$tmp/curl.cfg"

python3 - "$tmp/curl.cfg" "$pid" "$pages" <<'EOF'
import os, resource, subprocess, sys, time
cfg, pid, pages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


def cpu():
    f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


c0, t0 = cpu(), time.monotonic()
subprocess.run(["curl", "-g", "-K", cfg], check=True)
wall, fake = time.monotonic() - t0, cpu() - c0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("one-curl: %d pages in %.2f s, %.0f pages/s; curl CPU %.2f s, fake CPU %.2f s"
      % (pages, wall, pages / wall, ru.ru_utime + ru.ru_stime, fake))
EOF

# The whole pull by billcon, in the same run as curl (runs vary by a third
# on a shared machine; the ratio is what counts).
if [ -n "${BILLCON:-}" ]; then
	token=$(python3 -c 'import base64, json
b = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
print("%s.%s.x" % (b({"alg": "none"}), b({"upn": "user0@contoso.com", "exp": 4102444800})))')
	printf '{"arm": "%s"}\n' "$token" >"$tmp/token"
	chmod 600 "$tmp/token"
	mkdir -p "$tmp/home"
	# Timed by python3 (GNU time is not on every machine): wall, CPU and
	# the child's peak RSS.
	HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home XDG_STATE_HOME=$tmp/home XDG_DATA_HOME=$tmp/home \
		python3 - "$BILLCON" "$tmp/pull.db" "$base" "$tmp/token" <<'PY'
import os, resource, subprocess, sys, time
billcon, db, base, token = sys.argv[1:5]
wrap = os.environ.get("BILLCON_WRAP", "").split()
t0 = time.monotonic()
subprocess.run(wrap + [billcon, "--db", db, "sync", "--pull-only", "--endpoint", base, "--login-endpoint", base,
                "--auth", "token-file", token], stdin=subprocess.DEVNULL, check=True)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print("billcon: %.2f s wall, %.2f s user, %.2f s system, peak RSS %d KB"
      % (time.monotonic() - t0, ru.ru_utime, ru.ru_stime, ru.ru_maxrss))
PY
fi

now() { python3 -c 'import time; print("%.3f" % time.monotonic())'; }
[ "${PULL_CURL_LOOP:-0}" = 1 ] || exit 0
start=$(now)
n=0
for first in $(grep -E '(associatedTenants|billingRoleAssignments)\?api-version=2024-04-01$' "$tmp/urls"); do
	url=$first
	while [ -n "$url" ]; do
		curl -g -s -f -H "Authorization: Bearer bench" -o "$tmp/page" "$url"
		n=$((n + 1))
		url=$(sed -n 's/.*"nextLink": "\([^"]*\)".*/\1/p' "$tmp/page")
	done
done
end=$(now)
python3 -c 'import sys; s, e, n = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]); print("loop: %d pages in %.2f s, %.0f pages/s (a curl and a sed per page)" % (n, e - s, n / (e - s)))' "$start" "$end" "$n"
