#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (build-fuzz/) and runs each for a while over its seed
# corpus in fuzz/corpus/<name-prefix>/. Usage: scripts/fuzz.sh [--seconds N] [--junit FILE] [TARGET...]
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
seconds=60
junit=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --junit) junit=$2; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

if [ ! -f build-fuzz/build.ninja ]; then
  CXX=clang++ CC=clang meson setup build-fuzz --buildtype=debugoptimized -Dfuzzing=enabled \
    -Dtests=false -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || exit 1
fi
# Only the fuzz targets and what they link: the rest of Roost is not built with clang here.
mapfile -t fuzz_outputs < <(meson introspect build-fuzz --targets | /usr/bin/python3 -c '
import json, os, sys
for t in json.load(sys.stdin):
    if t["name"].endswith("_fuzz"):
        print(os.path.relpath(t["filename"][0], "build-fuzz"))')
ninja -C build-fuzz -j"${ROOST_JOBS:-2}" "${fuzz_outputs[@]}" >build-fuzz/build.log 2>&1 || {
  grep -E -A5 "FAILED|error" build-fuzz/build.log | head -n 40 >&2; echo "fuzz build failed" >&2; exit 1; }
if [ ${#targets[@]} -eq 0 ]; then
  while IFS= read -r t; do targets+=("$(basename "$t")"); done < <(find build-fuzz -maxdepth 3 -type f -name '*_fuzz' -perm -u+x | sort)
fi

cases=""
status=0
for t in "${targets[@]}"; do
  exe=$(find build-fuzz -type f -name "$t" -perm -u+x | head -n1)
  corpus_seed="fuzz/corpus/${t%%_*}"
  work=$(mktemp -d)
  [ -d "$corpus_seed" ] && cp -r "$corpus_seed"/. "$work"/
  log="build-fuzz/$t.log"
  if "$exe" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="build-fuzz/$t-" "$work" >"$log" 2>&1; then
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || true)
    [ -z "$execs" ] && execs=$(grep -oE '#[0-9]+' "$log" | tail -n1 | tr -d '#')
    echo "fuzz $t: clean for ${seconds}s, ${execs:-?} runs"
    cases+="<testcase classname=\"fuzz\" name=\"$t\"/>"
  else
    echo "fuzz $t: FAILED (see $log)" >&2
    tail -n 30 "$log" >&2
    cases+="<testcase classname=\"fuzz\" name=\"$t\"><failure/></testcase>"
    status=1
  fi
  rm -rf "$work"
done
[ -n "$junit" ] && echo "<testsuites><testsuite name=\"fuzz\">$cases</testsuite></testsuites>" > "$junit"
exit $status
