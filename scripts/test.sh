#!/usr/bin/env bash
# Runs every test of ringkv and prints, as its last line, "N passed, N failed[, N skipped]".
#
#   1. scripts/setup.sh test                      (packages)
#   2. release build in build/, ASan+UBSan build in build-asan/ (both -Dwerror=true)
#   3. meson test in both builds                  (every registered test; gtest cases reported one
#                                                  by one when declared with protocol: 'gtest')
#   4. pytest tests/integration -n 2              (release binary with io_uring, then epoll;
#                                                  ASan binary with io_uring)
#   5. scripts/fuzz.sh 20, if it exists           (one test: passed if it exits 0)
#   6. the total over every JUnit XML file in build-results/
# A stage that fails without a JUnit file of its own (a build error, a crash, no tests collected)
# is counted as one failed test named after the stage. Exits non-zero if anything failed.
#
# Environment: TEST_ASAN=0 skips the ASan build and its runs (quicker local runs; CI runs all).
#              PYTEST_ARGS adds arguments to every pytest run (e.g. "-k basic").
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RESULTS=$ROOT/build-results
PY=/usr/bin/python3            # Debian's python, which has python3-redis and pytest-xdist
TEST_ASAN=${TEST_ASAN:-1}
PYTEST_ARGS=${PYTEST_ARGS:-}
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
# ccache (installed by setup.sh test) hits across clones in other directories: the builds use
# relative paths, and the working directory is left out of the hash even with debug info.
export CCACHE_NOHASHDIR=1
export CCACHE_BASEDIR=$ROOT

banner() { printf '\n===== %s =====\n' "$*"; }

xml_escape() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

# junit_case NAME passed|failed [MESSAGE]: one testcase in its own JUnit file.
junit_case() {
  local name=$1 result=$2 msg=${3:-}
  local file="$RESULTS/stage-$name.xml" body=""
  if [ "$result" = failed ]; then
    body="<failure message=\"$(printf '%s' "$msg" | xml_escape)\"/>"
  fi
  printf '<?xml version="1.0" encoding="utf-8"?>\n<testsuites><testsuite name="stages" tests="1">'\
'<testcase classname="scripts.test" name="%s">%s</testcase></testsuite></testsuites>\n' \
    "$name" "$body" >"$file"
}

# junit_failures FILE: prints how many testcases in FILE failed or errored (0 if no file).
junit_failures() {
  "$PY" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print(0); sys.exit()
print(sum(1 for tc in root.iter("testcase")
          if tc.find("failure") is not None or tc.find("error") is not None))
EOF
}

# check_stage NAME RC JUNIT: a stage that exited non-zero but whose JUnit file shows no failed
# test still counts as one failure.
check_stage() {
  local name=$1 rc=$2 junit=$3
  if [ "$rc" -ne 0 ] && [ "$(junit_failures "$junit")" -eq 0 ]; then
    junit_case "$name" failed "$name exited with code $rc and reported no failed test"
    echo "test.sh: $name exited with code $rc"
  fi
}

# ---- 1. packages ----
banner "setup"
if ! bash scripts/setup.sh test; then
  junit_case setup failed "scripts/setup.sh test failed"
fi

# ---- 2. builds ----
build() {  # build NAME DIR meson-setup-args...
  local name=$1 dir=$2
  shift 2
  banner "build $name ($dir)"
  if [ ! -f "$dir/build.ninja" ]; then
    if ! meson setup "$dir" "$@"; then
      junit_case "build-$name" failed "meson setup $dir $* failed"
      return 1
    fi
  fi
  if ! ninja -C "$dir"; then
    junit_case "build-$name" failed "ninja -C $dir failed"
    return 1
  fi
  junit_case "build-$name" passed
}
RELEASE_OK=0
ASAN_OK=0
build release build --buildtype=release -Dwerror=true && RELEASE_OK=1
if [ "$TEST_ASAN" = 1 ]; then
  build asan build-asan -Db_sanitize=address,undefined -Db_lundef=false \
    --buildtype=debugoptimized -Dwerror=true && ASAN_OK=1
fi

# ---- 3. unit tests (meson test) ----
meson_tests() {  # meson_tests NAME DIR extra-args...
  local name=$1 dir=$2
  shift 2
  banner "meson test $name"
  # gtest writes <test>.xml next to the binary and meson reads it back; a binary that crashes
  # leaves the previous run's file behind, which meson would read as this run's result.
  find "$dir" -name '*.xml' -not -path '*/meson-*' -delete 2>/dev/null
  rm -f "$dir/meson-logs/testlog.junit.xml"
  meson test -C "$dir" --print-errorlogs "$@"
  local rc=$?
  local junit="$RESULTS/meson-$name.xml"
  [ -f "$dir/meson-logs/testlog.junit.xml" ] && cp "$dir/meson-logs/testlog.junit.xml" "$junit"
  check_stage "meson-test-$name" "$rc" "$junit"
}
[ "$RELEASE_OK" = 1 ] && meson_tests release build
[ "$ASAN_OK" = 1 ] && meson_tests asan build-asan --timeout-multiplier 4

# ---- 4. integration tests ----
integration() {  # integration NAME BUILD_OK BINARY IO_BACKEND
  local name=$1 ok=$2 binary=$3 backend=$4
  local stage="integration-$name-$backend"
  banner "pytest $stage"
  if [ "$ok" != 1 ] || [ ! -x "$binary" ]; then
    junit_case "$stage" failed "$binary was not built"
    echo "test.sh: $binary was not built; $stage not run"
    return
  fi
  local junit="$RESULTS/pytest-$name-$backend.xml"
  # shellcheck disable=SC2086
  RINGKV_SERVER=$binary RINGKV_IO_BACKEND=$backend timeout -k 30 900 \
    "$PY" -m pytest tests/integration -n 2 -p no:cacheprovider -q -rfE --tb=short \
    --junitxml="$junit" -o junit_suite_name="$stage" $PYTEST_ARGS
  check_stage "$stage" $? "$junit"
}
integration release "$RELEASE_OK" build/frontend/net/ringkv-server io_uring
integration release "$RELEASE_OK" build/frontend/net/ringkv-server epoll
if [ "$TEST_ASAN" = 1 ]; then
  integration asan "$ASAN_OK" build-asan/frontend/net/ringkv-server io_uring
fi

# ---- 5. fuzzing ----
if [ -f scripts/fuzz.sh ]; then
  banner "fuzz"
  if bash scripts/fuzz.sh 20; then
    junit_case fuzz passed
  else
    junit_case fuzz failed "scripts/fuzz.sh 20 failed"
  fi
fi

# ---- 6. total ----
banner "summary"
"$PY" - "$RESULTS" <<'EOF'
import glob, os, sys, xml.etree.ElementTree as ET

total = {"passed": 0, "failed": 0, "skipped": 0}
failed_names = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.xml"))):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print("%s: unreadable JUnit file (%s): counted as 1 failed" % (os.path.basename(path), e))
        total["failed"] += 1
        failed_names.append(os.path.basename(path))
        continue
    # One result per test: pytest may report a test twice (call failed, then teardown errored).
    results = {}
    for tc in root.iter("testcase"):
        key = (tc.get("classname", ""), tc.get("name", ""))
        if tc.find("failure") is not None or tc.find("error") is not None:
            r = "failed"
        elif tc.find("skipped") is not None:
            r = "skipped"
        else:
            r = "passed"
        prev = results.get(key)
        if prev != "failed":
            results[key] = r if prev is None or r == "failed" else prev
    counts = {k: sum(1 for v in results.values() if v == k) for k in total}
    for k in total:
        total[k] += counts[k]
    failed_names += ["%s: %s.%s" % (os.path.basename(path), c, n)
                     for (c, n), v in results.items() if v == "failed"]
    print("%-40s %5d passed, %d failed, %d skipped"
          % (os.path.basename(path), counts["passed"], counts["failed"], counts["skipped"]))
if failed_names:
    print("failed:")
    for n in failed_names[:200]:
        print("  " + n)
line = "%d passed, %d failed" % (total["passed"], total["failed"])
if total["skipped"]:
    line += ", %d skipped" % total["skipped"]
print(line)
sys.exit(1 if total["failed"] or not total["passed"] else 0)
EOF
