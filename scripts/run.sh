#!/usr/bin/env bash
# Runs Roost from the checkout. The servers are not built yet; until they are, this checks the
# shipped configuration (conf.d/roost.conf) with roostconf and prints what it sets.
# Usage: scripts/run.sh [roostconf options]   e.g. scripts/run.sh -a, scripts/run.sh -h ssl
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$top/build/src/tools/roostconf" ]; then
  "$top/scripts/bootstrap.sh"
fi
ninja -C "$top/build" -j"${ROOST_JOBS:-2}" >/dev/null
[ $# -eq 0 ] && set -- -n
exec "$top/build/src/tools/roostconf" -c "$top/conf.d/roost.conf" "$@"
