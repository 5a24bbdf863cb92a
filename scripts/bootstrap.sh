#!/usr/bin/env bash
# Installs every Debian package Roost needs to build, test and run, creates the system users the
# master drops privileges to, then configures and builds. Idempotent and non-interactive.
# Usage: scripts/bootstrap.sh [--no-build] [BUILD_DIR]
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build_dir="$top/build"
do_build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) do_build=0 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) build_dir=$arg ;;
  esac
done

# Build tools and libraries.
build_pkgs=(meson ninja-build g++ pkg-config ccache clang libclang-rt-14-dev
  libboost-dev libboost-program-options-dev libssl-dev libsodium-dev libsasl2-dev
  libsasl2-modules nlohmann-json3-dev libgtest-dev libgmock-dev libpam0g-dev)
# Real peers the tests drive, and the Dovecot we measure against.
test_pkgs=(python3 python3-pytest openssl postfix swaks bsd-mailx mutt isync fetchmail getmail6
  sieve-connect python3-sievelib sasl2-bin tmux hyperfine procps
  dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd dovecot-sieve dovecot-managesieved)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "bootstrap: run as root or install sudo" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

missing=()
for p in "${build_pkgs[@]}" "${test_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "bootstrap: installing ${missing[*]}"
  # Postfix asks what kind of site this is; a local-only site touches nothing outside this host.
  echo "postfix postfix/main_mailer_type select Local only" | "${sudo_cmd[@]}" debconf-set-selections
  echo "postfix postfix/mailname string $(hostname -f 2>/dev/null || hostname)" | "${sudo_cmd[@]}" debconf-set-selections
  # Packaged daemons (postfix, dovecot) must not start: tests run their own instances on loopback.
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy" >/dev/null
    "${sudo_cmd[@]}" chmod 755 "$policy"
    own_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq || true
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
  [ "$own_policy" -eq 1 ] && "${sudo_cmd[@]}" rm -f "$policy"
fi

# System users the master runs login processes and auth as (default_login_user,
# default_internal_user), and the owner of virtual users' mail.
ensure_user() {
  local name=$1 home=$2
  if ! getent passwd "$name" >/dev/null; then
    "${sudo_cmd[@]}" useradd --system --home-dir "$home" --no-create-home \
      --shell /usr/sbin/nologin --user-group "$name"
  fi
}
if [ "$(id -u)" -eq 0 ] || [ "${#sudo_cmd[@]}" -gt 0 ]; then
  ensure_user roostnull /nonexistent
  ensure_user roost /nonexistent
  ensure_user vmail /srv/mail
fi

if [ "$do_build" -eq 1 ]; then
  if [ ! -f "$build_dir/build.ninja" ]; then
    meson setup "$build_dir" "$top" --buildtype=debugoptimized
  fi
  ninja -C "$build_dir" -j2
fi
