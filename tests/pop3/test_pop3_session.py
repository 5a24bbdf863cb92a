"""The pop3 worker behind the real master and pop3-login, on a real Maildir, driven by poplib:
every TRANSACTION command, deletions only at QUIT (a dropped connection deletes nothing), \\Seen
for retrieved messages, byte-stuffing and CRLF sizes, and UIDLs identical to Debian's Dovecot
pop3 on the same Maildir."""
import base64
import os
import poplib
import re
import shutil
import ssl
import subprocess
import time

import pytest

from conftest import free_port
from roost_site import mail_ids, make_cert, new_site, site_config, start_master, stop_master, wait, write_users

DOVECOT_POP3 = "/usr/lib/dovecot/pop3"

MESSAGES = [
    b"From: a@example.com\nTo: alice@example.com\nSubject: one\n\nfirst body\n",
    b"From: b@example.com\nSubject: two\n\n.leading dot line\n..two dots\nlast\n",
    b"From: c@example.com\nSubject: three\nX-Long: yes\n\nline 1\nline 2\nline 3\n",
]



@pytest.fixture
def site():
    d = new_site("roost-pop3s-")
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
    log = d / "roost.log"
    start_master(conf, log, "pop3 worker service ready", "pop3-login ready")
    yield {"dir": d, "home": home, "ports": ports, "log": log, "ca": str(d / "cert.pem")}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def login(site):
    conn = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
    conn.user("alice")
    assert conn.pass_("secret") == b"+OK Logged in."
    return conn


def crlf(data):
    return data.replace(b"\n", b"\r\n")


def test_stat_list_retr_top(site):
    conn = login(site)
    try:
        count, size = conn.stat()
        assert count == 3
        assert size == sum(len(crlf(m)) for m in MESSAGES)
        _, listing, _ = conn.list()
        assert [int(x.split()[1]) for x in listing] == [len(crlf(m)) for m in MESSAGES]
        _, lines, octets = conn.retr(2)
        assert lines == MESSAGES[1].rstrip(b"\n").split(b"\n")  # poplib removes the stuffing
        assert octets >= len(crlf(MESSAGES[1]))
        _, top, _ = conn.top(3, 1)
        assert top == [b"From: c@example.com", b"Subject: three", b"X-Long: yes", b"", b"line 1"]
        with pytest.raises(poplib.error_proto, match="no message 9"):
            conn.retr(9)
        with pytest.raises(poplib.error_proto):
            conn._shortcmd("RETR x")
        assert conn.noop().startswith(b"+OK")
    finally:
        conn.quit()


def test_dele_only_at_quit_and_seen_for_retrieved(site):
    conn = login(site)
    conn.dele(1)
    with pytest.raises(poplib.error_proto, match="deleted"):
        conn.retr(1)
    conn.sock.close()  # dropped without QUIT: nothing is deleted
    time.sleep(0.3)
    conn = login(site)
    assert conn.stat()[0] == 3
    conn.dele(1)
    conn.rset()
    assert conn.stat()[0] == 3
    conn.dele(1)
    conn.retr(2)
    conn.quit()
    wait(lambda: len(list((site["home"] / "Maildir" / "cur").iterdir())) +
         len(list((site["home"] / "Maildir" / "new").iterdir())) == 2, "the deletion")
    names = [p.name for p in (site["home"] / "Maildir" / "cur").iterdir()]
    assert any(n.endswith(":2,S") for n in names), names
    # pop3_logout_format's default, as Dovecot logs it: the RETR sent message 2 dot-stuffed
    retr_bytes = len(crlf(MESSAGES[1]).replace(b"\r\n.", b"\r\n..")) + len(b".\r\n")
    total = sum(len(crlf(m)) for m in MESSAGES)
    wait(lambda: f"Disconnected: Logged out top=0/0, retr=1/{retr_bytes}, del=1/3, size={total}"
         in site["log"].read_text(errors="replace"), "the logout line")
    assert "Disconnected: Connection closed top=0/0, retr=0/0, del=0/3" in site["log"].read_text(errors="replace")
    conn = login(site)
    try:
        assert conn.stat()[0] == 2
    finally:
        conn.quit()


def test_apop_with_the_greeting_timestamp(site):
    conn = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
    try:
        welcome = conn.getwelcome()
        assert re.fullmatch(rb"\+OK Roost ready\. <[0-9a-f]+\.[0-9a-f]+\.[0-9a-f]+@[^<>@ ]+>", welcome), welcome
        assert conn.capa()["SASL"] == ["PLAIN"]  # APOP is a command, never a SASL mechanism
        with pytest.raises(poplib.error_proto, match=r"\[AUTH\]"):
            conn.apop("alice", "wrong")
        with pytest.raises(poplib.error_proto, match=r"Invalid characters"):
            conn._shortcmd("APOP alice nothex")
        assert conn.apop("alice", "secret") == b"+OK Logged in."
        assert conn.stat()[0] == 3
    finally:
        conn.quit()


def test_pop3s_and_sasl_plain(site):
    ctx = ssl.create_default_context(cafile=site["ca"])
    conn = poplib.POP3_SSL("127.0.0.1", site["ports"]["pop3s"], context=ctx, timeout=10)
    try:
        resp = conn._shortcmd("AUTH PLAIN " + base64.b64encode(b"\0alice\0secret").decode())
        assert resp == b"+OK Logged in."
        assert conn.stat()[0] == 3
    finally:
        conn.quit()


@pytest.mark.skipif(not os.access(DOVECOT_POP3, os.X_OK), reason="Dovecot's pop3 is not installed")
def test_uidls_match_dovecot(site):
    conn = login(site)
    try:
        ours = [line.split()[1] for line in conn.uidl()[1]]
    finally:
        conn.quit()
    assert len(ours) == 3 and all(len(u) == 16 for u in ours)
    conf = site["dir"] / "dovecot.conf"
    conf.write_text(f"mail_location = maildir:{site['home']}/Maildir\nlog_path = {site['dir']}/dovecot.log\n"
                    "ssl = no\n")
    uid, gid = mail_ids()

    def become():
        if os.geteuid() == 0:
            os.setgroups([])
            os.setgid(gid)
            os.setuid(uid)
    r = subprocess.run([DOVECOT_POP3, "-c", str(conf)], input=b"UIDL\r\nQUIT\r\n", capture_output=True,
                       timeout=60, preexec_fn=become,
                       env={"USER": "alice", "HOME": str(site["home"]), "PATH": "/usr/bin:/bin"})
    lines = r.stdout.decode().split("\r\n")
    start = lines.index("+OK") + 1 if "+OK" in lines else None
    assert start is not None, r.stdout + r.stderr
    theirs = []
    for line in lines[start:]:
        if line == ".":
            break
        theirs.append(line.split()[1].encode())
    assert theirs == ours
