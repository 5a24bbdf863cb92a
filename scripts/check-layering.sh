#!/usr/bin/env bash
# Keeps network, TLS and socket code out of the pure libraries (STYLE.md "Layout"): core, config,
# mail, sieve, storage and every */proto folder may not include Asio, OpenSSL or <sys/socket.h>.
set -euo pipefail
src=${1:-$(cd "$(dirname "$0")/../src" && pwd)}
pure=()
for d in core config mail sieve storage; do
  [ -d "$src/$d" ] && pure+=("$src/$d")
done
while IFS= read -r d; do pure+=("$d"); done < <(find "$src" -type d -name proto)
[ "${#pure[@]}" -gt 0 ] || { echo "check-layering: no pure libraries under $src" >&2; exit 1; }
hits=$(grep -rnE '#\s*include\s*[<"](boost/asio|openssl/|sys/socket\.h)' "${pure[@]}" || true)
if [ -n "$hits" ]; then
  echo "check-layering: pure libraries must not use the network, TLS or sockets:" >&2
  echo "$hits" >&2
  exit 1
fi
echo "check-layering: ${#pure[@]} pure folders clean"
