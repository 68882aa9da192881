#!/bin/sh
# bench/run-pull-floor.sh: the least a first-store pull of N associated
# tenants and N role assignments can cost, whatever the code around it:
#   map       making and parsing the same pages of 50 (bench/pull --map),
#             the reader thread's share, with no store;
#   rows      SQLite alone copying the rows a pull must write (each object's
#             remote_object row, its table row with its sort-order indexes,
#             its audit entry) set-wise, one INSERT ... SELECT per table in
#             one transaction, from a store bench/pull made into an empty
#             one, no full-text index (fts_defer held), then the commit;
#   fulltext  SQLite building the three full-text indexes over those rows
#             in one statement each.
# The IDs bench/pull makes are in order, so every index is filled in order:
# real GUIDs cost more. Compare the sums with one curl's time for the same
# pages (bench/run-pull-curl.sh N N). Needs the sqlite3 shell. Not part of
# the test suite.
#
# Usage: bench/run-pull-floor.sh [N...]   (default 10000 100000)
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
build=${BUILD:-$here/../build}
[ $# -gt 0 ] || set -- 10000 100000
command -v sqlite3 >/dev/null 2>&1 || { echo "run-pull-floor: needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 2; }
make -s -C "$build" bench-pull >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/billcon-pull-floor.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export BILLCON_CONFIG="$tmp/none"
"$build/bench/pull" "$tmp/empty.db" 0 >/dev/null

# The timer's wall seconds of the statements between two .print marks,
# summed per mark.
sum_marks() {
	awk '/^mark / { m = $2; next }
	     /^Run Time:/ { t[m] += $4 }
	     END { printf "rows %.2f s (commit %.2f s), fulltext %.2f s\n", t["rows"] + t["commit"], t["commit"], t["fts"] }'
}

for n in "$@"; do
	echo "N=$n:"
	printf '  the pull from memory: '
	"$build/bench/pull" "$tmp/src.db" "$n"
	printf '  '
	"$build/bench/pull" --map "$n"
	cp "$tmp/empty.db" "$tmp/dst.db"
	printf '  SQLite set-wise: '
	sqlite3 "$tmp/dst.db" <<EOF | sum_marks
PRAGMA temp_store=MEMORY;
PRAGMA cache_size=-32000;
PRAGMA synchronous=NORMAL;
ATTACH '$tmp/src.db' AS src;
.timer on
.print mark rows
BEGIN;
INSERT INTO fts_defer VALUES(1);
INSERT INTO remote_object SELECT * FROM src.remote_object WHERE id NOT IN (SELECT id FROM main.remote_object);
INSERT INTO associated_tenant SELECT * FROM src.associated_tenant;
INSERT OR IGNORE INTO role_definition SELECT * FROM src.role_definition;
INSERT INTO role_assignment SELECT * FROM src.role_assignment;
INSERT INTO audit SELECT * FROM src.audit WHERE seq > (SELECT max(seq) FROM main.audit);
DELETE FROM fts_defer;
.print mark commit
COMMIT;
.print mark fts
BEGIN;
INSERT INTO associated_tenant_fts(associated_tenant_fts) VALUES('rebuild');
INSERT INTO role_assignment_fts(role_assignment_fts) VALUES('rebuild');
INSERT INTO audit_fts(rowid, actor, action, object, text)
 SELECT seq, actor, action, object, coalesce(before, '') || ' ' || coalesce(after, '') FROM audit WHERE seq > 1;
COMMIT;
EOF
	rm -f "$tmp/src.db" "$tmp/src.db-wal" "$tmp/src.db-shm" "$tmp/dst.db" "$tmp/dst.db-wal" "$tmp/dst.db-shm"
done
