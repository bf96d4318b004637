#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang and runs each of them.
#
# Usage: scripts/fuzz.sh [seconds] [build-dir] [harness...]   (defaults: 30, build-fuzz, all)
# Runs every harness of HARNESSES (or the ones named) for that many seconds each, starting from
# its seed corpus tests/fuzz/corpus/<name>/ (new inputs land in <build-dir>/corpus/<name>, not in
# the repository). Exits non-zero when a harness finds a crash, a sanitizer report or a property
# violation; the reproducer is written to <build-dir>/artifacts/.
set -euo pipefail

# harness name : corpus folder : max input length
HARNESSES=(
  # -max_len covers a 64 KiB line plus a few bytes, so the "too big" limits are reachable.
  "resp_parser_fuzz:resp:70000"
  # RDB files: room for the seed (a real Redis 7.0.15 file with every type and encoding).
  "rdb_reader_fuzz:rdb:131072"
)

SECONDS_TO_RUN=${1:-30}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${2:-$ROOT/build-fuzz}
shift $(( $# > 2 ? 2 : $# ))
ONLY=("$@")
JOBS=${JOBS:-2}

cd "$ROOT"
if [ ! -f "$BUILD/build.ninja" ]; then
  # tests=true because the harnesses live under tests/; only the harness targets are built.
  CC=clang CXX=clang++ meson setup "$BUILD" -Dfuzz=true -Dtests=true -Dbuildtype=debugoptimized
fi
mkdir -p "$BUILD/artifacts"
for entry in "${HARNESSES[@]}"; do
  IFS=: read -r name corpus max_len <<<"$entry"
  if [ ${#ONLY[@]} -gt 0 ] && [[ ! " ${ONLY[*]} " =~ " $name " ]]; then continue; fi
  ninja -C "$BUILD" -j"$JOBS" "tests/fuzz/$name"
  mkdir -p "$BUILD/corpus/$corpus"
  "$BUILD/tests/fuzz/$name" \
    -max_total_time="$SECONDS_TO_RUN" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$BUILD/artifacts/" -print_final_stats=1 \
    "$BUILD/corpus/$corpus" "tests/fuzz/corpus/$corpus"
done
