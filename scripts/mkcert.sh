#!/usr/bin/env bash
# Makes a self-signed TLS certificate and private key for Roost (the counterpart of Dovecot's
# mkcert.sh), used by the tests and the demo. Needs only openssl (OpenSSL 3).
set -euo pipefail

prog=${0##*/}

usage() {
  cat <<EOF
Usage: $prog [--cert PATH] [--key PATH] [--cn NAME] [--san NAME]... [--type rsa|ec]
          [--days N] [--force]

Writes a self-signed X.509 v3 server certificate (PEM) and its private key (PEM, mode 0600).

  --cert PATH   certificate file (default: /etc/roost/private/roost.pem), mode 0644
  --key PATH    private key file (default: /etc/roost/private/roost.key), mode 0600
  --cn NAME     subject common name (default: \`hostname -f\`, else \`hostname\`)
  --san NAME    extra subjectAltName; repeatable. IPv4/IPv6 addresses become IP: entries,
                anything else a DNS: entry. The CN is always included.
  --type T      key type: rsa (3072 bits, default) or ec (P-256)
  --days N      validity in days (default: 365)
  --force       replace an existing certificate or key
  -h, --help    show this help

The certificate is a plain leaf (CA:FALSE, serverAuth) that clients can pin or use as their
CA file. Missing parent directories are created: 0700 for the key's, 0755 for the cert's.
Both files are written to temporary files next to their targets and renamed into place.
Exit status: 0 on success, 1 on failure (including refusing to overwrite), 2 on bad usage.
EOF
}

die() { echo "$prog: $*" >&2; exit 1; }
usage_error() { echo "$prog: $*" >&2; echo "Try '$prog --help'." >&2; exit 2; }

is_ipv4() {
  local IFS=. o
  [[ $1 =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || return 1
  for o in $1; do ((10#$o <= 255)) || return 1; done
}
is_ipv6() { [[ $1 == *:*:* && $1 =~ ^[0-9A-Fa-f:.]+$ ]]; }
is_dns() {
  local label='[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?'
  ((${#1} <= 253)) && [[ $1 =~ ^(\*\.)?$label(\.$label)*$ ]]
}
# Prints the subjectAltName entry for a name, or fails for a name that is neither an IP nor DNS.
san_entry() {
  if is_ipv4 "$1" || is_ipv6 "$1"; then echo "IP:$1"
  elif is_dns "$1"; then echo "DNS:$1"
  else return 1; fi
}

cert=/etc/roost/private/roost.pem
key=/etc/roost/private/roost.key
cn=
sans=()
type=rsa
days=365
force=0

while (($#)); do
  opt=$1
  case "$opt" in
    --cert=* | --key=* | --cn=* | --san=* | --type=* | --days=*)
      set -- "${opt%%=*}" "${opt#*=}" "${@:2}"; continue ;;
    --cert | --key | --cn | --san | --type | --days)
      (($# >= 2)) || usage_error "option $opt needs an argument"
      val=$2; shift 2
      [[ -n $val ]] || usage_error "option $opt needs a non-empty argument"
      case "$opt" in
        --cert) cert=$val ;;
        --key) key=$val ;;
        --cn) cn=$val ;;
        --san) sans+=("$val") ;;
        --type) type=$val ;;
        --days) days=$val ;;
      esac ;;
    --force) force=1; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; (($# == 0)) || usage_error "unexpected argument: $1" ;;
    -*) usage_error "unknown option: $opt" ;;
    *) usage_error "unexpected argument: $opt" ;;
  esac
done

case "$type" in
  rsa) keyopts=(-algorithm RSA -pkeyopt rsa_keygen_bits:3072)
    keyusage=digitalSignature,keyEncipherment ;;
  ec) keyopts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve)
    keyusage=digitalSignature ;;
  *) usage_error "--type must be rsa or ec, not '$type'" ;;
esac
[[ $days =~ ^[1-9][0-9]{0,5}$ ]] || usage_error "--days must be a positive whole number, not '$days'"

command -v openssl >/dev/null 2>&1 || die "openssl not found in PATH"

if [[ -z $cn ]]; then
  cn=$(hostname -f 2>/dev/null || true)
  [[ -n $cn ]] || cn=$(hostname 2>/dev/null || true)
  [[ -n $cn ]] || die "cannot determine the host name; pass --cn NAME"
fi
((${#cn} <= 64)) || usage_error "common name '$cn' is longer than 64 characters"

# The CN comes first; duplicates are dropped.
san_list=()
for name in "$cn" ${sans[@]+"${sans[@]}"}; do
  entry=$(san_entry "$name") || usage_error "'$name' is neither a DNS name nor an IP address"
  for seen in ${san_list[@]+"${san_list[@]}"}; do
    if [[ $seen == "$entry" ]]; then continue 2; fi
  done
  san_list+=("$entry")
done
san=$(IFS=,; echo "${san_list[*]}")

[[ $(realpath -m -- "$cert") != "$(realpath -m -- "$key")" ]] ||
  usage_error "--cert and --key must be different files"
existing=()
for f in "$cert" "$key"; do
  if [[ -d $f ]]; then die "$f is a directory"; fi
  if [[ -e $f || -L $f ]]; then existing+=("$f"); fi
done
if ((${#existing[@]} && !force)); then
  for f in "${existing[@]}"; do echo "$prog: $f already exists, refusing to overwrite it" >&2; done
  die "use --force to replace the existing files"
fi

key_dir=$(dirname -- "$key")
cert_dir=$(dirname -- "$cert")
# umask 022 so that intermediate directories stay traversable; -m sets the last one's mode.
# The key's directory first, so a directory shared by both ends up 0700.
# shellcheck disable=SC2174
[[ -d $key_dir ]] || (umask 022 && mkdir -p -m 0700 -- "$key_dir") ||
  die "cannot create directory $key_dir"
# shellcheck disable=SC2174
[[ -d $cert_dir ]] || (umask 022 && mkdir -p -m 0755 -- "$cert_dir") ||
  die "cannot create directory $cert_dir"

# Everything created from here on is private unless chmod'ed otherwise.
umask 077
tmp_files=()
cleanup() { ((${#tmp_files[@]} == 0)) || rm -f -- "${tmp_files[@]}"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

new_tmp() {  # new_tmp DIR BASENAME: prints a fresh 0600 file in DIR
  mktemp -- "$1/.$2.tmp.XXXXXX" 2>/dev/null || die "cannot create a temporary file in $1"
}
tmp_key=$(new_tmp "$key_dir" "${key##*/}"); tmp_files+=("$tmp_key")
tmp_cert=$(new_tmp "$cert_dir" "${cert##*/}"); tmp_files+=("$tmp_cert")
config=$(mktemp "${TMPDIR:-/tmp}/roost-mkcert.XXXXXX.cnf"); tmp_files+=("$config")
errlog=$(mktemp "${TMPDIR:-/tmp}/roost-mkcert.XXXXXX.log"); tmp_files+=("$errlog")

# Runs openssl with its chatter captured; shows it only on failure.
ossl() {
  local what=$1; shift
  openssl "$@" 2>"$errlog" || { cat -- "$errlog" >&2; die "openssl failed to $what"; }
}

cat >"$config" <<EOF
[req]
distinguished_name = dn
prompt = no
utf8 = yes
x509_extensions = server_cert

[dn]
CN = $cn

[server_cert]
basicConstraints = critical, CA:FALSE
keyUsage = critical, $keyusage
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = $san
EOF

ossl "generate the $type key" genpkey -quiet "${keyopts[@]}" -out "$tmp_key"
ossl "create the certificate" req -new -x509 -config "$config" -key "$tmp_key" -sha256 \
  -days "$days" -out "$tmp_cert"
chmod 0600 -- "$tmp_key"
chmod 0644 -- "$tmp_cert"
fingerprint=$(openssl x509 -in "$tmp_cert" -noout -fingerprint -sha256 2>"$errlog") ||
  { cat -- "$errlog" >&2; die "cannot read back the new certificate"; }
fingerprint=${fingerprint#*=}

# Install the key, then the certificate. If the second rename fails, put the old key back (or
# remove the new one) so the pair on disk stays consistent.
backup=
if [[ -e $key ]]; then
  backup=$(new_tmp "$key_dir" "${key##*/}.old"); tmp_files+=("$backup")
  cp -p -- "$key" "$backup" || die "cannot back up $key"
fi
mv -fT -- "$tmp_key" "$key" || die "cannot write $key"
if ! mv -fT -- "$tmp_cert" "$cert"; then
  if [[ -n $backup ]]; then mv -fT -- "$backup" "$key"; else rm -f -- "$key"; fi
  die "cannot write $cert"
fi

echo "Wrote certificate $cert (CN=$cn, subjectAltName $san, valid $days days)"
echo "Wrote private key $key ($type)"
echo "SHA-256 fingerprint: $fingerprint"
