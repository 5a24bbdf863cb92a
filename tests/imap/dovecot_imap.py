"""Debian's Dovecot 2.3 as an IMAP server on loopback, for tests that compare Roost's answers
with its answers: the configuration (passwd-file users in DIR/dovecot-users, plain IMAP on one
port, no TLS), and starting it in the foreground and stopping it."""
import contextlib
import os
import shutil
import subprocess

from imap_wire import Wire
from roost_site import wait

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
