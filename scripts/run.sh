#!/usr/bin/env bash
# Runs Roost from the checkout: builds it (installing what is missing on a fresh machine) and
# starts the master in the foreground on a demo site on loopback: IMAP, POP3 and ManageSieve
# with a self-signed certificate, one user (demo / demo) whose Maildir holds a welcome message.
# Ctrl-C stops it. With --check, checks the shipped configuration (conf.d/roost.conf) instead.
# Usage: scripts/run.sh                          the demo (ROOST_DEMO_DIR, ROOST_DEMO_PORT_BASE)
#        scripts/run.sh --check [roostconf options]   e.g. --check -a, --check -h ssl
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build"
if [ ! -x "$build/src/master/roost" ]; then
  "$top/scripts/bootstrap.sh" >&2
fi
ninja -C "$build" -j"${ROOST_JOBS:-2}" >/dev/null

if [ "${1:-}" = "--check" ]; then
  shift
  [ $# -eq 0 ] && set -- -n
  exec "$build/src/tools/roostconf" -c "$top/conf.d/roost.conf" "$@"
fi

demo=${ROOST_DEMO_DIR:-/tmp/roost-demo}
base=${ROOST_DEMO_PORT_BASE:-10000}
mkdir -p "$demo"
chmod 755 "$demo"
if [ "$(id -u)" -eq 0 ]; then
  uid=$(id -u vmail) gid=$(id -g vmail)   # mail never belongs to root
else
  uid=$(id -u) gid=$(id -g)
fi
if [ ! -f "$demo/cert.pem" ]; then
  "$top/scripts/mkcert.sh" --cert "$demo/cert.pem" --key "$demo/key.pem" --cn localhost \
    --san 127.0.0.1 --type ec >/dev/null
fi
home="$demo/home/demo"
if [ ! -d "$home/Maildir" ]; then
  mkdir -p "$home/Maildir/new" "$home/Maildir/cur" "$home/Maildir/tmp"
  printf 'From: Roost <postmaster@localhost>\nTo: demo@localhost\nSubject: Welcome to Roost\nDate: %s\nMessage-ID: <welcome@roost.demo>\n\nThis message is in %s.\n' \
    "$(date -R)" "$home/Maildir" > "$home/Maildir/new/$(date +%s).M1P$$.demo"
  chown -R "$uid:$gid" "$demo/home"
fi
printf 'demo:{PLAIN}demo:%s:%s::%s::\n' "$uid" "$gid" "$home" > "$demo/users"
chmod 644 "$demo/users"
cat > "$demo/roost.conf" <<CONF
# The demo site scripts/run.sh writes; see conf.d/ for a real installation.
protocols = imap pop3 sieve
listen = 127.0.0.1
base_dir = $demo/run
log_path = $demo/roost.log
ssl_cert = <$demo/cert.pem
ssl_key = <$demo/key.pem
mail_location = maildir:~/Maildir
first_valid_uid = $uid
lda_mailbox_autocreate = yes
protocol lda {
  mail_plugins = \$mail_plugins sieve
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $demo/users
}
userdb {
  driver = passwd-file
  args = $demo/users
}
service imap-login {
  inet_listener imap {
    port = $((base + 143))
  }
  inet_listener imaps {
    port = $((base + 993))
  }
}
service pop3-login {
  inet_listener pop3 {
    port = $((base + 110))
  }
  inet_listener pop3s {
    port = $((base + 995))
  }
}
service managesieve-login {
  inet_listener sieve {
    port = $((base + 4190))
  }
}
CONF
cat <<INFO
Roost demo site in $demo (log: $demo/roost.log), on 127.0.0.1:
  IMAP $((base + 143)) (STARTTLS), IMAPS $((base + 993)), POP3 $((base + 110)) (STLS), POP3S $((base + 995)),
  ManageSieve $((base + 4190)); user "demo", password "demo"; the certificate is $demo/cert.pem.
  Deliver:  $build/src/lda/roost-lda -c $demo/roost.conf -d demo < message   (as root)
Ctrl-C stops Roost.
INFO
exec "$build/src/master/roost" -F -c "$demo/roost.conf"
