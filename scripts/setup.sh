#!/usr/bin/env bash
# Installs every Debian 12 package ringkv needs to build, test and benchmark.
# Idempotent: when everything is present it only runs dpkg-query and exits.
set -euo pipefail

# Usage: setup.sh [build|test]. "build" is what building and running the server needs; "test"
# adds the test, fuzz and benchmark tools. They are apart because on a Debian machine with systemd,
# installing redis-server also starts a daemon on port 6379, which is ringkv's default port.
MODE=${1:-build}
PACKAGES=(
  g++ meson ninja-build pkg-config
  liburing-dev libmimalloc-dev libxxhash-dev liblzf-dev
  liblua5.1-0-dev lua-cjson-dev lua-bitop-dev nettle-dev
)
if [ "$MODE" = test ]; then
  PACKAGES+=(
    libgtest-dev libgmock-dev libbenchmark-dev
    # libFuzzer and the ASan/UBSan runtimes ship with clang's runtime package
    clang libclang-rt-14-dev
    # the oracle and real clients
    redis-server redis-tools libhiredis-dev python3 python3-redis python3-pytest python3-pytest-xdist
    # benchmark report plot
    python3-matplotlib
    # compiler cache: meson uses it when installed, so repeated test builds (two builds of the
    # whole tree per run) recompile only what changed
    ccache
  )
fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's redis-server package starts a daemon on 6379 where systemd runs; tests never use it.
