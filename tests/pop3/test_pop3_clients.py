"""Real POP3 clients against the real master, pop3-login and pop3 worker over POP3S with the
certificate verified against the test CA: fetchmail and getmail download every message
byte-exact and delete them from the Maildir, as a user switching from Dovecot would run them."""
import os
import shutil
import subprocess

import pytest

from conftest import free_port
from roost_site import mail_ids, make_cert, new_site, site_config, start_master, stop_master, write_users

MESSAGES = [
    b"From: a@example.com\nTo: alice@example.com\nSubject: one\nMessage-ID: <1@example.com>\n\nfirst body\n",
    b"From: b@example.com\nSubject: two\nMessage-ID: <2@example.com>\n\n.leading dot\n..two dots\nFrom here\n",
    b"From: c@example.com\nSubject: three\nMessage-ID: <3@example.com>\n\n" + b"long line " * 500 + b"\n",
]



@pytest.fixture
def site():
    d = new_site("roost-pop3c-")
    uid, gid = mail_ids()
    home = d / "home" / "alice"
    for sub in ("new", "cur", "tmp"):
        (home / "Maildir" / sub).mkdir(parents=True)
    for i, data in enumerate(MESSAGES):
        (home / "Maildir" / "new" / f"17000000{i:02d}.M{i}P1.test").write_bytes(data)
    for path in [d / "home", home, *home.rglob("*")]:
        os.chown(path, uid, gid)
    make_cert(d, "127.0.0.1")
    write_users(d, [f"alice:{{PLAIN}}secret:{uid}:{gid}::{home}::"])
    ports = {"pop3": free_port(), "pop3s": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "pop3", ports, f"mail_location = maildir:~/Maildir\nfirst_valid_uid = {min(uid, 500)}\n"
                                                  "auth_mechanisms = plain apop\n"))
    start_master(conf, d / "roost.log", "pop3 worker service ready", "pop3-login ready")
    yield {"dir": d, "home": home, "ports": ports, "ca": str(d / "cert.pem")}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def stored(home):
    return [p for sub in ("new", "cur") for p in (home / "Maildir" / sub).iterdir()]


def bodies_of(files):
    """Message texts as a set, with the headers a client prepends (Received, X-*) dropped."""
    out = set()
    for data in files:
        lines = data.split(b"\n")
        while lines and not lines[0].startswith(b"From: "):
            lines.pop(0)
        out.add(b"\n".join(lines))
    return out


def fetchmail(site, poll, options):
    """Runs fetchmail -v with one poll line and its options; the messages land in dir/fetched."""
    d = site["dir"]
    out = d / "fetched"
    out.mkdir()
    rc = d / "fetchmailrc"
    rc.write_text(f"""set no syslog
poll 127.0.0.1 {poll} timeout 30
  user "alice" password "secret" is "localuser" here
{options}
  mda "/bin/sh -c 'cat > {out}/$(date +%s%N).eml'"
""")
    rc.chmod(0o600)
    r = subprocess.run(["fetchmail", "-f", str(rc), "-v", "--pidfile", str(d / "fetchmail.pid")],
                       capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(d)})
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout + r.stderr, out


def test_fetchmail_downloads_and_deletes_over_pop3s(site):
    log, out = fetchmail(site, f"protocol pop3 port {site['ports']['pop3s']}",
                         f'  ssl sslcertck sslcertfile "{site["ca"]}" sslcommonname "localhost"')
    assert "3 messages for alice" in log
    fetched = [p.read_bytes() for p in out.iterdir()]
    assert len(fetched) == 3
    assert bodies_of(fetched) == set(MESSAGES)
    assert stored(site["home"]) == []  # fetchmail deletes what it fetched


def test_fetchmail_logs_in_with_apop(site):
    """APOP (RFC 1939) sends no password, only MD5(greeting timestamp + password)."""
    log, out = fetchmail(site, f"protocol apop port {site['ports']['pop3']}", "  sslproto ''\n  keep")
    assert "POP3> APOP alice" in log
    assert bodies_of([p.read_bytes() for p in out.iterdir()]) == set(MESSAGES)
    assert len(stored(site["home"])) == 3  # "keep"


def test_getmail_downloads_and_deletes_over_pop3s(site):
    d = site["dir"]
    dest = d / "getmail-maildir"
    for sub in ("new", "cur", "tmp"):
        (dest / sub).mkdir(parents=True)
    gdir = d / "getmail"
    gdir.mkdir()
    (gdir / "getmailrc").write_text(f"""[retriever]
type = SimplePOP3SSLRetriever
server = 127.0.0.1
port = {site['ports']['pop3s']}
username = alice
password = secret
ca_certs = {site['ca']}

[destination]
type = Maildir
path = {dest}/

[options]
delete = true
read_all = true
verbose = 2
""")
    uid, gid = mail_ids()
    for p in [gdir, dest, *gdir.rglob("*"), *dest.rglob("*")]:
        os.chown(p, uid, gid)  # getmail refuses to deliver as root
    as_user = {"user": uid, "group": gid, "extra_groups": []} if os.geteuid() == 0 else {}
    r = subprocess.run(["getmail", "--getmaildir", str(gdir), "--rcfile", "getmailrc"], capture_output=True,
                       text=True, timeout=120, env={"HOME": str(gdir), "PATH": os.environ["PATH"]}, **as_user)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "3 messages" in r.stdout and "retrieved" in r.stdout
    fetched = [p.read_bytes() for p in (dest / "new").iterdir()]
    assert len(fetched) == 3
    assert bodies_of(fetched) == set(MESSAGES)
    assert stored(site["home"]) == []
