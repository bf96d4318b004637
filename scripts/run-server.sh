#!/usr/bin/env bash
# Sets up (Debian packages), builds a release ringkv-server and runs it in the foreground with the
# default configuration (port 6379, bind 127.0.0.1 and ::1, data in ./data). Extra arguments are
# passed to the server: scripts/run-server.sh --port 7000, or a config file path.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh build
if [ ! -f build-server/build.ninja ]; then
  meson setup build-server --buildtype=release -Dtests=false >/dev/null
fi
ninja -C build-server frontend/net/ringkv-server
exec build-server/frontend/net/ringkv-server "$@"
