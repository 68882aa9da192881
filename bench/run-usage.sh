#!/bin/sh
# bench/run-usage.sh: time `billcon usage import` and `usage report` on
# generated Azure Stack usage files (DOMAIN.md §7 "Usage routing").
#
# Usage: bench/run-usage.sh [BILLCON_BINARY] [ROWS...]
#
#   BILLCON_BINARY  default: build-bench/billcon under the repository root
#                   (an optimised build), else build/billcon
#   ROWS            default: 100000 1000000
#
# For each size N it makes a demo store in a fresh temporary folder, writes
# a CSV of N rows (both demo deployments; Tailspin Toys, registered on both,
# Wingtip Toys, registered on Redmond only, and 50 unregistered tenants; 8
# meters) and times one import of it, then the report by each grouping.
# Peak RSS comes from GNU time (/usr/bin/time -v): the import streams the
# file twice (its hash, then one pass that checks and writes each row), so
# it stays flat from 100k to 1M rows.
# Not part of the test suite; builds nothing, installs nothing.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH='' cd -- "$here/.." && pwd)

bin=$root/build-bench/billcon
[ -x "$bin" ] || bin=$root/build/billcon
if [ $# -gt 0 ]; then
	case $1 in
	-h | --help)
		echo "usage: bench/run-usage.sh [BILLCON_BINARY] [ROWS...]" >&2
		exit 2
		;;
	*[!0-9]*) bin=$1; shift ;;
	esac
fi
[ $# -gt 0 ] || set -- 100000 1000000
[ -x "$bin" ] || { echo "bench/run-usage.sh: no billcon at $bin" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# N rows of usage, a tenant and a meter per row in turn.
generate() {
	awk -v n="$1" 'BEGIN {
		print "deployment,tenant,meter,quantity,start,end"
		split("vcpu-hours storage-gb-hours ip-hours sql-db-hours blob-gb table-gb queue-gb app-service-hours", m, " ")
		for (i = 0; i < n; i++) {
			k = i % 53
			if (k == 0) t = "c0000000-0000-4000-8000-000000000003"
			else if (k == 1) t = "c0000000-0000-4000-8000-000000000004"
			else t = sprintf("d%07d-0000-4000-8000-000000000000", k)
			d = (i % 3 == 0) ? "stack-dublin" : "stack-redmond"
			day = 1 + i % 28
			printf "%s,%s,%s,%d.%02d,2026-11-%02dT00:00:00Z,2026-11-%02dT01:00:00Z\n", d, t, m[1 + i % 8], i % 97, i % 100, day, day
		}
	}'
}

# Seconds and peak RSS (kB) of the command, from GNU time.
timed() {
	/usr/bin/time -v "$@" >"$tmp/out" 2>"$tmp/time" || { cat "$tmp/out" "$tmp/time" >&2; exit 1; }
	secs=$(sed -n 's/.*Elapsed (wall clock) time.*: //p' "$tmp/time" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time")
	cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$tmp/time" | awk '{ s += $1 } END { print s }')
}

# On a shared machine wall time waits on others: CPU seconds (user +
# system) and rows per CPU second are shown beside it.
printf '%-9s %-28s %8s %10s %8s %12s %9s %s\n' rows step seconds rows/s cpu-s rows/cpu-s "RSS kB" ""
for n in "$@"; do
	db=$tmp/usage-$n.db
	"$bin" demo init "$db" >/dev/null
	generate "$n" >"$tmp/usage-$n.csv"
	timed "$bin" --db "$db" usage import "$tmp/usage-$n.csv"
	printf '%-9s %-28s %8s %10.0f %8s %12.0f %9s %s\n' "$n" "usage import" "$secs" \
		"$(echo "$n $secs" | awk '{ print ($2 > 0) ? $1 / $2 : 0 }')" "$cpu" \
		"$(echo "$n $cpu" | awk '{ print ($2 > 0) ? $1 / $2 : 0 }')" "$rss" "($(du -k "$tmp/usage-$n.csv" | cut -f1) kB file)"
	for by in subscription tenant meter; do
		timed "$bin" --db "$db" usage report --by "$by" --json
		printf '%-9s %-28s %8s %10s %8s %12s %9s\n' "$n" "usage report --by $by" "$secs" - "$cpu" - "$rss"
	done
	rm -f "$db" "$db-wal" "$db-shm" "$tmp/usage-$n.csv"
done
