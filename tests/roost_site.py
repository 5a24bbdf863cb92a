"""A throw-away Roost site for integration tests: a directory the unprivileged service users can
read, a certificate, a passwd-file, and the real master started and stopped on it."""
import os
import pathlib
import subprocess
import tempfile
import time

from conftest import SOURCE_ROOT, program


def wait(condition, what, timeout=20):
    """Polls `condition` until it is true; fails naming `what` after `timeout` seconds."""
    deadline = time.time() + timeout
    while not condition():
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def mail_ids():
    """The uid/gid virtual users' mail belongs to: 1000 as root (a real, non-system user), else
    the user running the tests."""
    return (1000, 1000) if os.geteuid() == 0 else (os.getuid(), os.getgid())


def new_site(prefix):
    """A fresh directory under /tmp, readable by roostnull and roost when the tests run as root."""
    d = pathlib.Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    d.chmod(0o755)
    return d


def make_cert(d, *sans):
    """A self-signed EC certificate for localhost (and `sans`) made by scripts/mkcert.sh; its
    file doubles as the clients' CA file. Returns (cert path, key path)."""
    cert, key = d / "cert.pem", d / "key.pem"
    args = [str(SOURCE_ROOT / "scripts" / "mkcert.sh"), "--cert", str(cert), "--key", str(key),
            "--cn", "localhost", "--type", "ec"]
    for san in sans:
        args += ["--san", san]
    subprocess.run(args, check=True, capture_output=True, timeout=60)
    return cert, key


def write_users(d, lines):
    users = d / "users"
    users.write_text("".join(line + "\n" for line in lines))
    users.chmod(0o644)
    return users


def maildir_user(d, fields=""):
    """The usual test user: alice, password secret, an empty Maildir under d/home/alice owned by
    mail_ids(), written to the site's passwd-file, plus the site's certificate. Returns
    (home, extra settings every config with this user needs)."""
    uid, gid = mail_ids()
    home = d / "home" / "alice"
    for sub in ("new", "cur", "tmp"):
        (home / "Maildir" / sub).mkdir(parents=True)
    for path in [d / "home", home, *home.rglob("*")]:
        os.chown(path, uid, gid)
    make_cert(d, "127.0.0.1")
    write_users(d, [f"alice:{{PLAIN}}secret:{uid}:{gid}::{home}::{fields}"])
    return home, f"mail_location = maildir:~/Maildir\nfirst_valid_uid = {min(uid, 500)}\n"


def start_master(conf, log, *ready):
    """Starts `roost -c conf` (it daemonizes) and waits for every `ready` text in its log."""
    r = subprocess.run([str(program("roost")), "-c", str(conf)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    try:
        wait(lambda: log.exists() and all(t in log.read_text(errors="replace") for t in ready),
             "the services: " + ", ".join(ready))
    except AssertionError:
        stop_master(conf)  # the fixture never yields: nothing else would stop it
        raise


def stop_master(conf):
    subprocess.run([str(program("roost")), "-c", str(conf), "stop"], capture_output=True, timeout=60)


def site_config(d, protocol, ports, extra=""):
    """roost.conf for a site serving `protocol` on 127.0.0.1 with the site's certificate and
    passwd-file; `ports` maps inet_listener names to ports, `extra` adds settings."""
    service = {"sieve": "managesieve"}.get(protocol, protocol)  # the login service's name
    listeners = "".join(f"  inet_listener {name} {{\n    port = {port}\n  }}\n" for name, port in ports.items())
    return f"""base_dir = {d}/run
log_path = {d}/roost.log
protocols = {protocol}
listen = 127.0.0.1
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
auth_failure_delay = 0
{extra}passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d}/users
}}
userdb {{
  driver = passwd-file
  args = {d}/users
}}
service {service}-login {{
{listeners}}}
"""
