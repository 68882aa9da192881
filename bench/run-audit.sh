#!/bin/sh
# bench/run-audit.sh: the audit trail's figures at a few sizes (issue 8,
# "Tests and figures"; the lead copies them into doc/performance.md).
#
# Usage: bench/run-audit.sh [--build DIR] [--dir DIR] [--no-tui]
#                           [--tui-billcon PATH] [--cli-billcon PATH] [SIZE...]
#
#   SIZE      entries beyond the demo's own: 10k, 1m, 10m or digits;
#             default 10k 1m 10m
#   --build   the build folder holding billcon and libbillcon.a (default
#             build/ under the repository); `make bench-audit` is run in it
#   --dir     where the stores are kept as audit-SIZE.db (default
#             /work/bench, else bench-stores/ here); made once with
#             `billcon demo init PATH --audit N` and reused when present
#   --no-tui  skip the console figures (bench/run-tui.py --blade audit)
#   --tui-billcon PATH  time this binary's console instead (one with the
#             audit blade, while the build's has none); it opens the
#             stores writable, so it must know their schema
#   --cli-billcon PATH  run audit checkpoint, prove and export with this
#             binary instead (one that has them), read-only
#
# For each size it prints: the time to make the store (when it is made);
# bytes per entry on disk from sqlite3's dbstat (the audit table, its
# time and account indexes, the word index's tables, the tree's hashes)
# and the file's size per entry; `billcon --read-only audit verify` twice
# (entries/s, max RSS); the tree's root and an inclusion and a consistency
# proof timed in process (bench/audit-proof.c: median of 20, the first
# apart); `audit checkpoint` and `audit prove` and `audit export --format
# csv|jsonl` when this billcon has them, else n/a; the console's audit
# blade (first frame, bytes per key, filter keystrokes) when it has one.
# Before making a store it checks the free disk space and skips the size
# with a sentence when it is short. Caches are warm unless said; the
# machine's other work is not stopped (the load average is printed).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build
dir=
tui=1
tui_billcon=
cli_billcon=
sizes=
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--dir) dir=$2; shift 2 ;;
	--no-tui) tui=0; shift ;;
	--tui-billcon) tui_billcon=$2; shift 2 ;;
	--cli-billcon) cli_billcon=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run-audit.sh: unknown option $1" >&2; exit 2 ;;
	*) sizes="$sizes $1"; shift ;;
	esac
done
[ -n "$sizes" ] || sizes="10k 1m 10m"
if [ -z "$dir" ]; then
	if [ -d /work/bench ]; then dir=/work/bench; else dir=$top/bench-stores; fi
fi
mkdir -p "$dir"
billcon=$build/billcon
[ -x "$billcon" ] || { echo "run-audit.sh: no $billcon: build first" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "run-audit.sh: needs the sqlite3 shell (dbstat)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "run-audit.sh: needs /usr/bin/time" >&2; exit 2; }
make -s -C "$build" bench-audit >/dev/null
proof=$build/bench/audit-proof
cli=${cli_billcon:-$billcon}

# A private home: checkpoint keys and config never touch the user's.
home=$(mktemp -d "${TMPDIR:-/tmp}/billcon-bench-audit.XXXXXX")
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME"
unset BILLCON_NOW BILLCON_CONFIG
export LC_ALL=C.UTF-8 TZ=UTC

# Bytes a store of n entries needs while it is made: about 1 kB an entry
# in the file, as much again in the write-ahead log and the word index's
# build at the end, and a margin.
need_bytes() { echo $(($1 * 2200 + 200000000)); }
count() {
	case $1 in
	*k) echo $((${1%k} * 1000)) ;;
	*m) echo $((${1%m} * 1000000)) ;;
	*[!0-9]*|'') echo "run-audit.sh: size '$1' is not 10k, 1m or digits" >&2; exit 2 ;;
	*) echo "$1" ;;
	esac
}
gb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e9 }'; }
# timed OUT CMD...: runs CMD with stdout to OUT; sets $secs (wall),
# $cpu (user + system: what the machine's other work does not inflate as
# much) and $rss_kb.
timed() {
	out=$1
	shift
	/usr/bin/time -f "%e %M %U %S" -o "$home/time" "$@" >"$out" 2>"$home/err" || {
		echo "    failed: $* ($(head -c 300 "$home/err"))"
		secs= rss_kb= cpu=
		return 1
	}
	read -r secs rss_kb user sys <"$home/time"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }'; }
has_command() { "$cli" --help 2>/dev/null | grep -q "^  audit $1"; }

echo "billcon audit bench: $billcon, stores in $dir"
[ -z "$cli_billcon" ] || echo "checkpoint, prove, export: $cli_billcon"
[ -z "$tui_billcon" ] || echo "console: $tui_billcon"
echo "machine: $(nproc) cores, $(awk '{ print $1, $2, $3 }' /proc/loadavg) load average (other builds and tests may share the cores)"
echo "sqlite $(sqlite3 -version | cut -d' ' -f1), $(date -u +%Y-%m-%dT%H:%M:%SZ)"

for size in $sizes; do
	n=$(count "$size")
	db=$dir/audit-$size.db
	echo
	echo "== $size: $n generated entries, $db"
	if [ ! -e "$db" ]; then
		avail=$(df -B1 --output=avail "$dir" | tail -1 | tr -d ' ')
		need=$(need_bytes "$n")
		if [ "$avail" -lt "$need" ]; then
			echo "skipping $size: needs ~$(gb "$need") GB free, have $(gb "$avail")"
			continue
		fi
		echo "making it (--audit $n; $(gb "$avail") GB free) ..."
		timed /dev/null "$billcon" demo init "$db" --audit "$n" || continue
		echo "made in $secs s, $cpu s CPU ($(rate "$n" "$secs") entries/s), max RSS $rss_kb kB"
	else
		echo "reusing it"
	fi
	entries=$(sqlite3 "file:$db?mode=ro" "SELECT max(seq) FROM audit")
	fsize=$(stat -c %s "$db")

	echo "-- disk ($entries entries)"
	sqlite3 "file:$db?mode=ro" "SELECT name, sum(pgsize) FROM dbstat
		WHERE name IN ('audit', 'audit_at', 'audit_account', 'audit_tree') OR name LIKE 'audit_fts%'
		GROUP BY name ORDER BY 2 DESC" >"$home/dbstat"
	total=0
	while IFS='|' read -r name bytes; do
		printf '  %-16s %14s bytes %8.1f per entry\n' "$name" "$bytes" "$(awk -v b="$bytes" -v n="$entries" 'BEGIN { print b / n }')"
		total=$((total + bytes))
	done <"$home/dbstat"
	printf '  %-16s %14s bytes %8.1f per entry\n' "audit, all" "$total" "$(awk -v b="$total" -v n="$entries" 'BEGIN { print b / n }')"
	printf '  %-16s %14s bytes %8.1f per entry\n' "file" "$fsize" "$(awk -v b="$fsize" -v n="$entries" 'BEGIN { print b / n }')"

	echo "-- verify (billcon --read-only audit verify)"
	# What every command costs before it reads the trail (start, open,
	# the last entry): subtracted for the net rate.
	base=0
	timed "$home/out" "$billcon" --db "$db" --read-only audit head && base=$secs &&
		echo "  audit head (start and open): $secs s, max RSS $rss_kb kB"
	for pass in 1 2; do
		if timed "$home/out" "$billcon" --db "$db" --read-only audit verify; then
			net=$(awk -v s="$secs" -v b="$base" 'BEGIN { print (s > b ? s - b : s) }')
			echo "  pass $pass: $secs s, $cpu s CPU, $(rate "$entries" "$secs") entries/s ($(rate "$entries" "$net") net of the start, $(rate "$entries" "$cpu") per CPU second), max RSS $rss_kb kB: $(head -c 100 "$home/out")"
		fi
	done

	echo "-- tree, in process (bench/audit-proof: ms first, median of 20, max)"
	if "$proof" "$db" 20 >"$home/out" 2>"$home/err"; then
		sed 's/^/  /' "$home/out"
	else
		echo "  failed: $(cat "$home/err")"
	fi

	echo "-- checkpoint and proof (billcon)"
	if has_command checkpoint; then
		timed "$home/out" "$cli" --db "$db" --read-only audit checkpoint || true
		# The first makes the key; the second is the one timed.
		timed "$home/out" "$cli" --db "$db" --read-only audit checkpoint &&
			echo "  audit checkpoint: $secs s (process start included), max RSS $rss_kb kB"
	else
		echo "  audit checkpoint: n/a (not built)"
	fi
	if has_command prove; then
		timed "$home/out" "$cli" --db "$db" --read-only audit prove $((entries / 2)) &&
			echo "  audit prove $((entries / 2)): $secs s (process start included), max RSS $rss_kb kB"
	else
		echo "  audit prove: n/a (not built)"
	fi

	echo "-- export (billcon --read-only audit export --format F [--all-accounts] > /dev/null)"
	for format in csv jsonl; do
		if has_command export; then
			# Every entry: the rate is over the whole trail.
			all=
			"$cli" --help 2>/dev/null | grep -q -- --all-accounts && all=--all-accounts
			timed /dev/null "$cli" --db "$db" --read-only audit export --format "$format" $all &&
				echo "  $format: $secs s, $cpu s CPU, $(rate "$entries" "$secs") rows/s, max RSS $rss_kb kB"
		else
			echo "  $format: n/a (not built)"
		fi
	done

	if [ "$tui" = 1 ]; then
		echo "-- console (bench/run-tui.py --blade audit)"
		python3 "$top/bench/run-tui.py" --billcon "${tui_billcon:-$billcon}" --db "$db" --blade audit --runs 3 2>&1 |
			sed 's/^/  /' || echo "  run-tui.py failed"
	fi
done
