#!/bin/sh
# bench/run-cli.sh: time the billcon CLI on generated demo stores.
#
# Usage: bench/run-cli.sh [BILLCON_BINARY] [SIZES...]
#
#   BILLCON_BINARY  default: build-bench/billcon under the repository root
#                   (an optimised build: ../configure without --enable-debug)
#   SIZES           default: 10000 100000 1000000
#
# For each size N it makes a store with `billcon demo init DB --scale N` in a
# fresh temporary folder (N rows each of associated tenants, users, role
# assignments and requests, and audit entries: "rows/s" is N/s, "x5" is 5N/s;
# the audit table in fact gets 2N entries, request.create and role.assign,
# so 6N rows are written), then times
# `tenants list --json`, `tenants list --csv`, `audit verify` and one
# `tenants add` on that store. Peak RSS comes from GNU time (/usr/bin/time);
# the script installs nothing. Not part of the test suite; builds nothing.
# Caches are warm: the store was just written.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
root=$(CDPATH='' cd -- "$here/.." && pwd)

usage() {
	echo "usage: bench/run-cli.sh [BILLCON_BINARY] [SIZES...]" >&2
	exit 2
}

is_number() {
	case $1 in
	'' | *[!0-9]*) return 1 ;;
	*) return 0 ;;
	esac
}

bin=$root/build-bench/billcon
if [ $# -gt 0 ]; then
	case $1 in
	-h | --help) usage ;;
	esac
	if ! is_number "$1"; then
		bin=$1
		shift
	fi
fi
if [ $# -eq 0 ]; then
	set -- 10000 100000 1000000
fi
for n in "$@"; do
	is_number "$n" || { echo "run-cli.sh: size \"$n\" is not a number" >&2; usage; }
done
case $bin in
/*) ;;
*) bin=$(pwd)/$bin ;;
esac
if [ ! -x "$bin" ]; then
	echo "run-cli.sh: no billcon binary at $bin" >&2
	echo "  build one: mkdir -p build-bench && cd build-bench && ../configure && make billcon" >&2
	exit 1
fi

# Timing. Wall time is taken with date +%s%N (GNU date: nanoseconds) when it
# works, else with the timer's own seconds (10 ms resolution). Peak RSS only
# with GNU time.
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o /dev/null true 2>/dev/null; then
	timer=gnu
else
	timer=bash
	echo "NOTE: GNU time (/usr/bin/time) is missing: peak RSS is not measured" >&2
	echo "      (install the Debian package \"time\" to get it); seconds come from bash's time." >&2
	command -v bash >/dev/null 2>&1 || { echo "run-cli.sh: neither GNU time nor bash found" >&2; exit 1; }
fi
case $(date +%s%N 2>/dev/null) in
'' | *[!0-9]*) have_ns=no ;;
*) have_ns=yes ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/billcon-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# A signal ends the script through exit, so the EXIT trap still cleans up
# (e.g. SIGPIPE when the output is piped into head).
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

# measure OUT ERR CMD...: run CMD with stdout to OUT and stderr to ERR; sets
# secs (wall seconds, 3 decimals) and rss_kb (peak RSS in KiB, or "n/a").
# Fails the script when CMD fails.
measure() {
	m_out=$1 m_err=$2
	shift 2
	if [ "$have_ns" = yes ]; then
		t0=$(date +%s%N)
	fi
	if [ "$timer" = gnu ]; then
		if ! /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >"$m_out" 2>"$m_err"; then
			echo "run-cli.sh: failed: $*" >&2
			cat "$m_err" >&2
			exit 1
		fi
		read -r t_secs rss_kb <"$tmp/time"
	else
		if ! TIMEFORMAT=%3R bash -c 'o=$1 e=$2; shift 2; time "$@" >"$o" 2>"$e"' \
			bash "$m_out" "$m_err" "$@" 2>"$tmp/time"; then
			echo "run-cli.sh: failed: $*" >&2
			cat "$m_err" >&2
			exit 1
		fi
		t_secs=$(tail -n 1 "$tmp/time")
		rss_kb=n/a
	fi
	if [ "$have_ns" = yes ]; then
		t1=$(date +%s%N)
		secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
	else
		secs=$t_secs
	fi
}

rss() { # KiB -> "peak RSS X MB"
	case $1 in
	n/a) echo "peak RSS not measured" ;;
	*) echo "peak RSS $(mb "$1") MB" ;;
	esac
}

mb() { # KiB -> MiB
	case $1 in
	n/a) echo n/a ;;
	*) awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' ;;
	esac
}

echo "billcon benchmark: $bin"
echo "sizes: $*   timer: $timer$( [ "$have_ns" = yes ] && echo ', wall clock from date +%s%N')"
echo "temporary folder: $tmp"
echo

rows=$tmp/rows
: >"$rows"
for n in "$@"; do
	dir=$tmp/n$n
	mkdir "$dir"
	db=$dir/bench.db
	echo "== scale $n =="

	measure "$dir/init.out" "$dir/init.err" "$bin" demo init "$db" --scale "$n"
	init_s=$secs
	init_rss=$rss_kb
	bytes=$(wc -c <"$db" | tr -d ' ')
	db_mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
	rps=$(awk -v n="$n" -v s="$init_s" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }')
	trps=$(awk -v n="$n" -v s="$init_s" 'BEGIN { if (s > 0) printf "%.0f", 5 * n / s; else print "inf" }')
	echo "demo init --scale $n: ${init_s} s, $rps generated rows/s per table" \
		"($trps rows/s over all 5 tables), $(rss "$init_rss")"
	echo "  store file: $bytes bytes ($db_mb MB)"

	measure "$dir/list.json" "$dir/list.err" "$bin" --db "$db" tenants list --json
	json_s=$secs
	json_rss=$rss_kb
	# N generated tenants plus the demo account's 7; count the objects.
	got=$(grep -o '"tenantId"' "$dir/list.json" | wc -l | tr -d ' ') || got='?'
	json_bytes=$(wc -c <"$dir/list.json" | tr -d ' ')
	rm -f "$dir/list.json"
	echo "tenants list --json: ${json_s} s, $(rss "$json_rss")," \
		"$json_bytes bytes out ($got tenantId keys; expected $((n + 7)))"

	measure "$dir/list.csv" "$dir/list.err" "$bin" --db "$db" tenants list --csv
	csv_s=$secs
	csv_rss=$rss_kb
	csv_lines=$(wc -l <"$dir/list.csv" | tr -d ' ')
	rm -f "$dir/list.csv"
	echo "tenants list --csv:  ${csv_s} s, $(rss "$csv_rss"), $csv_lines lines out"

	measure "$dir/verify.out" "$dir/verify.err" "$bin" --db "$db" audit verify
	verify_s=$secs
	verify_rss=$rss_kb
	echo "audit verify:        ${verify_s} s, $(rss "$verify_rss"): $(head -n 1 "$dir/verify.out")"

	measure "$dir/add.out" "$dir/add.err" "$bin" --db "$db" tenants add \
		--tenant-id 12345678-1234-4234-8234-123456789abc --name Bench
	add_ms=$(awk -v s="$secs" 'BEGIN { printf "%.0f", s * 1000 }')
	echo "tenants add (one):   ${add_ms} ms, $(rss "$rss_kb")"
	echo

	printf '%s %s %s %s %s %s %s %s %s %s\n' "$n" "$init_s" "$rps" "$trps" "$db_mb" \
		"$json_s" "$(mb "$json_rss")" "$csv_s" "$verify_s" "$add_ms" >>"$rows"
	rm -rf "$dir"
done

echo "Summary (rows/s: generated rows per table per second; all 5 tables: x5)"
echo
printf '| %9s | %8s | %9s | %9s | %7s | %9s | %9s | %8s | %8s | %6s |\n' \
	size "init s" "rows/s" "rows/s x5" "DB MB" "json s" "json MB" "csv s" "verify s" "add ms"
printf '|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|\n' \
	----------: ---------: ----------: ----------: --------: ----------: ----------: ---------: ---------: -------:
while read -r n init_s rps trps db_mb json_s json_mb csv_s verify_s add_ms; do
	printf '| %9s | %8s | %9s | %9s | %7s | %9s | %9s | %8s | %8s | %6s |\n' \
		"$n" "$init_s" "$rps" "$trps" "$db_mb" "$json_s" "$json_mb" "$csv_s" "$verify_s" "$add_ms"
done <"$rows"
