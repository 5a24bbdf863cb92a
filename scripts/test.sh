#!/usr/bin/env bash
# Runs every Roost test: installs what is missing (scripts/bootstrap.sh), builds, runs the unit
# tests, the unit tests again under AddressSanitizer + UBSan, a short smoke run of each fuzz
# target, and the integration tests against real peers. Ends with "N passed, N failed".
# Usage: scripts/test.sh [--quick]   (--quick skips the sanitizer build and the fuzz smoke)
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
quick=0
[ "${1:-}" = "--quick" ] && quick=1
jobs=${ROOST_JOBS:-2}
results="$top/build/test-results"
werror=false
[ "${CI:-}" = "true" ] && werror=true
status=0
# Builds of other checkouts (CI clones) reuse compiled objects: the cache ignores the
# directory a compiler runs in (it only shows in debug info).
export CCACHE_NOHASHDIR=1

step() { printf '\n== %s\n' "$*"; }

step "bootstrap (packages and system users)"
scripts/bootstrap.sh --no-build || { echo "bootstrap failed" >&2; exit 1; }

setup() {  # setup DIR [meson options...]
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" -Dwerror=$werror "$@" >/dev/null
  else
    meson setup "$dir" --buildtype=debugoptimized -Dwerror=$werror "$@" >/dev/null
  fi
}

step "build"
setup build || exit 1
ninja -C build -j"$jobs" || { echo "build failed" >&2; echo "0 passed, 1 failed"; exit 1; }
rm -rf "$results"; mkdir -p "$results"

step "unit tests"
meson test -C build --num-processes "$jobs" --print-errorlogs || status=1
cp build/meson-logs/testlog.junit.xml "$results/unit.xml" 2>/dev/null

if [ "$quick" -eq 0 ]; then
  step "unit tests under AddressSanitizer and UndefinedBehaviorSanitizer"
  setup build-asan -Db_sanitize=address,undefined -Db_lundef=false || exit 1
  # Only the unit test programs: the servers themselves are exercised by the integration tests.
  mapfile -t asan_targets < <(meson introspect build-asan --tests | /usr/bin/python3 -c '
import json, os, sys
for t in json.load(sys.stdin):
    target = os.path.relpath(t["cmd"][0], os.path.abspath("build-asan"))
    if any(s.endswith(":unit") for s in t["suite"]) and not target.startswith(".."):
        print(target)')
  # login_test and worker_test run the real auth service (src/auth/testing/real_auth_service.hpp).
  asan_targets+=(src/auth/service/roost-auth)
  if ninja -C build-asan -j"$jobs" "${asan_targets[@]}"; then
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      meson test -C build-asan --no-rebuild --num-processes "$jobs" --print-errorlogs --suite unit || status=1
    cp build-asan/meson-logs/testlog.junit.xml "$results/asan.xml" 2>/dev/null
  else
    echo "sanitizer build failed" >&2; status=1
    echo '<testsuites><testsuite name="asan"><testcase name="asan-build"><failure/></testcase></testsuite></testsuites>' > "$results/asan.xml"
  fi

  step "fuzz smoke (${ROOST_FUZZ_SECONDS:-15}s per target)"
  scripts/fuzz.sh --seconds "${ROOST_FUZZ_SECONDS:-15}" --junit "$results/fuzz.xml" || status=1
fi

step "integration tests"
ROOST_BUILD_DIR="$top/build" /usr/bin/python3 -m pytest -c tests/pytest.ini --rootdir tests tests \
  -q --junitxml="$results/integration.xml" || status=1

step "summary"
/usr/bin/python3 scripts/summarize_tests.py "$results"/*.xml || status=1
exit $status
