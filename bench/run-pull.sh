#!/bin/sh
# bench/run-pull.sh: a first-store pull of N associated tenants and N role
# assignments in pages of 50, served from memory (bench/pull.c: no HTTP),
# for each N given (default 10000 100000): pages/s, rows/s, peak RSS.
# Builds bench/pull on demand (`make bench-pull`) in BUILD (default build/).
# Not part of the test suite.
set -eu

here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
build=${BUILD:-$here/../build}
[ $# -gt 0 ] || set -- 10000 100000
make -s -C "$build" bench-pull >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/billcon-bench-pull.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export BILLCON_CONFIG="$tmp/none"
for n in "$@"; do
	printf '%s: ' "$n"
	"$build/bench/pull" "$tmp/pull-$n.db" "$n"
done
