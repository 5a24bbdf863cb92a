"""POP3 on an mbox INBOX (Debian's default mail_location, mbox:~/mail:INBOX=...): the spool as
Postfix's local delivery writes it, served by the real master, pop3-login and worker; sizes
exact, deletions at QUIT written back to the mbox, UIDLs identical to Debian's Dovecot pop3 on
the same file, whichever of the two saw the mailbox first, and pop3_lock_session."""
import os
import poplib
import shutil
import subprocess

import pytest

from conftest import free_port
from roost_site import mail_ids, make_cert, new_site, site_config, start_master, stop_master, write_users

DOVECOT_POP3 = "/usr/lib/dovecot/pop3"
MESSAGES = [
    b"From: a@example.com\nSubject: one\n\nfirst body\n",
    b"From: b@example.com\nSubject: two\n\n.leading dot\n>From quoted in the body\n",
    b"From: c@example.com\nSubject: three\n\nline 1\nline 2\n",
]


def spool_text():
    """The mbox as Postfix's local(8) leaves it: From_ line, message, an empty line."""
    return b"".join(b"From sender@example.org  Mon Nov 23 10:00:0%d 2026\n" % i + m + b"\n"
                    for i, m in enumerate(MESSAGES))



@pytest.fixture
def site():
    d = new_site("roost-pop3mbox-")
    uid, gid = mail_ids()
    home = d / "home" / "alice"
    (home / "mail").mkdir(parents=True)
    (home / "inbox").write_bytes(spool_text())
    for path in [d / "home", home, *home.rglob("*")]:
        os.chown(path, uid, gid)
    make_cert(d, "127.0.0.1")
    write_users(d, [f"alice:{{PLAIN}}secret:{uid}:{gid}::{home}::"])
    ports = {"pop3": free_port(), "pop3s": free_port()}
    conf = d / "roost.conf"
    conf.write_text(site_config(d, "pop3", ports, "mail_location = mbox:~/mail:INBOX=~/inbox\n"
                                                  f"first_valid_uid = {min(uid, 500)}\npop3_lock_session = yes\n"))
    start_master(conf, d / "roost.log", "pop3 worker service ready", "pop3-login ready")
    yield {"dir": d, "home": home, "ports": ports}
    stop_master(conf)
    shutil.rmtree(d, ignore_errors=True)


def roost_uidls(site):
    conn = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
    try:
        conn.user("alice")
        conn.pass_("secret")
        return [line.split()[1] for line in conn.uidl()[1]]
    finally:
        conn.quit()


def dovecot_uidls(site):
    conf = site["dir"] / "dovecot.conf"
    conf.write_text(f"mail_location = mbox:{site['home']}/mail:INBOX={site['home']}/inbox\n"
                    f"log_path = {site['dir']}/dovecot.log\nssl = no\nmbox_write_locks = fcntl\n")
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
    assert "+OK" in lines, r.stdout + r.stderr
    out = []
    for line in lines[lines.index("+OK") + 1:]:
        if line == ".":
            break
        out.append(line.split()[1].encode())
    return out


def test_sizes_retr_and_deletion_at_quit(site):
    conn = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
    conn.user("alice")
    conn.pass_("secret")
    count, size = conn.stat()
    assert count == 3
    assert size == sum(len(m.replace(b"\n", b"\r\n")) for m in MESSAGES)
    _, lines, _ = conn.retr(2)
    assert lines == MESSAGES[1].rstrip(b"\n").split(b"\n")
    conn.dele(1)
    conn.quit()
    text = (site["home"] / "inbox").read_bytes()
    assert b"Subject: one" not in text
    assert b"Subject: two" in text and b"Subject: three" in text
    assert text.startswith(b"From ")


@pytest.mark.skipif(not os.access(DOVECOT_POP3, os.X_OK), reason="Dovecot's pop3 is not installed")
def test_uidls_match_dovecot_when_roost_sees_the_spool_first(site):
    ours = roost_uidls(site)
    assert len(ours) == 3 and all(len(u) == 16 for u in ours)
    assert dovecot_uidls(site) == ours


@pytest.mark.skipif(not os.access(DOVECOT_POP3, os.X_OK), reason="Dovecot's pop3 is not installed")
def test_uidls_match_dovecot_when_dovecot_sees_the_spool_first(site):
    theirs = dovecot_uidls(site)
    assert len(theirs) == 3
    assert roost_uidls(site) == theirs


def test_lock_session_allows_one_session_at_a_time(site):
    first = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
    first.user("alice")
    first.pass_("secret")
    second = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
    second.user("alice")
    with pytest.raises(poplib.error_proto, match=r"\[IN-USE\]"):
        second.pass_("secret")
    assert first.stat()[0] == 3  # the first session is unaffected
    first.quit()
    third = poplib.POP3("127.0.0.1", site["ports"]["pop3"], timeout=10)
    third.user("alice")
    third.pass_("secret")
    assert third.stat()[0] == 3
    third.quit()
