#!/bin/sh
# The libFuzzer targets of tests/fuzz/, built with clang (the gcc-built
# libbillcon.a cannot be linked with the fuzzer runtime) into
# BUILD/fuzz/, then run over their seed corpora: FUZZ_RUNS runs each
# (2000 by default, a few seconds in all), or FUZZ_SECONDS each when that is
# set (`make fuzz`). Any crash, leak, sanitizer report or timeout fails; the
# input that did it is kept as BUILD/fuzz/NAME-crash-* (or -leak-,
# -timeout-). Without clang and its fuzzer runtime the test is skipped
# (77), never passed.
. "$TESTS_SRCDIR/lib.sh"

src=$(cd "$TESTS_SRCDIR/.." && pwd)
build=$(cd "$(dirname "$BILLCON")" && pwd)
out=$build/fuzz
CC_FUZZ=${CC_FUZZ:-clang}
flags="-std=c17 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Werror
-fsanitize=address,undefined -fno-sanitize-recover=undefined -I$build -I$src/include -I$src/tests/fuzz"

# The sources each target needs, beside tests/fuzz/TARGET.c and fuzz_util.c.
ui_keys="src/ui/keys.c src/ui/action.c src/core/status.c"
ui_theme="src/ui/theme.c @src/ui/themes_builtin.c src/core/status.c"
targets="fuzz_csv|src/cli/csv.c
fuzz_config|src/app/config.c src/core/bandwidth.c src/core/validate.c src/core/text.c src/core/status.c
fuzz_theme|$ui_theme
fuzz_keys|$ui_keys
fuzz_script|src/ui/input.c src/ui/screen.c src/ui/wire.c src/core/text.c src/core/validate.c $ui_keys $ui_theme
fuzz_text|src/core/text.c src/core/validate.c src/core/status.c
fuzz_note|src/core/note.c src/core/base64.c src/core/text.c src/core/validate.c src/core/status.c
fuzz_auditq|src/core/auditq.c src/core/clock.c src/core/status.c
fuzz_linkdraft|src/app/linkdraft.c src/app/json.c src/core/link.c src/core/wizard.c src/core/validate.c src/core/text.c src/core/status.c
fuzz_usage|src/cli/usagefile.c src/cli/csv.c src/core/usage.c src/core/clock.c src/core/validate.c src/core/text.c src/core/status.c
fuzz_http|src/sync/httperror.c src/sync/httptrace.c src/core/buf.c src/core/clock.c src/core/validate.c src/core/text.c src/core/status.c
fuzz_auth|src/sync/token.c src/core/base64.c src/core/status.c
fuzz_pull|src/sync/map.c src/sync/plan.c src/core/buf.c src/core/remote.c src/core/status.c"

if ! command -v "$CC_FUZZ" >/dev/null 2>&1; then
	echo "SKIP: no $CC_FUZZ to build the fuzz targets with"
	exit 77
fi
mkdir -p "$out/obj"
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; return (int)n & 0; }\n' >"$T/probe.c"
if ! "$CC_FUZZ" -fsanitize=fuzzer,address "$T/probe.c" -o "$T/probe" >"$T/probe.log" 2>&1; then
	echo "SKIP: $CC_FUZZ has no libFuzzer runtime (Debian: libclang-rt-14-dev): $(head -1 "$T/probe.log")"
	exit 77
fi
curses_cflags=$(pkg-config --cflags ncursesw)
libs=$(pkg-config --libs ncursesw libcrypto jansson libcurl)

# The object of one source (src-relative, or build-relative after '@'),
# compiled again only when the source or a header is newer.
object() {
	case $1 in
	@*) file=$build/${1#@} ;;
	*) file=$src/$1 ;;
	esac
	obj=$out/obj/$(echo "${1#@}" | tr '/' '_').o
	if [ ! -f "$obj" ] || [ "$file" -nt "$obj" ] ||
		[ -n "$(find "$src/include" "$src/tests/fuzz" -newer "$obj" -name '*.h' 2>/dev/null | head -1)" ]; then
		# shellcheck disable=SC2086
		"$CC_FUZZ" $flags -fsanitize=fuzzer-no-link $curses_cflags -c "$file" -o "$obj" || return 1
	fi
	echo "$obj"
}

# Builds target $1 from the sources $2; prints nothing, fails on an error.
build_target() {
	objs=""
	# Each source once, as the lists share some.
	# shellcheck disable=SC2086
	for s in tests/fuzz/$1.c tests/fuzz/fuzz_util.c $(printf '%s\n' $2 | sort -u); do
		o=$(object "$s") || return 1
		objs="$objs $o"
	done
	# shellcheck disable=SC2086
	"$CC_FUZZ" $flags -fsanitize=fuzzer $objs $libs -o "$out/$1"
}

# Runs target $1 over a scratch corpus (new inputs land there, never in the
# source tree) seeded from tests/fuzz/corpus/NAME.
run_target() {
	name=${1#fuzz_}
	mkdir -p "$T/corpus-$name"
	if [ -n "${FUZZ_SECONDS:-}" ]; then
		limit="-max_total_time=$FUZZ_SECONDS"
	else
		limit="-runs=${FUZZ_RUNS:-2000}"
	fi
	rc=0
	ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=1 "$out/$1" "$limit" -timeout=10 -rss_limit_mb=2048 \
		-error_exitcode=1 -timeout_exitcode=1 -artifact_prefix="$out/$name-" -print_final_stats=1 \
		"$T/corpus-$name" "$src/tests/fuzz/corpus/$name" >"$out/$name.log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$name.log" | tail -1)
	if [ "$rc" != 0 ]; then
		fail "$1 failed after ${runs:-?} runs (exit $rc); see $out/$name.log"
		grep -E 'ERROR|SUMMARY|promise|Test unit written' "$out/$name.log" | head -5 >&2
	else
		echo "$1: ${runs:-?} runs, 0 crashes"
	fi
}

printf '%s\n' "$targets" >"$T/targets"
while IFS='|' read -r target sources; do
	if build_target "$target" "$sources"; then
		run_target "$target"
	else
		fail "$target did not build"
	fi
done <"$T/targets"
finish
