#!/bin/sh
# bench/run-http.sh: the HTTP layer's cost per call (issue 11): N
# sequential small GETs (GET /health, about 60 bytes) against
# tests/fake-arm on 127.0.0.1, on one sync_http session (bench/http-get.c:
# one kept-alive connection), against curl's command line doing the same
# in one process (`curl -K` with N URLs: curl reuses its connection too).
#
# Usage: bench/run-http.sh [--build DIR] [--runs R] [N]
#
#   N        calls per run (default 1000)
#   --build  the build folder holding libbillcon.a (default build/ under the
#            repository); `make bench-http` is run in it
#   --runs   runs of each, the median reported (default 3)
#
# Prints, for each, the median wall time in ms and µs per call, the client's
# CPU time (user + system, GNU time for curl), then the
# ratio, the connections each session opened (1 = kept alive: counted in a
# trace for billcon, curl's own -w '%{num_connects}' summed for curl) and
# the load average (the machine's other work is not stopped). Both sides
# wait on the same Python server, which takes most of the time.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
runs=3
n=1000
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) n=$1; shift ;;
	esac
done
command -v python3 >/dev/null || { echo "run-http: python3 is needed (the fake server)" >&2; exit 1; }
command -v curl >/dev/null || { echo "run-http: curl is needed (the comparison)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "run-http: GNU time (/usr/bin/time) is needed" >&2; exit 1; }
make -C "$build" -s bench-http >/dev/null
tmp=$(mktemp -d)
# tests/fakelib.sh starts the server (FAKE, its base URL) and cleans up.
T=$tmp
TESTS_SRCDIR=$top/tests
. "$top/tests/fakelib.sh"
url="$FAKE/health"

# curl's config: N URLs, each to /dev/null, its connections counted.
i=0
: >"$tmp/curl.cfg"
while [ "$i" -lt "$n" ]; do
	printf 'url = "%s"\noutput = "/dev/null"\n' "$url" >>"$tmp/curl.cfg"
	i=$((i + 1))
done

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

: >"$tmp/billcon.ms"
: >"$tmp/curl.ms"
: >"$tmp/billcon.cpu"
: >"$tmp/curl.cpu"
r=0
while [ "$r" -lt "$runs" ]; do
	"$build/bench/http-get" "$url" "$n" >"$tmp/get.out"
	sed -n 's/^total_ms //p' "$tmp/get.out" | cut -d. -f1 >>"$tmp/billcon.ms"
	sed -n 's/^cpu_ms //p' "$tmp/get.out" >>"$tmp/billcon.cpu"
	t0=$(now_ms)
	/usr/bin/time -f '%U %S' -o "$tmp/curl.time" curl -s -K "$tmp/curl.cfg" -w '%{num_connects}\n' >"$tmp/curl.conns"
	t1=$(now_ms)
	awk '{ printf "%.0f\n", ($1 + $2) * 1000 }' "$tmp/curl.time" >>"$tmp/curl.cpu"
	echo $((t1 - t0)) >>"$tmp/curl.ms"
	r=$((r + 1))
done

b=$(median <"$tmp/billcon.ms")
c=$(median <"$tmp/curl.ms")
bc=$(median <"$tmp/billcon.cpu")
cc=$(median <"$tmp/curl.cpu")
"$build/bench/http-get" "$url" 10 "$tmp/trace" >/dev/null
echo "calls per run: $n, runs: $runs (median)"
echo "billcon sync_http: $b ms, $((b * 1000 / n)) us/call, CPU $bc ms, $(grep -c '^\* Connected to' "$tmp/trace") connection(s) for 10 calls, $(sed -n 's/^maxrss_kb //p' "$tmp/get.out") KB max RSS"
echo "curl -K:           $c ms, $((c * 1000 / n)) us/call, CPU $cc ms, $(awk '{ s += $1 } END { print s }' "$tmp/curl.conns") connection(s) for $n calls"
awk -v b="$b" -v c="$c" 'BEGIN { printf "ratio billcon/curl: %.2f\n", b / c }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
