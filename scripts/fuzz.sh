#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang and runs the RESP request parser harness.
#
# Usage: scripts/fuzz.sh [seconds] [build-dir]   (defaults: 30, build-fuzz)
# Runs tests/fuzz/resp_parser_fuzz for that many seconds, starting from the seed corpus
# tests/fuzz/corpus/resp/ (new inputs land in <build-dir>/corpus/resp, not in the repository).
# Exits non-zero when the harness finds a crash, a sanitizer report or a property violation;
# the reproducer is written to <build-dir>/artifacts/.
set -euo pipefail

SECONDS_TO_RUN=${1:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${2:-$ROOT/build-fuzz}
JOBS=${JOBS:-2}

cd "$ROOT"
if [ ! -f "$BUILD/build.ninja" ]; then
  # tests=true because the harnesses live under tests/; only the harness target is built.
  CC=clang CXX=clang++ meson setup "$BUILD" -Dfuzz=true -Dtests=true -Dbuildtype=debugoptimized
fi
ninja -C "$BUILD" -j"$JOBS" tests/fuzz/resp_parser_fuzz

mkdir -p "$BUILD/corpus/resp" "$BUILD/artifacts"
# -max_len covers a 64 KiB line plus a few bytes, so the "too big" limits are reachable.
exec "$BUILD/tests/fuzz/resp_parser_fuzz" \
  -max_total_time="$SECONDS_TO_RUN" -max_len=70000 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$BUILD/artifacts/" -print_final_stats=1 \
  "$BUILD/corpus/resp" tests/fuzz/corpus/resp
