#!/bin/sh
# fuzz.sh SECONDS [HARNESS...] - build the libFuzzer harnesses in
# tests/fuzz/ with clang (ASan + UBSan) and run each for SECONDS.
#
# Seeds come from tests/fuzz/corpus/NAME/ (read only); inputs that once
# crashed live in tests/fuzz/regressions/NAME/ and are replayed first.  A
# new crash is saved under build-fuzz/crashes/NAME/ and fails the run:
# add it to regressions/ with the fix.
set -eu
seconds=${1:-30}; shift || true
top=$(pwd)
out="$top/build-fuzz"
mkdir -p "$out/obj" "$out/crashes"
CC=${FUZZ_CC:-clang}
command -v "$CC" >/dev/null || { echo "fuzz: $CC not found (apt-get install clang)" >&2; exit 1; }
# every layer of src/layers.txt but the command line
layers=$(awk '!/^[[:space:]]*(#|$)/ && $1 != "lib" && $1 != "cli" { print $1 }' src/layers.txt)
inc=""
for l in $layers; do inc="$inc -Isrc/$l"; done
cflags="-std=c11 -D_DEFAULT_SOURCE -g -O1 $inc -DCPDESK_VERSION=\"fuzz\" \
 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
 $(pkg-config --cflags ncursesw lmdb yaml-0.1 libcjson)"
libs="$(pkg-config --libs ncursesw lmdb yaml-0.1)"

objs=""
# The harnesses exercise the layers up to the console's forms, not the
# command line (src/cli) nor the libical, cairo and GMime modules.
for src in $(for l in $layers; do ls src/$l/*.c; done); do
	case "$src" in src/work/ics_render.c|src/work/chart_render.c|src/work/mail_render.c) continue ;; esac
	obj="$out/obj/$(basename "$src" .c).o"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || \
	   [ -n "$(find src -newer "$obj" -name '*.h' 2>/dev/null | head -n 1)" ]; then
		# shellcheck disable=SC2086
		$CC $cflags -c -o "$obj" "$src"
	fi
	objs="$objs $obj"
done
rm -f "$out/libcpdesk-fuzz.a"
# shellcheck disable=SC2086
ar rcs "$out/libcpdesk-fuzz.a" $objs

harnesses=${*:-$(cd tests/fuzz && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')}
total=0
for h in $harnesses; do
	bin="$out/fuzz_$h"
	# shellcheck disable=SC2086
	$CC $cflags -fsanitize=fuzzer -o "$bin" "tests/fuzz/fuzz_$h.c" "$out/libcpdesk-fuzz.a" $libs
	if [ -d "tests/fuzz/regressions/$h" ] && \
	   [ -n "$(ls "tests/fuzz/regressions/$h")" ]; then
		"$bin" -runs=0 "tests/fuzz/regressions/$h"/* >/dev/null 2>"$out/$h.replay.log" || {
			echo "fuzz: $h: a regression input fails again (log: $out/$h.replay.log)" >&2
			exit 1; }
	fi
	work="$out/corpus-$h"
	mkdir -p "$work" "$out/crashes/$h"
	seeds="tests/fuzz/corpus/$h"
	[ -d "$seeds" ] || seeds=""
	if ! "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
	     -rss_limit_mb=1024 -print_final_stats=1 \
	     -artifact_prefix="$out/crashes/$h/" "$work" $seeds \
	     >"$out/$h.log" 2>&1; then
		echo "fuzz: $h found a crash: $(ls "$out/crashes/$h" | head -n 1) (log: $out/$h.log)" >&2
		tail -n 30 "$out/$h.log" >&2
		exit 1
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$h.log")
	echo "fuzz: $h: ${runs:-?} runs in ${seconds}s, no crash"
	total=$((total + ${runs:-0}))
done
echo "fuzz: $total executions in all"
