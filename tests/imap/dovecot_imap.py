"""Debian's Dovecot 2.3 as an IMAP server on loopback, for tests that compare Roost's answers
with its answers: the configuration (passwd-file users in DIR/dovecot-users, plain IMAP on one
port, no TLS), and starting it in the foreground and stopping it."""
import contextlib
import os
import shutil
import subprocess

import pytest

from conftest import free_port
from imap_wire import Wire
from roost_site import mail_ids, wait

DOVECOT = shutil.which("dovecot", path="/usr/sbin:/usr/bin:/sbin:/bin")

CONFIG = """base_dir = {d}/dovecot-run
log_path = {d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:~/Maildir
first_valid_uid = {first_uid}
mail_max_userip_connections = 0
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d}/dovecot-users
}}
userdb {{
  driver = passwd-file
  args = {d}/dovecot-users
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


def available():
    """Whether Debian's dovecot-imapd is installed."""
    return DOVECOT is not None and os.access("/usr/lib/dovecot/imap", os.X_OK)


# For tests that compare with Dovecot: it runs as root here (as in CI) and must be installed.
needs_dovecot = pytest.mark.skipif(os.geteuid() != 0 or not available(),
                                   reason="needs root (as in CI) and Debian's Dovecot (dovecot-imapd)")


def serve_home(d, user, home, extra=""):
    """Dovecot's configuration in DIR with `user` (password secret) living in `home`, which is
    given to the mail user; returns (config path, port)."""
    uid, gid = mail_ids()
    for p in [home, *home.rglob("*")]:
        os.lchown(p, uid, gid)
    users = d / "dovecot-users"
    users.write_text(f"{user}:{{PLAIN}}secret:{uid}:{gid}::{home}::\n")
    users.chmod(0o644)
    port = free_port()
    return write_config(d, port, min(uid, 500), extra), port


def home_with_maildir(d, maildir):
    """DIR/dovecot-home with `maildir` moved in as its Maildir."""
    home = d / "dovecot-home"
    home.mkdir()
    shutil.move(str(maildir), str(home / "Maildir"))
    return home


def write_config(d, port, first_uid, extra=""):
    """DIR/dovecot.conf for IMAP on `port`; returns its path."""
    path = d / "dovecot.conf"
    path.write_text(CONFIG.format(d=d, port=port, first_uid=first_uid) + extra)
    return path


def wait_port(port, what, proc=None):
    """Waits until `port` takes IMAP connections; fails at once when `proc` exited."""
    def listening():
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"{what} exited with {proc.returncode}: "
                                 f"{proc.stderr.read().decode(errors='replace') if proc.stderr else ''}")
        try:
            Wire.connect_plain(port, timeout=1).close()
            return True
        except OSError:
            return False
    wait(listening, f"{what} on port {port}")


@contextlib.contextmanager
def running(config, port):
    """Dovecot started with `config` (dovecot -F), serving on `port` until the block ends."""
    proc = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_port(port, "Dovecot", proc)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
